# golden.sh - every case under tests/golden/<collector>/<case>/ is scanned
# with --only <collector>; cases under tests/golden/hosts/ with every
# collector.  The report, masked, must equal the case's expected.json.

if [ -n "${UPDATE:-}" ] && [ -z "${ONLY_CASE:-}" ]; then
	fail "UPDATE=1 rewrites expected files: name them with ONLY_CASE=collector[/case] (make update-golden CASE=...)"
	return 0 2>/dev/null || exit 1
fi
for gc in "$TOP"/tests/golden/*/*/; do
	[ -d "$gc" ] || continue
	gc=${gc%/}
	coll=$(basename "$(dirname "$gc")")
	# ONLY_CASE=hosts/centos6 runs one case, ONLY_CASE=hosts one collector's
	case ${ONLY_CASE:-} in "" | "$coll/$(basename "$gc")" | "$coll") ;; *) continue ;; esac
	if [ "$coll" = hosts ]; then
		golden "$gc"
	else
		golden "$gc" --only "$coll"
	fi
done
