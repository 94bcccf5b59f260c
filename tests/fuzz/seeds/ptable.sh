#!/bin/sh
# seeds for fuzz-ptable: the inputs of the ptable decoder's cases,
# tests/unit/ptable/mk.sh (small disks partitioned by sfdisk and sgdisk,
# the malformed disks of tests/malformed/disks/mk.sh, the blkid corpus's
# partition-table images), each cut to libFuzzer's -max_len of 1 MiB, and
# the inputs fuzzing found (tests/malformed/ptable/found-*)
set -u
tmp=$(mktemp -d)
sh "$TOP/tests/unit/ptable/mk.sh" "$tmp" >/dev/null 2>&1
for f in "$tmp"/* "$TOP"/tests/malformed/ptable/found-*; do
	[ -f "$f" ] && head -c 1048576 "$f" >"$1/$(basename "$f")"
done
rm -rf "$tmp"
