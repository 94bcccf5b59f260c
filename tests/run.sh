#!/bin/sh
# run.sh - the test suite: tests/run.sh PREMIG [GROUP|CASE]
#
# Runs every group in tests/cases/*.sh (or the one named) against the binary
# PREMIG, with a scratch directory under tests/out/.  Prints failures and a
# count; exits non-zero when any check failed.  UPDATE=1 makes golden
# checks rewrite their expected.json; VERBOSE=1 prints every check.
set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)
PREMIG=${1:?usage: tests/run.sh PREMIG [GROUP]}
case $PREMIG in /*) ;; *) PREMIG="$PWD/${PREMIG#./}" ;; esac
ONLY=${2:-}
CORPUS="$TOP/../shared/corpus"
export TZ=UTC LC_ALL=C
PASSED=0
FAILED=0
. "$TOP/tests/lib.sh"

# a scratch directory per binary: ./premig and ./premig-static, or
# build-asan/premig, can run at once without sharing one
build=$(basename "$(dirname "$PREMIG")")-$(basename "$PREMIG")
# the runner's own variables start with RUN_ so that a group cannot clobber them
for RUN_GROUP in "$TOP"/tests/cases/*.sh; do
	RUN_NAME=$(basename "$RUN_GROUP" .sh)
	case $ONLY in
	"" | "$RUN_NAME") ;;
	*) continue ;;
	esac
	OUT="$TOP/tests/out/$build/$RUN_NAME"
	rm -rf "$OUT"
	mkdir -p "$OUT"
	printf '%s: %s\n' "$(basename "$PREMIG")@$build" "$RUN_NAME"
	RUN_BEFORE=$FAILED
	. "$RUN_GROUP"
	cd "$TOP"
	check_reports "$RUN_NAME: reports against report/schema.json" "$OUT"
	[ "$FAILED" -eq "$RUN_BEFORE" ] || printf '  (%s failed in %s)\n' $((FAILED - RUN_BEFORE)) "$RUN_NAME"
done
printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
[ "$FAILED" -eq 0 ]
