# assess.sh - premig assess: the verdict of each host and profile, the
# exit statuses (--fail-on, usage, bad packs), --set and --host, the
# assessment in the JSON report, re-assessment, the packs built into the
# binary, and the main job.  Malformed packs (tests/malformed/rules/<case>/
# with its expected message in 'expect') must fail with exit 5, name the
# file and line, and leave the store as it was.  tests/packs/verdict is a
# pack with one rule per severity whose answer each host's os row dictates.

mkdir -p "$OUT/root/etc"
printf 'ID=rhel\nVERSION_ID="9.4"\n' >"$OUT/root/etc/os-release"

# new_store DB HOST...: a store with one scan (os only) of each host
new_store() {
	sdb=$1
	shift
	rm -f "$sdb"
	for h in "$@"; do
		"$PREMIG" scan --quiet --root "$OUT/root" --db "$sdb" --only os --host-id "$h"
	done
}

# ---- verdicts: blocker, warning, info ----------------------------------
vdb="$OUT/verdict.db"
new_store "$vdb" h-ready h-cond-warn h-cond-unknown h-unknown h-not-ready h-not-ready-2
# os.id drives the blocker, os.version_id the warning, os.codename the info rule
sqlite3 "$vdb" "
UPDATE os SET id = 'pass', version_id = 'pass', codename = 'fail' WHERE scan_id = (SELECT s.id FROM scans s JOIN hosts h ON h.id = s.host_id WHERE h.host_key = 'h-ready');
UPDATE os SET id = 'pass', version_id = 'fail', codename = 'pass' WHERE scan_id = (SELECT s.id FROM scans s JOIN hosts h ON h.id = s.host_id WHERE h.host_key = 'h-cond-warn');
UPDATE os SET id = 'pass', version_id = 'unknown', codename = 'unknown' WHERE scan_id = (SELECT s.id FROM scans s JOIN hosts h ON h.id = s.host_id WHERE h.host_key = 'h-cond-unknown');
UPDATE os SET id = 'unknown', version_id = 'fail', codename = 'pass' WHERE scan_id = (SELECT s.id FROM scans s JOIN hosts h ON h.id = s.host_id WHERE h.host_key = 'h-unknown');
UPDATE os SET id = 'fail', version_id = 'unknown', codename = 'pass' WHERE scan_id = (SELECT s.id FROM scans s JOIN hosts h ON h.id = s.host_id WHERE h.host_key = 'h-not-ready');
UPDATE os SET id = 'fail', version_id = 'pass', codename = 'fail' WHERE scan_id = (SELECT s.id FROM scans s JOIN hosts h ON h.id = s.host_id WHERE h.host_key = 'h-not-ready-2');"
"$PREMIG" assess --db "$vdb" --rules "$TOP/tests/packs/verdict" >"$OUT/verdict.out" 2>"$OUT/verdict.err"
rc=$?
[ $rc -eq 0 ] && ok "assess exits 0 whatever the verdicts" || fail "assess exit $rc" "$(cat "$OUT/verdict.err")"
got=$(sqlite3 "$vdb" "SELECT h.host_key || ' ' || v.verdict || ' ' || v.blockers || v.warnings || v.unknowns
	FROM verdicts v JOIN scans s ON s.id = v.scan_id JOIN hosts h ON h.id = s.host_id ORDER BY h.host_key" | tr '\n' ',')
# h-ready's info rule fails: it counts nowhere, and changes nothing
want="h-cond-unknown ready-with-conditions 002,h-cond-warn ready-with-conditions 010,h-not-ready not-ready 101,h-not-ready-2 not-ready 100,h-ready ready 000,h-unknown unknown 011,"
[ "$got" = "$want" ] && ok "verdicts: not-ready > unknown > ready-with-conditions > ready" ||
	fail "verdicts" "got  $got
want $want"
if grep -q '^HOST  *PROFILE  *VERDICT  *BLOCKERS  *WARNINGS  *UNKNOWNS$' "$OUT/verdict.out" &&
	grep -Eq '^h-unknown +vv +unknown +0 +1 +1$' "$OUT/verdict.out"; then
	ok "the table: host, profile, verdict, blockers, warnings, unknowns"
else
	fail "the table" "$(cat "$OUT/verdict.out")"
fi
got=$(sqlite3 "$vdb" "SELECT reason FROM findings f JOIN scans s ON s.id = f.scan_id JOIN hosts h ON h.id = s.host_id
	WHERE h.host_key = 'h-unknown' AND f.rule_id = 'VV-BLOCK-001'")
[ "$got" = "the fixture says unknown" ] && ok "an unknown keeps the check's unknown_reason" ||
	fail "unknown reason: '$got'"

# --fail-on: the worst verdict of the hosts assessed against the level
fail_on() {
	expect_exit "$1" "$2" "" "$PREMIG" assess --quiet --db "$vdb" --rules "$TOP/tests/packs/verdict" $3
}
fail_on "--fail-on not-ready, a host not ready" 6 "--fail-on not-ready"
fail_on "--fail-on conditions, a host not ready" 6 "--fail-on conditions"
fail_on "--fail-on not-ready, only an unknown host" 0 "--fail-on not-ready --host h-unknown"
fail_on "--fail-on unknown, an unknown host" 6 "--fail-on unknown --host h-unknown"
fail_on "--fail-on unknown, a host with conditions" 0 "--fail-on unknown --host h-cond-warn"
fail_on "--fail-on conditions, a host with conditions" 6 "--fail-on conditions --host h-cond-unknown"
fail_on "--fail-on conditions, a ready host" 0 "--fail-on conditions --host h-ready"

# re-assessing one host replaces its results and leaves the others'
n1=$(sqlite3 "$vdb" "SELECT count(*) FROM findings")
"$PREMIG" assess --quiet --db "$vdb" --rules "$TOP/tests/packs/verdict" --host h-ready
got=$(sqlite3 "$vdb" "SELECT count(*) || ' ' || (SELECT group_concat(DISTINCT h.host_key) FROM findings f
	JOIN scans s ON s.id = f.scan_id JOIN hosts h ON h.id = s.host_id
	WHERE f.assessment_id = (SELECT max(id) FROM assessments)) FROM findings")
[ "$got" = "$n1 h-ready" ] && ok "re-assessing a host replaces its findings only" ||
	fail "re-assessment: $n1 findings before, '$got' after"
got=$(sqlite3 "$vdb" "SELECT count(*) FROM assessment_rules WHERE assessment_id NOT IN (SELECT assessment_id FROM verdicts)")
[ "$got" = 0 ] && ok "rules of assessments no verdict refers to are dropped" || fail "stale assessment_rules: $got"
expect_exit "--host that is not in the store" 5 "assess: no host 'nosuch' in" \
	"$PREMIG" assess --db "$vdb" --rules "$TOP/tests/packs/verdict" --host nosuch

# ---- the SQL functions: each rule of tests/packs/functions fails on a wrong answer
"$PREMIG" assess --quiet --db "$vdb" --rules "$TOP/tests/packs/functions" --host h-ready 2>"$OUT/fn.err"
got=$(sqlite3 "$vdb" "SELECT group_concat(rule_id || ' ' || status || coalesce(' ' || evidence, ''), '; ')
	FROM findings WHERE profile = 'fn'")
[ "$got" = "FN-VERCMP-001 pass; FN-VERPART-001 pass" ] && ok "vercmp() and verpart()" ||
	fail "vercmp() and verpart()" "$got $(cat "$OUT/fn.err")"
expect_exit "--rules DIR that is a pack, not a directory of packs" 5 "no rule packs found" \
	"$PREMIG" assess --db "$vdb" --rules "$TOP/tests/packs/functions/fn"

# ---- evidence: every kind of value, as jansson's json_dumps(JSON_COMPACT |
# JSON_ENSURE_ASCII) wrote it when eval.c built evidence with jansson (the
# want below is that output): quotes, backslash and controls escaped, DEL
# and '/' as they are, non-ASCII as \u escapes (a surrogate pair above
# U+FFFF), each byte of bad UTF-8 and NUL as U+FFFD, reals in %.17g with
# ".0" on whole numbers, and an infinity (which json_real refuses) left out
"$PREMIG" assess --quiet --db "$vdb" --rules "$TOP/tests/packs/evidence" --host h-ready 2>"$OUT/ev.err"
got=$(sqlite3 "$vdb" "SELECT status || ' ' || evidence FROM findings WHERE profile = 'ev'")
want='fail [{"plain":"/etc/fstab line 9: a b","escaped":"q\" b\\\\ t\tn\n\u0001'"$(printf '\177')"'/","int":42,"real":1.5,"na\u00EFve":null},{"plain":"","escaped":"\u00E9\u20AC\uD83D\uDE00\uFFFDA\uFFFD\uFFFD","int":-9223372036854775808,"real":100.0,"na\u00EFve":1.0000000000000001e300},{"plain":"x","escaped":"a\uFFFDb","int":0,"real":-0.0},{"plain":"y","escaped":"\uFFFD\uFFFD","int":7,"real":0.10000000000000001}]'
[ "$got" = "$want" ] && ok "evidence: escapes, UTF-8, reals and NULL as JSON text" ||
	fail "evidence: escapes, UTF-8, reals and NULL as JSON text" "$got $(cat "$OUT/ev.err")"

# ---- a check that fails while it runs: nothing stored, exit 5 ----------
n_before=$(sqlite3 "$vdb" "SELECT count(*) FROM assessments")
expect_exit "a check failing at run time" 5 "RT-OVERFLOW-001\.json: rule 'RT-OVERFLOW-001': the check failed: integer overflow" \
	"$PREMIG" assess --db "$vdb" --rules "$TOP/tests/packs/runtime"
n_after=$(sqlite3 "$vdb" "SELECT count(*) FROM assessments")
[ "$n_before" = "$n_after" ] && ok "a failed run stores no assessment" || fail "assessments $n_before -> $n_after"

# ---- resource bombs: a check that never ends ------------------------------
# An unbounded WITH RECURSIVE once made assess run for ever.  Now the
# check is cut at its budget of SQLite steps (10,000,000 plus 100,000 per
# host: 10,600,000 for the six hosts here, about 0.2 s) and the rule is
# unknown with the reason, except where a row it returned already is a
# violation; the verdicts follow as ever.  (An AddressSanitizer build
# reserves terabytes of shadow: time alone bounds it.)
if grep -q __asan_init "$PREMIG" 2>/dev/null; then BOMB_VMEM=unlimited; else BOMB_VMEM=1048576; fi
(ulimit -v $BOMB_VMEM; timeout 30 "$PREMIG" assess --quiet --db "$vdb" --rules "$TOP/tests/packs/budget") \
	>"$OUT/bb.out" 2>"$OUT/bb.err"
rc=$?
got=$(sqlite3 "$vdb" "SELECT group_concat(h.host_key || ' ' || f.rule_id || ' ' || f.status
	|| coalesce(' ' || f.reason, ''), '; ') FROM (SELECT * FROM findings WHERE profile = 'bb'
	ORDER BY scan_id, rule_id) f JOIN scans s ON s.id = f.scan_id JOIN hosts h ON h.id = s.host_id
	WHERE h.host_key IN ('h-ready', 'h-not-ready')")
cut='check ran out of its budget (10600000 steps)'
want="h-ready BB-LOOP-001 unknown $cut; h-ready BB-LOOP-002 unknown $cut; h-ready BB-PASS-001 pass; h-not-ready BB-LOOP-001 unknown $cut; h-not-ready BB-LOOP-002 fail; h-not-ready BB-PASS-001 pass"
if [ $rc -ne 0 ]; then
	fail "a check that never ends: assess exit $rc (124: timed out)" "$(cat "$OUT/bb.err")"
elif [ "$got" = "$want" ]; then
	ok "a check that never ends is cut at its budget: unknown, a violation already found stands"
else
	fail "a check that never ends" "got  $got
want $want"
fi
got=$(sqlite3 "$vdb" "SELECT group_concat(k || ' ' || v, ', ') FROM (SELECT h.host_key AS k, v.verdict
	|| ' ' || v.blockers || v.warnings || v.unknowns AS v FROM verdicts v JOIN scans s ON s.id = v.scan_id
	JOIN hosts h ON h.id = s.host_id WHERE v.profile = 'bb' AND h.host_key IN ('h-ready', 'h-not-ready')
	ORDER BY h.host_key)")
[ "$got" = "h-not-ready unknown 011, h-ready unknown 002" ] && ok "a check cut short: the verdicts" ||
	fail "a check cut short: the verdicts" "$got"
"$PREMIG" assess --quiet --db "$vdb" --rules "$TOP/tests/packs/budget" --host h-ready --check-steps 5000
got=$(sqlite3 "$vdb" "SELECT reason FROM findings f JOIN scans s ON s.id = f.scan_id JOIN hosts h
	ON h.id = s.host_id WHERE h.host_key = 'h-ready' AND f.rule_id = 'BB-LOOP-001'")
[ "$got" = "check ran out of its budget (5000 steps)" ] && ok "--check-steps sets the budget" ||
	fail "--check-steps 5000: '$got'"
expect_exit "--check-steps that is not a number" 2 "assess: --check-steps '10k': expected a positive number" \
	"$PREMIG" assess --db "$vdb" --rules "$TOP/tests/packs/budget" --check-steps 10k
rm -rf "$OUT/fifo"
mkdir -p "$OUT/fifo/bb"
cp "$TOP/tests/packs/budget/bb/pack.json" "$TOP/tests/packs/budget/bb/BB-PASS-001.json" "$OUT/fifo/bb/"
mkfifo "$OUT/fifo/bb/BB-LOOP-001.json"
n_before=$(sqlite3 "$vdb" "SELECT count(*) FROM assessments")
expect_exit "a FIFO for a rule file is refused, not waited on" 5 \
	"assess: cannot read '$OUT/fifo/bb/BB-LOOP-001\.json': not a regular file" \
	timeout 30 "$PREMIG" assess --db "$vdb" --rules "$OUT/fifo"
n_after=$(sqlite3 "$vdb" "SELECT count(*) FROM assessments")
[ "$n_before" = "$n_after" ] && ok "a FIFO rule file: nothing stored" || fail "assessments $n_before -> $n_after"

# ---- malformed packs -------------------------------------------------------
mdb="$OUT/malformed.db"
new_store "$mdb" m1
"$PREMIG" assess --quiet --db "$mdb" || fail "malformed: first assessment"
sum_before=$(sqlite3 "$mdb" "SELECT count(*), group_concat(status) FROM (SELECT * FROM findings ORDER BY rule_id);
	SELECT count(*) FROM assessments")
for mc in "$TOP"/tests/malformed/rules/*/; do
	mc=${mc%/}
	mname=$(basename "$mc")
	expect_exit "malformed pack $mname" 5 "$(cat "$mc/expect")" \
		"$PREMIG" assess --db "$mdb" --rules "$mc"
	grep -q 'nothing was assessed' "$OUT/ee.err" || fail "malformed pack $mname: no closing message" "$(cat "$OUT/ee.err")"
	sum=$(sqlite3 "$mdb" "SELECT count(*), group_concat(status) FROM (SELECT * FROM findings ORDER BY rule_id);
		SELECT count(*) FROM assessments")
	[ "$sum" = "$sum_before" ] || fail "malformed pack $mname: the store changed"
done
# several bad files: each is reported
"$PREMIG" assess --db "$mdb" --rules "$TOP/tests/malformed/rules/duplicate-id" 2>/dev/null
mkdir -p "$OUT/twobad"
cp -r "$TOP/tests/malformed/rules/unknown-key/zz" "$OUT/twobad/"
cp "$TOP/tests/malformed/rules/unknown-severity/zz/ZZ-TEST-001.json" "$OUT/twobad/zz/ZZ-TEST-002.json"
"$PREMIG" assess --db "$mdb" --rules "$OUT/twobad" 2>"$OUT/twobad.err"
n=$(grep -c 'ZZ-TEST-00[12]\.json:[0-9]*:' "$OUT/twobad.err")
[ "$n" = 2 ] && ok "every bad file is reported" || fail "two bad files, $n reported" "$(cat "$OUT/twobad.err")"

# ---- the command line --------------------------------------------------------
expect_exit "--profile that no pack has" 2 "assess: --profile 'nosuch': no such pack" \
	"$PREMIG" assess --db "$mdb" --profile nosuch
expect_exit "--fail-on with a bad level" 2 "assess: --fail-on 'never'" \
	"$PREMIG" assess --db "$mdb" --fail-on never
expect_exit "--set of a parameter no rule has" 2 "assess: --set: no rule has a parameter 'max_cats'" \
	"$PREMIG" assess --db "$mdb" --set max_cats=3
expect_exit "--set with a value of the wrong type" 2 "assess: --set max_volumes='lots': rule SMS-VOL-001 wants an integer" \
	"$PREMIG" assess --db "$mdb" --set max_volumes=lots
expect_exit "--set without =" 2 "assess: --set 'max_volumes': expected NAME=VALUE" \
	"$PREMIG" assess --db "$mdb" --set max_volumes
expect_exit "--set today with a bad date" 2 "assess: --set today='tomorrow': expected YYYY-MM-DD" \
	"$PREMIG" assess --db "$mdb" --set today=tomorrow
expect_exit "--db that does not exist" 4 "cannot open database '$OUT/nosuch.db'" \
	"$PREMIG" assess --db "$OUT/nosuch.db"
[ ! -e "$OUT/nosuch.db" ] && ok "assess creates no database" || fail "assess created $OUT/nosuch.db"
expect_exit "--rules that does not exist" 5 "assess: --rules '$OUT/nosuch'" \
	"$PREMIG" assess --db "$mdb" --rules "$OUT/nosuch"
expect_exit "--rules DIR without the profile asked" 2 "--profile 'mgn': no such pack" \
	"$PREMIG" assess --db "$mdb" --rules "$TOP/tests/packs/verdict" --profile mgn
expect_exit "assess --stats" 0 "premig: assess: [0-9.]+ s \(checks [0-9.]+ s, storing [0-9.]+ s\), cpu [0-9.]+ s, peak memory [0-9.]+ MiB" \
	"$PREMIG" assess --quiet --stats --db "$mdb"

# ---- --set: the parameter changes the result, and the report says so --------
sdb="$OUT/set.db"
new_store "$sdb" disks24
sqlite3 "$sdb" "$(i=0; while [ $i -lt 24 ]; do
	printf "INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, probe_status) VALUES (1, 'd%02d', 'disk', 1073741824, 'mbr', 'ok');" $i
	i=$((i + 1)); done)
	INSERT OR REPLACE INTO collector_runs (scan_id, collector, status) VALUES (1, 'disks', 'ok');"
"$PREMIG" assess --quiet --db "$sdb" --profile sms
got=$(sqlite3 "$sdb" "SELECT status || ' ' || evidence FROM findings WHERE rule_id = 'SMS-VOL-001'")
case $got in
"fail "*'"volumes":24,"max_volumes":22'*) ok "24 disks fail SMS-VOL-001 with evidence" ;;
*) fail "24 disks: $got" ;;
esac
"$PREMIG" assess --db "$sdb" --profile sms --set max_volumes=30 >"$OUT/set.out"
got=$(sqlite3 "$sdb" "SELECT status FROM findings WHERE rule_id = 'SMS-VOL-001'")
[ "$got" = pass ] && ok "--set max_volumes=30 lets 24 disks pass" || fail "--set max_volumes=30: $got"
grep -q '^override: max_volumes=30 (SMS-VOL-001)$' "$OUT/set.out" && ok "the table notes the override" ||
	fail "override line" "$(cat "$OUT/set.out")"
"$PREMIG" report --format json --db "$sdb" -o "$OUT/set.json"
got=$(jq -c '.hosts[0].assessments.sms | [.overrides, .pack.version, .pack.documentation_date,
	(.rules[] | select(.id == "SMS-VOL-001") | .status)]' "$OUT/set.json")
[ "$got" = '[{"max_volumes":30},"1.0.0","2022-03-31","pass"]' ] && ok "the report records the override and the pack" ||
	fail "report overrides: $got"
got=$(jq -c '.hosts[0].assessments.sms.rules[0] | keys' "$OUT/set.json")
[ "$got" = '["evidence","id","rationale","reason","remediation","severity","source","status","title"]' ] &&
	ok "each rule's result in the report" || fail "rule result keys: $got"
got=$(jq -r '.hosts[0].assessments | keys | join(",")' "$OUT/set.json")
[ "$got" = sms ] && ok "the report has the profiles assessed" || fail "report profiles: $got"

# --set today: a deprecation date near or past is a warning
tdb="$OUT/today.db"
new_store "$tdb" trusty
sqlite3 "$tdb" "UPDATE os SET id = 'ubuntu', version_id = '14.04', version = '14.04.6'"
"$PREMIG" assess --quiet --db "$tdb" --profile mgn --set today=2026-01-01
a=$(sqlite3 "$tdb" "SELECT status FROM findings WHERE rule_id = 'MGN-OS-002'")
"$PREMIG" assess --quiet --db "$tdb" --profile mgn --set today=2026-07-01
b=$(sqlite3 "$tdb" "SELECT status || ' ' || evidence FROM findings WHERE rule_id = 'MGN-OS-002'")
"$PREMIG" assess --quiet --db "$tdb" --profile mgn --set today=2026-07-01 --set warn_days=30
c=$(sqlite3 "$tdb" "SELECT status FROM findings WHERE rule_id = 'MGN-OS-002'")
case "$a|$b|$c" in
'pass|fail [{"os_id":"ubuntu","version":"14.04.6","deprecated_on":"2026-12-20","days_left":172}]|pass')
	ok "MGN-OS-002 warns within warn_days of the deprecation date" ;;
*) fail "deprecation: $a|$b|$c" ;;
esac

# ---- the packs travel inside the binary ---------------------------------
mkdir -p "$OUT/alone"
cp "$PREMIG" "$OUT/alone/premig"
(cd "$OUT/alone" && ./premig assess --quiet --db "$mdb") 2>"$OUT/alone.err"
rc=$?
got=$(sqlite3 "$mdb" "SELECT count(DISTINCT profile) || ' ' || count(*) FROM findings")
[ $rc -eq 0 ] && [ "${got%% *}" = 2 ] && ok "a copied binary assesses with its built-in packs ($got findings)" ||
	fail "built-in packs: exit $rc, $got" "$(cat "$OUT/alone.err")"
n=$(ls "$TOP"/rules/mgn/*.json "$TOP"/rules/sms/*.json | grep -vc '/pack\.json$')
[ "${got#* }" = "$n" ] && ok "every rule file is built in" || fail "built in: ${got#* } rules, $n files"

# ---- the main job: scan, assess, report ---------------------------------
mkdir -p "$OUT/main"
(cd "$OUT/main" && "$PREMIG" --root "$OUT/root" --host-id mainjob >"$OUT/main.out" 2>"$OUT/main.err")
rc=$?
json=$(ls "$OUT"/main/premig-*.json 2>/dev/null | head -n 1)
if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
	fail "main job: exit $rc" "$(cat "$OUT/main.err")"
elif [ -z "$json" ]; then
	fail "main job: no report"
else
	got=$(jq -r '.hosts[0].assessments | [.mgn.verdict, .sms.verdict, (.mgn.rules | length) > 0] | map(tostring) | join(" ")' "$json")
	case $got in
	*" "*" true") ok "the main job assesses every pack into its report ($got)" ;;
	*) fail "main job report: $got" ;;
	esac
	grep -q '^HOST ' "$OUT/main.out" && ok "the main job prints the verdicts" || fail "main job output" "$(cat "$OUT/main.out")"
fi
