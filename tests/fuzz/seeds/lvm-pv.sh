#!/bin/sh
# seeds for fuzz-lvm-pv: the inputs of the lvm-pv decoder's cases,
# tests/unit/lvm-pv/mk.sh (PVs made by lvm2's own tools, pvcreate,
# vgcreate, lvcreate, and their malformed variants of
# tests/malformed/lvm/mk.sh), and the inputs fuzzing found
# (tests/malformed/lvm-pv/found-*); libFuzzer reads -max_len bytes of
# each: the label, headers and text are in the first MiB of a PV
set -u
tmp=$(mktemp -d)
sh "$TOP/tests/unit/lvm-pv/mk.sh" "$tmp" >/dev/null 2>&1
for f in "$tmp"/* "$TOP"/tests/malformed/lvm-pv/found-*; do
	[ -f "$f" ] && head -c 1048576 "$f" >"$1/$(basename "$f")"
done
rm -rf "$tmp"
