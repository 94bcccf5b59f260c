# a captured sysfs of a kernel before efivarfs (RHEL 6): the variables are
# sysfs directories with the bare value in "data"; Secure Boot off
mkdir -p "$1/sys/firmware/efi/vars/SecureBoot-8be4df61-93ca-11d2-aa0d-e98c31f7b6ee" "$1/sys/firmware/efi/efivars"
printf '\000' >"$1/sys/firmware/efi/vars/SecureBoot-8be4df61-93ca-11d2-aa0d-e98c31f7b6ee/data"
printf '\006\000\000\000' >"$1/sys/firmware/efi/vars/SecureBoot-8be4df61-93ca-11d2-aa0d-e98c31f7b6ee/attributes"
