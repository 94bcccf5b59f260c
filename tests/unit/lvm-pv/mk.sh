#!/bin/sh
# mk.sh DIR - the inputs of the lvm-pv decoder's cases (tests/cases/decode_disk.sh):
# a PV made by lvm2's pvcreate, vgcreate and lvcreate (good.pv, two LVs),
# and the PVs of tests/malformed/lvm/mk.sh, made the same way and then
# broken one field each (mal-*.img, see there).  lvm2 makes new UUIDs and
# names the loop device it ran on each time: normalize.jq blanks those.
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
cp --sparse=always "$tmp/good.pv" "$D/good.pv"
for f in "$tmp"/*.img; do
	cp "$f" "$D/mal-$(basename "$f")"
done
