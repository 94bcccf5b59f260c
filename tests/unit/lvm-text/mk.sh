#!/bin/sh
# mk.sh DIR - the inputs of the lvm-text decoder's cases (tests/cases/decode_disk.sh):
# the metadata text of a PV made by lvm2 (pvcreate, vgcreate, lvcreate)
# and of PVs of tests/malformed/lvm/mk.sh (edited there: 40 nested sections, a string left open, no VG,
# an LV on a PV the VG lacks), cut out of the first metadata area where
# its header says the text is.  normalize.jq blanks lvm2's UUIDs and
# loop device names.
set -eu
D=${1:?usage: mk.sh DIR}
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
mkdir -p "$D"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh "$TOP/tests/malformed/lvm/mk.sh" "$tmp" >/dev/null 2>&1
# good.pv: a sound PV, as tests/malformed/lvm/mk.sh makes its base
. "$TOP/tests/tools/mklvm.sh"
lvm_setup "$tmp/lvm"
trap 'lvm_cleanup; rm -rf "$tmp"' EXIT
truncate -s 16M "$tmp/good.pv"
loop=$(lvm_attach "$tmp/good.pv" 0 $((16 * 1024 * 1024)))
lvm_run pvcreate -q "$loop" >/dev/null 2>&1
lvm_run vgcreate -q goodvg "$loop" >/dev/null 2>&1
lvm_run lvcreate -q -an -Zn -y -L 4M -n root goodvg >/dev/null 2>&1
lvm_run lvcreate -q -an -Zn -y -L 4M -n home goodvg >/dev/null 2>&1
lvm_cleanup
for f in "$tmp/good.pv" "$tmp"/deep.img "$tmp"/unterminated.img "$tmp"/no-vg.img "$tmp"/bad-area.img; do
	n=$(basename "$f")
	# the first metadata area's header at 4 KiB; its first raw_locn at 40:
	# the text's offset in the area and its size (lvm2 lib/format_text/layout.h)
	off=$(od -An -t u8 -j $((4096 + 40)) -N 8 "$f" | tr -d ' ')
	size=$(od -An -t u8 -j $((4096 + 48)) -N 8 "$f" | tr -d ' ')
	dd if="$f" iflag=skip_bytes,count_bytes skip=$((4096 + off)) count="$size" status=none >"$D/${n%.*}.txt"
done
