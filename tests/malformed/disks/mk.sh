#!/bin/sh
# mk.sh DEST - builds the malformed and unusual disk images of the disks
# tests into DEST, from scripts (no image is committed).  Each name says
# what is wrong with it; tests/cases/disks.sh says what premig must report.
#
#   truncated-gpt.img      a GPT image cut in half: the primary header's
#                          usable area runs past the end, the backup is gone
#   truncated-mbr.img      an MBR image cut short: partition 2 runs past the end
#   gpt-bad-primary.img    primary GPT header CRC broken, backup intact
#   gpt-bad-both.img       both GPT headers' CRCs broken
#   gpt-entry-outside.img  a GPT entry past the last usable LBA (CRCs fixed
#                          up, so the headers are valid)
#   gpt-grown.img          a GPT disk enlarged after partitioning: the backup
#                          header is no longer at the last LBA
#   gpt-no-pmbr.img        a GPT whose protective MBR was zeroed
#   gpt-hybrid.img         a hybrid MBR (sgdisk -h)
#   gpt-entry-far.img      entry 2 starts at LBA 2^54: in bytes, 2^63
#   gpt-array-wrap.img     the primary header's entry array at LBA 2^55 + 2,
#                          which times 512 wraps around 2^64 to byte 1024
#   gpt-2p32.img           both headers claim 2^32 - 1 entries
#   gpt-4gib.img           both headers claim 2^25 - 1 entries of 128 bytes,
#                          4 GiB, on a 5 GiB sparse image that holds them
#   zero.img               0 bytes
#   tiny.img               100 bytes
#   noise.img              1 MiB of text, no signature
#   boot-*.img             sector 0 boot code of GRUB 2, GRUB legacy, syslinux
#   raw.img                an MBR disk with ext4, converted by qemu-img into
#   flat.vmdk (+ flat-flat.vmdk), fixed.vhd      formats read like raw.img
#   shortcid.vmdk          flat.vmdk's descriptor as qemu-img leaves it when
#                          its CID is short: a newline after the NUL
#   sparse.vmdk stream.vmdk dynamic.vhd disk.vhdx disk.qcow2  refused formats
#   vmdk-*.vmdk            a flat VMDK of 64 KiB (qemu-img), its extent line
#                          edited: 2^55 sectors (times 512 wraps to 0), an
#                          offset of 2^55 + 1000 sectors (wraps to 512000),
#                          0 sectors, an offset past the extent's end
set -eu
PATH=$PATH:/usr/sbin:/sbin
D=${1:?usage: mk.sh DEST}
mkdir -p "$D"
cd "$D"

