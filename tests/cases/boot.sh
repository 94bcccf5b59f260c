# boot.sh - the boot and filesystems collectors with the disks collector's
# rows: disk images built with sfdisk, mke2fs, mkfs.vfat and mkntfs, with
# boot code written into their MBR, scanned with --image alone and with
# --root plus --image.  Checked: fstab UUID= and LABEL= resolved to the
# partitions' kernel names, root_disks and boot_disks, the boot disk from
# the boot code, BIOS vs UEFI, the loader cross-checked with the boot code,
# and a Windows dual boot.  The live boot row is checked for sanity, and
# one-line GRUB 2 menu entries with no disk at all.

q() { sqlite3 -batch -noheader "$@" 2>/dev/null; }

# expect NAME GOT WANT
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got:  $2
want: $3"; fi
}

# ---- the live host: a boot row whatever the machine
"$PREMIG" scan --quiet --only filesystems,boot --db "$OUT/live.db" --host-id live 2>"$OUT/live.err"
rc=$?
expect "live scan exits 0" "$rc" 0
got=$(q "$OUT/live.db" "SELECT count(*) FROM boot")
expect "live scan records one boot row" "$got" 1
fw=$(q "$OUT/live.db" "SELECT coalesce(firmware, 'null') FROM boot")
if [ -d /sys/firmware/efi ]; then want=uefi; elif [ -d /sys/firmware ] && [ -n "$(ls /sys/firmware)" ]; then want=bios; else want=null; fi
expect "live firmware follows /sys/firmware/efi" "$fw" "$want"
if [ "$fw" = bios ]; then
	got=$(q "$OUT/live.db" "SELECT firmware_evidence FROM boot")
	expect "live: no sys/firmware/efi says not UEFI, not which" "$got" \
		"no sys/firmware/efi: not booted by UEFI (BIOS, CSM, or a direct kernel boot)"
fi
got=$(q "$OUT/live.db" "SELECT secure_boot IS NOT NULL OR secure_boot_evidence IS NOT NULL FROM boot")
expect "live Secure Boot is known or has its reason" "$got" 1

# ---- one-line GRUB 2 entries ("menuentry 'x' { linux /a; }", as pasted into
# 40_custom) close on their own line (regression: each opened a block that
# never closed, so the next entries nested in it, 16 levels deep at most, a
# later "set default=" counted as the entry's command, and the entry of an
# open block was written through a pointer that new_entry's realloc freed)
ol="$OUT/one-line"
mkdir -p "$ol/boot/grub"
i=0
while [ $i -lt 40 ]; do
	printf 'menuentry "Entry %d" { linux /vmlinuz-%d root=/dev/sda1; }\n' $i $i
	i=$((i + 1))
done >"$ol/boot/grub/grub.cfg"
printf 'set default="Entry 33"\n' >>"$ol/boot/grub/grub.cfg"
"$PREMIG" scan --quiet --root "$ol" --only boot --db "$OUT/one-line.db" --host-id one-line \
	2>"$OUT/one-line.err"
expect "one-line entries: scan exits 0, nothing on stderr" "$? $(cat "$OUT/one-line.err")" "0 "
got=$(q "$OUT/one-line.db" "SELECT count(*) || ' ' || sum(kernel = '/vmlinuz-' || substr(title, 7)) FROM boot_entries")
expect "one-line entries: 40 entries, none nested, each with its own kernel" "$got" "40 40"
got=$(q "$OUT/one-line.db" "SELECT idx || ' ' || title FROM boot_entries WHERE is_default")
expect "one-line entries: the set default= after them is honoured" "$got" "33 Entry 33"

# ---- a FIFO in place of grub.cfg: GRUB 2's, its configuration "not a
# regular file", never opened to block (it once read as "no bootloader
# configuration found"); under a timeout and 1 GiB of address space (not
# under AddressSanitizer, which reserves terabytes)
fi="$OUT/fifo-cfg"
mkdir -p "$fi/boot/grub"
mkfifo "$fi/boot/grub/grub.cfg"
if grep -q __asan_init "$PREMIG" 2>/dev/null; then bvmem=unlimited; else bvmem=1048576; fi
(ulimit -v $bvmem; timeout 20 "$PREMIG" scan --quiet --root "$fi" --only boot --db "$OUT/fifo-cfg.db" \
	--host-id fifo-cfg) 2>"$OUT/fifo-cfg.err"
