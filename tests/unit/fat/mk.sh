#!/bin/sh
# mk.sh DIR - the inputs of the fat decoder's cases (tests/cases/decode_disk.sh):
# a FAT12 volume made by mkfs.vfat (dosfstools, serial and label given) with
# a tree put in by mtools; and the malformed volumes kept in
# tests/malformed/fat/ (see its mk.sh), decompressed.  tests/cases/fat.sh
# checks the same decoder on FAT12, 16 and 32 by what mtools wrote.
set -eu
PATH=$PATH:/usr/sbin:/sbin
export MTOOLS_SKIP_CHECK=1
D=${1:?usage: mk.sh DIR}
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
mkdir -p "$D"
cd "$D"
rm -f esp.img
truncate -s 2M esp.img
mkfs.vfat -F 12 -i 5eed0020 -n ESP esp.img >/dev/null
mmd -i esp.img ::/EFI ::/EFI/debian ::/EFI/BOOT
seq 1 3000 | mcopy -i esp.img - ::/EFI/debian/grub.cfg
printf 'search --fs-uuid x\n' | mcopy -i esp.img - ::/EFI/BOOT/BOOTX64.CSV
printf 'a long name\n' | mcopy -i esp.img - "::/EFI/a file with a long name.txt"
for f in "$TOP"/tests/malformed/fat/*.img.gz; do
	gzip -dc "$f" >"mal-$(basename "$f" .gz)"
done
