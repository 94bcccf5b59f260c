#!/bin/sh
# efivar.sh - writes a UEFI variable under ROOT/sys/firmware/efi as the
# Linux kernel shows it, so that fixtures follow the specification rather
# than the code they test:
#
#   efivar.sh [--sysfs] [--guid GUID --attrs N] ROOT NAME BYTE...
#
# The vendor GUID is EFI_GLOBAL_VARIABLE, 8be4df61-93ca-11d2-aa0d-00e098032b8c
# (UEFI specification 2.x, section 3.3 "Globally Defined Variables"; the
# same bytes as edk2's MdePkg/Include/Guid/GlobalVariable.h and the kernel's
# EFI_GLOBAL_VARIABLE_GUID).  The attributes of a global variable are those
# the same section's table gives it: SecureBoot, SetupMode, AuditMode,
# DeployedMode and BootCurrent are BS, RT (0x06: the firmware sets them,
# nothing stores them); BootOrder, Boot####, Timeout are NV, BS, RT (0x07).
# The bits are section 8.2's (GetVariable()): EFI_VARIABLE_NON_VOLATILE
# 0x1, EFI_VARIABLE_BOOTSERVICE_ACCESS 0x2, EFI_VARIABLE_RUNTIME_ACCESS 0x4.
# --guid and --attrs write a variable of another vendor GUID.
#
# efivarfs (the kernel's Documentation/filesystems/efivarfs.rst): the file
# efivars/NAME-GUID holds the 4 attribute bytes, little-endian, then the
# data.  --sysfs writes the interface before efivarfs (kernels before 3.8,
# Documentation/ABI/stable/sysfs-firmware-efi-vars): a directory
# vars/NAME-GUID whose "data" holds the bare value and "attributes" the
# names of the attribute bits set, one a line, as drivers/firmware/efivars.c
# printed them.  Each BYTE is a number 0-255, the variable's data in order.
set -eu

GLOBAL=8be4df61-93ca-11d2-aa0d-00e098032b8c
sysfs=0 guid=$GLOBAL attrs=
while [ $# -gt 0 ]; do
	case $1 in
	--sysfs) sysfs=1; shift ;;
	--guid) guid=$2; shift 2 ;;
	--attrs) attrs=$2; shift 2 ;;
	*) break ;;
	esac
done
if [ $# -lt 3 ]; then
	echo "usage: efivar.sh [--sysfs] [--guid GUID --attrs N] ROOT NAME BYTE..." >&2
	exit 2
fi
root=$1 name=$2
shift 2
if [ -z "$attrs" ]; then
	[ "$guid" = "$GLOBAL" ] || { echo "efivar.sh: --guid needs --attrs" >&2; exit 2; }
	case $name in
	SecureBoot | SetupMode | AuditMode | DeployedMode | BootCurrent) attrs=6 ;;
	BootOrder | Boot[0-9A-F][0-9A-F][0-9A-F][0-9A-F] | Timeout) attrs=7 ;;
	*) echo "efivar.sh: $name: not a global variable this script knows" >&2; exit 2 ;;
	esac
fi

# byte N: the byte of value N
byte() {
	[ "$1" -ge 0 ] && [ "$1" -le 255 ] || { echo "efivar.sh: byte $1 out of range" >&2; exit 2; }
	printf "\\$(printf '%03o' "$1")"
}

data() {
	for b in "$@"; do
		byte "$b"
	done
}

if [ $sysfs -eq 1 ]; then
	d="$root/sys/firmware/efi/vars/$name-$guid"
	mkdir -p "$d"
	data "$@" >"$d/data"
	{
		[ $((attrs & 1)) -eq 0 ] || echo EFI_VARIABLE_NON_VOLATILE
		[ $((attrs & 2)) -eq 0 ] || echo EFI_VARIABLE_BOOTSERVICE_ACCESS
		[ $((attrs & 4)) -eq 0 ] || echo EFI_VARIABLE_RUNTIME_ACCESS
	} >"$d/attributes"
	printf '%s\n' "$guid" >"$d/guid"
	printf '0x%x\n' $# >"$d/size"
else
	mkdir -p "$root/sys/firmware/efi/efivars"
	{
		byte $((attrs & 255))
		byte $(((attrs >> 8) & 255))
		byte $(((attrs >> 16) & 255))
		byte $(((attrs >> 24) & 255))
		data "$@"
	} >"$root/sys/firmware/efi/efivars/$name-$guid"
fi