expect "FIFO grub.cfg: scan exits 0 in time" "$?" 0
got=$(q "$OUT/fifo-cfg.db" "SELECT coalesce(loader, 'null') || ' | ' || loader_config || ' | ' ||
	(SELECT reason FROM collector_runs WHERE collector = 'boot') FROM boot")
expect "FIFO grub.cfg: GRUB 2's, not a regular file" "$got" \
	"grub2 | boot/grub/grub.cfg | its input disks did not run ok: skipped; its input volumes did not run ok: skipped; its input filesystems did not run ok: skipped; cannot read 'boot/grub/grub.cfg': not a regular file"

# ---- Secure Boot is the SecureBoot variable of EFI_GLOBAL_VARIABLE,
# 8be4df61-93ca-11d2-aa0d-00e098032b8c (UEFI 2.x section 3.3), written by
# tests/tools/efivar.sh as efivarfs shows it (regression: the collector
# and its fixtures used another GUID, so Secure Boot read as absent where
# it was on, and MGN-BOOT-002 passed)
# sbvars NAME VALUE_OF_THE_SPEC_NAME VALUE_OF_THE_OTHER_NAME: a root with
# a captured sys/firmware/efi; "-" leaves a variable out
sbvars() {
	rm -rf "$OUT/$1"
	mkdir -p "$OUT/$1/boot"
	[ "$2" = - ] || sh "$TOP/tests/tools/efivar.sh" "$OUT/$1" SecureBoot "$2"
	[ "$3" = - ] || sh "$TOP/tests/tools/efivar.sh" --guid 8be4df61-93ca-11d2-aa0d-e98c31f7b6ee \
		--attrs 6 "$OUT/$1" SecureBoot "$3"
	sh "$TOP/tests/tools/efivar.sh" "$OUT/$1" SetupMode 0
	"$PREMIG" scan --quiet --root "$OUT/$1" --only boot --db "$OUT/$1.db" --host-id "$1" 2>/dev/null
	q "$OUT/$1.db" "SELECT coalesce(secure_boot, 'null') || ' | ' || secure_boot_evidence FROM boot"
}
got=$(sbvars sb-on 1 -)
expect "SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c = 1: Secure Boot on" "$got" \
	"1 | sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c = 1"
"$PREMIG" assess --quiet --db "$OUT/sb-on.db" --profile mgn >/dev/null 2>&1
got=$(q "$OUT/sb-on.db" "SELECT status FROM findings WHERE rule_id = 'MGN-BOOT-002'")
expect "Secure Boot on: MGN-BOOT-002 fails" "$got" fail
got=$(sbvars sb-other 0 1)
expect "a SecureBoot of another vendor GUID is not Secure Boot" "$got" \
	"0 | sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c = 0"
got=$(sbvars sb-other-only - 1)
expect "the old wrong name alone is not read as Secure Boot" "$got" \
	"0 | no SecureBoot variable: firmware without Secure Boot"

if ! grep -q 'collect_disks' "$TOP/collectors/registry.c"; then
	echo "  skip: no disks collector in collectors/registry.c yet: the checks with disk rows are left out"
	return 0 2>/dev/null || exit 0
fi
for t in sfdisk mke2fs mkfs.vfat mkntfs; do
	if ! command -v $t >/dev/null 2>&1 && [ ! -x /sbin/$t ] && [ ! -x /usr/sbin/$t ]; then
		fail "boot: $t is not installed (tests/tools/deps.sh test installs it)"
		return 0 2>/dev/null || exit 0
	fi
done
PATH="$PATH:/sbin:/usr/sbin"

U_BOOT=0b1a7a43-1f0a-4c65-9d4e-6e1b2f3a4b5c
U_ROOT=3f1c3c1e-8e3a-4c55-9f5e-1a2b3c4d5e6f

# partfs IMG START_SECTOR SIZE_MIB KIND UUID LABEL: a filesystem made apart, copied in
partfs() {
	p="$OUT/part.img"
	rm -f "$p"
	truncate -s "${3}M" "$p"
	case $4 in
	ext4) mke2fs -F -q -t ext4 -U "$5" -L "$6" "$p" ;;
	vfat) mkfs.vfat -i "$5" -n "$6" "$p" >/dev/null ;;
	ntfs) mkntfs -F -Q -q -s 512 -L "$6" "$p" >/dev/null 2>&1 ;;
	esac
	dd if="$p" of="$1" bs=512 seek="$2" conv=notrunc status=none
	rm -f "$p"
}

