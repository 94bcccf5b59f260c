# bench-capture.sh - the capture section of tests/bench.sh (sourced; uses
# its hf, median and ratio helpers and $B, $PREMIG, $TOP).
#
# premig scan --pcap (captures only, into a fresh store each run) side by
# side with the floor, libpcap's own read loop doing nothing with the
# packets (tests/tools/pcaploop.c), and with `tshark -n -q -z conv,tcp`,
# on one capture of CAPTURE_FLOWS (default 1,000,000) interleaved TCP
# conversations among 300 servers, about 1.8 GB (tests/tools/mkpcap.c
# bench).  The capture is kept in $B/cache between runs and written again
# only when it is missing or mkpcap.c changed.  All three read it from the
# page cache (warmed first).  premig and the loop: the median of 3 runs;
# tshark, which takes minutes and GBs: one run.  Besides premig scan, the
# reading alone (tests/tools/capread.c, premig's capflows_read into its
# flow table without the store) says how much of the time is the store's.
# The scan stores flows only; the dependency analysis is made by the first
# reader of the store: its cost is the first premig deps after the scan
# (one run), shown beside the scan and added to it.

# cpu NAME: the mean user + system time in ms of the hyperfine result NAME.json
cpu() {
	jq -r '(.results[0].user + .results[0].system) * 1000 | . * 100 | round / 100' "$B/$1.hf.json"
}

# row WHAT WALL_MS CPU_MS: a line of the table, throughput by wall time
row() {
	awk -v w="$1" -v t="$2" -v c="$3" -v b="$size" -v n="$pkts" 'BEGIN {
		printf "  %-32s %10.2f ms %10.2f ms %7.0f MB/s %6.2f Mpkt/s\n", w, t, c,
			b / 1e6 / (t / 1000), n / 1e6 / (t / 1000) }'
}

# pct A B: 100 * A / B
pct() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }'
}

