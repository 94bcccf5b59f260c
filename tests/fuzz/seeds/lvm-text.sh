#!/bin/sh
# seeds for fuzz-lvm-text: the inputs of the lvm-text decoder's cases,
# tests/unit/lvm-text/mk.sh (the metadata text of PVs made by lvm2's tools
# and of the malformed PVs of tests/malformed/lvm/mk.sh, cut out where the
# metadata area's header says it is), and the inputs fuzzing found
# (tests/malformed/lvm-text/found-*)
set -u
sh "$TOP/tests/unit/lvm-text/mk.sh" "$1" >/dev/null 2>&1
for f in "$TOP"/tests/malformed/lvm-text/found-*; do
	[ -f "$f" ] && cp "$f" "$1/"
done
