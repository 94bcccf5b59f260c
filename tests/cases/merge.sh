# merge.sh - premig merge OUT.db IN.db...: per-host stores made by premig
# scan into one fleet store; merging twice changes nothing; history and the
# current scan; an older schema migrated in memory (the input untouched);
# every bad input refused before anything is written (not SQLite,
# truncated, another program's database made by sqlite3, empty, newer
# schema, missing, a directory), a read-only input (a read-only bind mount)
# still read, an input locked by another process (sqlite3 holding an
# exclusive lock), a scan still running (a live capture on lo); the
# dependency analysis redone over the fleet; the verdict table by hostname.

expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got:  $2
want: $3"; fi
}
counts() {	# counts DB: hosts scans findings verdicts assessments
	sqlite3 "$1" "SELECT (SELECT count(*) FROM hosts) || ' ' || (SELECT count(*) FROM scans)
		|| ' ' || (SELECT count(*) FROM findings) || ' ' || (SELECT count(*) FROM verdicts)
		|| ' ' || (SELECT count(*) FROM assessments)"
}
no_leftovers() {	# no_leftovers NAME DIR: no temporary file of a merge left in DIR
	if ls "$2" | grep -q '\.merge-'; then
		fail "$1: a temporary file was left" "$(ls "$2")"
	else
		ok "$1: no temporary file left"
	fi
}
osr="$CORPUS/osrelease"

# hosts with a hostname and a machine-id (the host key), from os-release roots
mkhost() {	# mkhost DIR OSRELEASE-CASE HOSTNAME MACHINE-ID
	rm -rf "$1"
	mkdir -p "$1/etc"
	cp -R "$osr/$2/." "$1/"
	echo "$3" >"$1/etc/hostname"
	echo "$4" >"$1/etc/machine-id"
}
mkhost "$OUT/r-web1" rhel7 web01 11111111111111111111111111111111
mkhost "$OUT/r-web2" debian13 web01 22222222222222222222222222222222
mkhost "$OUT/r-db1" ubuntu24 db01 33333333333333333333333333333333
for h in web1 web2 db1; do
	"$PREMIG" scan --quiet --root "$OUT/r-$h" --db "$OUT/$h.db" 2>"$OUT/$h.err"
	"$PREMIG" assess --quiet --db "$OUT/$h.db" 2>>"$OUT/$h.err"
done

# ---- three hosts, then the same again -------------------------------------
f="$OUT/fleet.db"
expect_exit "merge: three per-host stores" 0 "" "$PREMIG" merge "$f" "$OUT/web1.db" "$OUT/web2.db" "$OUT/db1.db"
expect "merge: the summary" "$(cat "$OUT/ee.out")" \
	"premig: merge: $f: 3 hosts, 3 scans; from 3 inputs 3 hosts and 3 scans added, 0 unfinished scans completed, 0 results reassessed"
c1=$(counts "$f")
"$PREMIG" report --format json --db "$f" >"$OUT/fleet1.json"
expect "merge: the report shows every host" \
	"$(jq -c '[.hosts[] | [.hostname, (.assessments.mgn.verdict != null)]]' "$OUT/fleet1.json")" \
	'[["web01",true],["web01",true],["db01",true]]'
# each host's part of the fleet report is its own report's
for h in web1 web2 db1; do
	"$PREMIG" report --format json --db "$OUT/$h.db" | jq -S '.hosts[0] | del(.scan.id)' >"$OUT/$h.host.json"
	key=$(jq -r .host_id "$OUT/$h.host.json")
	jq -S --arg k "$key" '.hosts[] | select(.host_id == $k) | del(.scan.id)' "$OUT/fleet1.json" >"$OUT/$h.fleet.json"
	if cmp -s "$OUT/$h.host.json" "$OUT/$h.fleet.json"; then
		ok "merge: $h in the fleet report is as in its own"
	else
		fail "merge: $h in the fleet report differs from its own" "$(diff -u "$OUT/$h.host.json" "$OUT/$h.fleet.json" | head -30)"
	fi
