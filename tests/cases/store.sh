# store.sh - the store: one host per stable key, many scans of it, two
# scans writing one file at once, and migration of an older schema

osr="$CORPUS/osrelease"
db="$OUT/fleet.db"
"$PREMIG" scan --quiet --root "$osr/rhel7" --db "$db" --only os,identity --host-id alpha
"$PREMIG" scan --quiet --root "$osr/rhel7" --db "$db" --only os,identity --host-id alpha
"$PREMIG" scan --quiet --root "$osr/debian13" --db "$db" --only os --host-id beta
got=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM hosts) || ' ' || (SELECT count(*) FROM scans)")
[ "$got" = "2 3" ] && ok "a second scan of a host adds a scan, not a host" ||
	fail "hosts and scans after three scans of two hosts: $got, want '2 3'"
n=$("$PREMIG" report --format json --db "$db" | jq '.hosts | length')
[ "$n" = 2 ] && ok "report has one entry per host" || fail "report has $n hosts, want 2"

# the host key comes from machine-id when there is one, else the hostname
mkdir -p "$OUT/keyed/etc"
cp "$osr/rhel7/etc/redhat-release" "$OUT/keyed/etc/"
echo "web01.example.com" >"$OUT/keyed/etc/hostname"
"$PREMIG" scan --quiet --root "$OUT/keyed" --db "$OUT/keyed.db" --only os
echo "0123456789abcdef0123456789ABCDEF" >"$OUT/keyed/etc/machine-id"
"$PREMIG" scan --quiet --root "$OUT/keyed" --db "$OUT/keyed.db" --only os
"$PREMIG" scan --quiet --root "$OUT/keyed" --db "$OUT/keyed.db" --only os
got=$(sqlite3 "$OUT/keyed.db" "SELECT group_concat(host_key || '=' || key_source || ':' ||
	(SELECT count(*) FROM scans WHERE host_id = hosts.id), ' ') FROM (SELECT * FROM hosts ORDER BY id) hosts")
want="web01.example.com=hostname:1 0123456789abcdef0123456789abcdef=machine-id:2"
[ "$got" = "$want" ] && ok "host keys: hostname, then machine-id" || fail "host keys" "got $got, want $want"

# two scans at once into one file: both land (WAL and a busy timeout)
cdb="$OUT/concurrent.db"
"$PREMIG" scan --quiet --root "$osr/rhel7" --db "$cdb" --only os --host-id c0
i=1
while [ $i -le 6 ]; do
	"$PREMIG" scan --quiet --root "$osr/ubuntu24" --db "$cdb" --host-id "c$i" 2>"$OUT/c$i.err" &
	i=$((i + 1))
done
wait
got=$(sqlite3 "$cdb" "SELECT count(*) FROM scans WHERE status IS NOT NULL")
[ "$got" = 7 ] && ok "concurrent scans into one database all land" ||
	fail "concurrent scans: $got of 7 finished" "$(cat "$OUT"/c*.err)"
got=$(sqlite3 "$cdb" "SELECT count(*) FROM collector_runs WHERE scan_id IN (SELECT id FROM scans WHERE host_id IN (SELECT id FROM hosts WHERE host_key = 'c3'))")
n=$("$PREMIG" scan --help | sed -n '/^collectors/,$p' | grep -c '^  [a-z]')
[ "$got" = "$n" ] && ok "each concurrent scan recorded every collector run" ||
	fail "concurrent scan c3 recorded $got collector runs, want $n"

# scans that create a new file at once: one migrates it, the others wait for
# it (a race once made a store being created look foreign: run several rounds)
nfail=
for r in 1 2 3; do
	ndb="$OUT/new-concurrent-$r.db"
	for i in 1 2 3 4 5 6; do
		"$PREMIG" scan --quiet --root "$osr/ubuntu24" --db "$ndb" --only os --host-id "n$i" 2>"$OUT/n$r-$i.err" &
	done
	wait
	got=$(sqlite3 "$ndb" "SELECT count(*) FROM scans WHERE status IS NOT NULL")
	[ "$got" = 6 ] || nfail="$nfail round $r: $got of 6;"
done
[ -z "$nfail" ] && ok "concurrent scans creating one new database all land" ||
	fail "concurrent scans creating a new database:$nfail" "$(cat "$OUT"/n*.err)"

# an older schema: a report reads a migrated copy and leaves the file as it
# was; a scan migrates it in place, its data kept
mdb="$OUT/migrate.db"
"$PREMIG" scan --quiet --root "$osr/rhel7" --db "$mdb" --only os --host-id old
# make it a version 1 store (tests/lib.sh)
v1_store "$mdb"
sum1=$(md5sum <"$mdb")
got=$("$PREMIG" report --format json --db "$mdb" | jq -r '.hosts[0].os.id + " " + (.hosts[0].disks | length | tostring)')
[ "$got" = "rhel 0" ] && ok "report reads a version 1 store" || fail "report of a version 1 store: $got"
got="$(sqlite3 "$mdb" 'PRAGMA user_version') $(md5sum <"$mdb")"
[ "$got" = "1 $sum1" ] && ok "report leaves a version 1 store unchanged" ||
	fail "report changed a version 1 store: $got, want 1 $sum1"
