# decode.sh - `premig debug decode`, the verb that runs one decoder on one
# file (collectors/lib/decode.h); the decoders' own cases are in
# tests/cases/decode_*.sh

expect_exit "decode: no arguments" 2 'usage: premig debug decode' "$PREMIG" debug decode
expect_exit "debug: no tool" 2 'usage: premig debug decode' "$PREMIG" debug
expect_exit "decode: unknown decoder" 2 "no decoder 'nosuch'" "$PREMIG" debug decode nosuch /dev/null
expect_exit "decode: missing file" 5 'nosuch: No such file' "$PREMIG" debug decode lvm-text "$OUT/nosuch"
mkfifo "$OUT/fifo"
expect_exit "decode: a FIFO is refused, not waited on" 5 'not a regular file' \
	"$PREMIG" debug decode lvm-text "$OUT/fifo"
expect_exit "decode: a directory" 5 'not a regular file' "$PREMIG" debug decode lvm-text "$OUT"

# --list: every decoder once, with its help
"$PREMIG" debug decode --list >"$OUT/list" 2>&1
if [ -s "$OUT/list" ] && [ "$(awk '{print $1}' "$OUT/list" | sort | uniq -d)" = "" ] &&
	! awk 'NF < 2' "$OUT/list" | grep -q .; then
	ok "decode --list: $(wc -l <"$OUT/list") decoders, each named once with its help"
else
	fail "decode --list" "$(cat "$OUT/list")"
fi
# the Makefile's fuzz targets are the same list
want=$(awk '{print $1}' "$OUT/list" | sort | tr '\n' ' ')
got=$(make -s -C "$TOP" --no-print-directory -f Makefile -f - print-decoders <<'MK' 2>/dev/null | tr ' ' '\n' | sed '/^$/d' | sort | tr '\n' ' '
print-decoders:
	@echo $(DECODERS)
MK
)
if [ "$want" = "$got" ]; then
	ok "decode: make fuzz builds a target for every decoder"
else
	fail "decode: make fuzz's DECODERS differ from --list" "list: $want
make: $got"
fi

# refused input: exit 1, the reason in "error", status "refused"
printf 'not lvm metadata {{{' >"$OUT/bad.txt"
"$PREMIG" debug decode lvm-text "$OUT/bad.txt" >"$OUT/bad.json" 2>"$OUT/bad.err"
rc=$?
if [ $rc -eq 1 ] && [ "$(jq -r .status "$OUT/bad.json")" = refused ] &&
	[ -n "$(jq -r '.error // empty' "$OUT/bad.json")" ]; then
	ok "decode: a refused input exits 1 with its reason"
else
	fail "decode: refused input (exit $rc)" "$(cat "$OUT/bad.json" "$OUT/bad.err")"
fi
