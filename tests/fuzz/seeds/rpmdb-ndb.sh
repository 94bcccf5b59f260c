#!/bin/sh
# seeds for fuzz-rpmdb-ndb: an ndb Packages.db of rpm's own headers
# (tests/unit/rpmdb/mk.sh, mkndb.pl after rpm's rpmpkg.c) and the malformed
# ones of tests/malformed/packages
set -u
t=$1/.mk
TOP="$TOP" sh "$TOP/tests/unit/rpmdb/mk.sh" "$t" >/dev/null 2>&1
cp "$t/Packages.db" "$1/" 2>/dev/null
rm -rf "$t"
for f in "$TOP"/tests/malformed/packages/*.Packages.db.hex; do
	perl -ne 's/\s+//g; print pack("H*", $_)' "$f" >"$1/$(basename "$f" .hex)"
done
