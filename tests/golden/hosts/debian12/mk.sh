# Debian 12, x86-64: an lz4 (legacy format) initramfs
. "$TOOLS/mkroot.sh"
rel=6.1.0-17-amd64
elf "$1/usr/bin/dash" 64 62
ln -sf usr/bin "$1/bin"
mkdir -p "$1/boot" && : >"$1/boot/vmlinuz-$rel"
initramfs "$1/boot/initrd.img-$rel" lz4 "$rel" block/virtio_blk
nic_device "$1" ens3 virtio_net 0000:00:03.0
