#!/bin/sh
# mk.sh DIR - the inputs of the image decoder's cases (tests/cases/decode_disk.sh):
# one 512 KiB MBR disk (sfdisk) converted by qemu-img into every format
# image.c tells apart: raw, monolithicFlat VMDK (its descriptor: the decoder
# names the extent, it does not open it), monolithicSparse and
# streamOptimized VMDK, fixed and dynamic VHD, VHDX, qcow2, qcow, VDI; the
# disk compressed by xz, gzip, zstd and bzip2; and mal-*: the VMDK
# descriptors of tests/malformed/disks/mk.sh (extent lines edited: sectors
# or offset that wrap past 2^64 when multiplied by 512, 0 sectors), made
# there or taken from $MALDISKS.
set -eu
PATH=$PATH:/usr/sbin:/sbin
D=${1:?usage: mk.sh DIR}
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
mkdir -p "$D"
cd "$D"
rm -f disk.raw
truncate -s 512K disk.raw
printf 'label: dos\nlabel-id: 0x5eed0010\nstart=8, type=83\n' | sfdisk -q disk.raw >/dev/null
qemu-img convert -q -f raw -O vpc -o subformat=fixed,force_size=on disk.raw fixed.vhd
qemu-img convert -q -f raw -O vpc -o subformat=dynamic disk.raw dynamic.vhd
qemu-img convert -q -f raw -O vmdk -o subformat=monolithicFlat disk.raw flat.vmdk
qemu-img convert -q -f raw -O vmdk -o subformat=monolithicSparse disk.raw sparse.vmdk
qemu-img convert -q -f raw -O vmdk -o subformat=streamOptimized disk.raw stream.vmdk
qemu-img convert -q -f raw -O vhdx disk.raw disk.vhdx
qemu-img convert -q -f raw -O qcow2 disk.raw disk.qcow2
qemu-img convert -q -f raw -O qcow disk.raw disk.qcow
qemu-img convert -q -f raw -O vdi disk.raw disk.vdi
for c in xz gzip zstd bzip2; do
	$c -c disk.raw >"disk.raw.$c"
done

mal=${MALDISKS:-}
if [ -z "$mal" ]; then
	mal=$(mktemp -d)
	trap 'rm -rf "$mal"' EXIT
	sh "$TOP/tests/malformed/disks/mk.sh" "$mal" >/dev/null
fi
for f in shortcid small vmdk-offset-past vmdk-offset-wrap vmdk-sectors-wrap vmdk-zero; do
	cp "$mal/$f.vmdk" "mal-$f.vmdk"
done