done
sum_before=$(md5sum <"$OUT/web1.db")
expect_exit "merge: the same inputs again" 0 "" "$PREMIG" merge "$f" "$OUT/web1.db" "$OUT/web2.db" "$OUT/db1.db"
expect "merge twice: nothing added" "$(sed 's/.*from/from/' "$OUT/ee.out")" \
	"from 3 inputs 0 hosts and 0 scans added, 0 unfinished scans completed, 0 results reassessed"
expect "merge twice: the same counts" "$(counts "$f")" "$c1"
"$PREMIG" report --format json --db "$f" >"$OUT/fleet2.json"
cmp -s "$OUT/fleet1.json" "$OUT/fleet2.json" && ok "merge twice: the same JSON report" ||
	fail "merge twice: the report changed" "$(diff -u "$OUT/fleet1.json" "$OUT/fleet2.json" | head -30)"
expect "merge: the inputs are not written" "$(md5sum <"$OUT/web1.db")" "$sum_before"
expect_exit "merge: OUT as its own input" 0 "" "$PREMIG" merge --quiet "$f" "$f"
expect "merge: OUT into itself changes nothing" "$(counts "$f")" "$c1"
# a fleet store is an input like any other
"$PREMIG" merge --quiet "$OUT/half.db" "$OUT/web1.db" "$OUT/web2.db"
"$PREMIG" merge --quiet "$OUT/whole.db" "$OUT/half.db" "$OUT/db1.db" "$OUT/web2.db"
expect "merge: fleet stores merge as well" "$(counts "$OUT/whole.db")" "$c1"
no_leftovers "merge" "$OUT"

# the verdict table names hosts by hostname; the key only where two share one
"$PREMIG" assess --db "$f" --profile mgn >"$OUT/table.out" 2>&1
expect "assess: hosts named by hostname, the key where a name is shared" \
	"$(awk 'NR > 1 { print $1, $2 }' "$OUT/table.out" | sort | tr '\n' ',')" \
	"db01 mgn,web01 (11111111111111111111111111111111),web01 (22222222222222222222222222222222),"

# ---- history: the newest scan is the current one, in any merge order ------
sleep 1
cp "$OUT/web1.db" "$OUT/web1-later.db"
echo web01-renamed >"$OUT/r-web1/etc/hostname"
"$PREMIG" scan --quiet --root "$OUT/r-web1" --db "$OUT/web1-later.db" 2>/dev/null
for order in "web1 web1-later" "web1-later web1"; do
	rm -f "$OUT/h.db"
	set -- $order
	"$PREMIG" merge --quiet "$OUT/h.db" "$OUT/$1.db"
	"$PREMIG" merge --quiet "$OUT/h.db" "$OUT/$2.db"
	expect "merge ($order): two scans of one host, the later one current" \
		"$(sqlite3 "$OUT/h.db" 'SELECT count(*) FROM hosts; SELECT count(*) FROM scans' | tr '\n' ' ')$("$PREMIG" report --format json --db "$OUT/h.db" | jq -r '.hosts[0].hostname')" \
		"1 2 web01-renamed"
done

# ---- a scan assessed again: its newer results replace the merged ones ----
sleep 1
"$PREMIG" assess --quiet --db "$OUT/db1.db" --profile sms
expect_exit "merge: an input assessed again" 0 "" "$PREMIG" merge "$f" "$OUT/db1.db"
expect "merge: the newer assessment of one profile replaces that profile's results" \
	"$(sed 's/.*from/from/' "$OUT/ee.out")" \
	"from 1 inputs 0 hosts and 0 scans added, 0 unfinished scans completed, 1 results reassessed"
expect "merge: the host's sms verdict comes from the later assessment" \
	"$(sqlite3 "$f" "SELECT count(DISTINCT v.assessment_id) FROM verdicts v JOIN scans s ON s.id = v.scan_id
		JOIN hosts h ON h.id = s.host_id WHERE h.host_key = '33333333333333333333333333333333'")" 2

