# connections.sh - the live socket tables (collectors/connections.c): real
# sockets opened here by python3 (a TCP listener, a client connected to it,
# a bound UDP socket), scanned while they are open, as root and as nobody;
# and the copy of a root, which has no sockets.

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
	grep -Eq '^the fds of [0-9]+ processes cannot be read \(not root\): the processes of [0-9]+ sockets are unknown$'; then
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