# bootcode IMG KIND: the first bytes of a loader's MBR code, as the disks
# collector recognises them (the partition table at 446 is left alone)
bootcode() {
	case $2 in
	grub2) printf '\353\143\220' | dd of="$1" bs=1 conv=notrunc status=none
	       printf 'GRUB \000Geom\000Hard Disk\000Read\000 Error\r\n' |
		       dd of="$1" bs=1 seek=384 conv=notrunc status=none ;;
	grub-legacy) printf '\353\110\220' | dd of="$1" bs=1 conv=notrunc status=none
	       printf 'GRUB \000Geom\000Hard Disk\000Read\000 Error\000' |
		       dd of="$1" bs=1 seek=380 conv=notrunc status=none ;;
	windows) printf '\063\300\216\320\274\000\174' | dd of="$1" bs=1 conv=notrunc status=none
	       printf 'Invalid partition table\000Error loading operating system\000' |
		       dd of="$1" bs=1 seek=299 conv=notrunc status=none ;;
	esac
}

# a BIOS disk: MBR, /boot (active) and /, GRUB 2 boot code
bios="$OUT/bios.img"
truncate -s 64M "$bios"
printf 'label: dos\nstart=2048, size=32768, type=83, bootable\nstart=34816, type=83\n' |
	sfdisk -q "$bios" >/dev/null
partfs "$bios" 2048 16 ext4 "$U_BOOT" boot
partfs "$bios" 34816 24 ext4 "$U_ROOT" root
bootcode "$bios" grub2

# its root tree: fstab by UUID and LABEL, GRUB 2's config
r="$OUT/rhel7"
mkdir -p "$r/etc" "$r/boot/grub2"
printf 'UUID=%s / ext4 defaults 0 1\nLABEL=boot /boot ext4 defaults 0 2\n' "$U_ROOT" >"$r/etc/fstab"
cat >"$r/boot/grub2/grub.cfg" <<'EOF'
set default="0"
menuentry 'CentOS Linux (3.10.0-1160.el7.x86_64) 7 (Core)' --class centos {
	linux16 /vmlinuz-3.10.0-1160.el7.x86_64 root=UUID=3f1c3c1e-8e3a-4c55-9f5e-1a2b3c4d5e6f ro
	initrd16 /initramfs-3.10.0-1160.el7.x86_64.img
}
EOF

db="$OUT/bios-root.db"
"$PREMIG" scan --quiet --root "$r" --image "$bios" --only disks,volumes,filesystems,boot \
	--db "$db" --host-id bios-root 2>"$OUT/bios-root.err"
