# a disk that cannot be opened (as for a scan without root: the device
# node is missing here), whose partitions udev recorded in run/udev/data:
# the table and filesystems come from there, said so in the reason
. "$(dirname "$0")/../fixture.sh"
