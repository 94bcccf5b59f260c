#!/bin/sh
# smoke.sh SECONDS - runs every libFuzzer target built in build-fuzz/ for
# SECONDS over its seed corpus (make fuzz-smoke; part of make check).
#
# The seeds are made here, each time, from what the tests keep for good
# (tests/malformed/<decoder>/) and from the real tools that make the format
# (mkfs.vfat, lvm2's pvcreate/vgcreate/lvcreate through the malformed
# script).  A target that crashes, leaks, hangs past libFuzzer's
# -timeout or runs out of -rss_limit_mb fails the smoke; libFuzzer leaves
# the input as build-fuzz/<target>/crash-* (or leak-, timeout-, oom-): make
# it a case under tests/malformed/ for good.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
SECS=${1:-30}
FUZZ="$TOP/build-fuzz"
PATH="$PATH:/sbin:/usr/sbin"
failed=0

seeds_fat() {
	for f in "$TOP"/tests/malformed/fat/*.img.gz; do
		gzip -dc "$f" >"$1/$(basename "$f" .gz)"
	done
	for t in 12 16 32; do
		# the smallest volume mkfs.vfat makes of each type
		case $t in 12) k=1024 ;; 16) k=16384 ;; 32) k=40000 ;; esac
		rm -f "$1/mkfs$t.img"
		truncate -s "${k}K" "$1/mkfs$t.img"
		mkfs.vfat -F $t "$1/mkfs$t.img" >/dev/null 2>&1 || rm -f "$1/mkfs$t.img"
	done
}

seeds_lvmmeta() {
	sh "$TOP/tests/malformed/lvm/mk.sh" "$1" >/dev/null 2>&1
	# libFuzzer reads -max_len bytes of each: the label, headers and text
	# are in the first MiB of a PV
	for f in "$1"/*.img; do
		[ -f "$f" ] || continue
		head -c 1048576 "$f" >"$f.head" && mv "$f.head" "$f"
	done
}

seeds_netplan() {
	i=0
	find "$TOP/tests/golden" "$TOP/tests/rules" -path '*netplan*' -name '*.yaml' -type f 2>/dev/null |
		while read -r f; do
			i=$((i + 1))
			cp "$f" "$1/$i.yaml"
		done
}

for bin in "$FUZZ"/fuzz-*; do
	[ -x "$bin" ] || continue
	name=${bin##*/fuzz-}
	work="$FUZZ/$name"
	rm -rf "$work"
	mkdir -p "$work/corpus" "$work/seeds"
	if command -v "seeds_$name" >/dev/null 2>&1; then
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