expect "--root + --image: scan exits 0" "$?" 0
got=$(q "$db" "SELECT group_concat(mountpoint || '=' || coalesce(device, 'null'), ' ') FROM (SELECT * FROM fstab ORDER BY line)")
expect "fstab UUID= and LABEL= name the image's partitions" "$got" "/=image0p2 /boot=image0p1"
got=$(q "$db" "SELECT coalesce(boot_disk, 'null') || ' ' || coalesce(boot_partition, 'null') || ' ' || coalesce(firmware, 'null') || ' ' || coalesce(loader, 'null') FROM boot")
expect "boot disk, partition, firmware and loader" "$got" "image0 image0p1 bios grub2"
got=$(q "$db" "SELECT loader_evidence FROM boot")
case $got in
*"grub2 boot code in the MBR of the boot disk image0"*"configuration boot/grub2/grub.cfg"*) ok "loader evidence names the boot code and the config" ;;
*) fail "loader evidence: '$got'" ;;
esac
"$PREMIG" report --format json --db "$db" -o "$OUT/bios-root.json" 2>/dev/null
got=$(jq -c '[.hosts[0].root_disks, .hosts[0].boot_disks]' "$OUT/bios-root.json")
expect "root_disks and boot_disks from the fstab devices" "$got" '[["image0"],["image0"]]'
got=$(jq -r '.hosts[0].filesystems[] | select(.mountpoint == "/boot") | .device + " " + .fstab_spec_kind' "$OUT/bios-root.json")
expect "report: /boot by label on image0p1" "$got" "image0p1 label"
# the partitions carry the scanned system's mount points, from the fstab
# lines that resolved to them, never this machine's mounts (the tree is a
# plain directory here)
got=$(jq -r '[.hosts[0].disks[0].partitions[] | .mountpoint // "null"] | join(" ")' "$OUT/bios-root.json")
expect "report: the image's partitions are mounted where its fstab says" "$got" "/boot /"

# the same disk alone: the boot sector says it all
db="$OUT/bios-image.db"
"$PREMIG" scan --quiet --image "$bios" --only disks,volumes,filesystems,boot --db "$db" \
	--host-id bios-image 2>"$OUT/bios-image.err"
expect "--image alone: scan exits 0" "$?" 0
got=$(q "$db" "SELECT boot_disk || ' ' || boot_partition || ' ' || firmware || ' ' || loader || ' ' || coalesce(dual_boot, 'null') FROM boot")
expect "--image alone: boot disk, active partition, BIOS, GRUB 2, dual boot unknown" "$got" "image0 image0p1 bios grub2 null"
got=$(q "$db" "SELECT dual_boot_evidence FROM boot")
expect "--image alone: the menu is not read, and the dual boot evidence says so" "$got" \
	"unknown: no sign of a second system found, but the grub2 menu is not read with --image alone"
got=$(q "$db" "SELECT status FROM collector_runs WHERE collector = 'filesystems'")
expect "--image alone: filesystems does not apply" "$got" "not-applicable"

# GRUB legacy boot code but only a GRUB 2 config: the MBR wins, and says so
legacy="$OUT/legacy.img"
cp "$bios" "$legacy"
dd if=/dev/zero of="$legacy" bs=1 count=440 conv=notrunc status=none
bootcode "$legacy" grub-legacy
db="$OUT/legacy.db"
"$PREMIG" scan --quiet --root "$r" --image "$legacy" --only disks,volumes,filesystems,boot --db "$db" \
	--host-id legacy 2>/dev/null
got=$(q "$db" "SELECT loader || ' | ' || loader_evidence FROM boot")
expect "boot code and config disagree: the boot code decides" "$got" \
	"grub-legacy | grub-legacy boot code in the MBR of the boot disk image0; no grub-legacy configuration file found; also found: boot/grub2/grub.cfg"
got=$(q "$db" "SELECT count(*) FROM boot_entries")
expect "no menu is read from the other loader's config" "$got" 0

# two disks: a data disk first, the boot disk second
data="$OUT/data.img"
truncate -s 32M "$data"
printf 'label: dos\nstart=2048, type=83\n' | sfdisk -q "$data" >/dev/null
partfs "$data" 2048 16 ext4 5d6e7f80-91a2-4b3c-8d4e-5f6071829304 data
db="$OUT/two.db"
"$PREMIG" scan --quiet --image "$data" --image "$bios" --only disks,volumes,filesystems,boot \
	--db "$db" --host-id two 2>/dev/null
