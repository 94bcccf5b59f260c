#!/bin/sh
# seeds for fuzz-rpm-header: the header blobs rpm 4.18 wrote into its
# database for the packages of tests/golden/packages/rhel7-bdb
# (tests/unit/rpmdb/mk.sh), and those of the malformed SQLite databases of
# tests/malformed/packages
set -u
t=$1/.mk
TOP="$TOP" sh "$TOP/tests/unit/rpmdb/mk.sh" "$t" >/dev/null 2>&1
cp "$t"/header-* "$1/" 2>/dev/null
rm -rf "$t"
for f in "$TOP"/tests/malformed/packages/*.rpmdb.sql; do
	n=$(basename "$f" .sql)
	# the hostile ones hold no header to take: a view without end, a huge column
	case $n in sqlite-view-loop.* | sqlite-huge-blob.*) continue ;; esac
	sqlite3 "$1/.db" <"$f"
	timeout 20 sqlite3 "$1/.db" "SELECT writefile('$1/$n-' || hnum, blob) FROM Packages WHERE typeof(blob) = 'blob'" >/dev/null 2>&1
	rm -f "$1/.db"
done
