#!/bin/sh
# seeds for fuzz-rpmdb-bdb: Berkeley DB hash databases made by db5.3_load
# from rpm's own headers (tests/unit/rpmdb/mk.sh: both byte orders, one with
# overflow pages) and the malformed ones of tests/malformed/packages
set -u
t=$1/.mk
TOP="$TOP" sh "$TOP/tests/unit/rpmdb/mk.sh" "$t" >/dev/null 2>&1
cp "$t"/Packages* "$1/" 2>/dev/null
rm -f "$1/Packages.db"
rm -rf "$t"
for f in "$TOP"/tests/malformed/packages/*.Packages.hex; do
	perl -ne 's/\s+//g; print pack("H*", $_)' "$f" >"$1/$(basename "$f" .hex)"
done
