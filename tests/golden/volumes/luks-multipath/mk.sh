# the host of tests/golden/disks/luks-multipath (its sysfs tree and its images), seen
# by the volumes collector
here=$(dirname "$0")
(cd "$here/../../disks/luks-multipath/root" && tar cf - .) | (cd "$1" && tar xf -)
sh "$here/../../disks/luks-multipath/mk.sh" "$1"
