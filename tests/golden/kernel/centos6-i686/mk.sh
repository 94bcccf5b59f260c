# CentOS 6, 32-bit: bash is a 32-bit i386 ELF, the release names i686; no
# modules.builtin (built-in drivers unknown); a dracut initramfs compressed
# with gzip holding xen-blkfront and virtio (plain .ko)
set -eu
. "$(dirname "$0")/../mkimg.sh"
root=$1
rel=2.6.32-754.35.1.el6.i686
elf "$root/bin/bash" 32 3
ln -s bash "$root/bin/sh"
img=$(mktemp -d)
trap 'rm -rf "$img"' EXIT
m=lib/modules/$rel/kernel/drivers
files "$img" bin/bash init $m/block/xen-blkfront.ko $m/block/virtio_blk.ko \
	$m/net/virtio_net.ko $m/virtio/virtio_pci.ko
newc "$img" | gzip -n >"$root/boot/initramfs-$rel.img"
