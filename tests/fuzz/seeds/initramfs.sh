#!/bin/sh
# seeds for fuzz-initramfs: the sound images of the unit cases, one per
# compression (tests/unit/initramfs/mk.sh: GNU cpio, gzip, xz, zstd, bzip2,
# lz4 -l), and the malformed ones of tests/malformed/initramfs/mk.sh, each
# cut to libFuzzer's -max_len of 1 MiB
set -u
sh "$TOP/tests/unit/initramfs/mk.sh" "$1"
sh "$TOP/tests/malformed/initramfs/mk.sh" "$1/malformed"
# zstd-over-cap inflates to the 1 GiB cap at every run (seconds under the
# sanitizers): a test of the cap, not a seed
rm -f "$1/malformed/zstd-over-cap"
for f in "$1"/malformed/*; do
	head -c 1048576 "$f" >"$1/malformed-${f##*/}"
done
rm -rf "$1/malformed"