# crc32 FILE OFFSET LENGTH POS: the CRC-32 of LENGTH bytes at OFFSET,
# stored little-endian at POS (gzip's trailer holds it in that order)
crc32() {
	dd if="$1" iflag=skip_bytes,count_bytes skip="$2" count="$3" bs=64k status=none |
		gzip -c | tail -c 8 | head -c 4 |
		dd of="$1" bs=1 seek="$4" conv=notrunc status=none
}
# bytes FILE POS OCTAL-ESCAPES: overwrites bytes at POS
bytes() {
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
# gpt_fix_header FILE LBA: recomputes the CRC of the 92-byte header at LBA
gpt_fix_header() {
	h=$(($2 * 512))
	bytes "$1" $((h + 16)) '\000\000\000\000'
	crc32 "$1" "$h" 92 $((h + 16))
}
gpt_image() {
	rm -f "$1"
	truncate -s "$2" "$1"
	sfdisk -q --no-reread --no-tell-kernel "$1" >/dev/null <<'T'
label: gpt
label-id: BADBAD00-0000-4000-8000-000000000000
start=2048, size=4096, type=L, uuid=BADBAD00-0000-4000-8000-000000000001
start=6144, size=8192, type=L, uuid=BADBAD00-0000-4000-8000-000000000002
T
}

gpt_image truncated-gpt.img 20M
truncate -s 10M truncated-gpt.img

rm -f truncated-mbr.img
truncate -s 20M truncated-mbr.img
sfdisk -q truncated-mbr.img >/dev/null <<'T'
label: dos
label-id: 0x0badbad0
start=2048, size=8192, type=83
start=10240, size=20000, type=83
T
mke2fs -q -F -t ext4 -U badbad00-0000-4000-8000-0000000000e2 -E offset=$((10240 * 512)) \
	truncated-mbr.img 10000
truncate -s 12M truncated-mbr.img

gpt_image gpt-bad-primary.img 20M
bytes gpt-bad-primary.img $((512 + 60)) '\377'

gpt_image gpt-bad-both.img 20M
bytes gpt-bad-both.img $((512 + 60)) '\377'
bytes gpt-bad-both.img $((20 * 1024 * 1024 - 512 + 60)) '\377'

gpt_image gpt-entry-outside.img 20M
# entry 2 now ends at LBA 0xffffff, past the last usable LBA (40926)
bytes gpt-entry-outside.img $((1024 + 128 + 40)) '\377\377\377\000\000\000\000\000'
crc32 gpt-entry-outside.img 1024 16384 $((512 + 88))
gpt_fix_header gpt-entry-outside.img 1

gpt_image gpt-grown.img 10M
truncate -s 20M gpt-grown.img

gpt_image gpt-no-pmbr.img 20M
dd if=/dev/zero of=gpt-no-pmbr.img bs=512 count=1 conv=notrunc status=none

gpt_image gpt-hybrid.img 20M
sgdisk -h 1 gpt-hybrid.img >/dev/null

# the header fields (UEFI 5.3.2): PartitionEntryLBA at byte 72,
# NumberOfPartitionEntries at 80; an entry's StartingLBA at byte 32
gpt_image gpt-entry-far.img 20M
bytes gpt-entry-far.img $((1024 + 128 + 32)) '\000\000\000\000\000\000\100\000'
crc32 gpt-entry-far.img 1024 16384 $((512 + 88))
gpt_fix_header gpt-entry-far.img 1

gpt_image gpt-array-wrap.img 20M
bytes gpt-array-wrap.img $((512 + 72)) '\002\000\000\000\000\000\200\000'
gpt_fix_header gpt-array-wrap.img 1

gpt_image gpt-2p32.img 20M
for lba in 1 $((20 * 2048 - 1)); do
	bytes gpt-2p32.img $((lba * 512 + 80)) '\377\377\377\377'
	gpt_fix_header gpt-2p32.img $lba
done

gpt_image gpt-4gib.img 5G
for lba in 1 $((5 * 1024 * 2048 - 1)); do
	bytes gpt-4gib.img $((lba * 512 + 80)) '\377\377\377\001'
	gpt_fix_header gpt-4gib.img $lba
done

rm -f zero.img
: >zero.img
head -c 100 /dev/zero >tiny.img
yes 'premig noise' | head -c 1048576 >noise.img

bootimg() {
	rm -f "$1"
	truncate -s 4M "$1"
	printf 'label: dos\nlabel-id: 0x0b007c0d\nstart=2048, type=83\n' | sfdisk -q "$1" >/dev/null
	dd if="$2" of="$1" bs=440 count=1 conv=notrunc status=none
}
bootimg boot-grub2.img /usr/lib/grub/i386-pc/boot.img
if [ -f /usr/lib/grub/x86_64-pc/stage1 ]; then
	bootimg boot-grub-legacy.img /usr/lib/grub/x86_64-pc/stage1
else
	bootimg boot-grub-legacy.img /usr/lib/grub/i386-pc/stage1
fi
bootimg boot-syslinux.img /usr/lib/EXTLINUX/mbr.bin
bootimg boot-unknown.img noise.img

rm -f raw.img
truncate -s 64M raw.img
sfdisk -q raw.img >/dev/null <<'T'
label: dos
label-id: 0x0f0f0f0f
start=2048, size=65536, type=83, bootable
start=67584, type=8e
T
mke2fs -q -F -t ext4 -U 0f0f0f0f-0000-4000-8000-000000000001 -L flat \
	-E offset=$((2048 * 512)) raw.img 32768
rm -f flat.vmdk flat-flat.vmdk fixed.vhd sparse.vmdk stream.vmdk dynamic.vhd disk.vhdx disk.qcow2
qemu-img convert -q -f raw -O vmdk -o subformat=monolithicFlat raw.img flat.vmdk
# qemu-img 7.2 rewrites the descriptor with its CID in %x: when the CID has
# fewer than 8 hex digits (1 time in 256) a newline of the first text is
# left after the NUL (seen in 5 of 1500 conversions); this one is made so
{ tr -d '\000' <flat.vmdk | sed 's/^CID=.*/CID=8de939/'; printf '\000\n'; } >shortcid.vmdk
truncate -s 512 shortcid.vmdk
qemu-img convert -q -f raw -O vpc -o subformat=fixed,force_size=on raw.img fixed.vhd
qemu-img convert -q -f raw -O vmdk -o subformat=monolithicSparse raw.img sparse.vmdk
qemu-img convert -q -f raw -O vmdk -o subformat=streamOptimized raw.img stream.vmdk
qemu-img convert -q -f raw -O vpc -o subformat=dynamic raw.img dynamic.vhd
qemu-img convert -q -f raw -O vhdx raw.img disk.vhdx
qemu-img convert -q -f raw -O qcow2 raw.img disk.qcow2
# "RW <sectors> FLAT "file" <offset>" (VMware Virtual Disk Format 1.1)
rm -f small.vmdk small-flat.vmdk vmdk-*.vmdk
qemu-img create -q -f vmdk -o subformat=monolithicFlat small.vmdk 64K
sed 's/^RW 128 FLAT/RW 36028797018963968 FLAT/' small.vmdk >vmdk-sectors-wrap.vmdk
sed 's/^\(RW 128 FLAT "small-flat.vmdk"\) 0/\1 36028797018964968/' small.vmdk >vmdk-offset-wrap.vmdk
sed 's/^RW 128 FLAT/RW 0 FLAT/' small.vmdk >vmdk-zero.vmdk
sed 's/^\(RW 128 FLAT "small-flat.vmdk"\) 0/\1 200/' small.vmdk >vmdk-offset-past.vmdk
for f in vmdk-*.vmdk; do
	if cmp -s small.vmdk "$f"; then
		echo "mk.sh: $f: the extent line was not edited" >&2
		exit 1
	fi
done