# ---- an older schema: migrated in memory, the input untouched --------------
o="$OUT/old.db"
"$PREMIG" scan --quiet --root "$osr/rhel7" --db "$o" --only os --host-id old
v1_store "$o"
sum_old=$(md5sum <"$o")
cp "$f" "$OUT/fleet-old.db"
expect_exit "merge: a version 1 store" 0 "" "$PREMIG" merge "$OUT/fleet-old.db" "$o"
expect "merge: the version 1 store's facts are merged" \
	"$(sqlite3 "$OUT/fleet-old.db" "SELECT o.id || ' ' || hw.ram_mib FROM hosts h JOIN scans s ON s.host_id = h.id
		JOIN os o ON o.scan_id = s.id JOIN hardware hw ON hw.scan_id = s.id WHERE h.host_key = 'old'")" "rhel 2048"
"$PREMIG" merge --quiet "$OUT/fleet-old.db" "$o"
expect "merge: a version 1 store (scans with no uid) twice: nothing added" \
	"$(sqlite3 "$OUT/fleet-old.db" "SELECT count(*) FROM scans s JOIN hosts h ON h.id = s.host_id WHERE h.host_key = 'old'")" 1
expect "merge: the version 1 store is not migrated in place" \
	"$(sqlite3 "$o" 'PRAGMA user_version') $(md5sum <"$o")" "1 $sum_old"
expect "merge: an older OUT is migrated in its new copy" \
	"$(sqlite3 "$o" 'PRAGMA user_version'; cp "$o" "$OUT/old-out.db"; "$PREMIG" merge --quiet "$OUT/old-out.db" "$OUT/web1.db"; sqlite3 "$OUT/old-out.db" 'PRAGMA user_version; SELECT count(*) FROM hosts' | tr '\n' ' ')" \
	"1
$(sqlite3 "$f" 'PRAGMA user_version') 2 "

# ---- bad inputs: refused before anything is written -----------------------
sum_f=$(md5sum <"$f")
bad() {	# bad NAME CODE PATTERN FILE: merging FILE into OUT fails, OUT unchanged
	expect_exit "merge: $1" "$2" "$3" "$PREMIG" merge "$f" "$OUT/web1.db" "$4"
	expect "merge: $1: OUT unchanged" "$(md5sum <"$f")" "$sum_f"
	expect_exit "merge: $1, no OUT yet" "$2" "$3" "$PREMIG" merge "$OUT/new.db" "$4"
	[ -e "$OUT/new.db" ] && fail "merge: $1: OUT was created" || ok "merge: $1: OUT not created"
}
printf 'hosts,scans\nweb01,1\n' >"$OUT/text.db"
bad "not SQLite" 5 "'.*text.db' is not an SQLite database; nothing was merged" "$OUT/text.db"
head -c 20000 "$OUT/web2.db" >"$OUT/trunc.db"
bad "truncated" 5 "'.*trunc.db' is damaged or truncated" "$OUT/trunc.db"
sqlite3 "$OUT/other.db" "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x');"
bad "another program's database" 5 "'.*other.db' is not a premig database \(another program's tables\)" "$OUT/other.db"
sqlite3 "$OUT/other2.db" "CREATE TABLE hosts (name TEXT); PRAGMA user_version = 3;"
bad "another program's database with a user_version" 5 "is not a premig database" "$OUT/other2.db"
: >"$OUT/empty.db"
bad "an empty file" 5 "'.*empty.db' is not a premig database \(empty\)" "$OUT/empty.db"
cp "$OUT/web2.db" "$OUT/newer.db"
sqlite3 "$OUT/newer.db" "PRAGMA user_version = 999"
bad "a newer schema" 5 "has schema version 999, newer than this premig's" "$OUT/newer.db"
bad "a missing input" 5 "cannot read '.*missing.db': No such file or directory" "$OUT/missing.db"
bad "a directory" 5 "is not a regular file" "$OUT"
expect_exit "merge: OUT in a directory that does not exist" 4 "cannot create a temporary file beside" \
	"$PREMIG" merge "$OUT/nodir/fleet.db" "$OUT/web1.db"
expect_exit "merge: no input" 2 "expected OUT.db and at least one IN.db" "$PREMIG" merge "$f"
expect_exit "merge: --wait not a number" 2 "--wait 'x'" "$PREMIG" merge --wait x "$f" "$OUT/web1.db"
no_leftovers "merge: bad inputs" "$OUT"

