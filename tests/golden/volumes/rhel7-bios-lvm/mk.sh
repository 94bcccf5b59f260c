# the host of tests/golden/disks/rhel7-bios-lvm (its sysfs tree and its images), seen
# by the volumes collector
here=$(dirname "$0")
(cd "$here/../../disks/rhel7-bios-lvm/root" && tar cf - .) | (cd "$1" && tar xf -)
sh "$here/../../disks/rhel7-bios-lvm/mk.sh" "$1"
