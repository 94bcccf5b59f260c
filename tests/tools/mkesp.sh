#!/bin/sh
# mkesp.sh - a GPT disk image with an EFI System partition laid out as a
# distribution's installer leaves it, and an ext4 root:
#
#   mkesp.sh IMG FAT LAYOUT ROOT_UUID
#
# FAT is 12, 16 or 32 (mkfs.vfat -F); LAYOUT one of
#   debian        Debian 12's grub-install --uefi-secure-boot
#                 --force-extra-removable: EFI/debian/ holds shimx64.efi,
#                 grubx64.efi, mmx64.efi, fbx64.efi, BOOTX64.CSV and the
#                 grub.cfg stub; EFI/BOOT/ the removable-media copies
#   removable     grub-install --removable without shim: EFI/BOOT/BOOTX64.EFI
#                 alone (the prefix is built into the image)
#   systemd-boot  bootctl install, then kernel-install: EFI/systemd/
#                 systemd-bootx64.efi, EFI/BOOT/BOOTX64.EFI, loader/
#                 loader.conf, loader/entries/ with one Type #1 entry
#   empty         an ESP with an empty EFI/ directory
#   windows       the debian layout plus EFI/Microsoft/Boot/bootmgfw.efi
#
# The partition table is sfdisk's, the FAT filesystem mkfs.vfat's
# (dosfstools) and the files are put in by mtools (mmd, mcopy), without a
# mount: this machine's kernel may have no vfat, so grub-install and
# bootctl, which need the ESP mounted as vfat, cannot run here.  What they
# write is therefore laid out from their sources, with Debian's binaries:
# the file names and the stub's three lines are the format strings of
# Debian 12's grub-install (grub2-common 2.06-13: "shim%s.efi",
# "mm%s.efi", "fb%s.efi", "BOOT%s.CSV", "search.fs_uuid %s root ",
# "set prefix=($root)'%s'", "configfile $prefix/grub.cfg"); shimx64.efi is
# shim-unsigned's build of the shim that shim-signed signs (shim-signed
# cannot be installed beside grub-legacy, which other fixtures use),
# grubx64.efi is grub-efi-amd64-signed's; systemd-bootx64.efi is
# systemd-boot-efi's, placed where bootctl(1) installs it, loader.conf as
# bootctl 252 writes it, and the entry as kernel-install(8) and the Boot
# Loader Specification lay out a Type #1 entry.
set -eu

img=$1 fat=$2 layout=$3 root_uuid=$4
PATH="$PATH:/sbin:/usr/sbin"
export MTOOLS_SKIP_CHECK=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case $fat in
12) esp_mib=16 mkfs_opts="-F 12" ;;
16) esp_mib=64 mkfs_opts="-F 16" ;;
32) esp_mib=64 mkfs_opts="-F 32 -s 1" ;;	# 512-byte clusters: over 65525 of them
*) echo "mkesp.sh: FAT $fat: not 12, 16 or 32" >&2; exit 2 ;;
esac
esp_sectors=$((esp_mib * 2048))
root_start=$((2048 + esp_sectors))
rm -f "$img"
truncate -s $(((esp_mib + 16 + 2) * 1024 * 1024)) "$img"
printf 'label: gpt\nstart=2048, size=%d, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B\nstart=%d, size=32768, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4\n' \
	$esp_sectors $root_start | sfdisk -q "$img" >/dev/null

esp="$tmp/esp.img"
truncate -s "${esp_mib}M" "$esp"
# shellcheck disable=SC2086
mkfs.vfat $mkfs_opts -i 5A22B15F -n ESP "$esp" >/dev/null 2>&1

put() {	# put SRC DEST: one file into the ESP
	mcopy -i "$esp" -o "$1" "::$2"
}
shim=/usr/lib/shim
grub=/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed
sdboot=/usr/lib/systemd/boot/efi/systemd-bootx64.efi

mmd -i "$esp" ::/EFI
case $layout in
debian | windows)
	mmd -i "$esp" ::/EFI/debian ::/EFI/BOOT
	put "$shim/shimx64.efi" /EFI/debian/shimx64.efi
	put "$grub" /EFI/debian/grubx64.efi
	put "$shim/mmx64.efi" /EFI/debian/mmx64.efi
	put "$shim/fbx64.efi" /EFI/debian/fbx64.efi
	put "$shim/BOOTX64.CSV" /EFI/debian/BOOTX64.CSV
	printf "search.fs_uuid %s root hd0,gpt2 \nset prefix=(\$root)'/boot/grub'\nconfigfile \$prefix/grub.cfg\n" \
		"$root_uuid" >"$tmp/grub.cfg"
	put "$tmp/grub.cfg" /EFI/debian/grub.cfg
	put "$shim/shimx64.efi" /EFI/BOOT/BOOTX64.EFI
	put "$grub" /EFI/BOOT/grubx64.efi
	put "$shim/mmx64.efi" /EFI/BOOT/mmx64.efi
	put "$shim/fbx64.efi" /EFI/BOOT/fbx64.efi
	if [ "$layout" = windows ]; then
		# the Windows Boot Manager's place (its bytes do not matter here)
		mmd -i "$esp" ::/EFI/Microsoft ::/EFI/Microsoft/Boot
		put "$shim/fbx64.efi" /EFI/Microsoft/Boot/bootmgfw.efi
	fi
	;;
removable)
	mmd -i "$esp" ::/EFI/BOOT
	put "$grub" /EFI/BOOT/BOOTX64.EFI
	;;
systemd-boot)
	mid=4c7dc6e8a5a94b8c9a0ac0c1d6d0f2a1
	kver=6.1.0-18-amd64
	mmd -i "$esp" ::/EFI/systemd ::/EFI/BOOT ::/EFI/Linux ::/loader ::/loader/entries \
		"::/$mid" "::/$mid/$kver"
	put "$sdboot" /EFI/systemd/systemd-bootx64.efi
	put "$sdboot" /EFI/BOOT/BOOTX64.EFI
	printf '#timeout 3\n#console-mode keep\n' >"$tmp/loader.conf"
	put "$tmp/loader.conf" /loader/loader.conf
	printf 'type1\n' >"$tmp/entries.srel"
	put "$tmp/entries.srel" /loader/entries.srel
	cat >"$tmp/entry.conf" <<EOF
title      Debian GNU/Linux 12 (bookworm)
version    $kver
machine-id $mid
sort-key   debian
options    root=UUID=$root_uuid ro quiet
linux      /$mid/$kver/linux
initrd     /$mid/$kver/initrd.img-$kver
EOF
	put "$tmp/entry.conf" "/loader/entries/$mid-$kver.conf"
	;;
empty) ;;
*) echo "mkesp.sh: layout $layout unknown" >&2; exit 2 ;;
esac
dd if="$esp" of="$img" bs=512 seek=2048 conv=notrunc status=none

root="$tmp/root.img"
truncate -s 16M "$root"
mke2fs -F -q -t ext4 -U "$root_uuid" -L root "$root"
dd if="$root" of="$img" bs=512 seek=$root_start conv=notrunc status=none
