# errors.sh - bad input gets a clear message and a documented exit status,
# never a crash: release files that are empty, binary, huge or unreadable;
# a --root that is missing or a file; a database that is not SQLite or is
# read-only; bad command lines.

# os_fails CASE REASON-PATTERN: a root whose release file is bad
os_fails() {
	db="$OUT/$1.db"
	"$PREMIG" scan --quiet --root "$OUT/$1" --db "$db" --only os --host-id "$1" 2>"$OUT/$1.err"
	rc=$?
	if [ $rc -ne 3 ]; then
		fail "bad release file $1: exit $rc, want 3 (partial)" "$(cat "$OUT/$1.err")"
		return
	fi
	reason=$("$PREMIG" report --format json --db "$db" |
		jq -r '.hosts[0].collectors[] | select(.name == "os") | .status + ": " + .reason')
	case $reason in
	failed:*) ;;
	*) fail "bad release file $1: os collector not failed: $reason"; return ;;
	esac
	if printf '%s' "$reason" | grep -Eq -- "$2"; then
		ok "bad release file $1"
	else
		fail "bad release file $1: reason" "want /$2/, got: $reason"
	fi
}

mkdir -p "$OUT/empty/etc" "$OUT/binary/etc" "$OUT/huge/etc" "$OUT/dir/etc/os-release" "$OUT/none/etc"
: >"$OUT/empty/etc/os-release"
printf 'ID=centos\000\001\002\377VERSION_ID=7\n' >"$OUT/binary/etc/os-release"
# over the 256 KiB cap of fsread
head -c 300000 /dev/zero | tr '\0' 'x' >"$OUT/huge/etc/os-release"
os_fails empty "'etc/os-release' is empty"
os_fails binary "cannot read 'etc/os-release': binary content"
os_fails huge "cannot read 'etc/os-release': larger than the size cap"
os_fails dir "cannot read 'etc/os-release': Is a directory"
os_fails none "no release file identifies the distribution"

# a bad os-release beside a good legacy file: the legacy file answers, the note stays
mkdir -p "$OUT/fallback/etc"
: >"$OUT/fallback/etc/os-release"
echo "CentOS release 6.10 (Final)" >"$OUT/fallback/etc/redhat-release"
"$PREMIG" scan --quiet --root "$OUT/fallback" --db "$OUT/fallback.db" --only os --host-id fb
got=$("$PREMIG" report --format json --db "$OUT/fallback.db" |
	jq -r '.hosts[0] | [.os.id, .os.version_id, (.collectors[] | select(.name == "os") | .status, .reason)] | join("|")')
want="centos|6.10|ok|'etc/os-release' is empty"
[ "$got" = "$want" ] && ok "empty os-release falls back to redhat-release" ||
	fail "empty os-release falls back to redhat-release" "got $got, want $want"

# unreadable: as root, permissions do not bind, so drop to nobody
mkdir -p "$OUT/unreadable/etc" "$OUT/nobody"
echo 'ID=debian' >"$OUT/unreadable/etc/os-release"
chmod 000 "$OUT/unreadable/etc/os-release"
chmod 777 "$OUT/nobody"
cp "$PREMIG" "$OUT/nobody/premig"
chmod 755 "$OUT/nobody/premig"
if [ "$(id -u)" -eq 0 ]; then
	asnobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
	asnobody=""
fi
# every directory above OUT must be searchable for nobody
if $asnobody test -x "$OUT/nobody/premig" 2>/dev/null; then
	$asnobody "$OUT/nobody/premig" scan --quiet --root "$OUT/unreadable" \
		--db "$OUT/nobody/u.db" --only os --host-id u 2>"$OUT/u.err"
	rc=$?
	reason=$("$PREMIG" report --format json --db "$OUT/nobody/u.db" 2>&1 |
		jq -r '.hosts[0].collectors[] | select(.name == "os") | .reason')
	if [ $rc -eq 3 ] && printf '%s' "$reason" | grep -q "cannot read 'etc/os-release': Permission denied"; then
		ok "unreadable release file"
	else
		fail "unreadable release file: exit $rc" "$reason $(cat "$OUT/u.err")"
	fi
else
	fail "unreadable release file: $OUT is not searchable by nobody; cannot run the check"
fi

# --root
expect_exit "--root missing" 5 "premig: scan: --root '$OUT/no-such-dir': No such file or directory" \
	"$PREMIG" scan --root "$OUT/no-such-dir" --db "$OUT/x.db"
touch "$OUT/a-file"
expect_exit "--root is a file" 5 "premig: scan: --root '$OUT/a-file': Not a directory" \
	"$PREMIG" scan --root "$OUT/a-file" --db "$OUT/x.db"
[ ! -e "$OUT/x.db" ] && ok "no database created for a bad --root" || fail "a bad --root created a database"

# databases
printf 'this is not a database, just text\n%.0s' $(seq 1 200) >"$OUT/text.db"
cp "$OUT/text.db" "$OUT/text.db.orig"
expect_exit "scan into a non-SQLite file" 4 "cannot open database '$OUT/text.db': file is not a database" \
	"$PREMIG" scan --root "$OUT/fallback" --db "$OUT/text.db"
