#!/bin/sh
# seeds for fuzz-ptable: whole disks of at most 1 MiB (libFuzzer's
# -max_len; a GPT's backup header is at the end, so the disks are made
# that small rather than cut), partitioned by sfdisk and sgdisk
# (util-linux, gdisk) with the structures of UEFI 2.10 5.2-5.3: GPT with
# and without a protective MBR, a hybrid MBR, MBR with a chain of EBRs,
# a filesystem on the whole disk (mkfs.vfat), boot code of GRUB 2; and
# the malformed disks of tests/malformed/disks/mk.sh, the first MiB of each
set -u
PATH=$PATH:/usr/sbin:/sbin
D=$1
cd "$D" || exit 1
small() {
	rm -f "$1"
	truncate -s 1M "$1"
	sfdisk -q --no-reread --no-tell-kernel "$1" >/dev/null 2>&1
}
small gpt.img <<'T'
label: gpt
label-id: 5EED0000-0000-4000-8000-000000000000
start=40, size=200, type=L, name=root, uuid=5EED0000-0000-4000-8000-000000000001
start=240, size=100, type=U, attrs="RequiredPartition LegacyBIOSBootable"
start=400, size=600, type=E6D6D379-F507-44C2-A23C-238F2A3DF928
T
cp gpt.img gpt-hybrid.img && sgdisk -h 1:2 gpt-hybrid.img >/dev/null 2>&1
cp gpt.img gpt-no-pmbr.img && dd if=/dev/zero of=gpt-no-pmbr.img bs=512 count=1 conv=notrunc status=none
small mbr.img <<'T'
label: dos
label-id: 0x5eed0001
start=4, size=100, type=83, bootable
start=104, size=1800, type=5
start=1950, size=40, type=82
T
printf 'label: dos\nstart=8, size=50, type=83\nstart=60, size=1900, type=f\n' | small ebr.img
sfdisk -q --no-reread --no-tell-kernel -a ebr.img >/dev/null 2>&1 <<'T'
start=70, size=100, type=83
start=200, size=100, type=8e
start=320, size=100, type=fd
T
if [ -f /usr/lib/grub/i386-pc/boot.img ]; then
	cp mbr.img boot-grub2.img
	dd if=/usr/lib/grub/i386-pc/boot.img of=boot-grub2.img bs=440 count=1 conv=notrunc status=none
fi
rm -f vfat.img && truncate -s 1M vfat.img && mkfs.vfat -i 5eed0002 vfat.img >/dev/null 2>&1
rm -f swap.img && truncate -s 1M swap.img &&
	mkswap -U 5eed0000-0000-4000-8000-000000000003 swap.img >/dev/null 2>&1
tmp=$(mktemp -d)
if sh "$TOP/tests/malformed/disks/mk.sh" "$tmp" >/dev/null 2>&1; then
	for f in "$tmp"/*.img; do
		head -c 1048576 "$f" >"mal-$(basename "$f")"
	done
fi
rm -rf "$tmp"
