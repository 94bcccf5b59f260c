# mkimg.sh - helpers for the mk.sh of the kernel golden cases, which source
# it as `. "$(dirname "$0")/../mkimg.sh"`: tests/tools/mkroot.sh (elf, ...)
# plus what those cases need to lay out initramfs archives entry by entry.
. "$TOOLS/mkroot.sh"

# files DIR PATH...: a small file at each PATH under DIR (module bodies
# that only have to carry the right names)
files() {
	fdir=$1
	shift
	for fpath; do
		mkdir -p "$fdir/$(dirname "$fpath")"
		printf 'premig test file %s\n' "$fpath" >"$fdir/$fpath"
	done
}

# newc DIR: the cpio newc archive of DIR on stdout, names without "./",
# sorted, as initramfs-tools writes them
newc() {
	(cd "$1" && find . ! -name . | sed 's,^\./,,' | LC_ALL=C sort |
		cpio -o -H newc --quiet)
}
