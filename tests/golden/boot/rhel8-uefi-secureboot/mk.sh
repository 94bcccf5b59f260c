# RHEL 8.9 on UEFI with Secure Boot on: a captured sys/firmware/efi with
# the SecureBoot variable = 1 and SetupMode = 0 (user mode), written by
# tests/tools/efivar.sh from the UEFI specification; grubenv sits on the
# ESP beside grub.cfg, and saves no entry
sh "$TOOLS/efivar.sh" "$1" SecureBoot 1
sh "$TOOLS/efivar.sh" "$1" SetupMode 0
{
	printf '# GRUB Environment Block\n'
	printf 'kernelopts=root=/dev/mapper/rhel-root ro crashkernel=auto rhgb quiet \n'
} >"$1/boot/efi/EFI/redhat/grubenv"
n=$((1024 - $(wc -c <"$1/boot/efi/EFI/redhat/grubenv")))
head -c "$n" /dev/zero | tr '\0' '#' >>"$1/boot/efi/EFI/redhat/grubenv"
mkdir -p "$1/boot/grub2"
ln -s ../efi/EFI/redhat/grubenv "$1/boot/grub2/grubenv"