got=$(q "$db" "SELECT boot_disk FROM boot")
expect "two disks, --image alone: the disk with boot code is the boot disk" "$got" image1
db="$OUT/two-root.db"
"$PREMIG" scan --quiet --root "$r" --image "$data" --image "$bios" --only disks,volumes,filesystems,boot \
	--db "$db" --host-id two-root 2>/dev/null
got=$(q "$db" "SELECT boot_disk || ' ' || boot_partition FROM boot")
expect "two disks with a root: /boot's disk is the boot disk" "$got" "image1 image1p1"

# UEFI: GPT, an EFI System partition, no boot code
uefi="$OUT/uefi.img"
truncate -s 80M "$uefi"
printf 'label: gpt\nstart=2048, size=65536, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B\nstart=67584, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4\n' |
	sfdisk -q "$uefi" >/dev/null
partfs "$uefi" 2048 32 vfat 8A3C1F2E EFI
partfs "$uefi" 67584 24 ext4 "$U_ROOT" root
db="$OUT/uefi.db"
"$PREMIG" scan --quiet --image "$uefi" --only disks,volumes,filesystems,boot --db "$db" \
	--host-id uefi 2>/dev/null
got=$(q "$db" "SELECT boot_disk || ' ' || firmware || ' ' || coalesce(loader, 'null') || ' | ' || loader_evidence FROM boot")
expect "GPT, no boot code, an empty FAT ESP read from the image: no loader" "$got" \
	"image0 uefi none | no boot code in the MBR of image0 and no EFI loader on the EFI System partition image0p1"
# with its root: fstab mounts the ESP, shim and GRUB sit on it
u="$OUT/ubuntu"
mkdir -p "$u/etc" "$u/boot/efi/EFI/ubuntu" "$u/boot/grub"
printf 'UUID=%s / ext4 errors=remount-ro 0 1\nUUID=8A3C-1F2E /boot/efi vfat umask=0077 0 1\n' "$U_ROOT" >"$u/etc/fstab"
: >"$u/boot/efi/EFI/ubuntu/shimx64.efi"
: >"$u/boot/efi/EFI/ubuntu/grubx64.efi"
printf "menuentry 'Ubuntu' {\n\tlinux /boot/vmlinuz root=UUID=%s ro\n}\n" "$U_ROOT" >"$u/boot/grub/grub.cfg"
db="$OUT/uefi-root.db"
"$PREMIG" scan --quiet --root "$u" --image "$uefi" --only disks,volumes,filesystems,boot --db "$db" \
	--host-id uefi-root 2>/dev/null
got=$(q "$db" "SELECT group_concat(mountpoint || '=' || coalesce(device, 'null'), ' ') FROM (SELECT * FROM fstab ORDER BY line)")
expect "vfat UUID=XXXX-XXXX names the ESP" "$got" "/=image0p2 /boot/efi=image0p1"
got=$(q "$db" "SELECT boot_disk || ' ' || boot_partition || ' ' || firmware || ' ' || loader FROM boot")
expect "UEFI with its root: ESP mounted, GRUB 2" "$got" "image0 image0p2 uefi grub2"

