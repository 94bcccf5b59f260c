# the host of tests/golden/disks/centos6-bios-mbr (its sysfs tree and its images):
# every disk read, no LVM, md or LUKS anywhere: ok, no rows, no note
here=$(dirname "$0")
(cd "$here/../../disks/centos6-bios-mbr/root" && tar cf - .) | (cd "$1" && tar xf -)
sh "$here/../../disks/centos6-bios-mbr/mk.sh" "$1"
