# lvm.sh - LVM logical volumes inside disk images (--image), read from the
# LVM2 metadata on their physical volumes
#
# The images are made by lvm2's own tools on loop devices, without
# device-mapper (tests/tools/mklvm.sh); the filesystems by mkfs.xfs,
# mkfs.ext4 and mkswap.  lvm2's reports (lvs --units b) and blkid -p at
# each LV's offset are the judges of what premig must find:
#  - debian: the layout of a Debian installation with root on LVM (an MBR
#    disk, /boot on partition 1, VG debvg on partition 2 with LVs root (xfs)
#    and swap), plus an LV in two segments (home, ext4, extended after
#    another LV was made); with an fstab naming /dev/mapper/debvg-root,
#    MGN-BOOT-003 passes and SMS-BOOT-005 passes instead of "the device of /
#    is unknown";
#  - two disks: a VG over an MBR disk's partition and a second whole disk,
#    an LV spanning both (MGN-BOOT-003 then fails: / spans two disks), an LV
#    striped over both (not probed, and why); the first disk alone: the LVs
#    on the missing PV are recorded, not probed, with the reason;
#  - stacked: a thin pool and a thin LV, a raid1 LV and a snapshot (made by
#    vgcfgrestore, as lvm2 cannot create them without device-mapper): each
#    recorded, linked to what it is made of, not probed, and why;
#  - wrapped: a metadata area whose circular buffer wrapped (lvchange
#    rewrote the metadata until its text ran past the end of the area);
#  - active: a VG the kernel shows, whose PV without LVs is read from its
#    metadata: its LVs are not listed a second time;
#  - the malformed PVs of tests/malformed/lvm: a reason, never a crash.

if [ "$(id -u)" -ne 0 ] || ! command -v pvcreate >/dev/null 2>&1 || ! command -v losetup >/dev/null 2>&1 ||
	! command -v sqlite3 >/dev/null 2>&1; then
	echo "  skip: the LVM fixtures need root, loop devices, lvm2 and sqlite3"
	return 0 2>/dev/null || exit 0
fi
. "$TOP/tests/tools/mklvm.sh"
lvm_setup "$OUT/lvm"

# scan NAME ROOT|- IMAGE...: scans into $OUT/NAME.db (and NAME.json), then assesses
lvscan() {
	sc_name=$1 sc_root=$2
	shift 2
	sc_args=""
	for sc_f; do sc_args="$sc_args --image $sc_f"; done
	[ "$sc_root" = - ] || sc_args="$sc_args --root $sc_root"
	rm -f "$OUT/$sc_name.db"
	# shellcheck disable=SC2086
	"$PREMIG" scan --db "$OUT/$sc_name.db" --host-id "$sc_name" $sc_args >"$OUT/$sc_name.out" 2>"$OUT/$sc_name.err"
	sc_rc=$?
	"$PREMIG" report --format json --db "$OUT/$sc_name.db" -o "$OUT/$sc_name.json" 2>>"$OUT/$sc_name.err"
	"$PREMIG" assess --quiet --db "$OUT/$sc_name.db" >/dev/null 2>>"$OUT/$sc_name.err"
	if grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$OUT/$sc_name.err"; then
		fail "$sc_name: sanitizer" "$(cat "$OUT/$sc_name.err")"
		return 1
	fi
	case $sc_rc in 0 | 3) return 0 ;; esac
	fail "$sc_name: scan exit $sc_rc" "$(cat "$OUT/$sc_name.err")"
	return 1
}

# q DB SQL: one value from the scan's store
q() {
	sqlite3 "$OUT/$1.db" "$2"
}

# same NAME WHAT GOT WANT
same() {
	if [ "$3" = "$4" ]; then ok "$1: $2"; else fail "$1: $2" "got:  $3
want: $4"; fi
}

