# the host of tests/golden/disks/rhel7-bios-lvm with a thin pool in its VG
# (lvcreate --type thin-pool -L 1G rhel/pool; lvcreate -V 4G --thin rhel/pool
# -n data): device-mapper stacks rhel-pool_tdata and rhel-pool_tmeta on the
# PV, rhel-pool-tpool on those two, and the thin LV rhel-data on the pool.
# Only sda2 is a physical volume; the pool's own LVs are stacked LVs
here=$(dirname "$0")
(cd "$here/../../disks/rhel7-bios-lvm/root" && tar cf - .) | (cd "$1" && tar xf -)
sh "$here/../../disks/rhel7-bios-lvm/mk.sh" "$1"
vg=rHeL7vGuUiD0123456789abcdefghij
sda2=../../../../pci0000:00/0000:00:10.0/host0/target0:0:0/0:0:0:0/block/sda/sda2
# dm NAME DMNAME LV-UUID-TAIL SECTORS SLAVE-LINK...
dm() {
	d="$1/sys/devices/virtual/block/$2"
	mkdir -p "$d/dm" "$d/slaves" "$d/queue"
	echo "$3" >"$d/dm/name"
	echo "LVM-$vg$4" >"$d/dm/uuid"
	echo 0 >"$d/dm/suspended"
	echo 0 >"$d/removable"
	echo 512 >"$d/queue/logical_block_size"
	echo "$5" >"$d/size"
	root=$1 node=$2
	shift 5
	for s; do ln -s "$s" "$d/slaves/$(basename "$s")"; done
	ln -s "../devices/virtual/block/$node" "$root/sys/block/$node"
}
dm "$1" dm-2 rhel-pool_tdata pOoLtDaTa0123456789abcdefghij-tdata 2097152 "$sda2"
dm "$1" dm-3 rhel-pool_tmeta pOoLtMeTa0123456789abcdefghij-tmeta 8192 "$sda2"
dm "$1" dm-4 rhel-pool-tpool pOoLpOoL00123456789abcdefghij-tpool 2097152 ../../dm-2 ../../dm-3
dm "$1" dm-5 rhel-data DaTaLvUuId0123456789abcdefghij 8388608 ../../dm-4
