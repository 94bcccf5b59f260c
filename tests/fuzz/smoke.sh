#!/bin/sh
# smoke.sh BUDGET - runs every libFuzzer target built in build-fuzz/ over
# its seed corpus, the targets sharing BUDGET seconds (at least 10 each)
# (make fuzz-smoke; part of make check).
#
# The seeds are made here, each time, by tests/fuzz/seeds/<target>.sh DIR
# (or a seeds_<target> function below) from what the tests keep for good
# (tests/malformed/<decoder>/, tests/golden/), from ../shared/corpus, and
# from the real tools that make the format (sfdisk, qemu-img, mkfs.vfat,
# lvm2's pvcreate/vgcreate/lvcreate through the malformed script).  A target that crashes, leaks, hangs past libFuzzer's
# -timeout or runs out of -rss_limit_mb fails the smoke; libFuzzer leaves
# the input as build-fuzz/<target>/crash-* (or leak-, timeout-, oom-): make
# it a case under tests/malformed/ for good.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUDGET=${1:-420}
FUZZ="$TOP/build-fuzz"
PATH="$PATH:/sbin:/usr/sbin"
failed=0

seeds_netplan() {
	i=0
	find "$TOP/tests/golden" "$TOP/tests/rules" -path '*netplan*' -name '*.yaml' -type f 2>/dev/null |
		while read -r f; do
			i=$((i + 1))
			cp "$f" "$1/$i.yaml"
		done
}

ntargets=0
for bin in "$FUZZ"/fuzz-*; do
	[ -x "$bin" ] && ntargets=$((ntargets + 1))
done
SECS=$((BUDGET / (ntargets ? ntargets : 1)))
[ "$SECS" -ge 10 ] || SECS=10

for bin in "$FUZZ"/fuzz-*; do
	[ -x "$bin" ] || continue
	name=${bin##*/fuzz-}
	work="$FUZZ/$name"
	rm -rf "$work"
	mkdir -p "$work/corpus" "$work/seeds"
	if [ -f "$TOP/tests/fuzz/seeds/$name.sh" ]; then
		TOP="$TOP" sh "$TOP/tests/fuzz/seeds/$name.sh" "$work/seeds" >/dev/null 2>&1
	elif command -v "seeds_$name" >/dev/null 2>&1; then
		"seeds_$name" "$work/seeds"
	fi
	n=$(ls "$work/seeds" | wc -l)
	dict=
	[ -f "$TOP/tests/fuzz/$name.dict" ] && dict="-dict=$TOP/tests/fuzz/$name.dict"
	# shellcheck disable=SC2086 # dict is one option or none
	(cd "$work" && "$bin" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
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
