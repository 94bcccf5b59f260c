#!/bin/sh
# seeds for fuzz-image: the inputs of the image decoder's cases,
# tests/unit/image/mk.sh (one disk converted by qemu-img into every format
# image.c tells apart, compressed by xz, gzip, zstd and bzip2, and the
# malformed VMDK descriptors), each cut to libFuzzer's -max_len of 1 MiB
# (the fixed VHD, 512 KiB and its footer, stays whole), and the inputs
# fuzzing found (tests/malformed/image/found-*)
set -u
tmp=$(mktemp -d)
sh "$TOP/tests/unit/image/mk.sh" "$tmp" >/dev/null 2>&1
for f in "$tmp"/* "$TOP"/tests/malformed/image/found-*; do
	[ -f "$f" ] && head -c 1048576 "$f" >"$1/$(basename "$f")"
done
rm -rf "$tmp"
