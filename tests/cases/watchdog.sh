# watchdog.sh - the scan's belt (scanner/watch.c): a collector that outlives
# its time budget (--collector-timeout) or its memory (--max-memory) fails
# alone with the reason, the scan goes on to the next collector, its other
# facts are stored, it ends "partial" (exit 3) and the store stays whole.
# Real inputs: a FUSE mount whose server never answers (tests/tools/hangfs.c)
# with the filesystems collector's own statvfs deadline raised past the
# budget, and a dpkg status of 44 MiB (well under the collector's 64 MiB
# cap) under a 64 MiB limit.

q() { sqlite3 -batch -noheader "$@" 2>/dev/null; }

# ---- the options
for bad in "--max-memory 10" "--max-memory abc" "--max-memory -1" "--collector-timeout 1e3" \
	"--collector-timeout 86401" "--collector-timeout"; do
	# shellcheck disable=SC2086
	"$PREMIG" scan --db "$OUT/bad.db" $bad >/dev/null 2>"$OUT/bad.err"
	rc=$?
	[ $rc -eq 2 ] && [ ! -e "$OUT/bad.db" ] && ok "'$bad' is refused (exit 2)" ||
		fail "'$bad': exit $rc" "$(cat "$OUT/bad.err")"
done
"$PREMIG" scan --help >"$OUT/help.out"
grep -q -- "--collector-timeout SECONDS" "$OUT/help.out" && grep -q -- "--max-memory MIB" "$OUT/help.out" &&
	ok "scan --help names the limits" || fail "scan --help: no limits"

# ---- both limits off: the scan runs unwatched, as it did before the belt
mkdir -p "$OUT/small/etc"
printf 'ID=debian\nVERSION_ID="12"\n' >"$OUT/small/etc/os-release"
"$PREMIG" scan --quiet --root "$OUT/small" --db "$OUT/off.db" --host-id off --only os \
	--collector-timeout 0 --max-memory 0 2>"$OUT/off.err"
rc=$?
got=$(q "$OUT/off.db" "SELECT status FROM collector_runs WHERE collector = 'os'")
[ $rc -eq 0 ] && [ "$got" = ok ] && ok "limits off: the scan runs" || fail "limits off: exit $rc, os '$got'" "$(cat "$OUT/off.err")"

# ---- memory: a 44 MiB dpkg status under --max-memory 64 (the worker's
# libraries and store take some 45 MiB of address space).  The stanzas are
# the golden Debian 12 ones, which dpkg wrote, under 10000 prefixes.
if grep -q __asan_init "$PREMIG" 2>/dev/null; then
	echo "  skip: --max-memory is not enforced under AddressSanitizer"
	grep -q "not enforced in this AddressSanitizer build" "$OUT/help.out" &&
		ok "scan --help says the memory limit is off under ASan" || fail "scan --help: no ASan note"
