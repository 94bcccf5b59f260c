#!/bin/sh
# seeds for fuzz-rpmdb-sqlite: rpm 4.18's own rpmdb.sqlite
# (tests/unit/rpmdb/mk.sh), the malformed ones of tests/malformed/packages
# (sqlite3 builds the .sql ones), all under libFuzzer's 1 MiB -max_len
set -u
t=$1/.mk
TOP="$TOP" sh "$TOP/tests/unit/rpmdb/mk.sh" "$t" >/dev/null 2>&1
cp "$t/rpmdb.sqlite" "$1/" 2>/dev/null
rm -rf "$t"
for f in "$TOP"/tests/malformed/packages/*.rpmdb.sqlite.hex; do
	perl -ne 's/\s+//g; print pack("H*", $_)' "$f" >"$1/$(basename "$f" .hex)"
done
for f in "$TOP"/tests/malformed/packages/*.rpmdb.sql; do
	sqlite3 "$1/$(basename "$f" .sql).sqlite" <"$f"
done
