#!/bin/sh
# bench.sh - premig's speed, side by side with the peers, in one run:
#   tests/bench.sh PREMIG [SECTION...]
#
# Sections: scan (the live host inventory and its JSON report, against
# `facter --json`); disks (the disks and volumes collectors on a 24-disk,
# 100-partition fixture host and on this machine, against `lsblk -J -O`
# plus `blkid -p`: tests/tools/bench-disks.sh); fleet (`premig assess` of a fleet store of FLEET_HOSTS,
# default 10000, synthetic hosts made by tests/tools/gen-fleet.sh, against
# both packs: the time and the peak memory; then the HTML report of it:
# the time to write it, its size, and the time until it is interactive in
# headless chromium, tests/tools/browser.py); capture (premig scan --pcap of
# a generated capture of 1,000,000 TCP flows against a bare libpcap loop
# and tshark: tests/tools/bench-capture.sh); static (the size of
# premig-static, the file copied to hosts: make static).  Each figure is the median of
# repeated runs timed by hyperfine, which also subtracts the cost of
# starting a shell.  Nothing here passes or fails: it prints figures, their
# ratio, and the goals.
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
PREMIG=${1:?usage: tests/bench.sh PREMIG [SECTION...]}
case $PREMIG in /*) ;; *) PREMIG="$PWD/${PREMIG#./}" ;; esac
shift
SECTIONS=${*:-scan disks fleet capture static}
B="$TOP/tests/out/bench"
# a fresh directory, but for the generated capture kept in cache/
mkdir -p "$B"
find "$B" -mindepth 1 -maxdepth 1 ! -name cache -exec rm -rf {} +
export TZ=UTC LC_ALL=C

# median NAME: the median wall time in ms of the hyperfine result NAME.json
median() {
	jq -r '.results[0].median * 1000 | . * 100 | round / 100' "$B/$1.hf.json"
}

# hf NAME RUNS COMMAND: time COMMAND with hyperfine into NAME.json
hf() {
	hyperfine --style none -i --warmup 2 --runs "$2" --export-json "$B/$1.hf.json" "$3" >/dev/null 2>"$B/$1.err" ||
		{ echo "bench: $1 failed: $(cat "$B/$1.err")" >&2; return 1; }
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'
}

# the collectors of the host inventory issue, as the issue names them
INVENTORY=identity,os,kernel,hardware,nics
have=$("$PREMIG" scan --help | sed -n '/^collectors/,$p' | awk 'NR > 1 { print $1 }' | tr '\n' ',')
only=""
for c in $(echo "$INVENTORY" | tr ',' ' '); do
	case ",$have" in *",$c,"*) only="$only${only:+,}$c" ;; esac
done

for section in $SECTIONS; do
	case $section in
	scan)
		echo "== scan: live host inventory ($only) + JSON report, vs facter --json"
		run="rm -f $B/s.db $B/s.db-wal $B/s.db-shm; BIN scan --quiet --only $only --db $B/s.db && BIN report --format json --db $B/s.db -o $B/s.json"
		hf premig 40 "$(echo "$run" | sed "s|BIN|$PREMIG|g")"
		# the static binary, the one copied to hosts: no dynamic loading (make static)
		static="$(dirname "$PREMIG")/premig-static"
		[ -x "$static" ] && hf static 40 "$(echo "$run" | sed "s|BIN|$static|g")"
		p=$(median premig)
		printf '  premig scan+report          median %8.2f ms\n' "$p"
		[ -x "$static" ] && printf '  premig-static scan+report   median %8.2f ms\n' "$(median static)"
		if command -v facter >/dev/null 2>&1; then
			hf facter 10 "facter --json >$B/facter.json 2>/dev/null"
			f=$(median facter)
			printf '  facter --json               median %8.2f ms\n' "$f"
			printf '  ratio facter/premig         %8sx   (goal: >= 20x, and premig < 50 ms)\n' "$(ratio "$f" "$p")"
			[ -x "$static" ] && printf '  ratio facter/premig-static  %8sx\n' "$(ratio "$f" "$(median static)")"
		else
			echo "  facter is not installed (make bench installs it)"
		fi
		;;
	disks)
		. "$TOP/tests/tools/bench-disks.sh"
		bench_disks
		;;
	fleet)
		hosts=${FLEET_HOSTS:-10000}
		echo "== fleet: premig assess of $hosts synthetic hosts against both packs"
		sh "$TOP/tests/tools/gen-fleet.sh" "$PREMIG" "$B/fleet.db" "$hosts"
		# every run assesses a fresh copy: a store as scans and merges leave it
		fresh="rm -f $B/run.db $B/run.db-wal $B/run.db-shm; cp $B/fleet.db $B/run.db"
		hyperfine --style none -i --warmup 1 --runs 5 --prepare "$fresh" \
			--export-json "$B/fleet.hf.json" "$PREMIG assess --quiet --db $B/run.db" \
			>/dev/null 2>"$B/fleet.err" || { echo "bench: fleet failed: $(cat "$B/fleet.err")" >&2; exit 1; }
		sh -c "$fresh"
		/usr/bin/time -f '%M' -o "$B/fleet.mem" "$PREMIG" assess --quiet --db "$B/run.db"
		n=$(sqlite3 "$B/run.db" "SELECT count(*) FROM findings")
		printf '  premig assess   median %8.2f ms   %d hosts x %d rules = %d findings\n' \
			"$(median fleet)" "$hosts" $((n / hosts)) "$n"
		printf '  peak memory     %8.1f MiB\n' "$(awk '{ print $1 / 1024 }' "$B/fleet.mem")"
		echo "  (goal: < 2000 ms and < 200 MiB)"
		# the HTML report of the assessed store: written once (it takes
		# long at this size), then opened in headless chromium
		/usr/bin/time -f '%e %M' -o "$B/html.time" "$PREMIG" report --format html --db "$B/run.db" \
			-o "$B/fleet.html"
		printf '  report --format html  %8.1f s   %8.1f MiB peak   %8.1f MB written\n' \
			"$(awk '{ print $1 }' "$B/html.time")" "$(awk '{ print $2 / 1024 }' "$B/html.time")" \
			"$(wc -c <"$B/fleet.html" | awk '{ print $1 / 1000000 }')"
		if [ -x /usr/bin/chromium ]; then
			python3 "$TOP/tests/tools/browser.py" timing "$B/fleet.html" >"$B/html.tti" &&
				printf '  in chromium: table rendered %s s, a filter answered in %s ms, interactive %s s\n' \
					"$(jq .rendered_s "$B/html.tti")" "$(jq .filter_ms "$B/html.tti")" \
					"$(jq .interactive_s "$B/html.tti")"
		fi
		echo "  (goal: HTML written in < 5 s, < 50 MB, interactive in < 2 s)"
		;;
	capture)
		. "$TOP/tests/tools/bench-capture.sh"
		bench_capture
		;;
	static)
		# the file copied to every host, stripped (make static builds it)
		echo "== static: premig-static, the one file copied to hosts"
		static="$(dirname "$PREMIG")/premig-static"
		if [ -x "$static" ]; then
			awk -v b="$(wc -c <"$static")" 'BEGIN { printf "  premig-static  %6.2f MB stripped   (goal: < 10 MB)\n", b / 1048576 }'
			file -b "$static" | sed 's/^/  /'
		else
			echo "  no premig-static: make static builds it"
		fi
		;;
	*)
		echo "bench: unknown section '$section'" >&2
		exit 2
		;;
	esac
done