else
	big="$OUT/big"
	mkdir -p "$big/var/lib/dpkg" "$big/etc"
	printf 'ID=debian\nVERSION_ID="12"\n' >"$big/etc/os-release"
	awk -v n=10000 'BEGIN { RS = ""; ORS = "\n\n" } { s[NR] = $0 }
		END { for (i = 1; i <= n; i++) for (j = 1; j <= NR; j++) {
			t = s[j]; sub(/^Package: /, "Package: c" i "-", t); print t } }' \
		"$TOP/tests/golden/packages/debian12-dpkg/root/var/lib/dpkg/status" >"$big/var/lib/dpkg/status"
	"$PREMIG" scan --root "$big" --db "$OUT/mem.db" --host-id mem --max-memory 64 2>"$OUT/mem.err"
	rc=$?
	got=$(q "$OUT/mem.db" "SELECT status || '|' || reason FROM collector_runs WHERE collector = 'packages'")
	[ $rc -eq 3 ] && [ "$got" = "failed|exceeded the memory limit of 64 MiB (out of memory)" ] &&
		ok "memory: the collector fails with the reason, exit 3" ||
		fail "memory: exit $rc, packages '$got'" "$(cat "$OUT/mem.err")"
	grep -q "warning: packages: exceeded the memory limit of 64 MiB" "$OUT/mem.err" &&
		ok "memory: the warning names the collector" || fail "memory: warning" "$(cat "$OUT/mem.err")"
	got=$(q "$OUT/mem.db" "SELECT count(*) FROM collector_runs WHERE collector IN ('services', 'firewall', 'hostfiles')")
	[ "$got" = 3 ] && ok "memory: the collectors after it ran" || fail "memory: $got of 3 later runs"
	got=$(q "$OUT/mem.db" "SELECT (SELECT count(*) FROM packages) || ' ' || (SELECT id FROM os) || ' ' || (SELECT status FROM scans)")
	[ "$got" = "0 debian partial" ] && ok "memory: no partial rows, the other facts kept, scan partial" ||
		fail "memory: packages, os, scan: '$got'"
	# the same file within the default limit: it was the limit, not the file
	"$PREMIG" scan --quiet --root "$big" --db "$OUT/mem-ok.db" --host-id mem --only packages 2>"$OUT/mem-ok.err"
	rc=$?
	got=$(q "$OUT/mem-ok.db" "SELECT count(*) FROM packages")
	[ $rc -eq 0 ] && [ "${got:-0}" -gt 100000 ] && ok "memory: within the default limit it reads ($got packages)" ||
		fail "memory: default limit: exit $rc, $got packages" "$(cat "$OUT/mem-ok.err")"
	rm -rf "$big"
fi

# ---- time: statvfs on a FUSE mount that never answers, with the
# collector's own deadline (PREMIG_STATVFS_TIMEOUT_MS) raised past the budget
if [ "$(id -u)" -ne 0 ] || [ ! -c /dev/fuse ] || ! command -v unshare >/dev/null 2>&1 ||
	! unshare -m --propagation private true 2>/dev/null; then
	echo "  skip: the time budget check needs root, /dev/fuse and unshare -m"
elif ! cc -o "$OUT/hangfs" "$TOP/tests/tools/hangfs.c" 2>"$OUT/cc.err"; then
	fail "hangfs: cannot build" "$(cat "$OUT/cc.err")"
else
	mkdir -p "$OUT/hang/a"
	cat >"$OUT/hang.sh" <<'EOF'
# runs in a private mount namespace: $1 OUT, $2 PREMIG
"$1/hangfs" "$1/hang/a" hang fuse.hang >"$1/hangfs.out" 2>&1 &
pid=$!
i=0
while ! grep -q ready "$1/hangfs.out" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
t0=$(date +%s%N)
PREMIG_STATVFS_TIMEOUT_MS=60000 timeout 60 "$2" scan --db "$1/time.db" --host-id time \
	--collector-timeout 2 2>"$1/time.err"
echo $? >"$1/time.rc"
echo $(( ($(date +%s%N) - t0) / 1000000 )) >"$1/time.ms"
# a worker that crashes while filesystems waits (SIGABRT, as an assert, from
# outside; AddressSanitizer would catch a SIGSEGV and exit)
PREMIG_STATVFS_TIMEOUT_MS=60000 "$2" scan --quiet --db "$1/crash.db" --host-id crash \
	--collector-timeout 20 2>"$1/crash.err" &
