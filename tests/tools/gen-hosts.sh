#!/bin/sh
# gen-hosts.sh PREMIG DIR [HOSTS] - HOSTS (1000) per-host stores
# DIR/host-NNNNN.db for the merge section of `make bench`, as `premig` on
# each host leaves them: one scan of one host, assessed against both packs.
#
# The facts are gen-fleet.sh's (the same realistic mix): a fleet store of
# HOSTS is made and assessed once by PREMIG, then split one host a file.
# Each file starts as an empty store that PREMIG made (so its schema is the
# current one) and gets, by sqlite3 in one run for all the files, the rows
# of its host from every table with a scan_id column, its hosts and scans
# rows, and the assessment with its packs and rules.  Each scan gets a uid
# of 32 hex digits, as premig scan gives one (db_uid: 128 bits); here they
# are a function of the host's number, so that the files are the same in
# every run.  Splitting one generated store costs seconds; a real scan per
# host of a fixture root would cost minutes and give 1,000 identical hosts.
set -eu

PREMIG=${1:?usage: gen-hosts.sh PREMIG DIR [HOSTS]}
DIR=${2:?usage: gen-hosts.sh PREMIG DIR [HOSTS]}
N=${3:-1000}
TOOLS=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$DIR"
rm -f "$DIR"/host-*.db
sh "$TOOLS/gen-fleet.sh" "$PREMIG" "$tmp/fleet.db" "$N"
"$PREMIG" assess --quiet --db "$tmp/fleet.db" >/dev/null
sqlite3 "$tmp/fleet.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null

# the empty store: premig's, its rows gone
mkdir -p "$tmp/root/etc"
echo 'ID=rhel' >"$tmp/root/etc/os-release"
"$PREMIG" scan --quiet --root "$tmp/root" --db "$tmp/empty.db" --only os --host-id seed >/dev/null
tables=$(sqlite3 "$tmp/empty.db" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
{
	echo "PRAGMA foreign_keys = OFF; BEGIN;"
	for t in $tables; do echo "DELETE FROM \"$t\";"; done
	echo "COMMIT; VACUUM;"
} | sqlite3 "$tmp/empty.db" >/dev/null

# the tables of a scan's rows, and those of the assessment
scan_tables=$(sqlite3 "$tmp/empty.db" "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c
	WHERE m.type = 'table' AND c.name = 'scan_id' ORDER BY m.name")
asmt_tables=$(sqlite3 "$tmp/empty.db" "SELECT m.name FROM sqlite_master m WHERE m.type = 'table'
	AND m.name IN ('assessments', 'assessment_packs', 'assessment_rules')")

i=1
while [ "$i" -le "$N" ]; do
	cp "$tmp/empty.db" "$DIR/$(printf 'host-%05d' "$i").db"
	i=$((i + 1))
done
{
	echo "PRAGMA foreign_keys = OFF;"
	echo "ATTACH '$tmp/fleet.db' AS f;"
	i=1
	while [ "$i" -le "$N" ]; do
		f="$DIR/$(printf 'host-%05d' "$i").db"
		echo "ATTACH '$f' AS o; BEGIN;"
		echo "INSERT INTO o.hosts SELECT * FROM f.hosts WHERE id = (SELECT host_id FROM f.scans WHERE id = $i);"
		echo "INSERT INTO o.scans SELECT * FROM f.scans WHERE id = $i;"
		echo "UPDATE o.scans SET uid = printf('%032x', $i * 2654435761);"
		for t in $asmt_tables; do echo "INSERT INTO o.\"$t\" SELECT * FROM f.\"$t\";"; done
		for t in $scan_tables; do echo "INSERT INTO o.\"$t\" SELECT * FROM f.\"$t\" WHERE scan_id = $i;"; done
		echo "COMMIT; DETACH o;"
		i=$((i + 1))
	done
} | sqlite3 "$tmp/empty.db" >/dev/null
