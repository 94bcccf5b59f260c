#!/bin/sh
# mk.sh DIR - the inputs of the ptable decoder's cases (tests/cases/decode_disk.sh
# compares `premig debug decode ptable` on each with DIR's NAME.json here):
#
#   small disks of 1 MiB partitioned by sfdisk (util-linux) and sgdisk
#   (gdisk), every UUID given: GPT with names and attribute bits, the same
#   with a hybrid MBR and with its protective MBR zeroed; MBR with a
#   primary extended partition; MBR with a chain of three EBRs; GRUB 2's
#   boot.img in sector 0; a whole-disk FAT (mkfs.vfat) and swap (mkswap);
#   mal-*.img: the malformed disks of tests/malformed/disks/mk.sh (made
#   there, or taken from $MALDISKS when the caller made them);
#   corpus-*.img: the partition-table images of ../shared/corpus/blkid
#   (util-linux's images-pt and the gptman/mbrman fixtures), decompressed.
set -eu
PATH=$PATH:/usr/sbin:/sbin
D=${1:?usage: mk.sh DIR}
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
mkdir -p "$D"
cd "$D"
small() {
	rm -f "$1"
	truncate -s 1M "$1"
	sfdisk -q --no-reread --no-tell-kernel "$1" >/dev/null
}
small gpt.img <<'T'
label: gpt
label-id: 5EED0000-0000-4000-8000-000000000000
start=40, size=200, type=L, name=root, uuid=5EED0000-0000-4000-8000-000000000001
start=240, size=100, type=U, uuid=5EED0000-0000-4000-8000-000000000002, attrs="RequiredPartition LegacyBIOSBootable"
start=400, size=600, type=E6D6D379-F507-44C2-A23C-238F2A3DF928, uuid=5EED0000-0000-4000-8000-000000000003
T
cp gpt.img gpt-hybrid.img
sgdisk -h 1:2 gpt-hybrid.img >/dev/null
cp gpt.img gpt-no-pmbr.img
dd if=/dev/zero of=gpt-no-pmbr.img bs=512 count=1 conv=notrunc status=none
small mbr.img <<'T'
label: dos
label-id: 0x5eed0001
start=4, size=100, type=83, bootable
start=104, size=1800, type=5
start=1950, size=40, type=82
T
small ebr.img <<'T'
label: dos
label-id: 0x5eed0002
start=8, size=50, type=83
start=60, size=1900, type=f
T
sfdisk -q --no-reread --no-tell-kernel -a ebr.img >/dev/null <<'T'
start=70, size=100, type=83
start=200, size=100, type=8e
start=320, size=100, type=fd
T
cp mbr.img boot-grub2.img
dd if=/usr/lib/grub/i386-pc/boot.img of=boot-grub2.img bs=440 count=1 conv=notrunc status=none
rm -f vfat.img
truncate -s 1M vfat.img
mkfs.vfat -i 5eed0003 -n SEED vfat.img >/dev/null
rm -f swap.img
truncate -s 1M swap.img
mkswap -U 5eed0000-0000-4000-8000-000000000004 -L seedswap swap.img >/dev/null

mal=${MALDISKS:-}
if [ -z "$mal" ]; then
	mal=$(mktemp -d)
	trap 'rm -rf "$mal"' EXIT
	sh "$TOP/tests/malformed/disks/mk.sh" "$mal" >/dev/null
fi
for f in "$mal"/*.img; do
	# sparse copies: gpt-4gib.img is 5 GiB of holes
	cp --sparse=always "$f" "mal-$(basename "$f")"
done

corpus="$TOP/../shared/corpus/blkid"
if [ -d "$corpus" ]; then
	for f in "$corpus"/util-linux/images-pt/*.img.xz; do
		xz -dc "$f" >"corpus-$(basename "$f" .img.xz).img"
	done
	for f in "$corpus"/extra-pt/*/*.img.xz; do
		xz -dc "$f" >"corpus-$(basename "$(dirname "$f")")-$(basename "$f" .img.xz).img"
	done
fi
