# lib.sh - shared helpers for the test groups in tests/cases/*.sh
#
# A group is a shell script sourced by tests/run.sh with these set:
#   PREMIG  the binary under test (absolute path)
#   TOP     the project's top directory
#   OUT     a scratch directory of the group's own, empty at the start
#   CORPUS  ../shared/corpus, when present
# It calls ok/fail for each check; the runner counts them.

ok() {
	PASSED=$((PASSED + 1))
	[ -n "${VERBOSE:-}" ] && printf '  ok   %s\n' "$1"
	return 0
}

fail() {
	FAILED=$((FAILED + 1))
	printf '  FAIL %s\n' "$1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/       /' | head -n 40
	return 0
}

# check NAME CONDITION-COMMAND...: ok if the command succeeds
check() {
	name=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else fail "$name" "command failed: $*"; fi
}

# the volatile fields of a report, masked: times, versions, paths, who ran it
mask_json() {
	jq -S '
	  .generator = "premig VERSION"
	  | .hosts[] |= (
	      .scan.started_at = "TIME" | .scan.finished_at = "TIME"
	      | .scan.premig_version = "VERSION" | .scan.root = "ROOT"
	      | .scan.as_root = "AS_ROOT"
	      | .scan.id = "SCAN"
	      | if .coverage then .coverage.restricted_by |= map(select(. != "not root"))
	        else . end)' "$@"
}

# check_reports DIR|FILE...: every premig JSON report under DIR (or FILE)
# validates against report/schema.json (tests/tools/check-report.py, with
# python3-jsonschema); run.sh calls it on each group's $OUT, so that every
# report a test writes to a file is checked and a key the schema does not
# describe fails
check_reports() {
	cr_label=$1
	shift
	if python3 "$TOP/tests/tools/check-report.py" "$TOP/report/schema.json" "$@" \
		>"$OUT/check-reports.out" 2>&1; then
		ok "$cr_label: $(tail -n 1 "$OUT/check-reports.out")"
	else
		fail "$cr_label" "$(cat "$OUT/check-reports.out")"
	fi
}

# for a scan with --only: keep what the collector said, drop the collectors
# that were skipped and the host sections left empty (null, [], all-null
# objects), so that a case changes only when its own collector does
prune_json() {
	jq -S '
	  def blank: . == null or . == [] or . == {}
	    or (type == "object" and ([.[] | select(blank | not)] | length) == 0);
	  .hosts[] |= (with_entries(select(.key == "host_id" or .key == "scan"
	      or .key == "collectors" or (.value | blank | not)))
	    | .collectors |= map(select(.status != "skipped")))'
}

# prepare_root CASEDIR DEST: copies CASEDIR/root and runs CASEDIR/mk.sh DEST
prepare_root() {
	rm -rf "$2"
	mkdir -p "$2"
	add_piece "$1" "$2"
}

# add_piece CASEDIR DEST: adds CASEDIR/root to DEST and runs CASEDIR/mk.sh DEST
add_piece() {
	if [ -d "$1/root" ]; then
		(cd "$1/root" && tar cf - .) | (cd "$2" && tar xf -) || return 1
	fi
	if [ -f "$1/mk.sh" ]; then
		TOOLS="$TOP/tests/tools" sh "$1/mk.sh" "$2" || return 1
	fi
	return 0
}

