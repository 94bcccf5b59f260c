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

build=$(basename "$(dirname "$PREMIG")")
for group in "$TOP"/tests/cases/*.sh; do
	name=$(basename "$group" .sh)
	case $ONLY in
	"" | "$name") ;;
	*) continue ;;
	esac
	OUT="$TOP/tests/out/$build/$name"
	rm -rf "$OUT"
	mkdir -p "$OUT"
	printf '%s: %s\n' "$(basename "$PREMIG")@$build" "$name"
	before=$FAILED
	. "$group"
	[ "$FAILED" -eq "$before" ] || printf '  (%s failed in %s)\n' $((FAILED - before)) "$name"
done
printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
[ "$FAILED" -eq 0 ]