bench_capture() {
	flows=${CAPTURE_FLOWS:-1000000}
	echo "== capture: premig scan --pcap of $flows TCP flows, vs a bare libpcap loop and tshark -z conv,tcp"
	if ! cc -O2 -o "$B/mkpcap" "$TOP/tests/tools/mkpcap.c" -lpcap 2>"$B/cc.err" ||
		! cc -O2 -o "$B/pcaploop" "$TOP/tests/tools/pcaploop.c" -lpcap 2>>"$B/cc.err" ||
		! make -s -C "$TOP" build/tests/tools/capread >>"$B/cc.err" 2>&1; then
		echo "  cannot build the capture tools: $(cat "$B/cc.err")"
		return 0
	fi
	capread="$TOP/build/tests/tools/capread"
	sum=$(cksum <"$TOP/tests/tools/mkpcap.c" | cut -d' ' -f1)
	cap="$B/cache/flows-$flows-$sum.pcap"
	if [ ! -s "$cap" ]; then
		mkdir -p "$B/cache"
		rm -f "$B"/cache/flows-*.pcap
		echo "  writing the capture (once; kept in $B/cache)"
		if ! "$B/mkpcap" bench "$cap.tmp" "$flows" || ! mv "$cap.tmp" "$cap"; then
			rm -f "$cap.tmp"
			echo "  cannot write the capture"
			return 0
		fi
	fi
	size=$(stat -c %s "$cap")
	# one pass to warm the page cache, and the packet count
	pkts=$("$B/pcaploop" "$cap" | cut -d' ' -f1)

	fresh="rm -f $B/c.db $B/c.db-wal $B/c.db-shm"
	hyperfine --style none -i --warmup 1 --runs 3 --prepare "$fresh" \
		--export-json "$B/cap-premig.hf.json" "$PREMIG scan --quiet --pcap $cap --db $B/c.db" \
		>/dev/null 2>"$B/cap-premig.err" || { echo "bench: capture failed: $(cat "$B/cap-premig.err")" >&2; return 1; }
	hf cap-bare 3 "$B/pcaploop $cap"
	hf cap-read 3 "$capread $cap"
	sh -c "$fresh"
	/usr/bin/time -f '%M' -o "$B/cap.mem" "$PREMIG" scan --quiet --pcap "$cap" --db "$B/c.db"
	stored=$(sqlite3 "$B/c.db" "SELECT count(*) FROM flows")
	# the analysis the scan leaves to its first reader: premig deps right after it (one run)
	/usr/bin/time -f '%e %U %S %M' -o "$B/deps.time" "$PREMIG" deps --db "$B/c.db" >/dev/null 2>"$B/deps.err" ||
		{ echo "bench: premig deps failed: $(cat "$B/deps.err")" >&2; return 1; }
	dw=$(awk '{ printf "%.2f", $1 * 1000 }' "$B/deps.time")
	dc=$(awk '{ printf "%.2f", ($2 + $3) * 1000 }' "$B/deps.time")
	deps=$(sqlite3 "$B/c.db" "SELECT dependency_count FROM dependency_analysis")
	printf '  the capture: %s bytes, %s packets, %s TCP flows (tests/tools/mkpcap.c bench)\n' \
		"$size" "$pkts" "$flows"
	printf '  %-32s %13s %13s %12s %13s\n' "" "wall (median)" "cpu user+sys" "by wall" ""
	row "bare libpcap loop (pcaploop)" "$(median cap-bare)" "$(cpu cap-bare)"
	row "premig reading alone (capread)" "$(median cap-read)" "$(cpu cap-read)"
	row "premig scan --pcap (+ the store)" "$(median cap-premig)" "$(cpu cap-premig)"
	row "then premig deps (1 run)" "$dw" "$dc"
	sw=$(awk -v a="$(median cap-premig)" -v b="$dw" 'BEGIN { printf "%.2f", a + b }')
	sc=$(awk -v a="$(cpu cap-premig)" -v b="$dc" 'BEGIN { printf "%.2f", a + b }')
	row "scan and the analysis together" "$sw" "$sc"
	t=""
	if command -v tshark >/dev/null 2>&1; then
		/usr/bin/time -f '%e %U %S %M' -o "$B/tshark.time" tshark -n -q -z conv,tcp -r "$cap" \
			>"$B/tshark.out" 2>"$B/tshark.err"
		t=$(awk '{ printf "%.2f", $1 * 1000 }' "$B/tshark.time")
		tc=$(awk '{ printf "%.2f", ($2 + $3) * 1000 }' "$B/tshark.time")
		row "tshark -z conv,tcp (1 run)" "$t" "$tc"
	else
		echo "  tshark is not installed (make bench installs it)"
	fi
	printf '  premig/bare throughput   scan --pcap %s by wall, %s by cpu; reading alone %s by wall, %s by cpu   (goal: >= 70%%)\n' \
		"$(pct "$(median cap-bare)" "$(median cap-premig)")" "$(pct "$(cpu cap-bare)" "$(cpu cap-premig)")" \
		"$(pct "$(median cap-bare)" "$(median cap-read)")" "$(pct "$(cpu cap-bare)" "$(cpu cap-read)")"
	[ -n "$t" ] && printf '  tshark/premig time       scan --pcap %sx by wall, %sx by cpu; with the analysis %sx, %sx   (goal: >= 20x)\n' \
		"$(ratio "$t" "$(median cap-premig)")" "$(ratio "$tc" "$(cpu cap-premig)")" \
		"$(ratio "$t" "$sw")" "$(ratio "$tc" "$sc")"
	printf '  premig peak memory       %.1f MiB, %s flows stored   (goal: < 512 MiB for 1,000,000 flows)\n' \
		"$(awk '{ print $1 / 1024 }' "$B/cap.mem")" "$stored"
	printf '  premig deps peak memory  %.1f MiB, %s dependencies\n' \
		"$(awk '{ print $4 / 1024 }' "$B/deps.time")" "$deps"
	[ -n "$t" ] && printf '  tshark peak memory       %.1f MiB, %s conversations\n' \
		"$(awk '{ print $4 / 1024 }' "$B/tshark.time")" "$(grep -c '<->' "$B/tshark.out")"
	return 0
}
