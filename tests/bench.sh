#!/bin/sh
# bench.sh - premig's speed, side by side with the peers, in one run:
#   tests/bench.sh PREMIG [SECTION...]
#
# Sections: scan (the live host inventory and its JSON report, against
# `facter --json`).  Each figure is the median of repeated runs timed by
# hyperfine, which also subtracts the cost of starting a shell.  Nothing
# here passes or fails: it prints figures and their ratio.
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
PREMIG=${1:?usage: tests/bench.sh PREMIG [SECTION...]}
case $PREMIG in /*) ;; *) PREMIG="$PWD/${PREMIG#./}" ;; esac
shift
SECTIONS=${*:-scan}
B="$TOP/tests/out/bench"
rm -rf "$B"
mkdir -p "$B"
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
		hf premig 40 "rm -f $B/s.db $B/s.db-wal $B/s.db-shm; $PREMIG scan --quiet --only $only --db $B/s.db && $PREMIG report --format json --db $B/s.db -o $B/s.json"
		if command -v facter >/dev/null 2>&1; then
			hf facter 10 "facter --json >$B/facter.json 2>/dev/null"
			p=$(median premig)
			f=$(median facter)
			printf '  premig scan+report  median %8.2f ms\n' "$p"
			printf '  facter --json       median %8.2f ms\n' "$f"
			printf '  ratio facter/premig %8sx   (goal: >= 20x, and premig < 50 ms)\n' "$(ratio "$f" "$p")"
		else
			printf '  premig scan+report  median %8.2f ms\n' "$(median premig)"
			echo "  facter is not installed (make bench installs it)"
		fi
		;;
	*)
		echo "bench: unknown section '$section'" >&2
		exit 2
		;;
	esac
done
