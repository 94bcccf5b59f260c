# fat.sh - collectors/lib/fat.c run alone by `premig debug decode fat`:
#
#  - FAT12, FAT16 and FAT32 volumes made by mkfs.vfat, with files put in by
#    mtools: every name (short, lower case 8.3 through the NT case bits,
#    long, non-ASCII) read back as mtools wrote them, and a file spread
#    over many clusters read whole (its length and CRC-32 those of the
#    file written);
#  - the malformed volumes of tests/malformed/fat (remade by its mk.sh:
#    cluster loops, chains past the end or into free clusters, BPB values
#    zero or huge, directory loops, directories deeper than the cap, a long
#    name with a bad checksum, a volume cut short): each gives its reason,
#    and none crashes or trips a sanitizer.

q() { jq -r "$@" 2>/dev/null; }
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got:  $2
want: $3"; fi
}

for t in mkfs.vfat mcopy; do
	if ! command -v $t >/dev/null 2>&1 && [ ! -x /sbin/$t ] && [ ! -x /usr/sbin/$t ]; then
		fail "fat: $t is not installed (tests/tools/deps.sh test installs it)"
		return 0 2>/dev/null || exit 0
	fi
done
PATH="$PATH:/sbin:/usr/sbin"
export MTOOLS_SKIP_CHECK=1

seq 1 9000 >"$OUT/big.txt"	# 43893 bytes: 86 clusters of 512, 22 of 2048
# its CRC-32 as zlib computes it: gzip's trailer holds it, little-endian
big_crc=$(gzip -c "$OUT/big.txt" | tail -c 8 | head -c 4 | od -An -tx4 | tr -d ' ')
printf 'default debian-*\n' >"$OUT/loader.conf"
for bits in 12 16 32; do
	img="$OUT/fat$bits.img"
	rm -f "$img"
	case $bits in
	12) truncate -s 4M "$img"; mkfs.vfat -F 12 -n ESP "$img" >/dev/null 2>&1 ;;
	16) truncate -s 32M "$img"; mkfs.vfat -F 16 -n ESP "$img" >/dev/null 2>&1 ;;
	32) truncate -s 40M "$img"; mkfs.vfat -F 32 -s 1 -n ESP "$img" >/dev/null 2>&1 ;;
	esac
	mmd -i "$img" ::/EFI ::/EFI/debian ::/EFI/BOOT ::/loader ::/loader/entries
	mcopy -i "$img" "$OUT/big.txt" ::/EFI/debian/grub.cfg
	mcopy -i "$img" "$OUT/big.txt" ::/EFI/BOOT/BOOTX64.EFI
	mcopy -i "$img" "$OUT/loader.conf" ::/loader/loader.conf
	mcopy -i "$img" "$OUT/loader.conf" "::/loader/entries/Debian GNU Linux 6.1.0-18-amd64.conf"
	# mtools converts the name from the locale's character set
	LC_ALL=C.UTF-8 mcopy -i "$img" "$OUT/loader.conf" "::/loader/entries/Übersicht.conf"
	"$PREMIG" debug decode fat "$img" >"$OUT/fat$bits.json" 2>"$OUT/fat$bits.err"
	expect "FAT$bits: read, nothing on stderr" "$? $(cat "$OUT/fat$bits.err")" "0 "
	got=$(q '"\(.type) \(.label) \(.partial)"' "$OUT/fat$bits.json")
	expect "FAT$bits: the type from the count of clusters, the label" "$got" "$bits ESP false"
	got=$(q '[.entries[] | .path + (if .dir then "/" else "" end)] | join(" ")' "$OUT/fat$bits.json")
	expect "FAT$bits: every name as mtools wrote it" "$got" \
		"EFI/ EFI/debian/ EFI/debian/grub.cfg EFI/BOOT/ EFI/BOOT/BOOTX64.EFI loader/ loader/entries/ loader/entries/Debian GNU Linux 6.1.0-18-amd64.conf loader/entries/Übersicht.conf loader/loader.conf"
	got=$(q '.entries[] | select(.path == "EFI/debian/grub.cfg") | "\(.read) \(.crc32)"' "$OUT/fat$bits.json")
	expect "FAT$bits: a file over many clusters reads back whole" "$got" "43893 $big_crc"
