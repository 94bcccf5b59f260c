# capture.sh - premig scan --capture IFACE: a live capture through libpcap on
# this machine's loopback while python3 holds a real TCP conversation, with
# --filter and --syn-only; an interface that does not exist, a capture
# without root, a bad filter, and Ctrl-C ending the capture early.

q() { sqlite3 "$1" "$2" 2>&1; }
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got:  $2
want: $3"; fi
}
if [ "$(id -u)" -ne 0 ] || ! command -v python3 >/dev/null 2>&1; then
	ok "capture: needs root and python3 (skipped)"
	return 0 2>/dev/null || exit 0
fi

# talk PORTFILE: after 1 s, a listener and a client exchange 5 messages, then close
talk() {
	python3 - "$1" <<'PY' &
import os, socket, sys, time
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%d\n" % srv.getsockname()[1])
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(1)
cli = socket.create_connection(srv.getsockname()); acc, _ = srv.accept()
for _ in range(5):
    cli.sendall(b"x" * 50); acc.recv(100); acc.sendall(b"y" * 50); cli.recv(100)
cli.close(); acc.close(); srv.close()
PY
}
# cscan NAME ARGS...: a flows-only scan capturing on lo for 3 s
cscan() {
	n=$1
	shift
	rm -f "$OUT/$n.db" "$OUT/$n.port"
	talk "$OUT/$n.port"
	"$PREMIG" scan --quiet --only flows --capture lo --seconds 3 --db "$OUT/$n.db" --host-id "$n" "$@" \
		2>"$OUT/$n.err"
	crc=$?
	wait
	read -r cport <"$OUT/$n.port"
}

cscan plain
expect "capture: scan exit 0" "$crc" 0
expect "capture: the conversation, the handshake from the client" \
	"$(q "$OUT/plain.db" "SELECT source, proto, CASE syn_from WHEN 'a' THEN b_port ELSE a_port END,
		packets_ab + packets_ba >= 10 FROM flows WHERE a_port = $cport OR b_port = $cport")" \
	"capture|tcp|$cport|1"
expect "capture: its capture_files row" \
	"$(q "$OUT/plain.db" "SELECT path || ' ' || format || ' ' || status FROM capture_files")" "capture:lo live read"

cscan syn --syn-only
expect "capture --syn-only: only the SYN and the SYN-ACK of the conversation" \
	"$(q "$OUT/syn.db" "SELECT packets_ab + packets_ba, syn_from IS NOT NULL, synack_from IS NOT NULL
		FROM flows WHERE a_port = $cport OR b_port = $cport")" "2|1|1"

cscan filtered --filter "tcp port 9"
expect "capture --filter: what it leaves out is not counted" \
	"$(q "$OUT/filtered.db" "SELECT count(*) FROM flows WHERE a_port = $cport OR b_port = $cport")" 0

# an interface that does not exist: the collector fails, saying so; the scan is partial
rm -f "$OUT/noif.db"
"$PREMIG" scan --quiet --only flows --capture nosuch0 --seconds 1 --db "$OUT/noif.db" --host-id n 2>/dev/null
expect "capture on an interface that does not exist: exit 3" "$?" 3
expect "capture on an interface that does not exist: why" \
	"$(q "$OUT/noif.db" "SELECT status || ' ' || reason FROM collector_runs WHERE collector = 'flows'")" \
	"failed --capture nosuch0: no such interface ('nosuch0')"

# without root or CAP_NET_RAW: a clear message, the rest of the scan goes on
mkdir -p "$OUT/nobody"
chmod 777 "$OUT/nobody"
setpriv --reuid=65534 --regid=65534 --clear-groups "$PREMIG" scan --only identity,flows --capture lo \
	--seconds 1 --db "$OUT/nobody/n.db" --host-id n 2>"$OUT/nobody.err"
expect "capture without root: exit 3 (the flows collector failed)" "$?" 3
expect "capture without root: identity ran, flows says why" \
	"$(q "$OUT/nobody/n.db" "SELECT group_concat(collector || ' ' || status ||
		CASE collector WHEN 'flows' THEN ' ' || reason ELSE '' END, '; ')
		FROM collector_runs WHERE collector IN ('identity', 'flows')")" \
	"identity ok; flows failed --capture lo: capturing needs root or CAP_NET_RAW ('lo')"
if grep -q "capturing needs root or CAP_NET_RAW ('lo'); the rest of the scan goes on" "$OUT/nobody.err"; then
	ok "capture without root: warned"
else
	fail "capture without root: warning" "$(cat "$OUT/nobody.err")"
fi

# bad command lines
expect_exit "capture: a bad filter" 2 "--filter 'tcp port': " \
	"$PREMIG" scan --capture lo --filter "tcp port" --db "$OUT/x.db"
expect_exit "capture: --seconds without --capture" 2 "go with --capture IFACE" \
	"$PREMIG" scan --seconds 5 --db "$OUT/x.db"

# Ctrl-C (SIGINT to the process group, as a terminal sends it): the capture
# ends early, what it saw is kept, the scan finishes
rm -f "$OUT/int.db"
ctrl_c 2 "$OUT/int.err" "$PREMIG" scan --quiet --only flows --capture lo --seconds 60 \
	--db "$OUT/int.db" --host-id i
expect "capture: Ctrl-C ends it early and the scan exits 0" "$ctrl_c_rc $((ctrl_c_s < 10))" "0 1"
expect "capture: Ctrl-C, what was seen is kept and the capture says it ended early" \
	"$(q "$OUT/int.db" "SELECT status || ' ' || reason FROM capture_files")" "partial ended by Ctrl-C"
