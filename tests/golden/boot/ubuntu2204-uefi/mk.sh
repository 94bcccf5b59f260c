# Ubuntu 22.04 on UEFI: the ESP's grub.cfg is a stub that reads
# boot/grub/grub.cfg; udev's link names the root partition
mkdir -p "$1/dev/disk/by-uuid" "$1/boot/efi/EFI/ubuntu"
ln -s ../../sda2 "$1/dev/disk/by-uuid/1b2c3d4e-aaaa-4bbb-8ccc-0123456789ab"
