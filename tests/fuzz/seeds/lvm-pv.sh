#!/bin/sh
# seeds for fuzz-lvm-pv: PVs made by lvm2's own tools (pvcreate, vgcreate,
# lvcreate) and their malformed variants, tests/malformed/lvm/mk.sh DIR
set -u
sh "$TOP/tests/malformed/lvm/mk.sh" "$1"
# libFuzzer reads -max_len bytes of each: the label, headers and text are
# in the first MiB of a PV
for f in "$1"/*.img; do
	[ -f "$f" ] || continue
	head -c 1048576 "$f" >"$f.head" && mv "$f.head" "$f"
done