sp=$!
i=0
while [ "$(sqlite3 "$1/crash.db" "SELECT count(*) FROM collector_runs WHERE collector = 'volumes'" 2>/dev/null)" != 1 ] &&
	[ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.5
# the supervisor's one child is the worker
kill -ABRT $(awk -v pp=$sp '$4 == pp { print $1 }' /proc/[0-9]*/stat 2>/dev/null)
wait $sp
echo $? >"$1/crash.rc"
kill $pid
wait
EOF
	unshare -m --propagation private sh "$OUT/hang.sh" "$OUT" "$PREMIG" 2>"$OUT/unshare.err"
	rc=$(cat "$OUT/time.rc" 2>/dev/null)
	ms=$(cat "$OUT/time.ms" 2>/dev/null)
	[ "$rc" = 3 ] && [ "${ms:-99999}" -lt 10000 ] && ok "time: the scan ends partial (exit 3) in $ms ms" ||
		fail "time: exit '$rc' after '$ms' ms" "$(cat "$OUT/time.err" "$OUT/unshare.err" "$OUT/hangfs.out" 2>/dev/null)"
	got=$(q "$OUT/time.db" "SELECT status || '|' || reason || '|' || (duration_us BETWEEN 2000000 AND 5000000) FROM collector_runs WHERE collector = 'filesystems'")
	[ "$got" = "failed|exceeded the time budget of 2 s|1" ] && ok "time: the collector fails with the reason" ||
		fail "time: filesystems '$got'"
	grep -q "warning: filesystems: exceeded the time budget of 2 s" "$OUT/time.err" &&
		ok "time: the warning names the collector" || fail "time: warning" "$(cat "$OUT/time.err")"
	# every collector has one run, and those after filesystems ran
	got=$(q "$OUT/time.db" "SELECT count(*) || ' ' || count(DISTINCT collector) || ' ' || sum(status = 'failed') FROM collector_runs")
	want=$("$PREMIG" scan --help | sed -n '/^collectors/,$p' | awk 'NR > 1' | wc -l)
	[ "$got" = "$want $want 1" ] && ok "time: one run per collector, one failed" || fail "time: runs '$got', want '$want $want 1'"
	got=$(q "$OUT/time.db" "SELECT group_concat(status, ',') FROM (SELECT status FROM collector_runs WHERE collector IN ('boot', 'packages', 'services', 'firewall', 'hostfiles') ORDER BY rowid)")
	case $got in
	*failed* | "") fail "time: the collectors after it: '$got'" ;;
	*) ok "time: the collectors after it ran ($got)" ;;
	esac
	got=$(q "$OUT/time.db" "SELECT (SELECT count(*) FROM mounts) || ' ' || (SELECT count(*) > 0 FROM nics) || ' ' || (SELECT status FROM scans)")
	[ "$got" = "0 1 partial" ] && ok "time: no rows of the killed collector, the others kept, scan partial" ||
		fail "time: mounts, nics, scan: '$got'"
	got=$(q "$OUT/time.db" "PRAGMA integrity_check")
	[ "$got" = ok ] && ok "time: the store is whole after the kill" || fail "time: integrity_check '$got'"
	rc=$(cat "$OUT/crash.rc" 2>/dev/null)
	got=$(q "$OUT/crash.db" "SELECT status || '|' || reason FROM collector_runs WHERE collector = 'filesystems'")
	[ "$rc" = 3 ] && [ "$got" = "failed|crashed: Aborted" ] && ok "crash: the collector fails with the signal" ||
		fail "crash: exit '$rc', filesystems '$got'" "$(cat "$OUT/crash.err" 2>/dev/null)"
	got=$(q "$OUT/crash.db" "SELECT count(*) FROM collector_runs WHERE collector IN ('boot', 'packages', 'services', 'firewall', 'hostfiles') AND status != 'failed'")
	[ "$got" = 5 ] && ok "crash: the collectors after it ran" || fail "crash: $got of 5 later collectors"
	# the same store takes the next scan
	"$PREMIG" scan --quiet --root "$OUT/small" --db "$OUT/time.db" --host-id small --only os 2>"$OUT/next.err"
	rc=$?
	[ $rc -eq 0 ] && ok "time: the store takes the next scan" || fail "time: next scan exit $rc" "$(cat "$OUT/next.err")"
fi
