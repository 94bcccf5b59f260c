# CentOS 6.5, x86-64, BIOS: a gzip initramfs with virtio and xen modules
. "$TOOLS/mkroot.sh"
rel=2.6.32-431.el6.x86_64
elf "$1/bin/bash" 64 62
ln -sf bash "$1/bin/sh"
mkdir -p "$1/boot" && : >"$1/boot/vmlinuz-$rel"
initramfs "$1/boot/initramfs-$rel.img" gzip "$rel" block/virtio_blk net/virtio_net block/xen-blkfront net/xen-netfront scsi/virtio_scsi
nic_device "$1" eth0 vmxnet3 0000:0b:00.0
