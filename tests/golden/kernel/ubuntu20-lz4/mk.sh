# Ubuntu 20.04: dash as bin/sh, and an initramfs-tools image with early
# microcode then the main archive compressed with lz4 (legacy format, as
# the kernel wants it); drivers both in the initramfs and built in
# (modules.builtin)
set -eu
. "$(dirname "$0")/../mkimg.sh"
root=$1
rel=5.4.0-150-generic
elf "$root/bin/dash" 64 62
ln -s dash "$root/bin/sh"
early=$(mktemp -d)
main=$(mktemp -d)
trap 'rm -rf "$early" "$main"' EXIT
files "$early" kernel/x86/microcode/AuthenticAMD.bin kernel/x86/microcode/GenuineIntel.bin
m=lib/modules/$rel/kernel/drivers
files "$main" init bin/busybox $m/net/ethernet/amazon/ena/ena.ko $m/block/xen-blkfront.ko
{
	newc "$early"
	newc "$main" | lz4 -l -q -c
} >"$root/boot/initrd.img-$rel"
