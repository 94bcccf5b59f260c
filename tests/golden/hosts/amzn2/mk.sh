# Amazon Linux 2 on Nitro: a gzip initramfs with ena, nvme built in
. "$TOOLS/mkroot.sh"
rel=4.14.336-255.557.amzn2.x86_64
elf "$1/usr/bin/bash" 64 62
ln -sf usr/bin "$1/bin"
mkdir -p "$1/boot" && : >"$1/boot/vmlinuz-$rel"
initramfs "$1/boot/initramfs-$rel.img" gzip "$rel" net/ethernet/amazon/ena/ena block/xen-blkfront net/xen-netfront
nic_device "$1" eth0 ena 0000:00:05.0
