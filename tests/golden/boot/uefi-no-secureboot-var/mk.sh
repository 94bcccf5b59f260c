# a captured sysfs of UEFI firmware that has no Secure Boot: efivarfs
# holds other variables but no SecureBoot (tests/tools/efivar.sh writes
# them as the UEFI specification and the kernel's efivarfs lay them out)
sh "$TOOLS/efivar.sh" "$1" BootCurrent 1 0
