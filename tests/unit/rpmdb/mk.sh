#!/bin/sh
# mk.sh DEST - the sound rpm databases of the unit cases of rpmdb-sqlite,
# rpmdb-bdb, rpmdb-ndb and rpm-header, made by the real tools through
# tests/tools/mkrpmdb.sh (rpmbuild, rpm --justdb into rpm 4.18's SQLite
# database, db5.3_load for Berkeley DB, mkndb.pl after rpm's rpmpkg.c):
#   DEST/rpmdb.sqlite       rpm's own database (WAL mode, as rpm leaves it)
#   DEST/Packages           Berkeley DB hash, little-endian
#   DEST/Packages-be        the same big-endian (s390x, ppc64)
#   DEST/Packages-overflow  512-byte pages and a 3000-byte description: every
#                           header spans overflow pages (h_ffactor=4, many buckets)
#   DEST/Packages.db        ndb
#   DEST/header-N           the header blobs of rpmdb.sqlite, one per package
# from the package list of tests/golden/packages/rhel7-bdb.
set -eu
out=$1
TOP=${TOP:-$(cd "$(dirname "$0")/../../.." && pwd)}
list=$TOP/tests/golden/packages/rhel7-bdb/packages.list
mk=$TOP/tests/tools/mkrpmdb.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

sh "$mk" sqlite "$tmp/sqlite" "$list"
cp "$tmp/sqlite/rpmdb.sqlite" "$out/rpmdb.sqlite"
sh "$mk" bdb "$tmp/bdb" "$list"
cp "$tmp/bdb/Packages" "$out/Packages"
sh "$mk" bdb-be "$tmp/be" "$list"
cp "$tmp/be/Packages" "$out/Packages-be"
printf 'bigdesc - 1.0 1 noarch 3000\nsmall 2 0.1 3 x86_64\n' >"$tmp/big.list"
BDB_OPTS="-c db_pagesize=512 -c h_ffactor=4" sh "$mk" bdb "$tmp/ov" "$tmp/big.list"
cp "$tmp/ov/Packages" "$out/Packages-overflow"
sh "$mk" ndb "$tmp/ndb" "$list"
cp "$tmp/ndb/Packages.db" "$out/Packages.db"
sqlite3 "$out/rpmdb.sqlite" "SELECT writefile('$out/header-' || hnum, blob) FROM Packages" >/dev/null
