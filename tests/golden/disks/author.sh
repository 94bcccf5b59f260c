# author.sh - how the root/ sysfs trees of these fixtures were written
# (an authoring aid, not run by the tests; source it from a shell):
#
#   . tests/golden/disks/author.sh
#   R=tests/golden/disks/CASE/root
#   scsi_disk $R sda 0 VMware "Virtual disk" 1 512 512 naa.6000c29...
#   finish tests/golden/disks/CASE sda          # runs mk.sh, writes the kernel view
#   dm $R dm-0 rhel-root LVM-<vg uuid><lv uuid> SIZE-SECTORS sda2
#
# The trees follow the kernel's layout: sys/block/NAME is a relative link
# into sys/devices (virtual devices under sys/devices/virtual/block), with
# device/ linking to the SCSI or NVMe device; slaves/ and holders/ are
# relative links both ways.  The committed files are what these wrote.
# scsi_disk ROOT NAME H (scsi host number) VENDOR MODEL ROT SSZ PSSZ WWID
scsi_disk() {
	r=$1 n=$2 h=$3 vendor=$4 model=$5 rot=$6 ssz=${7:-512} pssz=${8:-512} wwid=${9:-}
	dev="devices/pci0000:00/0000:00:10.0/host$h/target$h:0:0/$h:0:0:0"
	d="$r/sys/$dev/block/$n"
	mkdir -p "$d/queue" "$r/sys/block"
	ln -sfn "../$dev/block/$n" "$r/sys/block/$n"
	ln -sfn "../../../$h:0:0:0" "$d/device"
	echo 0 >"$d/removable"; echo 0 >"$d/ro"
	echo "$ssz" >"$d/queue/logical_block_size"; echo "$pssz" >"$d/queue/physical_block_size"
	echo "$rot" >"$d/queue/rotational"
	printf '%-8s\n' "$vendor" >"$r/sys/$dev/vendor"
	printf '%-16s\n' "$model" >"$r/sys/$dev/model"
	echo 0 >"$r/sys/$dev/type"
	[ -n "$wwid" ] && echo "$wwid" >"$r/sys/$dev/wwid"
	return 0
}
# nvme_disk ROOT NAME CTRL MODEL SERIAL
nvme_disk() {
	r=$1 n=$2 c=$3 model=$4 serial=$5
	dev="devices/pci0000:00/0000:00:04.0/nvme/$c"
	d="$r/sys/$dev/$n"
	mkdir -p "$d/queue" "$r/sys/block"
	ln -sfn "../$dev/$n" "$r/sys/block/$n"
	ln -sfn "../../$c" "$d/device"
	echo 0 >"$d/removable"; echo 0 >"$d/ro"
	echo 512 >"$d/queue/logical_block_size"; echo 512 >"$d/queue/physical_block_size"
	echo 0 >"$d/queue/rotational"
	printf '%-40s\n' "$model" >"$r/sys/$dev/model"
	printf '%-20s\n' "$serial" >"$r/sys/$dev/serial"
}
# optical ROOT NAME H MODEL
optical() {
	r=$1 n=$2 h=$3 model=$4
	dev="devices/pci0000:00/0000:00:07.1/ata2/host$h/target$h:0:0/$h:0:0:0"
	d="$r/sys/$dev/block/$n"
	mkdir -p "$d/queue" "$r/sys/block"
	ln -sfn "../$dev/block/$n" "$r/sys/block/$n"
	ln -sfn "../../../$h:0:0:0" "$d/device"
	echo 1 >"$d/removable"; echo 0 >"$d/ro"; echo 2097151 >"$d/size"
	echo 2048 >"$d/queue/logical_block_size"; echo 2048 >"$d/queue/physical_block_size"
	echo 1 >"$d/queue/rotational"
	printf '%-8s\n' NECVMWar >"$r/sys/$dev/vendor"
	printf '%-16s\n' "$model" >"$r/sys/$dev/model"
	echo 5 >"$r/sys/$dev/type"
}
# slave_link ROOT HOLDER MEMBER: HOLDER's slaves/MEMBER, and MEMBER's holders/HOLDER
slave_link() {
	r=$1 holder=$2 member=$3
	hd=$(cd "$r/sys/block/$holder" && pwd -P)
	# the member is a disk (sys/block/M) or a partition (sys/block/DISK/M)
	if [ -e "$r/sys/block/$member" ]; then md=$(cd "$r/sys/block/$member" && pwd -P)
	else md=$(cd "$r"/sys/block/*/"$member" && pwd -P); fi
	mkdir -p "$hd/slaves" "$md/holders"
	ln -sfn "$(realpath --relative-to="$hd/slaves" "$md")" "$hd/slaves/$member"
	ln -sfn "$(realpath --relative-to="$md/holders" "$hd")" "$md/holders/$holder"
}
# dm ROOT NAME DMNAME DMUUID SIZE-SECTORS MEMBERS...
dm() {
	r=$1 n=$2 dmname=$3 dmuuid=$4 size=$5
	shift 5
	d="$r/sys/devices/virtual/block/$n"
	mkdir -p "$d/dm" "$d/queue" "$r/sys/block"
	ln -sfn "../devices/virtual/block/$n" "$r/sys/block/$n"
	echo "$dmname" >"$d/dm/name"; echo "$dmuuid" >"$d/dm/uuid"; echo 0 >"$d/dm/suspended"
	echo "$size" >"$d/size"; echo 0 >"$d/removable"
	echo 512 >"$d/queue/logical_block_size"; echo 0 >"$d/queue/rotational"
	for m; do slave_link "$r" "$n" "$m"; done
}
# md ROOT NAME LEVEL METADATA UUID SIZE-SECTORS MEMBERS...
md() {
	r=$1 n=$2 level=$3 meta=$4 uuid=$5 size=$6
	shift 6
	d="$r/sys/devices/virtual/block/$n"
	mkdir -p "$d/md" "$d/queue" "$r/sys/block"
	ln -sfn "../devices/virtual/block/$n" "$r/sys/block/$n"
	echo "$level" >"$d/md/level"; echo "$meta" >"$d/md/metadata_version"; echo "$uuid" >"$d/md/uuid"
	echo clean >"$d/md/array_state"; echo $# >"$d/md/raid_disks"
	echo "$size" >"$d/size"; echo 0 >"$d/removable"
	echo 512 >"$d/queue/logical_block_size"; echo 0 >"$d/queue/rotational"
	for m; do slave_link "$r" "$n" "$m"; done
}
# finish CASEDIR: runs mk.sh into a scratch copy, writes the kernel view of
# each disk image back into CASEDIR/root
finish() {
	c=$1; shift
	t=$(mktemp -d)
	(cd "$c/root" && tar cf - .) | (cd "$t" && tar xf -)
	TOOLS=$(cd "$(dirname "$c")/../../tools" && pwd) sh "$c/mk.sh" "$t" || return 1
	for spec; do
		name=${spec%:*}; ssz=${spec#*:}; [ "$ssz" = "$spec" ] && ssz=512
		( set -- "$t"; . "$(dirname "$c")/fixture.sh"; kernel_view "$name" "$ssz" )
	done
	(cd "$t" && tar cf - sys) | (cd "$c/root" && tar xf -)
	rm -rf "$t"
}