"$PREMIG" scan --quiet --root "$osr/rhel7" --db "$mdb" --only os --host-id old
got=$(sqlite3 "$mdb" "SELECT ram_mib || ' ' || typeof(ram_available_mib) FROM hardware")
[ "$got" = "2048 null" ] && ok "migration adds the available memory to the hardware rows, NULL" ||
	fail "hardware after migration: '$got', want '2048 null'"
got=$(sqlite3 "$mdb" "PRAGMA user_version; SELECT count(*) FROM scans;" | tr '\n' ' ')
want="$(sqlite3 "$cdb" 'PRAGMA user_version') 2 "
[ "$got" = "$want" ] && ok "scan appends to a migrated store" || fail "migrated store: got '$got', want '$want'"

# a new store is written from the build's image of an empty store
# (scanner/schema_gen.c), an empty file is migrated through every step: both
# hold the same schema, statement for statement in the same order, at the
# same version; the image is a whole store in WAL mode
sdb="$OUT/snapshot.db"
rdb="$OUT/replayed.db"
rm -f "$sdb" "$rdb"
: >"$rdb"
"$PREMIG" scan --quiet --root "$osr/rhel7" --db "$sdb" --only os --host-id snap
"$PREMIG" scan --quiet --root "$osr/rhel7" --db "$rdb" --only os --host-id snap
schema_of() {
	sqlite3 "$1" "PRAGMA user_version; SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid"
}
schema_of "$sdb" >"$OUT/snapshot.schema"
schema_of "$rdb" >"$OUT/replayed.schema"
if [ -s "$OUT/snapshot.schema" ] && [ "$(head -1 "$OUT/snapshot.schema")" = "$(sqlite3 "$cdb" 'PRAGMA user_version')" ] &&
	cmp -s "$OUT/snapshot.schema" "$OUT/replayed.schema"; then
	ok "a store made from the schema's snapshot equals one migrated through every step"
else
	fail "snapshot store and replayed store differ" "$(diff "$OUT/snapshot.schema" "$OUT/replayed.schema" | head -20)"
fi
got=$(sqlite3 "$sdb" "PRAGMA integrity_check; PRAGMA journal_mode; SELECT count(*) FROM scans" | tr '\n' ' ')
[ "$got" = "ok wal 1 " ] && ok "a store written from the image is whole, in WAL mode, and holds its scan" ||
	fail "store written from the image: got '$got', want 'ok wal 1 '"

# a report never writes partial output: the file appears whole or not at all
"$PREMIG" report --format json --db "$db" -o "$OUT/r.json"
jq -e '.format == 1 and (.generator | startswith("premig "))' "$OUT/r.json" >/dev/null &&
	ok "report format 1 header" || fail "report format 1 header"
ls "$OUT"/r.json.tmp.* >/dev/null 2>&1 && fail "a temporary report file was left behind" ||
	ok "no temporary report file left"
# a reader leaves no write-ahead log or index beside the store (a read-only
# connection cannot remove them: db_close does, when no one else has it open)
"$PREMIG" diff --db "$db" >/dev/null
ls "$db"-wal "$db"-shm >/dev/null 2>&1 && fail "report or diff left $(ls "$db"-wal "$db"-shm 2>/dev/null)" ||
	ok "report and diff leave no -wal or -shm beside the store"

# the hostname as hostname(5) reads it: comment lines skipped (a managed
# etc/hostname once gave none), and Gentoo's etc/conf.d/hostname
mkdir -p "$OUT/hn-comment/etc" "$OUT/hn-gentoo/etc/conf.d"
printf '# managed by puppet\n\nweb01\n' >"$OUT/hn-comment/etc/hostname"
printf '# Hostname fallback if /etc/hostname does not exist\nhostname="web02"\n' \
	>"$OUT/hn-gentoo/etc/conf.d/hostname"
for h in comment:web01:etc/hostname gentoo:web02:etc/conf.d/hostname; do
	c=${h%%:*}
	rm -f "$OUT/hn.db"*
	"$PREMIG" scan --quiet --root "$OUT/hn-$c" --only identity --db "$OUT/hn.db" 2>"$OUT/hn.err"
	got=$("$PREMIG" report --format json --db "$OUT/hn.db" | jq -r '.hosts[0] | "\(.hostname):\(.hostname_source)"')
	[ "$got" = "${h#*:}" ] && ok "hostname from $c: $got" || fail "hostname from $c: '$got', want '${h#*:}'"
done
