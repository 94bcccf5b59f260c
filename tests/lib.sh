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
	      | .scan.id = "SCAN")' "$@"
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
	if [ -d "$1/root" ]; then
		(cd "$1/root" && tar cf - .) | (cd "$2" && tar xf -)
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
