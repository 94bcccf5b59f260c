# a RHEL 7 root without proc and with two kernels installed: which one
# runs cannot be told, so the release and everything that hangs on it are
# unknown; the architecture still comes from bash's ELF header
set -eu
. "$(dirname "$0")/../mkimg.sh"
root=$1
elf "$root/usr/bin/bash" 64 62
mkdir -p "$root/bin"
ln -s ../usr/bin/bash "$root/bin/sh"
for rel in 3.10.0-1127.el7.x86_64 3.10.0-1160.el7.x86_64; do
	img=$(mktemp -d)
	files "$img" "usr/lib/modules/$rel/kernel/drivers/block/xen-blkfront.ko.xz"
	newc "$img" | gzip -n >"$root/boot/initramfs-$rel.img"
	rm -rf "$img"
done