# golden CASEDIR [SCAN-OPTIONS...]: scan the case's root, compare the report
# with CASEDIR/expected.json; UPDATE=1 rewrites it instead
golden() {
	gcase=$1
	shift
	gname=${gcase#"$TOP/tests/golden/"}
	gdir="$OUT/golden/$gname"
	mkdir -p "$gdir"
	if ! prepare_root "$gcase" "$gdir/root" 2>"$gdir/mk.err"; then
		fail "golden $gname: fixture" "$(cat "$gdir/mk.err")"
		return 0
	fi
	rm -f "$gdir/db"
	"$PREMIG" scan --root "$gdir/root" --db "$gdir/db" --host-id "$gname" --quiet "$@" \
		2>"$gdir/scan.err"
	src=$?
	if [ $src -ne 0 ] && [ $src -ne 3 ]; then
		fail "golden $gname: scan exit $src" "$(cat "$gdir/scan.err")"
		return 0
	fi
	if ! "$PREMIG" report --format json --db "$gdir/db" -o "$gdir/report.json" 2>"$gdir/report.err"; then
		fail "golden $gname: report" "$(cat "$gdir/report.err")"
		return 0
	fi
	case " $* " in
	*" --only "*) mask_json "$gdir/report.json" | prune_json >"$gdir/actual.json" ;;
	*) mask_json "$gdir/report.json" >"$gdir/actual.json" ;;
	esac
	if [ -n "${UPDATE:-}" ]; then
		cp "$gdir/actual.json" "$gcase/expected.json"
		ok "golden $gname (updated)"
	elif [ ! -f "$gcase/expected.json" ]; then
		fail "golden $gname: no expected.json (run make update-golden CASE=$gname)"
	elif diff -u "$gcase/expected.json" "$gdir/actual.json" >"$gdir/diff"; then
		ok "golden $gname"
	else
		fail "golden $gname" "$(cat "$gdir/diff")"
	fi
}

# expect_exit NAME CODE STDERR-PATTERN COMMAND...: the exit status and an
# error message matching the pattern (grep -E), and no crash
expect_exit() {
	ename=$1 ecode=$2 epat=$3
	shift 3
	"$@" >"$OUT/ee.out" 2>"$OUT/ee.err"
	got=$?
	if [ "$got" -ne "$ecode" ]; then
		fail "$ename: exit $got, want $ecode" "$(cat "$OUT/ee.err")"
	elif [ -n "$epat" ] && ! grep -Eq -- "$epat" "$OUT/ee.err"; then
		fail "$ename: message" "want /$epat/, got: $(cat "$OUT/ee.err")"
	elif grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$OUT/ee.err"; then
		fail "$ename: sanitizer" "$(cat "$OUT/ee.err")"
	else
		ok "$ename"
	fi
}

