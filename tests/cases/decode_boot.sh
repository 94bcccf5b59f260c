# decode_boot.sh - the boot decoders run alone (collectors/lib/decode_boot.c)
# through `premig debug decode`, each input's JSON compared with
# tests/unit/<decoder>/<name>.json (UPDATE=1 rewrites them):
#   initramfs   one sound image per compression, made here by GNU cpio and the
#               real compressors (tests/unit/initramfs/mk.sh), and the
#               malformed images of tests/malformed/initramfs, each refused
#               with the reason of its expected.tsv
#   grub2, grub-legacy, lilo, extlinux, bls
#               every such file of tests/golden, read in place

# ---- initramfs ----
imgs="$OUT/initramfs"
if sh "$TOP/tests/unit/initramfs/mk.sh" "$imgs" 2>"$OUT/initramfs.err"; then
	for f in "$imgs"/*; do
		decode_unit initramfs "${f##*/}" "$f"
	done
else
	fail "initramfs: the unit images could not be made" "$(cat "$OUT/initramfs.err")"
fi

mal="$OUT/initramfs-malformed"
if sh "$TOP/tests/malformed/initramfs/mk.sh" "$mal" 2>"$OUT/malformed.err"; then
	while IFS='	' read -r img comp pat; do
		case $img in "#"* | "") continue ;; esac
		"$PREMIG" debug decode initramfs "$mal/$img" >"$OUT/mal.json" 2>"$OUT/mal.err"
		rc=$?
		gcomp=$(jq -r '.compression // "null"' "$OUT/mal.json" 2>/dev/null)
		if [ $rc -ne 1 ] || [ "$(jq -r .status "$OUT/mal.json")" != refused ]; then
			fail "initramfs malformed $img: exit $rc, want 1 (refused)" "$(cat "$OUT/mal.json" "$OUT/mal.err")"
		elif [ "$gcomp" != "$comp" ]; then
			fail "initramfs malformed $img: compression" "want $comp, got $gcomp"
		elif ! jq -r .error "$OUT/mal.json" | grep -Eq -- "$pat"; then
			fail "initramfs malformed $img: reason" "want /$pat/, got: $(jq -r .error "$OUT/mal.json")"
		else
			ok "initramfs malformed $img"
		fi
	done <"$TOP/tests/malformed/initramfs/expected.tsv"
else
	fail "initramfs: the malformed images could not be made" "$(cat "$OUT/malformed.err")"
fi

# ---- boot loader configurations of tests/golden ----
# boot_menus DECODER FIND-ARGS...: decode_unit on each file found, named
# after its place in tests/golden
boot_menus() {
	bm_dec=$1
	shift
	find "$TOP/tests/golden" -type f "$@" | LC_ALL=C sort >"$OUT/files"
	[ -s "$OUT/files" ] || fail "$bm_dec: no input in tests/golden"
	while read -r f; do
		rel=${f#"$TOP/tests/golden/"}
		decode_unit "$bm_dec" "$(printf '%s' "$rel" | sed 's,/root/,/,; s,/,_,g')" "$f"
	done <"$OUT/files"
}
boot_menus grub2 -name grub.cfg
boot_menus grub-legacy \( -name menu.lst -o -name grub.conf \)
boot_menus lilo -name 'lilo.conf'
boot_menus extlinux \( -name extlinux.conf -o -name syslinux.cfg -o -name isolinux.cfg \)
boot_menus bls -path '*/loader/entries/*.conf'

# ---- inputs the fuzz targets found, kept for good ----
for f in "$TOP"/tests/malformed/lilo/*; do
	case ${f##*/} in README) continue ;; esac
	decode_unit lilo "malformed-${f##*/}" "$f"
done
