#!/bin/sh
# seeds for fuzz-fat: the inputs of the fat decoder's cases,
# tests/unit/fat/mk.sh (a FAT12 volume made by mkfs.vfat with a tree put
# in by mtools, and the malformed volumes of tests/malformed/fat/), and a
# FAT16 and a FAT32 volume made the same way, each cut to libFuzzer's
# -max_len of 1 MiB (their trees are in their first MiB; the size the BPB
# claims is past the cut, so a mutation that shrinks it finds the tree)
set -u
PATH="$PATH:/sbin:/usr/sbin"
export MTOOLS_SKIP_CHECK=1
sh "$TOP/tests/unit/fat/mk.sh" "$1" >/dev/null 2>&1
for t in 16 32; do
	case $t in 16) k=16384 ;; 32) k=40000 ;; esac
	img="$1/mkfs$t.img"
	rm -f "$img"
	truncate -s "${k}K" "$img"
	if mkfs.vfat -F $t -s 1 -n ESP "$img" >/dev/null 2>&1; then
		mmd -i "$img" ::/EFI ::/EFI/debian 2>/dev/null
		printf 'set timeout=5\n' | mcopy -i "$img" - "::/EFI/debian/grub configuration.cfg" 2>/dev/null
		head -c 1048576 "$img" >"$img.head" && mv "$img.head" "$img"
	else
		rm -f "$img"
	fi
done
