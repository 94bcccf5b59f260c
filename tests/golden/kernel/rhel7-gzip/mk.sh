# RHEL 7: bash as bin/sh (a 64-bit x86-64 ELF), and a dracut initramfs
# compressed with gzip holding the Xen and virtio front-end modules (.ko.xz)
set -eu
. "$(dirname "$0")/../mkimg.sh"
root=$1
rel=3.10.0-1160.el7.x86_64
elf "$root/usr/bin/bash" 64 62
mkdir -p "$root/bin"
ln -s ../usr/bin/bash "$root/bin/sh"
img=$(mktemp -d)
trap 'rm -rf "$img"' EXIT
m=usr/lib/modules/$rel/kernel/drivers
files "$img" usr/bin/bash usr/lib/dracut/modules.txt etc/fstab.empty \
	usr/lib/modules/$rel/modules.dep \
	$m/block/xen-blkfront.ko.xz $m/net/xen-netfront.ko.xz \
	$m/block/virtio_blk.ko.xz $m/net/virtio_net.ko.xz \
	$m/virtio/virtio_pci.ko.xz $m/scsi/virtio_scsi.ko.xz \
	$m/ata/ata_piix.ko.xz $m/scsi/sd_mod.ko.xz
newc "$img" | gzip -9 -n >"$root/boot/initramfs-$rel.img"
