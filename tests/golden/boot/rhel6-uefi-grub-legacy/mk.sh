# RHEL 6 on UEFI: GRUB legacy as grub.efi on the ESP, its grub.conf beside
# it, and etc/grub.conf linking there as anaconda makes it
ln -s ../boot/efi/EFI/redhat/grub.conf "$1/etc/grub.conf"
