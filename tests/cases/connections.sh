# connections.sh - the live socket tables (collectors/connections.c): real
# sockets opened here by python3 (a TCP listener, a client connected to it,
# a bound UDP socket), scanned while they are open, as root and as nobody;
# the copy of a root, which has no sockets; and --sample: a real client
# that connects, goes away and comes back from another port while the
# snapshots are taken, Ctrl-C during a sampling, and its bad command lines.

q() { sqlite3 "$1" "$2" 2>&1; }
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got:  $2
want: $3"; fi
}

if ! command -v python3 >/dev/null 2>&1; then
	ok "connections: no python3 here (skipped)"
	return 0 2>/dev/null || exit 0
fi
# the sockets stay open until $OUT/stop appears; their ports are written to $OUT/ports
python3 - "$OUT" <<'PY' &
import os, socket, sys, time
out = sys.argv[1]
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind(("127.0.0.1", 0)); srv.listen(4)
cli = socket.create_connection(srv.getsockname())
acc, _ = srv.accept()
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", 0))
with open(out + "/ports.tmp", "w") as f:
    f.write("%d %d %d\n" % (srv.getsockname()[1], cli.getsockname()[1], udp.getsockname()[1]))
os.rename(out + "/ports.tmp", out + "/ports")
for _ in range(600):
    if os.path.exists(out + "/stop"):
        break
    time.sleep(0.1)
