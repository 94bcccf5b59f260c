#!/bin/sh
# smoke.sh BUDGET TARGET... - runs each libFuzzer target build-fuzz/fuzz-TARGET
# over its seed corpus, the targets sharing BUDGET seconds (at least 10
# each) (make fuzz-smoke; part of make check).
#
# The seeds are made here, each time, by tests/fuzz/seeds/<target>.sh DIR
# from what the tests keep for good (tests/malformed/<decoder>/,
# tests/golden/, tests/unit/), from ../shared/corpus, and from the real
# tools that make the format (sfdisk, qemu-img, mkfs.vfat, lvm2's
# pvcreate/vgcreate/lvcreate, cpio and the compressors, rpmbuild).  A
# target that crashes, leaks, hangs past libFuzzer's -timeout (30 s: the
# firewall walks reach their cap in about a second under ASan, several on
# a loaded machine) or runs out of -rss_limit_mb fails the smoke; libFuzzer leaves
# the input as build-fuzz/<target>/crash-* (or leak-, timeout-, oom-): make
# it a case under tests/malformed/ for good.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUDGET=${1:-420}
shift
FUZZ="$TOP/build-fuzz"
PATH="$PATH:/sbin:/usr/sbin"
failed=0

SECS=$((BUDGET / ($# ? $# : 1)))
[ "$SECS" -ge 10 ] || SECS=10

for name in "$@"; do
	bin="$FUZZ/fuzz-$name"
	if [ ! -x "$bin" ]; then
		printf 'fuzz %s: FAILED: %s is not built (make fuzz)\n' "$name" "$bin"
		failed=1
		continue
	fi
	work="$FUZZ/$name"
	rm -rf "$work"
	mkdir -p "$work/corpus" "$work/seeds"
	if [ -f "$TOP/tests/fuzz/seeds/$name.sh" ]; then
		TOP="$TOP" sh "$TOP/tests/fuzz/seeds/$name.sh" "$work/seeds" >/dev/null 2>&1
	fi
	n=$(ls "$work/seeds" | wc -l)
	dict=
	[ -f "$TOP/tests/fuzz/$name.dict" ] && dict="-dict=$TOP/tests/fuzz/$name.dict"
	# shellcheck disable=SC2086 # dict is one option or none
	(cd "$work" && "$bin" -max_total_time="$SECS" -timeout=30 -rss_limit_mb=2048 \
		-max_len=1048576 -print_final_stats=1 $dict corpus seeds >log 2>&1)
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
	if [ $rc -ne 0 ]; then
		printf 'fuzz %s: FAILED (exit %d) after %s runs from %s seeds; see %s/log\n' \
			"$name" $rc "${runs:-?}" "$n" "$work"
		grep -E 'ERROR|SUMMARY|Test unit written' "$work/log" | head -n 5 | sed 's/^/  /'
		failed=1
	else
		printf 'fuzz %s: %s runs in %s s from %s seeds, nothing found\n' "$name" "${runs:-?}" "$SECS" "$n"
	fi
done
exit $failed