# lvs_match NAME VG IMAGE-START...: every LV lvm2 reports (size, UUID) is a
# volumes row named as /dev/mapper names it, and its filesystem is what
# blkid -p finds at the offset lvm2's segments give
lvs_match() {
	lm_name=$1 lm_vg=$2
	lvm_run lvs --noheadings --units b --nosuffix -o lv_dm_path,lv_size,lv_uuid,lv_layout "$lm_vg" \
		>"$OUT/$lm_name.lvs" 2>/dev/null
	while read -r lm_path lm_size lm_uuid lm_type; do
		lm_dm=${lm_path#/dev/mapper/}
		lm_lv=$(lvm_run lvs --noheadings -o lv_name "$lm_path" 2>/dev/null | tr -d ' ')
		same "$lm_name" "$lm_dm: size, UUID as lvs says" \
			"$(q "$lm_name" "SELECT size_bytes || ' ' || uuid FROM volumes WHERE kind = 'lvm-lv' AND name = '$lm_dm' AND display_name = '$lm_dm'")" \
			"$lm_size $lm_uuid"
		[ "$lm_type" = linear ] || continue
		lvm_segments "$lm_vg" "$lm_lv" >"$OUT/$lm_name.segs" 2>/dev/null
		read -r lm_img lm_off lm_len <"$OUT/$lm_name.segs"
		lm_blkid=$(blkid -p -O "$lm_off" -S "$lm_len" -o export "$lm_img" 2>/dev/null |
			awk -F= '$1 == "TYPE" { t = $2 } $1 == "UUID" { u = $2 } END { print t " " u }')
		same "$lm_name" "$lm_dm: filesystem as blkid -p says at byte $lm_off" \
			"$(q "$lm_name" "SELECT coalesce(fstype, '') || ' ' || coalesce(fs_uuid, '') FROM volumes WHERE name = '$lm_dm'")" \
			"$lm_blkid"
	done <"$OUT/$lm_name.lvs"
}

# mkfstab DIR ROOT-DEV [BOOT-UUID]: a root tree whose fstab mounts / from
# ROOT-DEV, as a Debian installer writes it for root on LVM
mkfstab() {
	mkdir -p "$1/etc"
	{
		echo "# /etc/fstab: static file system information."
		echo "$2 /               xfs     defaults        0       0"
		[ -z "${3:-}" ] || echo "UUID=$3 /boot           ext4    defaults        0       2"
		echo "/dev/mapper/debvg-swap none            swap    sw              0       0"
	} >"$1/etc/fstab"
}

GRUB_BOOT=/usr/lib/grub/i386-pc/boot.img

# ---- debian: an MBR disk, /boot, and VG debvg on partition 2 ----
img="$OUT/debian.img"
truncate -s 1200M "$img"
sfdisk -q --no-reread --no-tell-kernel "$img" >/dev/null <<'T'
label: dos
start=2048, size=131072, type=83, bootable
start=133120, type=8e
T
# GRUB 2's boot code in the MBR, as grub-install puts it there
[ -f "$GRUB_BOOT" ] && dd if="$GRUB_BOOT" of="$img" bs=440 count=1 conv=notrunc status=none
p2=$((133120 * 512))
boot_fs="$OUT/boot.fs"
truncate -s 64M "$boot_fs"
mkfs.ext4 -q -F "$boot_fs"
dd if="$boot_fs" of="$img" bs=1M seek=1 conv=notrunc,sparse status=none
boot_uuid=$(blkid -p -s UUID -o value "$boot_fs")
rm -f "$boot_fs"
if loop=$(lvm_attach "$img" $p2 $(((1200 * 2048 - 133120) * 512))) &&
	lvm_run pvcreate -q "$loop" >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_run vgcreate -q debvg "$loop" >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_run lvcreate -q -an -Zn -y -L 640M -n root debvg >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_run lvcreate -q -an -Zn -y -L 64M -n swap debvg >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_run lvcreate -q -an -Zn -y -L 32M -n home debvg >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_run lvcreate -q -an -Zn -y -L 32M -n var debvg >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_run lvextend -q -y -L 64M debvg/home >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_put_fs "$img" debvg root mkfs.xfs -q -f >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_put_fs "$img" debvg swap mkswap -q >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_put_fs "$img" debvg home mkfs.ext4 -q -F -L home 2>>"$OUT/lvm.log"; then
	same debian "home is in two segments (lvs)" \
		"$(lvm_run lvs --noheadings --segments -o lv_name debvg/home 2>/dev/null | wc -l)" 2
	if lvscan debian - "$img"; then
		lvs_match debian debvg
		same debian "the PV's VG" "$(q debian "SELECT display_name FROM volumes WHERE kind = 'lvm-pv'")" debvg
		same debian "each LV's member is the PV" \
			"$(q debian "SELECT group_concat(holder || '>' || member, ' ') FROM (SELECT * FROM block_links WHERE holder LIKE 'debvg-%' ORDER BY holder)")" \
			"debvg-home>image0p2 debvg-root>image0p2 debvg-swap>image0p2 debvg-var>image0p2"
		same debian "the LVs are on image0 (device_disks)" \
			"$(q debian "SELECT group_concat(device || '=' || disk, ' ') FROM (SELECT * FROM device_disks WHERE device LIKE 'debvg%' ORDER BY device)")" \
			"debvg=image0 debvg-home=image0 debvg-root=image0 debvg-swap=image0 debvg-var=image0"
		same debian "no probe reason on a readable LV" \
			"$(q debian "SELECT count(*) FROM volumes WHERE probe_reason IS NOT NULL")" 0
	fi
	# the image with the root tree beside it, as when the image is mounted
	# under --root: fstab's /dev/mapper/debvg-root is the LV
	mkfstab "$OUT/debian-root" /dev/mapper/debvg-root "$boot_uuid"
	if lvscan debian-fstab "$OUT/debian-root" "$img"; then
		same debian-fstab "fstab's / resolves to the LV" \
			"$(q debian-fstab "SELECT device FROM fstab WHERE mountpoint = '/'")" debvg-root
		judge_rule "debian-fstab: MGN-BOOT-003" "$OUT/debian-fstab.db" MGN-BOOT-003 pass "" "$OUT/debian-fstab.err"
		judge_rule "debian-fstab: SMS-BOOT-005" "$OUT/debian-fstab.db" SMS-BOOT-005 pass "" "$OUT/debian-fstab.err"
	fi
	# /dev/VG/LV names the same LV
	mkfstab "$OUT/debian-root2" /dev/debvg/root "$boot_uuid"
	if lvscan debian-vglv "$OUT/debian-root2" "$img"; then
		same debian-vglv "fstab's /dev/debvg/root resolves to the LV" \
			"$(q debian-vglv "SELECT device FROM fstab WHERE mountpoint = '/'")" debvg-root
	fi
else
	fail "debian: lvm2 fixture" "$(tail -20 "$OUT/lvm.log")"
fi
lvm_cleanup

# ---- two disks: VG datavg over image A's partition 2 and all of image B ----
a="$OUT/two-a.img" b="$OUT/two-b.img"
truncate -s 400M "$a"
truncate -s 300M "$b"
sfdisk -q --no-reread --no-tell-kernel "$a" >/dev/null <<'T'
label: dos
start=2048, size=131072, type=83, bootable
start=133120, type=8e
T
[ -f "$GRUB_BOOT" ] && dd if="$GRUB_BOOT" of="$a" bs=440 count=1 conv=notrunc status=none
if la=$(lvm_attach "$a" $p2 $(((400 * 2048 - 133120) * 512))) &&
	lb=$(lvm_attach "$b" 0 $((300 * 1024 * 1024))) &&
	lvm_run pvcreate -q "$la" "$lb" >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_run vgcreate -q datavg "$la" "$lb" >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_run lvcreate -q -an -Zn -y -L 200M -n root datavg "$la" >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_run lvextend -q -y -L 400M datavg/root "$lb" >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_run lvcreate -q -an -Zn -y -i 2 -I 64k -L 64M -n striped datavg >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_run lvcreate -q -an -Zn -y -L 32M -n onb datavg "$lb" >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_put_fs "$a" datavg root mkfs.xfs -q -f >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_put_fs "$a" datavg onb mkfs.ext4 -q -F 2>>"$OUT/lvm.log"; then
	if lvscan two - "$a" "$b"; then
		lvs_match two datavg
		same two "root spans both disks" \
			"$(q two "SELECT group_concat(disk, ',') FROM (SELECT disk FROM device_disks WHERE device = 'datavg-root' ORDER BY disk)")" \
			"image0,image1"
		same two "the striped LV is not probed, and says why" \
			"$(q two "SELECT fstype IS NULL, probe_reason FROM volumes WHERE name = 'datavg-striped'")" \
			"1|not a linear LV (striped over 2 areas): not probed"
	fi
	mkfstab "$OUT/two-root" /dev/mapper/datavg-root
	if lvscan two-fstab "$OUT/two-root" "$a" "$b"; then
		judge_rule "two-fstab: MGN-BOOT-003" "$OUT/two-fstab.db" MGN-BOOT-003 fail "" "$OUT/two-fstab.err"
	fi
	# the first disk alone: LVs on the missing PV are there, not probed, and why
	if lvscan two-a - "$a"; then
		same two-a "all LVs are recorded" \
			"$(q two-a "SELECT group_concat(name, ' ') FROM (SELECT name FROM volumes WHERE kind = 'lvm-lv' ORDER BY name)")" \
			"datavg-onb datavg-root datavg-striped"
		pvb=$(lvm_run pvs --noheadings -o pv_uuid "$lb" 2>/dev/null | tr -d ' ')
		same two-a "an LV on the missing PV says which PV" \
			"$(q two-a "SELECT fstype IS NULL, probe_reason FROM volumes WHERE name = 'datavg-onb'")" \
			"1|on PVs not among the disks scanned: $pvb (last seen as $lb): not probed"
		same two-a "root, half on the missing PV, is not probed" \
			"$(q two-a "SELECT fstype IS NULL AND probe_reason LIKE 'on PVs not among the disks scanned: $pvb%' FROM volumes WHERE name = 'datavg-root'")" 1
	fi
else
	fail "two: lvm2 fixture" "$(tail -20 "$OUT/lvm.log")"
fi
lvm_cleanup

# ---- stacked: thin pool and thin LV, raid1, snapshot ----
# lvm2 creates none of these without device-mapper.  So the VG is made by
# lvcreate with linear LVs for every part (the pool's data and metadata,
# the raid images and their metadata, the snapshot's copy-on-write store),
# its metadata saved by vgcfgbackup, the parts renamed and hidden as lvm2
# names them (lvcreate refuses the reserved _tdata/_tmeta/_rimage_N/_rmeta_N
# names), and the LVs that use them added with the keys lvm2 writes for
# them (lib/thin/thin.c _thin_pool_text_export and _thin_text_export,
# lib/raid/raid.c _raid_text_export_raid, lib/snapshot/snapshot.c
# _snap_text_export).  vgcfgrestore --force then checks the whole VG with
# lvm2's own importer and writes it to the PV; lvs is the judge.
st="$OUT/stacked.img"
truncate -s 256M "$st"
cat >"$OUT/stacked.add" <<'LVS'
		pool {
			id = "p00lLV-0000-0000-0000-0000-0000-000001"
			status = ["READ", "WRITE", "VISIBLE"]
			flags = []
			segment_count = 1

			segment1 {
				start_extent = 0
				extent_count = 8

				type = "thin-pool"
				metadata = "pool_tmeta"
				pool = "pool_tdata"
				transaction_id = 1
				chunk_size = 128
				discards = "passdown"
				zero_new_blocks = 1
			}
		}

		thin {
			id = "th1nLV-0000-0000-0000-0000-0000-000002"
			status = ["READ", "WRITE", "VISIBLE"]
			flags = []
			segment_count = 1

			segment1 {
				start_extent = 0
				extent_count = 64

				type = "thin"
				thin_pool = "pool"
				transaction_id = 0
				device_id = 1
			}
		}

		r {
			id = "ra1dLV-0000-0000-0000-0000-0000-000003"
			status = ["READ", "WRITE", "VISIBLE"]
			flags = []
			segment_count = 1

			segment1 {
				start_extent = 0
				extent_count = 4

				type = "raid1"
				device_count = 2
				region_size = 1024

				raids = [
					"r_rmeta_0", "r_rimage_0",
					"r_rmeta_1", "r_rimage_1"
				]
			}
		}

		snapshot0 {
			id = "sn4pLV-0000-0000-0000-0000-0000-000004"
			status = ["READ", "WRITE", "VISIBLE"]
			flags = []
			segment_count = 1

			segment1 {
				start_extent = 0
				extent_count = 8

				type = "snapshot"
				chunk_size = 8
				origin = "root"
				cow_store = "snap"
			}
		}
LVS
st_ok=1
if ls=$(lvm_attach "$st" 0 $((256 * 1024 * 1024))) &&
	lvm_run pvcreate -q "$ls" >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_run vgcreate -q stackvg "$ls" >/dev/null 2>>"$OUT/lvm.log"; then
	for x in root:32 snap:8 pooltdata:32 pooltmeta:4 rrmeta0:4 rrimage0:16 rrmeta1:4 rrimage1:16; do
		lvm_run lvcreate -q -an -Zn -y -L "${x#*:}M" -n "${x%%:*}" stackvg >/dev/null 2>>"$OUT/lvm.log" ||
			st_ok=0
	done
else
	st_ok=0
fi
if [ $st_ok = 1 ] && lvm_run vgcfgbackup -q -f "$OUT/stacked.vg" stackvg >/dev/null 2>>"$OUT/lvm.log" &&
	awk -v add="$OUT/stacked.add" '
	/^\t\t[a-z_0-9]+ \{$/ {
		lv = $1
		n0 = sub(/^pooltdata$/, "pool_tdata", lv) + sub(/^pooltmeta$/, "pool_tmeta", lv)
		n0 += sub(/^rrmeta/, "r_rmeta_", lv) + sub(/^rrimage/, "r_rimage_", lv)
		hidden = n0 > 0
		if (hidden)
			$0 = "\t\t" lv " {"
	}
	hidden && /status = \[/ { sub(/, "VISIBLE"/, "") }
	{ line[++n] = $0 }
	END {
		for (last = n; last > 0 && line[last] != "\t}"; last--) ;
		for (i = 1; i < last; i++) print line[i]
		while ((getline l < add) > 0) print l
		for (i = last; i <= n; i++) print line[i]
	}' "$OUT/stacked.vg" >"$OUT/stacked2.vg" &&
	lvm_run vgcfgrestore -q --force -f "$OUT/stacked2.vg" stackvg >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_put_fs "$st" stackvg root mkfs.ext4 -q -F 2>>"$OUT/lvm.log"; then
	same stacked "lvm2 reads the types back" \
		"$(lvm_run lvs --noheadings -o lv_name,segtype stackvg 2>/dev/null | awk '{ printf "%s%s=%s", s, $1, $2; s = " " }')" \
		"pool=thin-pool r=raid1 root=linear snap=linear thin=thin"
	if lvscan stacked - "$st"; then
		lvs_match stacked stackvg
		for x in "pool|not a linear LV (a thin-pool LV): not probed" \
			"thin|not a linear LV (a thin LV): not probed" \
			"r|not a linear LV (a raid1 LV): not probed" \
			"snap|a snapshot of root (its blocks are the origin's, with the changes in this copy-on-write store): not probed" \
			"pool_tdata|a hidden LV, part of pool: not probed" \
			"r_rimage_1|a hidden LV, part of r: not probed"; do
			same stacked "${x%%|*}: not probed, and why" \
				"$(q stacked "SELECT fstype IS NULL, probe_reason FROM volumes WHERE name = 'stackvg-${x%%|*}'")" \
				"1|${x#*|}"
		done
		same stacked "the hidden LVs lvs -a lists are rows too" \
			"$(q stacked "SELECT count(*) FROM volumes WHERE kind = 'lvm-lv' AND probe_reason LIKE 'a hidden LV%'")" \
			"$(lvm_run lvs -a --noheadings -o lv_name stackvg 2>/dev/null | grep -c '\[')"
		same stacked "the thin LV is on the disk through its pool" \
			"$(q stacked "SELECT group_concat(disk) FROM device_disks WHERE device = 'stackvg-thin'")" image0
	fi
else
	fail "stacked: lvm2 fixture" "$(tail -20 "$OUT/lvm.log")"
fi
lvm_cleanup

# ---- wrapped: the text of the current metadata runs past the end of its area ----
w="$OUT/wrapped.img"
truncate -s 64M "$w"
# mda_header fields: start, size (u64 at 24, 32), then raw_locn offset, size
mda_wrapped() {
	set -- $(od -An -t u8 -j $((4096 + 24)) -N 32 "$w")
	[ $(($3 + $4)) -gt "$2" ]
}
if lw=$(lvm_attach "$w" 0 $((64 * 1024 * 1024))) &&
	lvm_run pvcreate -q --dataalignment 64k --metadatasize 16k "$lw" >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_run vgcreate -q wrapvg "$lw" >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_run lvcreate -q -an -Zn -y -L 16M -n root wrapvg >/dev/null 2>>"$OUT/lvm.log" &&
	lvm_put_fs "$w" wrapvg root mkfs.ext4 -q -F 2>>"$OUT/lvm.log"; then
	i=0
	while [ $i -lt 400 ] && ! mda_wrapped; do
		i=$((i + 1))
		lvm_run lvchange -q --addtag "t$i" wrapvg/root 2>>"$OUT/lvm.log" >/dev/null || break
	done
	if mda_wrapped; then
		ok "wrapped: lvm2 wrapped its metadata text after $i changes"
		lvscan wrapped - "$w" && lvs_match wrapped wrapvg
	else
		fail "wrapped: lvm2's metadata did not wrap in $i changes"
	fi
else
	fail "wrapped: lvm2 fixture" "$(tail -20 "$OUT/lvm.log")"
fi
lvm_cleanup

# ---- a VG the kernel shows: its LVs are its dm devices, not listed again ----
# the host of tests/golden/volumes/rhel7-bios-lvm (VG rhel active: dm-0
# rhel-root on sda2), whose sdb is made a PV of a VG rhel that holds no LV
# there (vgcreate over sdb and another PV, the LVs on the other): the kernel
# shows no holder of sdb, so its metadata is read, and it names LVs root
# and swap, which the kernel already shows
act="$OUT/active"
if prepare_root "$TOP/tests/golden/volumes/rhel7-bios-lvm" "$act" >/dev/null 2>"$OUT/active.err"; then
	other="$OUT/active-other.img"
	rm -f "$act/dev/sdb" "$other"
	truncate -s 64M "$act/dev/sdb"
	truncate -s 64M "$other"
	if l1=$(lvm_attach "$act/dev/sdb" 0 $((64 * 1024 * 1024))) &&
		l2=$(lvm_attach "$other" 0 $((64 * 1024 * 1024))) &&
		lvm_run pvcreate -q "$l1" "$l2" >/dev/null 2>>"$OUT/lvm.log" &&
		lvm_run vgcreate -q rhel "$l2" "$l1" >/dev/null 2>>"$OUT/lvm.log" &&
		lvm_run lvcreate -q -an -Zn -y -L 16M -n root rhel "$l2" >/dev/null 2>>"$OUT/lvm.log" &&
		lvm_run lvcreate -q -an -Zn -y -L 8M -n swap rhel "$l2" >/dev/null 2>>"$OUT/lvm.log"; then
		lvm_cleanup
		rm -f "$OUT/active.db"
		"$PREMIG" scan --root "$act" --db "$OUT/active.db" --host-id active --only disks,volumes \
			>/dev/null 2>>"$OUT/active.err"
		if grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$OUT/active.err"; then
			fail "active: sanitizer" "$(cat "$OUT/active.err")"
		else
			same active "sdb is a PV of rhel" \
				"$(q active "SELECT display_name FROM volumes WHERE name = 'sdb' AND kind = 'lvm-pv'")" rhel
			same active "rhel-root is dm-0 only" \
				"$(q active "SELECT group_concat(name) FROM volumes WHERE display_name = 'rhel-root'")" dm-0
		fi
	else
		fail "active: lvm2 fixture" "$(tail -20 "$OUT/lvm.log")"
	fi
	lvm_cleanup
	rm -rf "$act" "$other"
else
	fail "active: fixture" "$(cat "$OUT/active.err")"
fi

# ---- malformed metadata: a reason on the PV, never a crash ----
MAL="$OUT/malformed"
if sh "$TOP/tests/malformed/lvm/mk.sh" "$MAL" >"$OUT/malformed.log" 2>&1; then
	while IFS='	' read -r m_file m_want; do
		case $m_file in "#"* | "") continue ;; esac
		m_name=mal-${m_file%.img}
		lvscan "$m_name" - "$MAL/$m_file" || continue
		m_got=$(q "$m_name" "SELECT coalesce(probe_reason, '') FROM volumes WHERE kind = 'lvm-pv'")
		case $m_got in
		*"$m_want"*) ok "$m_name: $m_want" ;;
		*) fail "$m_name: reason" "want: ...$m_want...
got:  $m_got" ;;
		esac
	done <"$TOP/tests/malformed/lvm/expected.tsv"
else
	fail "malformed lvm: fixtures" "$(tail -20 "$OUT/malformed.log")"
fi
[ -n "${LVM_KEEP:-}" ] || rm -f "$OUT"/*.img "$MAL"/*.img