# ---- UEFI with --image alone: the EFI System partition is read from the
# image (collectors/lib/fat.c), as tests/tools/mkesp.sh lays it out with
# mkfs.vfat, mtools and Debian's own loaders.  What /boot holds (ext4
# here) stays unread, and says so.
# esp NAME FAT LAYOUT: builds $OUT/NAME.img, scans it alone, assesses it
esp() {
	sh "$TOP/tests/tools/mkesp.sh" "$OUT/$1.img" "$2" "$3" "$U_ROOT" 2>"$OUT/$1.mk.err" ||
		fail "$1: mkesp.sh" "$(cat "$OUT/$1.mk.err")"
	"$PREMIG" scan --quiet --image "$OUT/$1.img" --db "$OUT/$1.db" --host-id "$1" \
		2>"$OUT/$1.err"
	"$PREMIG" assess --quiet --db "$OUT/$1.db" >/dev/null 2>&1
}
# rules NAME: MGN-BOOT-001 and SMS-BOOT-004's statuses
rules() {
	q "$OUT/$1.db" "SELECT group_concat(rule_id || '=' || status, ' ') FROM (SELECT * FROM findings
		WHERE rule_id IN ('MGN-BOOT-001', 'SMS-BOOT-004') ORDER BY rule_id)"
}
stub="EFI/debian/grub.cfg -> configfile /boot/grub/grub.cfg on the filesystem of UUID $U_ROOT (image0p2)"
for bits in 12 16 32; do
	esp "esp-debian$bits" $bits debian
	got=$(q "$OUT/esp-debian$bits.db" "SELECT firmware || ' ' || loader || ' | ' || loader_evidence FROM boot")
	expect "FAT$bits ESP, Debian's shim and GRUB: grub2, the files and the stub's target named" "$got" \
		"uefi grub2 | ESP image0p1: EFI/debian/shimx64.efi, EFI/debian/grubx64.efi, $stub, EFI/BOOT/BOOTX64.EFI, EFI/BOOT/grubx64.efi; what /boot holds is not read with --image alone"
	expect "FAT$bits ESP with GRUB: MGN-BOOT-001 and SMS-BOOT-004 pass" "$(rules "esp-debian$bits")" \
		"MGN-BOOT-001=pass SMS-BOOT-004=pass"
done
got=$(q "$OUT/esp-debian32.db" "SELECT coalesce(reason, 'null') FROM collector_runs WHERE collector = 'boot'")
expect "ESP read in full: no note but the driver's (no file tree, so no mounts)" "$got" \
	"its input filesystems did not run ok: not-applicable"

esp esp-sdboot 32 systemd-boot
got=$(q "$OUT/esp-sdboot.db" "SELECT loader || ' | ' || loader_evidence FROM boot")
expect "systemd-boot's ESP: systemd-boot, its files named" "$got" \
	"systemd-boot | ESP image0p1: EFI/systemd/systemd-bootx64.efi, EFI/BOOT/BOOTX64.EFI, loader/loader.conf, loader/entries: 1 entry; what /boot holds is not read with --image alone"
expect "systemd-boot: MGN-BOOT-001 and SMS-BOOT-004 fail" "$(rules esp-sdboot)" \
	"MGN-BOOT-001=fail SMS-BOOT-004=fail"

esp esp-removable 16 removable
got=$(q "$OUT/esp-removable.db" "SELECT coalesce(loader, 'null') || ' | ' || loader_evidence FROM boot")
expect "only EFI/BOOT/BOOTX64.EFI: unknown, and why" "$got" \
	"null | unknown: ESP image0p1: EFI/BOOT/BOOTX64.EFI: only the removable-media path EFI/BOOT holds a loader, which may be any"
expect "only the removable path: MGN-BOOT-001 and SMS-BOOT-004 unknown" "$(rules esp-removable)" \
	"MGN-BOOT-001=unknown SMS-BOOT-004=unknown"

esp esp-windows 32 windows
got=$(q "$OUT/esp-windows.db" "SELECT loader || ' ' || dual_boot || ' | ' || dual_boot_evidence FROM boot")
expect "the Windows Boot Manager on the ESP: a dual boot" "$got" \
	"grub2 1 | ESP image0p1: EFI/Microsoft/Boot/bootmgfw.efi: the Windows Boot Manager"

# an ESP that is not FAT: the reason, and the loader unknown as before
cp "$OUT/esp-debian16.img" "$OUT/esp-broken.img"
printf '\000\000\000' | dd of="$OUT/esp-broken.img" bs=512 seek=2048 conv=notrunc status=none
printf '\000\000' | dd of="$OUT/esp-broken.img" bs=1 seek=$((2048 * 512 + 510)) conv=notrunc status=none
"$PREMIG" scan --quiet --image "$OUT/esp-broken.img" --only disks,volumes,filesystems,boot \
	--db "$OUT/esp-broken.db" --host-id esp-broken 2>/dev/null
