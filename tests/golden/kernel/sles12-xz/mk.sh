# SLES 12 SP5: bash as bin/sh, and a dracut initrd at boot/initrd-RELEASE
# compressed with xz (CRC32 check, as SUSE's dracut writes it) holding the
# Xen front-ends, virtio and nvme (plain .ko)
set -eu
. "$(dirname "$0")/../mkimg.sh"
root=$1
rel=4.12.14-122.37-default
elf "$root/bin/bash" 64 62
ln -s bash "$root/bin/sh"
img=$(mktemp -d)
trap 'rm -rf "$img"' EXIT
m=lib/modules/$rel/kernel/drivers
files "$img" bin/bash etc/fstab lib/modules/$rel/modules.dep \
	$m/block/xen-blkfront.ko $m/net/xen-netfront.ko \
	$m/block/virtio_blk.ko $m/net/virtio_net.ko $m/virtio/virtio_pci.ko \
	$m/scsi/virtio_scsi.ko $m/nvme/host/nvme.ko $m/nvme/host/nvme-core.ko
newc "$img" | xz --check=crc32 -q >"$root/boot/initrd-$rel"
