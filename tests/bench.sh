#!/bin/sh
# bench.sh - premig's speed, side by side with the peers, in one run:
#   tests/bench.sh PREMIG [SECTION...]
#
# Sections: scan (the live host inventory, every collector of the
# default scan, and its JSON report, against `facter --json`; by
# premig-static when it is built); disks (the disks and volumes collectors on a 24-disk,
# 100-partition fixture host and on this machine, against `lsblk -J -O`
# plus `blkid -p`: tests/tools/bench-disks.sh); fleet (`premig assess` of a fleet store of FLEET_HOSTS,
# default 10000, synthetic hosts made by tests/tools/gen-fleet.sh, against
# both packs: the time and the peak memory; then the HTML report of it:
# the time to write it, its size, and the time until it is interactive in
# headless chromium, tests/tools/browser.py; then the JSON report's time,
# peak memory and size); merge (`premig merge OUT IN...` of MERGE_HOSTS,
# default 1000, per-host stores, each one assessed scan of one host, split
# from a gen-fleet.sh store by tests/tools/gen-hosts.sh: the time and the
# peak memory); capture (premig scan --pcap of
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
SECTIONS=${*:-scan disks fleet merge capture static}
B="$TOP/tests/out/bench"
# a fresh directory, but for the generated capture kept in cache/
mkdir -p "$B"
find "$B" -mindepth 1 -maxdepth 1 ! -name cache -exec rm -rf {} +
export TZ=UTC LC_ALL=C

# median NAME: the median wall time in ms of the hyperfine result NAME.json
median() {
	jq -r '.results[0].median * 1000 | . * 100 | round / 100' "$B/$1.hf.json"
}

# cpu NAME: the mean user+system time in ms of the hyperfine result NAME.json
# (the machine may be shared: the wall time then is a multiple of it)
cpu() {
	jq -r '(.results[0].user + .results[0].system) * 1000 | . * 100 | round / 100' "$B/$1.hf.json"
}

# hf NAME RUNS COMMAND: time COMMAND with hyperfine into NAME.json
hf() {
	hyperfine --style none -i --warmup 2 --runs "$2" --export-json "$B/$1.hf.json" "$3" >/dev/null 2>"$B/$1.err" ||
		{ echo "bench: $1 failed: $(cat "$B/$1.err")" >&2; return 1; }
}

# cpu NAME: the mean user+system CPU time in ms of the hyperfine result
# NAME.json, which a machine busy with other work changes less than the wall time
cpu() {
	jq -r '(.results[0].user + .results[0].system) * 1000 | . * 100 | round / 100' "$B/$1.hf.json"
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'
}