cmp -s "$OUT/text.db" "$OUT/text.db.orig" && ok "non-SQLite file left untouched" ||
	fail "non-SQLite file was modified"
expect_exit "report from a non-SQLite file" 4 "file is not a database" \
	"$PREMIG" report --format json --db "$OUT/text.db"
expect_exit "report from a missing database" 4 "cannot open database '$OUT/missing.db': No such file or directory" \
	"$PREMIG" report --format json --db "$OUT/missing.db"
sqlite3 "$OUT/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
expect_exit "scan into another program's database" 4 "not a premig database" \
	"$PREMIG" scan --root "$OUT/fallback" --db "$OUT/other.db"
: >"$OUT/zero.db"
expect_exit "report from an empty file" 4 "not a premig database" \
	"$PREMIG" report --format json --db "$OUT/zero.db"
sqlite3 "$OUT/future.db" 'PRAGMA user_version = 999; CREATE TABLE t(x);'
expect_exit "database from a newer premig" 4 "schema version 999 is newer" \
	"$PREMIG" scan --root "$OUT/fallback" --db "$OUT/future.db"
# read-only: a file nobody may write, scanned as nobody
"$PREMIG" scan --quiet --root "$OUT/fallback" --db "$OUT/nobody/ro.db" --only os
chmod 444 "$OUT/nobody/ro.db"
if [ -n "$asnobody" ] || [ "$(id -u)" -ne 0 ]; then
	expect_exit "read-only database" 4 "cannot write database '$OUT/nobody/ro.db': the file is read-only" \
		$asnobody "$OUT/nobody/premig" scan --root "$OUT/fallback" --db "$OUT/nobody/ro.db" --only os
fi
expect_exit "database is a directory" 4 "cannot open database '$OUT': Is a directory" \
	"$PREMIG" scan --root "$OUT/fallback" --db "$OUT"

# command lines
expect_exit "unknown verb" 2 "unknown verb 'frobnicate'" "$PREMIG" frobnicate
expect_exit "unknown option" 2 "scan: unknown option '--frob'" "$PREMIG" scan --frob
expect_exit "option without value" 2 "scan: option '--db' needs a value" "$PREMIG" scan --db
expect_exit "unknown collector" 2 "scan: --only: unknown collector 'nope'" \
	"$PREMIG" scan --only os,nope --root "$OUT/fallback" --db "$OUT/y.db"
expect_exit "report without --format" 2 "report: --format is required" "$PREMIG" report --db "$OUT/fallback.db"
expect_exit "report with a bad format" 2 "report: unknown format 'xml'" \
	"$PREMIG" report --format xml --db "$OUT/fallback.db"
expect_exit "empty --host-id" 2 "--host-id must not be empty" "$PREMIG" scan --host-id ""
expect_exit "report into a missing directory" 1 "report: cannot create '$OUT/no/such/r.json.tmp" \
	"$PREMIG" report --format json --db "$OUT/fallback.db" -o "$OUT/no/such/r.json"
# a device or a FIFO is written in place, never replaced by a renamed file
# (as root, renaming over /dev/null once replaced it for the whole machine)
mkfifo "$OUT/report.fifo"
timeout 20 cat "$OUT/report.fifo" >"$OUT/from-fifo.json" &
expect_exit "report -o a FIFO" 0 "" "$PREMIG" report --format json --db "$OUT/fallback.db" -o "$OUT/report.fifo"
wait
if [ -p "$OUT/report.fifo" ] && jq -e .hosts "$OUT/from-fifo.json" >/dev/null; then
	ok "report -o a FIFO: the report went through it and it is still a FIFO"
else
	fail "report -o a FIFO" "$(ls -l "$OUT/report.fifo")"
fi
rm -f "$OUT/report.fifo"
expect_exit "report -o a directory" 1 "Is a directory" "$PREMIG" report --format json --db "$OUT/fallback.db" -o "$OUT"
expect_exit "--help" 0 "" "$PREMIG" --help
grep -q '^usage: premig \[VERB\]' "$OUT/ee.out" && ok "--help text" || fail "--help text"
for verb in run scan report; do
	expect_exit "$verb --help" 0 "" "$PREMIG" $verb --help
	grep -q "^usage: premig" "$OUT/ee.out" && ok "$verb --help text" || fail "$verb --help text"
done
# a limit named in a help text is printed as its number, not as the C
# macro's name (scan --help once said "at most SAMPLE_MAX_S")
"$PREMIG" scan --help >"$OUT/help.out" 2>&1
grep -q 'at most 86400)' "$OUT/help.out" && ! grep -Eq '[A-Z]+_[A-Z]+_S\b' "$OUT/help.out" &&
	ok "scan --help prints limits as numbers" || fail "scan --help prints limits as numbers"
expect_exit "--version" 0 "" "$PREMIG" --version
grep -Eq '^premig [0-9]+\.[0-9]+\.[0-9]+$' "$OUT/ee.out" && ok "--version text" || fail "--version text"