got=$(q "$OUT/esp-broken.db" "SELECT coalesce(loader, 'null') || ' | ' || loader_evidence FROM boot")
case $got in
"null | unknown: no boot code in the MBR of image0, and the EFI System partition image0p1, where a UEFI loader lives, was not read: "*)
	ok "an ESP that cannot be read: unknown, with the reason" ;;
*) fail "an ESP that cannot be read: '$got'" ;;
esac

# dual boot: an active NTFS partition and Windows boot code
win="$OUT/win.img"
truncate -s 64M "$win"
printf 'label: dos\nstart=2048, size=40960, type=7, bootable\nstart=43008, type=83\n' |
	sfdisk -q "$win" >/dev/null
partfs "$win" 2048 20 ntfs x Windows
partfs "$win" 43008 16 ext4 "$U_ROOT" root
bootcode "$win" windows
db="$OUT/win.db"
"$PREMIG" scan --quiet --image "$win" --only disks,volumes,filesystems,boot --db "$db" \
	--host-id win 2>/dev/null
got=$(q "$db" "SELECT fstype FROM partitions WHERE name = 'image0p1'")
expect "the NTFS partition is read as ntfs" "$got" ntfs
got=$(q "$db" "SELECT dual_boot || ' | ' || dual_boot_evidence || ' | ' || coalesce(loader, 'null') FROM boot")
expect "Windows boot code and an NTFS partition: dual boot" "$got" \
	"1 | NTFS partition image0p1 on image0, whose MBR holds Windows boot code | null"

# ---- "none" means no bootloader, positively: every place a loader lives was
# read and holds none; otherwise the loader is NULL, the evidence says what
# could not be read, and so does the run's reason (regressions: 'none' was
# once recorded with the boot code unread or unknown)
nl="$OUT/noloader"
mkdir -p "$nl/etc" "$nl/boot"
printf 'UUID=%s / ext4 defaults 0 1\n' "$U_ROOT" >"$nl/etc/fstab"
: >"$nl/boot/vmlinuz-5.14.0-362.el9.x86_64"
# loader_of NAME IMAGE: scans the tree nl with IMAGE into $OUT/NAME.db
loader_of() {
	"$PREMIG" scan --quiet --root "$nl" --image "$2" --only disks,volumes,filesystems,boot \
		--db "$OUT/$1.db" --host-id "$1" 2>"$OUT/$1.err"
}
plain="$OUT/plain.img"
cp "$bios" "$plain"
dd if=/dev/zero of="$plain" bs=1 count=440 conv=notrunc status=none
loader_of plain "$plain"
expect "no configuration, an empty MBR read: scan exits 0" "$?" 0
got=$(q "$OUT/plain.db" "SELECT coalesce(loader, 'null') || ' | ' || loader_evidence FROM boot")
expect "no configuration and an empty MBR: none" "$got" \
	"none | no bootloader configuration or files found; no boot code in the MBR of image0"
got=$(q "$OUT/plain.db" "SELECT coalesce(reason, 'null') FROM collector_runs WHERE collector = 'boot'")
expect "none: no note" "$got" null

odd="$OUT/odd.img"
cp "$plain" "$odd"
printf '\372\353\376' | dd of="$odd" bs=1 conv=notrunc status=none
loader_of odd "$odd"
got=$(q "$OUT/odd.db" "SELECT coalesce(loader, 'null') || ' | ' || loader_evidence FROM boot")
expect "boot code not recognised: unknown, not none" "$got" \
	"null | unknown: no bootloader configuration found, but the boot code in the MBR of image0 is not recognised"
got=$(q "$OUT/odd.db" "SELECT reason FROM collector_runs WHERE collector = 'boot'")
expect "boot code not recognised: the run says so" "$got" \
	"bootloader unknown: no bootloader configuration found, but the boot code in the MBR of image0 is not recognised"

