# the host of tests/golden/disks/md-raid1 (its sysfs tree and its images), seen
# by the volumes collector
here=$(dirname "$0")
(cd "$here/../../disks/md-raid1/root" && tar cf - .) | (cd "$1" && tar xf -)
sh "$here/../../disks/md-raid1/mk.sh" "$1"
