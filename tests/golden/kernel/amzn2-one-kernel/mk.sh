# Amazon Linux 2 without proc: the release is the only one in lib/modules
# (its version string is then unknown); bin is a link to usr/bin, as on a
# merged /usr; the gzip initramfs holds ena and virtio, while nvme and the
# Xen front-ends are built in
set -eu
. "$(dirname "$0")/../mkimg.sh"
root=$1
rel=4.14.336-257.562.amzn2.x86_64
elf "$root/usr/bin/bash" 64 62
ln -s bash "$root/usr/bin/sh"
ln -s usr/bin "$root/bin"
img=$(mktemp -d)
trap 'rm -rf "$img"' EXIT
m=usr/lib/modules/$rel/kernel/drivers
files "$img" usr/bin/bash $m/net/ethernet/amazon/ena/ena.ko $m/block/virtio_blk.ko \
	$m/net/virtio_net.ko $m/virtio/virtio_pci.ko
newc "$img" | gzip -n >"$root/boot/initramfs-$rel.img"
