# Ubuntu 22.04, x86-64, UEFI: early microcode then a zstd archive
. "$TOOLS/mkroot.sh"
rel=5.15.0-91-generic
elf "$1/usr/bin/dash" 64 62
mkdir -p "$1/usr/bin" && ln -sf dash "$1/usr/bin/sh"
ln -sf usr/bin "$1/bin"
mkdir -p "$1/boot" && : >"$1/boot/vmlinuz-$rel"
initramfs "$1/boot/initrd.img-$rel" microcode+zstd "$rel" net/ethernet/amazon/ena/ena block/xen-blkfront net/xen-netfront
nic_device "$1" enp1s0 virtio_net 0000:01:00.0