# v1_store DB: makes a store of premig scan a version 1 store, as the first
# premig wrote it: what later schema steps added is dropped (every view,
# index and table that is not step 1's, and the columns later steps added
# to step 1's tables), and its scans get hardware rows of 2048 MiB
v1_store() {
	v1="'hosts','scans','collector_runs','os','kernel','kernel_drivers','hardware','identity','nics','nic_addresses'"
	v1_drops=$(sqlite3 "$1" "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE type = 'index'
		AND name = 'scans_uid'; SELECT 'DROP VIEW ' || name || ';' FROM sqlite_master WHERE type = 'view';
		SELECT 'DROP TABLE ' || name || ';' FROM sqlite_master WHERE type = 'table'
		AND name NOT IN ($v1) AND name NOT LIKE 'sqlite_%';")
	for tc in hardware.ram_available_mib hardware.ram_available_source hardware.ram_available_reason \
		nics.ipv6_dynamic scans.host_note scans.uid scans.selinux scans.proc_hidepid scans.userns \
		collector_runs.denied; do
		v1_drops="$v1_drops ALTER TABLE ${tc%%.*} DROP COLUMN ${tc#*.};"
	done
	sqlite3 "$1" "$v1_drops PRAGMA user_version = 1;
		INSERT INTO hardware (scan_id, ram_mib) SELECT id, 2048 FROM scans;"
}

# compose_root DEST PIECE...: a host root made of golden fixtures, in order
# (each PIECE is KIND/CASE under tests/golden: its root/ copied, then its
# mk.sh run over the whole).  With COMPOSE_CACHE set, a list of pieces is
# built once and copied (sparse) after that.
compose_root() {
	cr_dest=$1
	shift
	rm -rf "$cr_dest"
	if [ -z "${COMPOSE_CACHE:-}" ]; then
		compose_pieces "$cr_dest" "$@"
		return
	fi
	cr_key="$COMPOSE_CACHE/$(printf '%s\n' "$@" | cksum | tr ' ' '-')"
	if [ ! -d "$cr_key" ]; then
		compose_pieces "$cr_key.tmp" "$@" || return 1
		mv "$cr_key.tmp" "$cr_key"
	fi
	cp -a --sparse=always "$cr_key" "$cr_dest"
}

# compose_pieces DEST PIECE...: compose_root's work, uncached
compose_pieces() {
	cp_dest=$1
	shift
	rm -rf "$cp_dest"
	mkdir -p "$cp_dest"
	for cp_piece; do
		[ -d "$TOP/tests/golden/$cp_piece" ] || { echo "no fixture $cp_piece" >&2; return 1; }
		add_piece "$TOP/tests/golden/$cp_piece" "$cp_dest" || return 1
	done
	return 0
}

# judge_rule NAME DB RULE-ID OUTCOME [REASON-TEXT] [STDERR-FILE]: the rule's
# finding in DB has the status OUTCOME names (fail, pass, unknown, or one of
# them and -what), evidence on fail, a reason on unknown (containing
# REASON-TEXT when given), and the run left no sanitizer report
judge_rule() {
	jr_name=$1 jr_db=$2 jr_id=$3 jr_want=${4%%-*} jr_text=${5:-} jr_err=${6:-/dev/null}
	jr_got=$(sqlite3 "$jr_db" "SELECT status || '|' || (evidence IS NOT NULL) || '|' ||
		coalesce(reason, '') FROM findings WHERE rule_id = '$jr_id'")
	jr_status=${jr_got%%|*}
	jr_rest=${jr_got#*|}
	jr_ev=${jr_rest%%|*}
	jr_reason=${jr_rest#*|}
	if [ "$jr_status" != "$jr_want" ]; then
		fail "$jr_name: status '$jr_status'" "reason: $jr_reason
evidence: $(sqlite3 "$jr_db" "SELECT evidence FROM findings WHERE rule_id = '$jr_id'")"
	elif [ "$jr_want" = fail ] && [ "$jr_ev" != 1 ]; then
		fail "$jr_name: no evidence"
	elif [ "$jr_want" = unknown ] && [ -z "$jr_reason" ]; then
		fail "$jr_name: no reason"
	elif [ -n "$jr_text" ] && case $jr_reason in *"$jr_text"*) false ;; *) true ;; esac; then
		fail "$jr_name: reason" "want: ...$jr_text...
got:  $jr_reason"
	elif grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$jr_err"; then
		fail "$jr_name: sanitizer" "$(cat "$jr_err")"
	else
		ok "$jr_name${jr_reason:+ ($jr_reason)}"
	fi
}

# each_rule_case EXT FUNC ID...: FUNC ID CASE for every case of each rule,
# tests/rules/ID/CASE.EXT: fail, pass and unknown must be there, and more
# cases are named <fail|pass|unknown>-<what>.EXT
each_rule_case() {
	ec_ext=$1 ec_fn=$2
	shift 2
	for ec_id; do
		for ec_c in fail pass unknown; do
			if [ -f "$TOP/tests/rules/$ec_id/$ec_c.$ec_ext" ]; then
				"$ec_fn" "$ec_id" "$ec_c"
			else
				fail "$ec_id: no tests/rules/$ec_id/$ec_c.$ec_ext"
			fi
		done
		for ec_f in "$TOP/tests/rules/$ec_id"/*-*."$ec_ext"; do
			[ -f "$ec_f" ] || continue
			ec_c=$(basename "$ec_f" ".$ec_ext")
			case ${ec_c%%-*} in
			fail | pass | unknown) "$ec_fn" "$ec_id" "$ec_c" ;;
			*) fail "tests/rules/$ec_id/$ec_c.$ec_ext: not named <fail|pass|unknown>-<what>.$ec_ext" ;;
			esac
		done
	done
}

# mkpcap_build: compiles tests/tools/mkpcap.c (the exact capture cases) to
# $OUT/mkpcap; 0, or 1 with a failed check
mkpcap_build() {
	if cc -O1 -o "$OUT/mkpcap" "$TOP/tests/tools/mkpcap.c" -lpcap 2>"$OUT/mkpcap.err"; then
		return 0
	fi
	fail "building tests/tools/mkpcap.c" "$(cat "$OUT/mkpcap.err")"
	return 1
}

# decode_units DECODER...: the unit cases of each decoder (tests/unit/README):
# tests/unit/<decoder>/cases lists "NAME PATH" lines, PATH from the top of
# the tree, or corpus/... for ../shared/corpus (read in place; skipped with
# a note when absent); `premig debug decode DECODER` runs in PATH's
# directory on its base name (the name some decoders read), and its JSON
# must equal tests/unit/<decoder>/NAME.json; UPDATE=1 rewrites that instead
decode_units() {
	for du_dec in "$@"; do
		du_dir="$TOP/tests/unit/$du_dec"
		if [ ! -f "$du_dir/cases" ]; then
			fail "unit $du_dec: no tests/unit/$du_dec/cases"
			continue
		fi
		while read -r du_name du_path; do
			case $du_name in '' | '#'*) continue ;; esac
			case $du_path in
			corpus/*)
				du_src="$CORPUS/${du_path#corpus/}"
				if [ ! -d "$CORPUS" ]; then
					ok "unit $du_dec $du_name: skipped, no ../shared/corpus"
					continue
				fi
				;;
			*) du_src="$TOP/$du_path" ;;
			esac
			(cd "$(dirname "$du_src")" && "$PREMIG" debug decode "$du_dec" "$(basename "$du_src")") \
				>"$OUT/unit.json" 2>"$OUT/unit.err" </dev/null
			unit_compare "unit $du_dec $du_name" "$du_dir/$du_name.json" "$OUT/unit.json" $?
		done <"$du_dir/cases"
	done
}

# decode_unit DECODER NAME FILE: runs `premig debug decode DECODER FILE` and
# compares its JSON (the file's path left out) with
# tests/unit/DECODER/NAME.json; UPDATE=1 writes it instead.  The decoder
# must exit 0 (read) or 1 (refused), never crash.
decode_unit() {
	"$PREMIG" debug decode "$1" "$3" >"$OUT/unit.raw" 2>"$OUT/unit.err"
	du_rc=$?
	jq -S 'del(.file)' "$OUT/unit.raw" >"$OUT/unit-$1-$2.json" 2>/dev/null
	unit_compare "unit $1/$2" "$TOP/tests/unit/$1/$2.json" "$OUT/unit-$1-$2.json" $du_rc
}

# unit_compare LABEL WANT GOT RC: the check of one decoder case, shared by
# decode_unit and decode_units: the decoder must have exited 0 or 1 (RC),
# and GOT must equal WANT; UPDATE=1 writes WANT instead
unit_compare() {
	if [ "$4" -gt 1 ]; then
		fail "$1: exit $4" "$(cat "$OUT/unit.err")"
	elif [ -n "${UPDATE:-}" ]; then
		mkdir -p "${2%/*}"
		cp "$3" "$2"
		ok "$1 (updated)"
	elif [ ! -f "$2" ]; then
		fail "$1: no $2 (UPDATE=1 writes it)" "$(head -c 2000 "$3")"
	elif diff -u "$2" "$3" >"$OUT/unit.diff"; then
		ok "$1"
	else
		fail "$1" "$(head -n 40 "$OUT/unit.diff")"
	fi
}

# ctrl_c SECONDS ERRFILE COMMAND...: runs COMMAND in a session of its own,
# stderr to ERRFILE, and after SECONDS sends SIGINT to its process group,
# as a terminal's Ctrl-C does; then waits.  Sets ctrl_c_rc (its exit
# status) and ctrl_c_s (whole seconds from the signal to its end).
ctrl_c() {
	cc_after=$1 cc_err=$2
	shift 2
	setsid "$@" 2>"$cc_err" &
	cc_leader=$!
	sleep "$cc_after"
	cc_t0=$(date +%s)
	kill -s INT -- "-$cc_leader" 2>/dev/null
	wait $cc_leader
	ctrl_c_rc=$?
	ctrl_c_s=$(($(date +%s) - cc_t0))
}
