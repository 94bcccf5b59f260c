# rules.sh - every rule of the built-in packs, one case per outcome:
# tests/rules/<RULE-ID>/{fail,pass,unknown}.sql each add facts to a store
# that holds one host with one scan (scan_id 1) and an ok run of every
# collector; the rule's status after `premig assess` must be the case's
# name.  A fail must carry evidence, an unknown a reason.  Cases may delete
# or fail collector runs (UPDATE collector_runs ...) to test that path.
# Deadlines are judged against a fixed date (--set today=2026-11-22).
# Every rule of the packs must have its three cases; more cases of one
# outcome are named <outcome>-<what>.sql (regressions).  A line
# "-- reason: TEXT" in a case requires TEXT in the rule's reason.

base="$OUT/base.db"
mkdir -p "$OUT/root/etc"
printf 'ID=rhel\nVERSION_ID="9.4"\nNAME="Red Hat Enterprise Linux"\n' >"$OUT/root/etc/os-release"
"$PREMIG" scan --quiet --root "$OUT/root" --db "$base" --only os --host-id rules-host
colls=$("$PREMIG" scan --help | sed -n '/^collectors/,$p' | awk 'NR > 1 && NF { print $1 }')
for c in $colls; do
	sqlite3 "$base" "INSERT OR REPLACE INTO collector_runs (scan_id, collector, status)
		VALUES (1, '$c', 'ok')"
done
sqlite3 "$base" "DELETE FROM os" || fail "rules: base store"

# rule_case ID CASE: the status of rule ID with CASE.sql applied must be
# the outcome CASE names (fail, pass, unknown, or one of them and -what)
rule_case() {
	rdir="$TOP/tests/rules/$1"
	db="$OUT/$1.$2.db"
	profile=$(echo "$1" | cut -d- -f1 | tr 'A-Z' 'a-z')
	want_reason=$(sed -n 's/^-- reason: //p' "$rdir/$2.sql")
	cp "$base" "$db"
	if ! sqlite3 -bail "$db" <"$rdir/$2.sql" 2>"$OUT/$1.$2.sqlerr"; then
		fail "$1 $2: fixture" "$(cat "$OUT/$1.$2.sqlerr")"
		return
	fi
	"$PREMIG" assess --quiet --db "$db" --profile "$profile" --set today=2026-11-22 \
		>"$OUT/$1.$2.out" 2>"$OUT/$1.$2.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "$1 $2: assess exit $rc" "$(cat "$OUT/$1.$2.err")"
		return
	fi
	judge_rule "$1 $2" "$db" "$1" "$2" "$want_reason" "$OUT/$1.$2.err"
}

# the rule ids of the built-in packs, from a fresh assessment
sqlite3 "$base" "SELECT 1" >/dev/null
cp "$base" "$OUT/ids.db"
"$PREMIG" assess --quiet --db "$OUT/ids.db" >/dev/null 2>"$OUT/ids.err" ||
	fail "rules: assess of the base store" "$(cat "$OUT/ids.err")"
ids=$(sqlite3 "$OUT/ids.db" "SELECT rule_id FROM findings ORDER BY rule_id")
[ -n "$ids" ] || fail "rules: no rule ids"
# shellcheck disable=SC2086 # a list of ids
each_rule_case sql rule_case $ids
# and no case directory for a rule that is not in the packs
[ -n "$ids" ] && for d in "$TOP"/tests/rules/*/; do
	d=$(basename "$d")
	case " $(echo $ids) " in *" $d "*) ;; *) fail "tests/rules/$d: no such rule in the packs" ;; esac
done
