# Debian 12: dash as bin/sh, and an initramfs-tools image in the early
# microcode layout: an uncompressed cpio with the CPU microcode (padded
# with zeros by cpio's 512-byte blocks), then the main archive compressed
# with zstd, holding nvme, nvme-core and ena
set -eu
. "$(dirname "$0")/../mkimg.sh"
root=$1
rel=6.1.0-18-amd64
elf "$root/usr/bin/dash" 64 62
mkdir -p "$root/bin"
ln -s ../usr/bin/dash "$root/bin/sh"
early=$(mktemp -d)
main=$(mktemp -d)
trap 'rm -rf "$early" "$main"' EXIT
files "$early" kernel/x86/microcode/GenuineIntel.bin kernel/x86/microcode/AuthenticAMD.bin
m=usr/lib/modules/$rel/kernel/drivers
files "$main" init usr/bin/busybox conf/initramfs.conf \
	usr/lib/modules/$rel/modules.order \
	$m/nvme/host/nvme.ko $m/nvme/host/nvme-core.ko \
	$m/net/ethernet/amazon/ena/ena.ko $m/md/dm-mod.ko
{
	newc "$early"
	newc "$main" | zstd -q -19
} >"$root/boot/initrd.img-$rel"
