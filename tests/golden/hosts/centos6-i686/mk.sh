# CentOS 6.10, 32-bit: ELF32 i386 binaries and an i686 kernel
. "$TOOLS/mkroot.sh"
rel=2.6.32-754.el6.i686
elf "$1/bin/bash" 32 3
ln -sf bash "$1/bin/sh"
mkdir -p "$1/boot" && : >"$1/boot/vmlinuz-$rel"
initramfs "$1/boot/initramfs-$rel.img" gzip "$rel" ata/ata_piix net/e1000
nic_device "$1" eth0 e1000 0000:02:01.0
