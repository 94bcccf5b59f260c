#!/bin/sh
# mk.sh DEST - the sound initramfs images of the unit cases, one per
# compression premig reads, made by the real tools: GNU cpio -H newc (the
# format of the kernel's Documentation/driver-api/early-userspace/
# buffer-format.rst), then gzip, xz, xz --format=lzma, zstd, bzip2 and
# lz4 -l (the legacy format, lib/decompress_unlz4.c), each as dracut and
# initramfs-tools call them; and the early-microcode layout (an
# uncompressed cpio, then the compressed main archive, as dracut
# --early-microcode and initramfs-tools' early initramfs concatenate them).
# The members are a fixed tree (sizes and names do not change), so that the
# decoder's JSON is the same on every machine.
set -eu
out=$1
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

m=$tmp/main
mkdir -p "$m/usr/lib/modules/6.1.0-18-cloud-amd64/kernel/drivers/nvme/host" \
	"$m/usr/lib/modules/6.1.0-18-cloud-amd64/kernel/drivers/net/ethernet/amazon/ena" \
	"$m/usr/lib/modules/6.1.0-18-cloud-amd64/kernel/drivers/block" "$m/usr/bin" "$m/etc"
echo 'nvme module bytes' >"$m/usr/lib/modules/6.1.0-18-cloud-amd64/kernel/drivers/nvme/host/nvme-core.ko"
echo 'ena module bytes' >"$m/usr/lib/modules/6.1.0-18-cloud-amd64/kernel/drivers/net/ethernet/amazon/ena/ena.ko.xz"
echo 'virtio module bytes' >"$m/usr/lib/modules/6.1.0-18-cloud-amd64/kernel/drivers/block/virtio_blk.ko.zst"
seq 1 20000 >"$m/usr/bin/numbers"
printf '#!/bin/sh\nexec /sbin/init\n' >"$m/init"
ln -s ../usr/bin/numbers "$m/etc/numbers-link"
chmod 755 "$m/init"
# early microcode: kernel/x86/microcode/GenuineIntel.bin, uncompressed
e=$tmp/early
mkdir -p "$e/kernel/x86/microcode"
head -c 5000 /dev/zero | tr '\0' 'u' >"$e/kernel/x86/microcode/GenuineIntel.bin"

newc() {	# newc DIR: the tree as a newc archive, in name order
	(cd "$1" && find . ! -name . | sed 's,^\./,,' | LC_ALL=C sort |
		cpio -o -H newc --quiet --owner=0:0 --reproducible 2>/dev/null ||
		find . ! -name . | sed 's,^\./,,' | LC_ALL=C sort | cpio -o -H newc --quiet --owner=0:0)
}
newc "$m" >"$tmp/main.cpio"
newc "$e" >"$tmp/early.cpio"

cp "$tmp/main.cpio" "$out/cpio"
gzip -n -9 -c "$tmp/main.cpio" >"$out/gzip"
xz --check=crc32 -c "$tmp/main.cpio" >"$out/xz"
xz --format=lzma -c "$tmp/main.cpio" >"$out/lzma"
zstd -q -19 -c "$tmp/main.cpio" >"$out/zstd"
bzip2 -9 -c "$tmp/main.cpio" >"$out/bzip2"
lz4 -l -9 -q -c "$tmp/main.cpio" >"$out/lz4-legacy"
cat "$tmp/early.cpio" "$out/zstd" >"$out/early-cpio+zstd"
cat "$tmp/early.cpio" "$out/xz" >"$out/early-cpio+xz"
# two compressed segments one after the other (the kernel reads on after a stream)
cat "$out/gzip" "$out/zstd" >"$out/gzip+zstd"
