# mklvm.sh - LVM2 fixtures made by lvm2's own tools (pvcreate, vgcreate,
# lvcreate, lvextend, lvchange), sourced by tests that need them.
#
# lvm2 runs without device-mapper: global/activation = 0 and lvcreate -an
# --zero n, so no LV is ever activated.  Its configuration, locks, backups
# and hints live in a private directory, and every command names the loop
# devices it may touch with --devices (and a filter that accepts only
# loop devices), so the host's own LVM is neither read nor changed.
#
# A filesystem is made by mkfs in a file of the LV's size and copied to the
# LV's extents; where those are comes from lvm2's own reports (pvs
# pe_start, vgs vg_extent_size, lvs --segments seg_pe_ranges), not from
# premig.
#
#   lvm_setup DIR                 the private configuration under DIR
#   lvm_attach IMG START SIZE     a loop device over that range of IMG (printed)
#   lvm_run LVM-COMMAND ARGS...   lvm2 with --devices naming every attached loop
#   lvm_put_fs IMG VG LV MKFS...  runs MKFS... FILE, copies FILE to the LV
#   lvm_cleanup                   detaches every loop device attached here

lvm_setup() {
	LVM_DIR=$1
	mkdir -p "$LVM_DIR/etc" "$LVM_DIR/lock"
	cat >"$LVM_DIR/etc/lvm.conf" <<EOF
global { activation = 0 use_lvmpolld = 0 locking_dir = "$LVM_DIR/lock" }
devices { use_devicesfile = 0 obtain_device_list_from_udev = 0 hints = "none"
	filter = [ "a|^/dev/loop[0-9]+\$|", "r|.*|" ] }
activation { udev_sync = 0 udev_rules = 0 monitoring = 0 }
backup { backup = 0 archive = 0 }
EOF
	: >"$LVM_DIR/loops"
	LVM_SYSTEM_DIR=$LVM_DIR/etc
	LVM_SUPPRESS_FD_WARNINGS=1
	export LVM_SYSTEM_DIR LVM_SUPPRESS_FD_WARNINGS
}

lvm_attach() {
	la_loop=$(losetup -f --show -o "$2" --sizelimit "$3" "$1") || return 1
	echo "$la_loop $1 $2" >>"$LVM_DIR/loops"
	echo "$la_loop"
}

lvm_run() {
	lr_cmd=$1
	shift
	lr_devs=$(awk '{ printf "%s%s", s, $1; s = "," }' "$LVM_DIR/loops")
	"$lr_cmd" --devices "$lr_devs" "$@"
}

# the LV's segments as "IMAGE BYTE-OFFSET LENGTH" lines, from lvm2's reports
lvm_segments() {
	ls_ext=$(lvm_run vgs --noheadings --units b --nosuffix -o vg_extent_size "$1" | tr -d ' ')
	lvm_run lvs --noheadings --segments --units b --nosuffix -o seg_pe_ranges,seg_size "$1/$2" |
	while read -r ls_range ls_size; do
		ls_dev=${ls_range%%:*}
		ls_first=${ls_range#*:}
		ls_first=${ls_first%%-*}
		ls_pe=$(lvm_run pvs --noheadings --units b --nosuffix -o pe_start "$ls_dev" | tr -d ' ')
		set -- $(awk -v d="$ls_dev" '$1 == d { print $2, $3 }' "$LVM_DIR/loops")
		echo "$1 $(($2 + ls_pe + ls_first * ls_ext)) $ls_size"
	done
}

lvm_put_fs() {
	lp_vg=$2 lp_lv=$3
	shift 3
	lp_size=$(lvm_run lvs --noheadings --units b --nosuffix -o lv_size "$lp_vg/$lp_lv" | tr -d ' ')
	lp_fs="$LVM_DIR/$lp_vg-$lp_lv.fs"
	rm -f "$lp_fs"
	truncate -s "$lp_size" "$lp_fs"
	"$@" "$lp_fs" >/dev/null || return 1
	lp_at=0
	lvm_segments "$lp_vg" "$lp_lv" >"$LVM_DIR/segs"
	while read -r lp_img lp_off lp_len; do
		dd if="$lp_fs" of="$lp_img" bs=1M iflag=skip_bytes,count_bytes oflag=seek_bytes \
			skip="$lp_at" seek="$lp_off" count="$lp_len" conv=notrunc,sparse status=none ||
			return 1
		lp_at=$((lp_at + lp_len))
	done <"$LVM_DIR/segs"
	rm -f "$lp_fs"
}

lvm_cleanup() {
	[ -f "$LVM_DIR/loops" ] || return 0
	while read -r lc_loop lc_rest; do
		losetup -d "$lc_loop" 2>/dev/null
	done <"$LVM_DIR/loops"
	: >"$LVM_DIR/loops"
}