# locked by another process: sqlite3 holds an exclusive lock for 5 s
(echo "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; SELECT count(*) FROM scans;"; sleep 5) |
	sqlite3 "$OUT/web2.db" >/dev/null &
lockpid=$!
sleep 1
expect_exit "merge: a locked input, after --wait" 4 "'.*web2.db' is locked by another program .*waited 1 s" \
	"$PREMIG" merge --wait 1 "$OUT/locked.db" "$OUT/web1.db" "$OUT/web2.db"
[ -e "$OUT/locked.db" ] && fail "merge: a locked input: OUT was created" || ok "merge: a locked input: OUT not created"
wait $lockpid
no_leftovers "merge: locked" "$OUT"

# read-only: the inputs on a read-only bind mount (WAL stores there cannot
# get their -shm file), in a mount namespace of the test's own
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1; then
	mkdir -p "$OUT/ro"
	cp "$OUT/web1.db" "$OUT/db1.db" "$OUT/ro/"
	unshare -m sh -c 'mount --bind "$1/ro" "$1/ro" && mount -o remount,bind,ro "$1/ro" &&
		! touch "$1/ro/x" 2>/dev/null && "$2" merge --quiet "$1/ro-fleet.db" "$1/ro/web1.db" "$1/ro/db1.db"' \
		sh "$OUT" "$PREMIG" >"$OUT/ro.out" 2>&1
	expect "merge: read-only inputs are read" \
		"$(sqlite3 "$OUT/ro-fleet.db" 'SELECT count(*) FROM hosts' 2>&1) $(cat "$OUT/ro.out")" "2 "
	chmod 0444 "$OUT/ro/web1.db"
	expect_exit "merge: a file of mode 0444 is read" 0 "" "$PREMIG" merge --quiet "$OUT/ro-fleet2.db" "$OUT/ro/web1.db"
else
	ok "merge: read-only inputs (skipped: needs root and unshare)"
fi

# ---- a scan still running: merged as it stands, completed by a later merge
if [ "$(id -u)" -eq 0 ]; then
	"$PREMIG" scan --quiet --root "$osr/rhel7" --capture lo --seconds 4 --db "$OUT/running.db" \
		--host-id running 2>"$OUT/running.err" &
	runpid=$!
	sleep 2
	expect_exit "merge: a scan still running" 0 "1 unfinished scans .* merged as they stand" \
		"$PREMIG" merge "$OUT/run-fleet.db" "$OUT/running.db"
	expect "merge: the running scan is unfinished in OUT" \
		"$(sqlite3 "$OUT/run-fleet.db" 'SELECT count(*), count(finished_at) FROM scans')" "1|0"
	wait $runpid
	expect_exit "merge: the same scan, finished" 0 "" "$PREMIG" merge "$OUT/run-fleet.db" "$OUT/running.db"
	expect "merge: the finished scan replaces the unfinished one" \
		"$(sed 's/.*from/from/' "$OUT/ee.out") $(sqlite3 "$OUT/run-fleet.db" 'SELECT count(*), count(finished_at) FROM scans')" \
		"from 1 inputs 0 hosts and 0 scans added, 1 unfinished scans completed, 0 results reassessed 1|1"
	expect "merge: the finished scan's collector runs, once each" \
		"$(sqlite3 "$OUT/run-fleet.db" 'SELECT count(*) FROM collector_runs')" \
		"$(sqlite3 "$OUT/running.db" 'SELECT count(*) FROM collector_runs')"
else
	ok "merge: a running scan (skipped: the live capture needs root)"
fi