for section in $SECTIONS; do
	case $section in
	scan)
		# the whole default scan, every collector, as `premig scan` runs it, and
		# its JSON report; by the static binary, the one copied to hosts
		# (make static), when it is built, else by the dynamic one
		static="$(dirname "$PREMIG")/premig-static"
		bin=$PREMIG
		[ -x "$static" ] && bin=$static
		echo "== scan: live host inventory, the default scan (every collector) + JSON report, vs facter --json"
		echo "   binary: $bin"
		hf premig 30 "rm -f $B/s.db $B/s.db-wal $B/s.db-shm; $bin scan --quiet --db $B/s.db && $bin report --format json --db $B/s.db -o $B/s.json"
		p=$(median premig)
		printf '  premig scan+report          median %8.2f ms   (cpu: user+sys %s ms)\n' "$p" "$(cpu premig)"
		if command -v facter >/dev/null 2>&1; then
			hf facter 10 "facter --json >$B/facter.json 2>/dev/null"
			f=$(median facter)
			printf '  facter --json               median %8.2f ms   (cpu: user+sys %s ms)\n' "$f" "$(cpu facter)"
			printf '  ratio facter/premig         %8sx   (cpu: %sx; goal: >= 20x)\n' "$(ratio "$f" "$p")" \
				"$(ratio "$(cpu facter)" "$(cpu premig)")"
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
		printf '  cpu user+sys    mean   %8.2f ms\n' "$(cpu fleet)"
		printf '  peak memory     %8.1f MiB\n' "$(awk '{ print $1 / 1024 }' "$B/fleet.mem")"
		echo "  (goal: < 2000 ms and < 200 MiB at 10,000 hosts; < 5 s and < 500 MiB at 50,000, issue 10)"
		# the HTML report of the assessed store: written once (it takes
		# long at this size), then opened in headless chromium
		/usr/bin/time -f '%e %M %U' -o "$B/html.time" "$PREMIG" report --format html --db "$B/run.db" \
			-o "$B/fleet.html"
		printf '  report --format html  %8.1f s   %8.1f MiB peak   %8.1f MB written   (%.1f s CPU)\n' \
			"$(awk '{ print $1 }' "$B/html.time")" "$(awk '{ print $2 / 1024 }' "$B/html.time")" \
			"$(wc -c <"$B/fleet.html" | awk '{ print $1 / 1000000 }')" "$(awk '{ print $3 }' "$B/html.time")"
		if [ -x /usr/bin/chromium ]; then
			python3 "$TOP/tests/tools/browser.py" timing "$B/fleet.html" >"$B/html.tti" &&
				printf '  in chromium: table rendered %s s, a filter answered in %s ms, interactive %s s\n' \
					"$(jq .rendered_s "$B/html.tti")" "$(jq .filter_ms "$B/html.tti")" \
					"$(jq .interactive_s "$B/html.tti")"
		fi
		echo "  (goal: HTML written in < 5 s, < 50 MB, interactive in < 2 s)"
		# the JSON report of the same store: every host's facts, packages
		# and rules in full, streamed (gigabytes at 50,000 hosts; removed
		# once measured)
		/usr/bin/time -f '%e %U %M' -o "$B/json.time" "$PREMIG" report --format json --db "$B/run.db" \
			-o "$B/fleet.json"
		printf '  report --format json  %8.1f s   %8.1f MiB peak   %8.1f MB written   (%.1f s CPU)\n' \
			"$(awk '{ print $1 }' "$B/json.time")" "$(awk '{ print $3 / 1024 }' "$B/json.time")" \
			"$(wc -c <"$B/fleet.json" | awk '{ print $1 / 1000000 }')" "$(awk '{ print $2 }' "$B/json.time")"
		rm -f "$B/fleet.json"
		# and the CSV report (hosts.csv, findings.csv)
		rm -rf "$B/fleet-csv" && mkdir "$B/fleet-csv"
		/usr/bin/time -f '%e %U %M' -o "$B/csv.time" "$PREMIG" report --format csv --db "$B/run.db" \
			-o "$B/fleet-csv"
		printf '  report --format csv   %8.1f s   %8.1f MiB peak   %8.1f MB written   (%.1f s CPU)\n' \
			"$(awk '{ print $1 }' "$B/csv.time")" "$(awk '{ print $3 / 1024 }' "$B/csv.time")" \
			"$(du -cb "$B"/fleet-csv/*.csv | awk 'END { print $1 / 1000000 }')" "$(awk '{ print $2 }' "$B/csv.time")"
		rm -rf "$B/fleet-csv"
		echo "  (goal: JSON and CSV each written in < 5 s)"
		;;
	merge)
		nin=${MERGE_HOSTS:-1000}
		echo "== merge: premig merge of $nin per-host stores into one"
		sh "$TOP/tests/tools/gen-hosts.sh" "$PREMIG" "$B/hosts" "$nin"
		# every run builds a new OUT: a fleet's first merge
		hyperfine --style none -i --warmup 1 --runs 5 --prepare "rm -f $B/merged.db $B/merged.db-wal $B/merged.db-shm" \
			--export-json "$B/merge.hf.json" "$PREMIG merge $B/merged.db $B/hosts/host-*.db" \
			>/dev/null 2>"$B/merge.err" || { echo "bench: merge failed: $(cat "$B/merge.err")" >&2; exit 1; }
		rm -f "$B/merged.db" "$B/merged.db-wal" "$B/merged.db-shm"
		/usr/bin/time -f '%M' -o "$B/merge.mem" "$PREMIG" merge "$B/merged.db" "$B"/hosts/host-*.db >/dev/null 2>&1
		printf '  premig merge    median %8.2f ms   %d files of %.1f MB in all -> %d hosts, %d findings\n' \
			"$(median merge)" "$nin" "$(du -cb "$B"/hosts/host-*.db | awk 'END { print $1 / 1000000 }')" \
			"$(sqlite3 "$B/merged.db" "SELECT count(*) FROM hosts")" \
			"$(sqlite3 "$B/merged.db" "SELECT count(*) FROM findings")"
		printf '  cpu user+sys    mean   %8.2f ms\n' "$(cpu merge)"
		printf '  peak memory     %8.1f MiB\n' "$(awk '{ print $1 / 1024 }' "$B/merge.mem")"
		echo "  (goal: none named by issue 10, which asks for the time and the peak memory;"
		echo "   for scale, assess's: < 5 s and < 500 MiB)"
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
