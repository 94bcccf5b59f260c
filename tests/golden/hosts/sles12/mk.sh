# SLES 12 SP5 on Hyper-V: an xz initramfs (dracut) with xen drivers
. "$TOOLS/mkroot.sh"
rel=4.12.14-122.37-default
elf "$1/bin/bash" 64 62
ln -sf bash "$1/bin/sh"
mkdir -p "$1/boot" && : >"$1/boot/vmlinuz-$rel"
initramfs "$1/boot/initrd-$rel" xz "$rel" block/xen-blkfront net/xen-netfront block/virtio_blk
mkdir -p "$1/sys/class/net/eth0"
ln -sfn "../../../devices/LNXSYSTM:00/vmbus" "$1/sys/class/net/eth0/device"
mkdir -p "$1/sys/devices/LNXSYSTM:00/vmbus" "$1/sys/bus/vmbus/drivers/hv_netvsc"
ln -sfn "../../bus/vmbus/drivers/hv_netvsc" "$1/sys/devices/LNXSYSTM:00/vmbus/driver"