PY
holder=$!
i=0
while [ ! -f "$OUT/ports" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
read -r lport cport uport <"$OUT/ports"

# as root: every socket of the holder named with its process
"$PREMIG" scan --quiet --only connections --db "$OUT/root.db" --host-id c 2>"$OUT/root.err"
expect "connections: scan exit 0" "$?" 0
expect "connections: the TCP listener, with its process and executable" \
	"$(q "$OUT/root.db" "SELECT kind, state, local_ip, pid, process, exe LIKE '%python3%' FROM sockets
		WHERE proto = 'tcp' AND local_port = $lport AND kind = 'listener'")" \
	"listener|listen|127.0.0.1|$holder|python3|1"
expect "connections: both ends of the connection, each with its process" \
	"$(q "$OUT/root.db" "SELECT local_port || '>' || remote_port || ' ' || state || ' ' || pid FROM sockets
		WHERE proto = 'tcp' AND kind = 'connection' AND local_ip = '127.0.0.1'
		AND ((local_port = $cport AND remote_port = $lport) OR (local_port = $lport AND remote_port = $cport))
		ORDER BY local_port = $lport")" \
	"$cport>$lport established $holder
$lport>$cport established $holder"
expect "connections: the bound UDP socket is a listener" \
	"$(q "$OUT/root.db" "SELECT kind || ' ' || state || ' ' || pid FROM sockets WHERE proto = 'udp' AND local_port = $uport")" \
	"listener bound $holder"
expect "connections: one snapshot: every socket seen once, first = last" \
	"$(q "$OUT/root.db" "SELECT count(*), sum(sightings = 1 AND first_seen_ns = last_seen_ns
		AND first_seen_ns > 1600000000000000000) FROM sockets")" \
	"$(q "$OUT/root.db" "SELECT count(*), count(*) FROM sockets")"
expect "connections: one snapshot: the run has no sampling note" \
	"$(q "$OUT/root.db" "SELECT count(*) FROM collector_runs WHERE collector = 'connections'
		AND reason LIKE '%snapshots%'")" 0

# as nobody: the sockets are there, their process unknown with the reason
mkdir -p "$OUT/nobody"
chmod 777 "$OUT/nobody"
setpriv --reuid=65534 --regid=65534 --clear-groups "$PREMIG" scan --quiet --only connections \
	--db "$OUT/nobody/n.db" --host-id n 2>"$OUT/nobody.err"
expect "connections as nobody: scan exit 0" "$?" 0
expect "connections as nobody: the listener is there, its process unknown and why" \
	"$(q "$OUT/nobody/n.db" "SELECT coalesce(pid, '-') || ' ' || process_reason FROM sockets
		WHERE proto = 'tcp' AND local_port = $lport AND kind = 'listener'")" \
	"- not found: the fds of some processes cannot be read (not root)"
if q "$OUT/nobody/n.db" "SELECT reason FROM collector_runs WHERE collector = 'connections'" |
	grep -Eq '^the fds of [0-9]+ processes cannot be read \(not root\): the processes of [0-9]+ sockets are unknown; permission denied on [0-9]+ reads .*: not root \(a root scan would read them\)$'; then
	ok "connections as nobody: the run says how many processes could not be read"
else
	fail "connections as nobody: reason" "$(q "$OUT/nobody/n.db" "SELECT reason FROM collector_runs WHERE collector = 'connections'")"
fi
touch "$OUT/stop"
wait $holder 2>/dev/null

# a copy of a root has no live sockets
mkdir -p "$OUT/copy/etc"
"$PREMIG" scan --quiet --root "$OUT/copy" --only connections --db "$OUT/copy.db" --host-id k 2>/dev/null
expect "connections under --root: not applicable, and why" \
	"$(q "$OUT/copy.db" "SELECT status || ' ' || reason FROM collector_runs WHERE collector = 'connections'")" \
	"not-applicable reads the running system only; not applicable to --root"

# --sample: a real server on 127.0.0.1 (its listener stays up), and a
# client that connects, holds for 1.5 s, goes away, and 2 s later connects
# again from another port, while premig takes a snapshot every second for 6
# s.  The collector's budget is 3 s: it has the sampling's time on top.
rm -f "$OUT/server.port" "$OUT/client.ports" "$OUT/stop"
python3 - "$OUT" <<'PY' &
import os, socket, sys, threading, time
out = sys.argv[1]
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind(("127.0.0.1", 0)); srv.listen(8); srv.settimeout(0.2)
with open(out + "/server.port.tmp", "w") as f:
    f.write("%d\n" % srv.getsockname()[1])
os.rename(out + "/server.port.tmp", out + "/server.port")
def serve(c):
    while c.recv(64):
        pass
    c.close()
for _ in range(300):
    if os.path.exists(out + "/stop"):
        break
    try:
        c, _ = srv.accept()
    except socket.timeout:
        continue
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
server=$!
i=0
while [ ! -f "$OUT/server.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
read -r sport <"$OUT/server.port"
"$PREMIG" scan --quiet --only connections --sample 6 --interval 1 --collector-timeout 3 \
	--db "$OUT/sample.db" --host-id s 2>"$OUT/sample.err" &
scan=$!
sleep 0.3
python3 - "$OUT" "$sport" <<'PY' &
import os, socket, sys, time
out, port = sys.argv[1], int(sys.argv[2])
def session(avoid):
    while True:
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.bind(("127.0.0.1", 0))
        if c.getsockname()[1] != avoid:
            break
        c.close()
    c.connect(("127.0.0.1", port))
    p = c.getsockname()[1]
    time.sleep(1.5)
    c.close()
    return p
a = session(0)
time.sleep(2)
b = session(a)
with open(out + "/client.ports.tmp", "w") as f:
    f.write("%d %d\n" % (a, b))
os.rename(out + "/client.ports.tmp", out + "/client.ports")
PY
client=$!
wait $scan
expect "sample: scan exit 0 (the budget grows by the sampling)" "$?" 0
wait $client
read -r pa pb <"$OUT/client.ports"
snaps=$(q "$OUT/sample.db" "SELECT reason FROM collector_runs WHERE collector = 'connections'" |
	sed -n 's/^\([0-9][0-9]*\) snapshots in 6 s, every 1 s: [0-9][0-9]* sockets\(;.*\)\{0,1\}$/\1/p')
if [ -n "$snaps" ] && [ "$snaps" -ge 5 ] && [ "$snaps" -le 7 ]; then
	ok "sample: the run says how many snapshots were taken"
else
	fail "sample: the run's note" "$(q "$OUT/sample.db" "SELECT status, reason FROM collector_runs WHERE collector = 'connections'")"
fi
expect "sample: the listener, seen by every snapshot" \
	"$(q "$OUT/sample.db" "SELECT count(*), sightings, process, first_seen_ns < last_seen_ns FROM sockets
		WHERE proto = 'tcp' AND kind = 'listener' AND local_port = $sport")" \
	"1|${snaps:-?}|python3|1"
expect "sample: both connections of the client, each with its process, seen and ordered" \
	"$(q "$OUT/sample.db" "SELECT group_concat(local_port || ' ' || (sightings >= 1) || ' ' ||
		(first_seen_ns <= last_seen_ns) || ' ' || pid, ',') FROM
		(SELECT * FROM sockets WHERE kind = 'connection' AND state = 'established'
		 AND remote_port = $sport AND local_port IN ($pa, $pb) ORDER BY first_seen_ns)")" \
	"$pa 1 1 $client,$pb 1 1 $client"
expect "sample: the first connection was gone before the second was seen" \
	"$(q "$OUT/sample.db" "SELECT (SELECT max(last_seen_ns) FROM sockets WHERE local_port = $pa AND state = 'established')
		< (SELECT min(first_seen_ns) FROM sockets WHERE local_port = $pb AND state = 'established')")" 1
expect "sample: the server's side of both, with the server's process" \
	"$(q "$OUT/sample.db" "SELECT group_concat(remote_port || ' ' || pid, ',') FROM
		(SELECT * FROM sockets WHERE kind = 'connection' AND local_port = $sport AND pid IS NOT NULL
		 AND remote_port IN ($pa, $pb) GROUP BY remote_port ORDER BY min(first_seen_ns))")" \
	"$pa $server,$pb $server"
expect "sample: the first connection's TIME_WAIT, a socket of no process, in the later snapshots" \
	"$(q "$OUT/sample.db" "SELECT count(*), min(sightings) >= 1, min(first_seen_ns) >
		(SELECT max(first_seen_ns) FROM sockets WHERE local_port = $pa AND state = 'established')
		FROM sockets WHERE local_port = $pa AND state = 'time-wait' AND pid IS NULL")" \
	"1|1|1"

# Ctrl-C (SIGINT to the process group, as a terminal sends it) during a
# sampling: it ends early, the sockets seen are kept, the scan stops (130)
rm -f "$OUT/int.db"
ctrl_c 2.5 "$OUT/int.err" "$PREMIG" scan --quiet --only connections,flows --sample 60 --interval 1 \
	--db "$OUT/int.db" --host-id i
expect "sample: Ctrl-C ends it early and the scan exits 130" "$ctrl_c_rc $((ctrl_c_s < 5))" "130 1"
grep -q "scan: interrupted" "$OUT/int.err" && ok "sample: Ctrl-C: the scan says it was interrupted" ||
	fail "sample: Ctrl-C message" "$(cat "$OUT/int.err")"
if q "$OUT/int.db" "SELECT status || ' ' || reason FROM collector_runs WHERE collector = 'connections'" |
	grep -Eq '^ok [0-9]+ of 61 snapshots, in [0-9]+ s: ended early by Ctrl-C; the [0-9]+ sockets seen are kept(;.*)?$'; then
	ok "sample: Ctrl-C: the run is kept and says it ended early"
else
	fail "sample: Ctrl-C: the run" "$(q "$OUT/int.db" "SELECT status, reason FROM collector_runs")"
fi
expect "sample: Ctrl-C: the listener seen so far is kept, in more than one snapshot" \
	"$(q "$OUT/int.db" "SELECT sightings > 1 FROM sockets WHERE kind = 'listener' AND local_port = $sport")" 1
expect "sample: Ctrl-C: the scan stops there (no later collector runs)" \
	"$(q "$OUT/int.db" "SELECT count(*) FROM collector_runs WHERE collector = 'flows'")" 0
touch "$OUT/stop"
wait $server 2>/dev/null

# bad command lines (exit 2, nothing written); --sample where there are no live sockets
expect_exit "sample: --interval without --sample" 2 "--interval goes with --sample SECONDS" \
	"$PREMIG" scan --interval 2 --db "$OUT/bad.db"
expect_exit "sample: --sample 0" 2 "--sample '0': expected a whole number from 1 to 86400" \
	"$PREMIG" scan --sample 0 --db "$OUT/bad.db"
expect_exit "sample: --sample too long" 2 "--sample '86401': expected a whole number from 1 to 86400" \
	"$PREMIG" scan --sample 86401 --db "$OUT/bad.db"
expect_exit "sample: --interval longer than --sample" 2 "--interval 6 is longer than --sample 5" \
	"$PREMIG" scan --sample 5 --interval 6 --db "$OUT/bad.db"
expect_exit "sample: --interval 0" 2 "--interval '0': expected a whole number" \
	"$PREMIG" scan --sample 5 --interval 0 --db "$OUT/bad.db"
expect "sample: a bad command line writes no database" "$(ls "$OUT/bad.db" 2>&1 | grep -c 'No such')" 1
expect_exit "sample: under --root it does not apply, and says so" 0 \
	"warning: --sample: not applicable to --root: a copy of a root has no live sockets" \
	"$PREMIG" scan --root "$OUT/copy" --only connections --sample 5 --db "$OUT/copy2.db" --host-id k

# the decoder alone, on a table written as the kernel writes it
printf '%s\n' \
	'  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode' \
	'   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0' \
	'   1: 0100007F:C350 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1 0000000000000000 20 4 30 10 -1' \
	'   2: not a socket line' >"$OUT/tcp"
expect "proc-net decoder: sockets as the kernel prints them, the bad line counted" \
	"$("$PREMIG" debug decode proc-net "$OUT/tcp" | jq -c '[.family, [.sockets[] | [.local, .lport, .remote, .rport, .state, .uid, .inode]], .bad_lines, .first_bad_line]')" \
	'[4,[["127.0.0.1",8080,"0.0.0.0",0,10,1000,4242],["127.0.0.1",50000,"127.0.0.1",8080,1,1000,4343]],1,4]'
# an IPv4 peer of a dual-stack socket, as the kernel prints it in tcp6
# (::ffff:10.99.0.22, four words in host order): the IPv4 address on the wire
printf '%s\n' \
	'  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode' \
	'   0: 0000000000000000FFFF00001600630A:1F90 0000000000000000FFFF00000C00630A:9E9A 01 00000000:00000000 00:00000000 00000000     0        0 91234 1 0000000000000000 20 4 30 10 -1' \
	'   1: 000080FE000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 91235 1 0000000000000000 100 0 0 10 0' \
	>"$OUT/tcp6"
expect "proc-net decoder: a v4-mapped address is given as IPv4, others as IPv6" \
	"$("$PREMIG" debug decode proc-net "$OUT/tcp6" | jq -c '[.family, [.sockets[] | [.local, .lport, .remote, .rport]]]')" \
	'[6,[["10.99.0.22",8080,"10.99.0.12",40602],["fe80::1",8080,"::",0]]]'
