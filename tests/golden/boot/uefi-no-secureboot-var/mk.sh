# a captured sysfs of UEFI firmware that has no Secure Boot: efivarfs
# holds other variables but no SecureBoot
mkdir -p "$1/sys/firmware/efi/efivars"
printf '\006\000\000\000\001\000' >"$1/sys/firmware/efi/efivars/BootCurrent-8be4df61-93ca-11d2-aa0d-e98c31f7b6ee"
