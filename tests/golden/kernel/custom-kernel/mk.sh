# a kernel built from source ("make install"): its release follows no
# distribution's naming, so it is not the distribution's kernel though its
# files are in place; proc gives the architecture; the initramfs is an
# uncompressed cpio holding virtio_scsi and nvme (modules with names in
# '_' spelling), with virtio_blk, virtio_net and virtio_pci built in
set -eu
. "$(dirname "$0")/../mkimg.sh"
root=$1
rel=6.6.30-custom
img=$(mktemp -d)
trap 'rm -rf "$img"' EXIT
m=lib/modules/$rel/kernel/drivers
files "$img" init $m/scsi/virtio_scsi.ko.zst $m/nvme/host/nvme.ko.zst $m/nvme/host/nvme_core.ko.zst
newc "$img" >"$root/boot/initramfs-$rel.img"
