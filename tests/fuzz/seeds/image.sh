#!/bin/sh
# seeds for fuzz-image: one small disk converted by qemu-img into every
# format image.c tells apart (raw, flat and sparse and streamOptimized
# VMDK, fixed and dynamic VHD, VHDX, qcow2 and qcow, VDI), each cut to
# libFuzzer's -max_len of 1 MiB (the fixed VHD kept whole: its footer is
# its last sector); compressed files by xz, gzip, zstd and bzip2; and the
# VMDK descriptors of tests/malformed/disks/mk.sh
set -u
PATH=$PATH:/usr/sbin:/sbin
D=$1
cd "$D" || exit 1
rm -f disk.raw
truncate -s 512K disk.raw
printf 'label: dos\nstart=8, type=83\n' | sfdisk -q disk.raw >/dev/null 2>&1
qemu-img convert -q -f raw -O vpc -o subformat=fixed,force_size=on disk.raw fixed.vhd
for fmt in "vmdk -o subformat=monolithicSparse:sparse.vmdk" "vmdk -o subformat=streamOptimized:stream.vmdk" \
	"vmdk -o subformat=monolithicFlat:flat.vmdk" "vpc -o subformat=dynamic:dynamic.vhd" \
	"vhdx:disk.vhdx" "qcow2:disk.qcow2" "qcow:disk.qcow" "vdi:disk.vdi"; do
	# shellcheck disable=SC2086
	qemu-img convert -q -f raw -O ${fmt%%:*} disk.raw "${fmt#*:}" 2>/dev/null || continue
	head -c 1048576 "${fmt#*:}" >x && mv x "${fmt#*:}"
done
rm -f flat-flat.vmdk
for c in xz gzip zstd bzip2; do
	$c -c disk.raw >"disk.raw.$c" 2>/dev/null || rm -f "disk.raw.$c"
done
tmp=$(mktemp -d)
if sh "$TOP/tests/malformed/disks/mk.sh" "$tmp" >/dev/null 2>&1; then
	for f in "$tmp"/*.vmdk; do
		[ "$(wc -c <"$f")" -le 65536 ] && cp "$f" "mal-$(basename "$f")"
	done
fi
rm -rf "$tmp"
