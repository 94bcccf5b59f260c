#!/bin/sh
# seeds for fuzz-lvm-text: the metadata text of the PVs that lvm2's tools
# make in tests/malformed/lvm/mk.sh, cut out by the lvm-pv decoder's own
# reading (the text starts at "<vgname> {" and ends at the first NUL)
set -u
tmp=$(mktemp -d)
sh "$TOP/tests/malformed/lvm/mk.sh" "$tmp"
i=0
for f in "$tmp"/*.img; do
	[ -f "$f" ] || continue
	i=$((i + 1))
	# the first metadata area starts at 4 KiB; its text after the 512-byte header
	head -c 1048576 "$f" | tail -c +4609 | tr -d '\000' | head -c 65536 >"$1/$i.txt"
done
rm -rf "$tmp"
