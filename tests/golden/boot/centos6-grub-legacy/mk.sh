# CentOS 6 on BIOS: menu.lst and etc/grub.conf are links to grub.conf, as
# anaconda makes them; udev's by-uuid link names /boot's partition
ln -s ./grub.conf "$1/boot/grub/menu.lst"
ln -s ../boot/grub/grub.conf "$1/etc/grub.conf"
mkdir -p "$1/dev/disk/by-uuid"
ln -s ../../sda1 "$1/dev/disk/by-uuid/0b1a7a43-1f0a-4c65-9d4e-6e1b2f3a4b5c"
