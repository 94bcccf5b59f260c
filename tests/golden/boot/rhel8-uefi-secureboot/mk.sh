# RHEL 8.9 on UEFI with Secure Boot on: a captured sys/firmware/efi with
# the SecureBoot variable (efivarfs: 4 attribute bytes, then 1); grubenv
# sits on the ESP beside grub.cfg, and saves no entry
mkdir -p "$1/sys/firmware/efi/efivars"
printf '\006\000\000\000\001' >"$1/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-e98c31f7b6ee"
printf '\006\000\000\000\000' >"$1/sys/firmware/efi/efivars/SetupMode-8be4df61-93ca-11d2-aa0d-e98c31f7b6ee"
{
	printf '# GRUB Environment Block\n'
	printf 'kernelopts=root=/dev/mapper/rhel-root ro crashkernel=auto rhgb quiet \n'
} >"$1/boot/efi/EFI/redhat/grubenv"
n=$((1024 - $(wc -c <"$1/boot/efi/EFI/redhat/grubenv")))
head -c "$n" /dev/zero | tr '\0' '#' >>"$1/boot/efi/EFI/redhat/grubenv"
mkdir -p "$1/boot/grub2"
ln -s ../efi/EFI/redhat/grubenv "$1/boot/grub2/grubenv"