done

# mcopy's lower case 8.3 names, and mkfs.vfat's volume label in the BPB
got=$(q '.entries[2].path' "$OUT/fat16.json")
expect "lower case 8.3 name (NT case bits)" "$got" "EFI/debian/grub.cfg"

# ---- the malformed volumes, kept for good
# mal NAME: runs the fat decoder on tests/malformed/fat/NAME.img.gz into $OUT/NAME.json
mal() {
	gunzip -c "$TOP/tests/malformed/fat/$1.img.gz" >"$OUT/$1.img"
	"$PREMIG" debug decode fat "$OUT/$1.img" >"$OUT/$1.json" 2>"$OUT/$1.err"
	mal_rc=$?
	if [ -s "$OUT/$1.err" ]; then
		fail "$1: stderr" "$(head -c 2000 "$OUT/$1.err")"
	fi
}
refused() {	# refused NAME REASON
	mal "$1"
	expect "$1: refused with its reason" "$mal_rc $(q .error "$OUT/$1.json")" "1 $2"
}
refused zero-spc "sectors per cluster 0: not a power of 2 from 1 to 128"
refused huge-totsec "the BPB claims 2199023255040 bytes, more than the 65536 of the volume"
refused huge-fatsz "no data area: 131103 sectors of metadata in 128"
refused huge-rootents "no data area: 4099 sectors of metadata in 128"
refused truncated "the BPB claims 65536 bytes, more than the 16384 of the volume"
refused no-jump "no FAT boot sector (jump instruction and 55 AA signature)"

badfile() {	# badfile NAME REASON: the tree is read, the file is not
	mal "$1"
	expect "$1: the file's chain refused" \
		"$mal_rc $(q '.entries[] | select(.path == "EFI/debian/grub.cfg") | .read_error' "$OUT/$1.json")" \
		"0 $2"
}
badfile cluster-loop "the chain of cluster 4 loops (back to cluster 4)"
badfile chain-past-end "the chain of cluster 4 points to cluster 4080, past the last (94)"
badfile chain-free "the chain of cluster 4 reaches a free entry after 4"
badfile short-chain "the chain of 'EFI/debian/grub.cfg' holds 1536 bytes, its entry says 50000"

partial() {	# partial NAME NOTES PATHS: the tree read in part, with its notes
	mal "$1"
	expect "$1: partial, with the reason" \
		"$mal_rc $(q '"\(.partial) \(.notes // [] | join("; "))"' "$OUT/$1.json")" "0 true $2"
	expect "$1: what was read" "$(q '[.entries[].path] | join(" ")' "$OUT/$1.json")" "$3"
}
partial dir-loop "EFI/debian: a directory loop (cluster 2 is a directory above)" "EFI EFI/debian"
partial dir-chain-self "EFI: the chain of cluster 2 loops (cluster 2 twice)" "EFI"
partial deep "a/b/c/d/e/f/g/h/i: deeper than 8 levels, not read" \
	"EFI EFI/debian EFI/debian/grub.cfg a a/b a/b/c a/b/c/d a/b/c/d/e a/b/c/d/e/f a/b/c/d/e/f/g a/b/c/d/e/f/g/h a/b/c/d/e/f/g/h/i"

mal lfn-checksum
expect "a long name whose checksum fails: the short name stands" \
	"$mal_rc $(q '[.entries[].path] | join(" ")' "$OUT/lfn-checksum.json")" \
	"0 EFI EFI/debian EFI/debian/grub.cfg EFI/ALONGN~1.TXT"

# every file kept there is checked above
for f in "$TOP"/tests/malformed/fat/*.img.gz; do
	n=$(basename "$f" .img.gz)
	[ -f "$OUT/$n.json" ] || fail "tests/malformed/fat/$n.img.gz is not checked by fat.sh"
done
