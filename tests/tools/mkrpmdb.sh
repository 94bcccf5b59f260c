#!/bin/sh
# mkrpmdb.sh - an rpm package database for a fixture, made with real tools
#
#   mkrpmdb.sh KIND DBDIR LIST
#
# Builds one empty package per LIST line with rpmbuild, records them with
# rpm -i --justdb into a fresh rpm 4.18 database, then writes DBDIR in the
# form KIND asks for:
#   sqlite   rpmdb.sqlite and its companions, as rpm itself leaves them
#   bdb      the Berkeley DB hash file "Packages" of rpm before 4.16, written
#            by Berkeley DB's own loader (db5.3_load) from the header blobs
#            rpm wrote: key 0 holds rpm's instance counter, every other key a
#            header instance number in the writer's byte order
#   bdb-be   the same in big-endian byte order, as on s390x or ppc64
#   ndb      SUSE's Packages.db, written by mkndb.pl after the layout of rpm's
#            lib/backend/ndb/rpmpkg.c (Debian's rpm has no ndb backend)
# LIST lines: "name epoch version release arch [description-bytes]", epoch
# "-" for none.  BDB_OPTS adds db5.3_load -c options (h_ffactor=4 splits
# the hash into many buckets).
set -eu

kind=${1:?usage: mkrpmdb.sh KIND DBDIR LIST}
dbdir=${2:?usage: mkrpmdb.sh KIND DBDIR LIST}
list=${3:?usage: mkrpmdb.sh KIND DBDIR LIST}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

for tool in rpmbuild rpm sqlite3; do
	command -v $tool >/dev/null 2>&1 || { echo "mkrpmdb.sh: $tool missing (tests/tools/deps.sh test)" >&2; exit 1; }
done

cat >"$tmp/fixture.spec" <<'SPEC'
Name: %{pname}
Version: %{pver}
Release: %{prel}
%if "%{pepoch}" != "-"
Epoch: %{pepoch}
%endif
Summary: premig test fixture package
License: MIT
%if "%{parch}" == "noarch"
BuildArch: noarch
%endif
%description
%{pdesc}
%files
SPEC

while read -r name epoch version release arch desc; do
	case $name in "" | "#"*) continue ;; esac
	# a long description makes a header that spans several overflow pages
	text="A fixture package with no files."
	if [ -n "${desc:-}" ]; then
		text=$(awk -v n="$desc" 'BEGIN { for (i = 0; i < n; i++) printf "%c", 97 + i % 26 }')
	fi
	rpmbuild -bb --quiet --define "_topdir $tmp/top" --define "pname $name" \
		--define "pver $version" --define "prel $release" --define "pepoch $epoch" \
		--define "parch $arch" --define "pdesc $text" --target "$arch" \
		"$tmp/fixture.spec" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; exit 1; }
done <"$list"

mkdir -p "$tmp/db" "$dbdir"
rpm --dbpath "$tmp/db" --initdb
# Debian's rpm warns that it is not the package manager here; it is not
find "$tmp/top/RPMS" -name '*.rpm' | sort >"$tmp/rpms"
# shellcheck disable=SC2046
rpm --dbpath "$tmp/db" -i --justdb --nodeps --ignorearch --ignoreos --noscripts \
	--notriggers $(cat "$tmp/rpms") 2>"$tmp/rpm.err" || { cat "$tmp/rpm.err" >&2; exit 1; }

# db_load -T text: a key line, a value line, bytes as \xx escapes
blobs() {	# blobs le|be
	sqlite3 "$tmp/db/rpmdb.sqlite" "SELECT max(hnum) FROM Packages" | {
		read -r last
		key "$1" 0
		key "$1" "$last"
	}
	sqlite3 -separator ' ' "$tmp/db/rpmdb.sqlite" \
		"SELECT hnum, lower(hex(blob)) FROM Packages ORDER BY hnum" |
	while read -r hnum hex; do
		key "$1" "$hnum"
		printf '%s\n' "$hex" | sed 's/../\\&/g'
	done
}
key() {		# key le|be N: four bytes
	if [ "$1" = le ]; then
		printf '\\%02x\\%02x\\%02x\\%02x\n' $(($2 & 255)) $(($2 >> 8 & 255)) \
			$(($2 >> 16 & 255)) $(($2 >> 24 & 255))
	else
		printf '\\%02x\\%02x\\%02x\\%02x\n' $(($2 >> 24 & 255)) $(($2 >> 16 & 255)) \
			$(($2 >> 8 & 255)) $(($2 & 255))
	fi
}

case $kind in
sqlite)
	cp -p "$tmp/db/rpmdb.sqlite" "$tmp/db/.rpm.lock" "$dbdir/"
	for f in rpmdb.sqlite-shm rpmdb.sqlite-wal; do
		[ -f "$tmp/db/$f" ] && cp -p "$tmp/db/$f" "$dbdir/"
	done
	;;
bdb | bdb-be)
	command -v db5.3_load >/dev/null 2>&1 || { echo "mkrpmdb.sh: db5.3_load missing (db5.3-util)" >&2; exit 1; }
	order=le lorder=1234
	[ "$kind" = bdb-be ] && order=be lorder=4321
	blobs $order >"$tmp/load.txt"
	rm -f "$dbdir/Packages"
	# shellcheck disable=SC2086
	db5.3_load -T -t hash -c db_pagesize=4096 -c db_lorder=$lorder ${BDB_OPTS:-} \
		"$dbdir/Packages" <"$tmp/load.txt"
	;;
ndb)
	sqlite3 -separator ' ' "$tmp/db/rpmdb.sqlite" \
		"SELECT hnum, lower(hex(blob)) FROM Packages ORDER BY hnum" |
		perl "$here/mkndb.pl" >"$dbdir/Packages.db"
	;;
*)
	echo "mkrpmdb.sh: unknown kind '$kind'" >&2
	exit 2
	;;
esac
