# schema.sh - report/schema.json, the JSON Schema of the report (format 1):
# a report of an assessed host validates, and the schema refuses what the
# writers do not produce (a key it does not describe, a verdict or status
# outside its enum, a required key missing, a wrong type), so that a key
# added to report/json*.c without the schema fails the suite.  run.sh
# validates every report the other groups write (tests/lib.sh
# check_reports).

CHECK="$TOP/tests/tools/check-report.py"
mkdir -p "$OUT/h"
compose_root "$OUT/h/root" hosts/debian12 2>"$OUT/h/mk.err" || fail "schema: fixture" "$(cat "$OUT/h/mk.err")"
"$PREMIG" scan --quiet --root "$OUT/h/root" --db "$OUT/h/db" 2>"$OUT/h/scan.err"
"$PREMIG" assess --quiet --db "$OUT/h/db" --set today=2026-11-22 >/dev/null 2>>"$OUT/h/scan.err"
"$PREMIG" report --format json --db "$OUT/h/db" -o "$OUT/h/report.json" 2>>"$OUT/h/scan.err"

if python3 "$CHECK" "$TOP/report/schema.json" "$OUT/h/report.json" >"$OUT/valid.out" 2>&1; then
	ok "schema: an assessed host's report validates"
else
	fail "schema: an assessed host's report" "$(cat "$OUT/valid.out")"
fi

# refused NAME JQ-FILTER WANT: the report changed by the filter does not
# validate, and the message names WANT
refused() {
	jq "$2" "$OUT/h/report.json" >"$OUT/bad.json" 2>"$OUT/bad.err" || {
		fail "schema: $1: jq" "$(cat "$OUT/bad.err")"
		return
	}
	if python3 "$CHECK" "$TOP/report/schema.json" "$OUT/bad.json" >"$OUT/bad.out" 2>&1; then
		fail "schema: $1 passes"
	elif grep -q -- "$3" "$OUT/bad.out"; then
		ok "schema: $1 is refused"
	else
		fail "schema: $1: message" "want $3, got: $(cat "$OUT/bad.out")"
	fi
}
refused "a host key the schema does not describe" '.hosts[0].new_fact = 1' "new_fact"
refused "a key added to a nested object" '.hosts[0].boot.new_fact = 1' "new_fact"
refused "a key added to a rule" '.hosts[0].assessments.mgn.rules[0].new = 1' "'new' was unexpected"
refused "a top-level key" '.extra = true' "'extra' was unexpected"
refused "a verdict outside the enum" '.hosts[0].assessments.sms.verdict = "maybe"' "'maybe' is not one of"
refused "a rule status outside the enum" '.hosts[0].assessments.mgn.rules[0].status = "skipped"' "is not one of"
refused "a severity outside the enum" '.hosts[0].assessments.mgn.rules[0].severity = "fatal"' "is not one of"
refused "a collector status outside the enum" '.hosts[0].collectors[0].status = "crashed"' "is not one of"
refused "a missing required key" 'del(.hosts[0].kernel.release)' "'release' is a required property"
refused "format 2" '.format = 2' "1 was expected"
refused "a boolean as a number" '.hosts[0].scan.as_root = 1' "is not of type 'boolean'"
refused "a number as text" '.hosts[0].hardware.ram_mib = "2048"' "is not of type 'integer', 'null'"
# the refused copies are not reports of premig: the run.sh check must not see them
rm -f "$OUT/bad.json"
