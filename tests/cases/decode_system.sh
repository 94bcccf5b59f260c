# decode_system.sh - the system decoders (collectors/lib/decode_system.c),
# each on its unit cases (tests/unit/<decoder>/cases; UPDATE=1 rewrites the
# expected JSON)
decode_units os-release release-file mountinfo fstab cpuinfo rule-pack

# what the collectors refuse to read, the decoders refuse too: a NUL byte
# in a text file (fsread's FSREAD_TEXT), a file over the collector's cap
printf 'ID=fedora\0\n' >"$OUT/os-release"
expect_exit "decode os-release: a NUL byte is refused" 1 '' "$PREMIG" debug decode os-release "$OUT/os-release"
check "decode os-release: the NUL byte is the reason" grep -q 'NUL byte' "$OUT/ee.out"
head -c 1100000 /dev/zero | tr '\0' '#' >"$OUT/fstab"
expect_exit "decode fstab: over the collector's cap" 1 '' "$PREMIG" debug decode fstab "$OUT/fstab"
check "decode fstab: the size is the reason" grep -q 'larger than 1048576 bytes' "$OUT/ee.out"
: >"$OUT/redhat-release"
expect_exit "decode release-file: an empty file is refused" 1 '' "$PREMIG" debug decode release-file "$OUT/redhat-release"

# the rule-pack decoder compiles checks in a store in memory: it makes no
# file (it once left a 323 KB store named ':memory:' in the working directory)
mkdir -p "$OUT/cwd"
(cd "$OUT/cwd" && "$PREMIG" debug decode rule-pack "$TOP/rules/mgn/MGN-BOOT-003.json" >/dev/null 2>&1)
if [ -z "$(ls -A "$OUT/cwd")" ]; then ok "rule-pack: no file made in the working directory"
else fail "rule-pack: no file made in the working directory" "$(ls -A "$OUT/cwd")"; fi
