# a captured sysfs of a kernel before efivarfs (RHEL 6): the variables are
# sysfs directories with the bare value in "data"; Secure Boot off
# (tests/tools/efivar.sh writes them as the kernel did)
mkdir -p "$1/sys/firmware/efi/efivars"
sh "$TOOLS/efivar.sh" --sysfs "$1" SecureBoot 0