# ---- one machine, one host across stores: an image-only scan (keyed by its
# GPT disk GUID) folds into the scan of the machine's files (keyed by its
# machine-id), whose etc/fstab names the image's root filesystem by UUID.
# The image is made by sfdisk and mkfs.ext4 -d, as tests/cases/hostkey.sh
# makes its own.
command -v sfdisk >/dev/null 2>&1 || PATH=$PATH:/sbin:/usr/sbin
if command -v sfdisk >/dev/null 2>&1 && command -v mkfs.ext4 >/dev/null 2>&1; then
	uuid=$(cat /proc/sys/kernel/random/uuid)
	rm -rf "$OUT/m.tree"
	mkdir -p "$OUT/m.tree/etc"
	echo 0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c >"$OUT/m.tree/etc/machine-id"
	printf 'UUID=%s / ext4 errors=remount-ro 0 1\n' "$uuid" >"$OUT/m.tree/etc/fstab"
	truncate -s 24M "$OUT/m.img"
	printf 'label: gpt\nstart=2048, size=45056, type=L\n' | sfdisk -q "$OUT/m.img"
	truncate -s $((45056 * 512)) "$OUT/m.rootfs"
	mkfs.ext4 -q -F -U "$uuid" -d "$OUT/m.tree" "$OUT/m.rootfs"
	dd if="$OUT/m.rootfs" of="$OUT/m.img" bs=512 seek=2048 conv=notrunc status=none
	guid=$(sfdisk --disk-id "$OUT/m.img" | tr 'A-Z' 'a-z')
	"$PREMIG" scan --quiet --db "$OUT/m-image.db" --only identity,disks,filesystems --image "$OUT/m.img"
	"$PREMIG" scan --quiet --db "$OUT/m-files.db" --only identity,disks,filesystems --root "$OUT/m.tree"
	"$PREMIG" merge --quiet "$OUT/m-fleet.db" "$OUT/m-image.db" "$OUT/m-files.db" 2>"$OUT/m.err"
	expect "merge: an image-only host folds into the host of the machine's files" \
		"$(sqlite3 "$OUT/m-fleet.db" "SELECT host_key || ' ' || (SELECT count(*) FROM scans) FROM hosts;
			SELECT alias_key FROM host_aliases")" \
		"0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c 2
disk:$guid"
	grep -q "folded into '0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c'" "$OUT/m.err" &&
		ok "merge: the fold is said" || fail "merge: the fold is said" "$(cat "$OUT/m.err")"
else
	ok "merge: folding across stores (skipped: needs sfdisk and mkfs.ext4)"
fi

# ---- interrupted: a merge killed while it writes leaves OUT as it was ------
# (a fleet of 500 synthetic hosts from tests/tools/gen-fleet.sh takes it a
# few seconds; SIGTERM, since a shell's background job ignores SIGINT)
if sh "$TOP/tests/tools/gen-fleet.sh" "$PREMIG" "$OUT/gen.db" 500 >/dev/null 2>&1; then
	cp "$f" "$OUT/kill.db"
	sum_k=$(md5sum <"$OUT/kill.db")
	"$PREMIG" merge --quiet "$OUT/kill.db" "$OUT/gen.db" 2>"$OUT/kill.err" &
	kpid=$!
	n=0
	while [ $n -lt 600 ] && ! ls "$OUT" | grep -q '^kill\.db\.merge-'; do
		sleep 0.05
		n=$((n + 1))
	done
	kill -TERM $kpid 2>/dev/null
	# the shell's "Terminated" goes where wait's stderr goes
	{ wait $kpid; } 2>/dev/null
	krc=$?
	expect "merge: killed while writing: OUT as it was" "$krc $(md5sum <"$OUT/kill.db")" "143 $sum_k"
	no_leftovers "merge: killed" "$OUT"
else
	fail "merge: gen-fleet.sh could not make a fleet"
fi

# ---- dependencies: the analysis is redone over the fleet ------------------
if mkpcap_build; then
	"$OUT/mkpcap" handshake "$OUT/handshake.pcap"
	"$OUT/mkpcap" syn-only "$OUT/syn-only.pcap"
	"$PREMIG" scan --quiet --db "$OUT/p1.db" --host-id p1 --pcap "$OUT/handshake.pcap"
	"$PREMIG" scan --quiet --db "$OUT/p2.db" --host-id p2 --pcap "$OUT/syn-only.pcap"
	"$PREMIG" merge --quiet "$OUT/deps.db" "$OUT/p1.db" "$OUT/p2.db"
	expect "merge: one application group from the flows of two stores" \
		"$("$PREMIG" report --format json --db "$OUT/deps.db" | jq -c '[.application_groups[] | [.members[].ip]]')" \
		'[["10.0.0.1","10.0.0.2","10.0.0.3"]]'
fi
