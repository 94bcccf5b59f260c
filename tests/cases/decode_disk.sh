# decode_disk.sh - the decoders of disks (collectors/lib/decode_disk.c) run
# alone, `premig debug decode NAME FILE`, on the inputs of tests/unit/NAME/:
#
#  - tests/unit/NAME/mk.sh DIR makes them at test time with the real tools
#    (sfdisk, sgdisk, mkfs.vfat, mkswap, qemu-img, mtools, lvm2, xz...), from
#    the malformed inputs kept in tests/malformed/ (disks/mk.sh, fat/, lvm/)
#    and from ../shared/corpus/blkid (decompressed in $OUT);
#  - tests/malformed/NAME/found-*: inputs fuzzing found (a crash, hang or
#    blow-up, fixed), kept for good;
#  - each input's JSON (after tests/unit/NAME/normalize.jq, where the tool
#    makes random UUIDs) must equal tests/unit/NAME/INPUT.json; UPDATE=1
#    rewrites those (review the diff).  No decoder may exit other than 0
#    (read) or 1 (refused), write to stderr, or trip a sanitizer.
PATH="$PATH:/sbin:/usr/sbin"
MALDISKS="$OUT/maldisks"
export MALDISKS
if ! sh "$TOP/tests/malformed/disks/mk.sh" "$MALDISKS" >"$OUT/maldisks.log" 2>&1; then
	fail "decode_disk: tests/malformed/disks/mk.sh" "$(tail -n 20 "$OUT/maldisks.log")"
fi
corpus_missing=
[ -d "$CORPUS/blkid" ] || corpus_missing=1
[ -z "$corpus_missing" ] || fail "decode_disk: $CORPUS/blkid is missing (the corpus is ../shared/corpus): its cases not run"

for dec in ptable image fat elf-arch lvm-pv lvm-text; do
	dir="$OUT/in/$dec"
	want="$TOP/tests/unit/$dec"
	mkdir -p "$dir"
	if ! sh "$want/mk.sh" "$dir" >"$OUT/$dec.mk.log" 2>&1; then
		fail "decode_disk: tests/unit/$dec/mk.sh" "$(tail -n 20 "$OUT/$dec.mk.log")"
		continue
	fi
	for f in "$TOP/tests/malformed/$dec"/found-*; do
		[ -f "$f" ] && cp "$f" "$dir/"
	done
	n=0
	for f in "$dir"/*; do
		[ -f "$f" ] || continue
		name=$(basename "$f")
		got="$OUT/$dec.$name.json"
		(cd "$dir" && "$PREMIG" debug decode "$dec" "$name") >"$got.raw" 2>"$got.err"
		rc=$?
		if [ $rc -gt 1 ] || [ -s "$got.err" ]; then
			fail "$dec $name: exit $rc" "$(head -c 2000 "$got.err")"
			continue
		fi
		if [ -f "$want/normalize.jq" ]; then
			jq -f "$want/normalize.jq" "$got.raw" >"$got"
		else
			# as premig prints it (jq would round integers past 2^53)
			cp "$got.raw" "$got"
		fi
		n=$((n + 1))
		if [ -n "${UPDATE:-}" ]; then
			cp "$got" "$want/$name.json"
			ok "$dec $name: expected rewritten"
		elif [ ! -f "$want/$name.json" ]; then
			fail "$dec $name: no tests/unit/$dec/$name.json (UPDATE=1 writes it)" "$(head -n 30 "$got")"
		elif cmp -s "$got" "$want/$name.json"; then
			ok "$dec $name"
		else
			fail "$dec $name: differs from tests/unit/$dec/$name.json" \
				"$(diff -u "$want/$name.json" "$got" | head -n 40)"
		fi
	done
	# every expected file has its input
	for e in "$want"/*.json; do
		[ -f "$e" ] || continue
		name=$(basename "$e" .json)
		case $name in corpus-*) [ -z "$corpus_missing" ] || continue ;; esac
		[ -f "$dir/$name" ] || fail "$dec: tests/unit/$dec/$name.json has no input (mk.sh no longer makes $name)"
	done
	[ $n -gt 0 ] || fail "$dec: no input decoded"
done