# a disk whose MBR cannot be read: a qcow2 image, refused
qcow="$OUT/unread.qcow2"
printf 'QFI\373\000\000\000\003' >"$qcow"
truncate -s 1M "$qcow"
loader_of unread "$qcow"
got=$(q "$OUT/unread.db" "SELECT coalesce(loader, 'null') FROM boot")
expect "boot code not read: unknown, not none" "$got" null
got=$(q "$OUT/unread.db" "SELECT loader_evidence FROM boot")
case $got in
"unknown: no bootloader configuration found, but the boot code of image0 was not read: "*qcow2*) ok "boot code not read: the evidence gives the disk's reason" ;;
*) fail "boot code not read: loader evidence '$got'" ;;
esac

# ---- dual_boot false only when the menu, every disk's partition table and
# its filesystems were read (regression: a disk that could not be opened
# once counted as a basis for "no"): the menu read, the disk not
db="$OUT/dual-unread.db"
"$PREMIG" scan --quiet --root "$r" --image "$qcow" --only disks,volumes,filesystems,boot \
	--db "$db" --host-id dual-unread 2>/dev/null
got=$(q "$db" "SELECT coalesce(loader, 'null') || ' ' || coalesce(dual_boot, 'null') FROM boot")
expect "menu read, partition table not read: dual boot unknown, not false" "$got" "grub2 null"
got=$(q "$db" "SELECT dual_boot_evidence FROM boot")
case $got in
"unknown: no sign of a second system found, but the partition table of image0 was not read: "*qcow2*) ok "dual boot unknown: the evidence gives the disk's reason" ;;
*) fail "dual boot unknown: evidence '$got'" ;;
esac
# ... and with both read: false
got=$(q "$OUT/bios-root.db" "SELECT dual_boot || ' | ' || dual_boot_evidence FROM boot")
expect "menu and partition table read, no sign: no dual boot" "$got" \
	"0 | no Windows or second-system menu entry, Windows Boot Manager or Windows NTFS partition found"

# UEFI: the EFI System partition mounted and read, no EFI loader on it: none
ue="$OUT/uefi-noloader"
mkdir -p "$ue/etc" "$ue/boot/efi/EFI/ubuntu"
printf 'UUID=%s / ext4 defaults 0 1\nUUID=8A3C-1F2E /boot/efi vfat umask=0077 0 1\n' "$U_ROOT" >"$ue/etc/fstab"
: >"$ue/boot/vmlinuz-6.8.0-31-generic"
"$PREMIG" scan --quiet --root "$ue" --image "$uefi" --only disks,volumes,filesystems,boot \
	--db "$OUT/ue.db" --host-id ue 2>/dev/null
got=$(q "$OUT/ue.db" "SELECT firmware || ' ' || coalesce(loader, 'null') || ' | ' || loader_evidence FROM boot")
expect "UEFI, the ESP read, no EFI loader: none" "$got" \
	"uefi none | no bootloader configuration or files found; no EFI loader in boot/efi/EFI"
# ... and with the ESP not mounted under the root: unknown
rm -rf "$ue/boot/efi/EFI"
"$PREMIG" scan --quiet --root "$ue" --image "$uefi" --only disks,volumes,filesystems,boot \
	--db "$OUT/ue2.db" --host-id ue2 2>/dev/null
got=$(q "$OUT/ue2.db" "SELECT firmware || ' ' || coalesce(loader, 'null') || ' | ' || loader_evidence FROM boot")
expect "UEFI, the ESP not mounted: unknown, not none" "$got" \
	"uefi null | unknown: no bootloader configuration found, but the EFI System partition image0p1 is not mounted under the root"

# the live host: 'none' only with every place read; unknown says why, in the run too
got=$(q "$OUT/live.db" "SELECT coalesce(loader, 'null') || ' | ' || coalesce(loader_evidence, '') || ' | ' ||
	coalesce((SELECT reason FROM collector_runs WHERE collector = 'boot'), '') FROM boot")
case $got in
"none | "*"not read"* | "none | "*unknown*) fail "live: loader none with something unread" "$got" ;;
"null | unknown: "*" | "*"bootloader unknown: "*) ok "live: loader unknown, with its reason and a note" ;;
"null | "*) fail "live: loader unknown without its reason or note" "$got" ;;
*) ok "live: loader ${got%% |*}" ;;
esac
