#!/bin/sh
# seeds for fuzz-fat: the malformed volumes kept in tests/malformed/fat/
# (decompressed), and the smallest volume mkfs.vfat (dosfstools) makes of
# each FAT type, with a tree put in by mtools; each at most 1 MiB
# (libFuzzer's -max_len; the FAT32 one is cut, its tree is in its start)
set -u
PATH="$PATH:/sbin:/usr/sbin"
export MTOOLS_SKIP_CHECK=1
for f in "$TOP"/tests/malformed/fat/*.img.gz; do
	gzip -dc "$f" >"$1/$(basename "$f" .gz)"
done
for t in 12 16 32; do
	case $t in 12) k=1024 ;; 16) k=16384 ;; 32) k=40000 ;; esac
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
