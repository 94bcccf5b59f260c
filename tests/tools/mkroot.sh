# mkroot.sh - shell functions that add the binary parts of a fixture root
# (ELF headers, kernel images, initramfs archives, sysfs links), made with
# real tools from readable arguments.  Sourced by tests/golden/*/*/mk.sh.

# elf PATH BITS MACHINE: a 64-byte ELF header of an executable.
# BITS is 32 or 64; MACHINE is e_machine (3 i386, 62 x86-64, 183 aarch64).
elf() {
	mkdir -p "$(dirname "$1")"
	class=$(( $2 == 64 ? 2 : 1 ))
	lo=$(($3 & 255))
	hi=$(($3 >> 8))
	{
		printf '\177ELF'
		printf "\\$(printf %03o "$class")\\001\\001\\000"
		printf '\000\000\000\000\000\000\000\000'
		printf '\002\000'
		printf "\\$(printf %03o "$lo")\\$(printf %03o "$hi")"
		printf '\001\000\000\000'
		head -c 40 /dev/zero
	} >"$1"
}

# initramfs PATH COMPRESSION RELEASE MODULE... : a newc cpio archive holding
# usr/lib/modules/RELEASE/kernel/drivers/<MODULE>.ko (MODULE may carry a
# directory such as block/xen-blkfront), compressed with gzip, xz, zstd,
# lz4 (legacy) or none.  COMPRESSION "microcode+zstd" prepends an
# uncompressed early-microcode archive, as Debian and Ubuntu build them.
initramfs() {
	out=$1 comp=$2 rel=$3
	shift 3
	tmp=$(mktemp -d)
	mkdir -p "$tmp/main/usr/lib/modules/$rel/kernel/drivers" "$tmp/main/bin" "$tmp/early/kernel/x86/microcode"
	for m in "$@"; do
		mkdir -p "$tmp/main/usr/lib/modules/$rel/kernel/drivers/$(dirname "$m")"
		printf 'module %s\n' "$m" >"$tmp/main/usr/lib/modules/$rel/kernel/drivers/$m.ko"
	done
	echo '#!/bin/sh' >"$tmp/main/init"
	printf 'microcode\n' >"$tmp/early/kernel/x86/microcode/GenuineIntel.bin"
	(cd "$tmp/main" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$tmp/main.cpio"
	mkdir -p "$(dirname "$out")"
	case $comp in
	none) cp "$tmp/main.cpio" "$out" ;;
	gzip) gzip -9 -n -c "$tmp/main.cpio" >"$out" ;;
	xz) xz --check=crc32 -c "$tmp/main.cpio" >"$out" ;;
	zstd) zstd -q -c "$tmp/main.cpio" >"$out" ;;
	lz4) lz4 -l -q -c "$tmp/main.cpio" >"$out" ;;
	microcode+*)
		(cd "$tmp/early" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$out"
		case ${comp#microcode+} in
		zstd) zstd -q -c "$tmp/main.cpio" >>"$out" ;;
		gzip) gzip -9 -n -c "$tmp/main.cpio" >>"$out" ;;
		xz) xz --check=crc32 -c "$tmp/main.cpio" >>"$out" ;;
		esac
		;;
	*) echo "mkroot: unknown compression $comp" >&2; rm -rf "$tmp"; return 1 ;;
	esac
	rm -rf "$tmp"
}

# nic_device ROOT IFACE DRIVER PCI: the sysfs links of a PCI network card:
# sys/class/net/IFACE/device -> the PCI device, whose driver link names DRIVER
nic_device() {
	d="$1/sys/devices/pci0000:00/$4"
	mkdir -p "$d" "$1/sys/bus/pci/drivers/$3" "$1/sys/class/net/$2"
	ln -sfn "../../../bus/pci/drivers/$3" "$d/driver"
	ln -sfn "../../../devices/pci0000:00/$4" "$1/sys/class/net/$2/device"
}
