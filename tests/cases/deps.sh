# deps.sh - premig deps: from flows to dependencies and application groups
# (report/deps.c), over the exact captures of tests/tools/mkpcap.c, Zeek's
# conn.log of tests/flows, and real traffic on this machine's loopback:
# a TCP conversation between two python3 sockets, captured by tcpdump from
# its middle (no handshake), joined with a live socket-table scan taken
# while it is open.

expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got:  $2
want: $3"; fi
}
mkpcap_build || { return 0 2>/dev/null || exit 0; }
for c in handshake midstream syn-only sll2; do "$OUT/mkpcap" $c "$OUT/$c.pcap"; done

# dscan NAME ARGS...: a store of these captures, then its deps as JSON
dscan() {
	n=$1
	shift
	rm -f "$OUT/$n.db"
	"$PREMIG" scan --quiet --db "$OUT/$n.db" --host-id "$n" "$@" 2>"$OUT/$n.err"
	"$PREMIG" deps --db "$OUT/$n.db" --format json --all >"$OUT/$n.json" 2>>"$OUT/$n.err"
}
D='[.dependencies[] | [.client_ip, .server_ip, .port, .protocol, .service, .method, .confidence, .infrastructure, .group]]'

dscan hs --pcap "$OUT/handshake.pcap"
expect "deps: a handshake decides, with high confidence" "$(jq -c "$D" "$OUT/hs.json")" \
	'[["10.0.0.1","10.0.0.2",5432,"tcp","postgresql","handshake","high",false,1]]'
dscan mid --pcap "$OUT/midstream.pcap"
expect "deps: no handshake seen: the ports decide, and say it is a guess" "$(jq -c "$D" "$OUT/mid.json")" \
	'[["10.0.0.1","10.0.0.2",5432,"tcp","postgresql","port-heuristic","low",false,1]]'
dscan syn --pcap "$OUT/syn-only.pcap"
expect "deps: an unanswered SYN still names the client" "$(jq -c "$D" "$OUT/syn.json")" \
	'[["10.0.0.1","10.0.0.3",22,"tcp","ssh","handshake","high",false,1]]'
dscan ntp --pcap "$OUT/sll2.pcap"
expect "deps: NTP is infrastructure, in no group" "$(jq -c "$D" "$OUT/ntp.json")" \
	'[["10.3.0.1","10.3.0.2",123,"udp","ntp","port-heuristic","low",true,null]]'
expect "deps: infrastructure is left out without --all" \
	"$("$PREMIG" deps --db "$OUT/ntp.db" --format json | jq -c '[(.dependencies | length), (.application_groups | length)]')" '[0,0]'
dscan zeek --flows "$TOP/tests/flows/conn.log"
expect "deps: Zeek's originator is the client; DNS is infrastructure" "$(jq -c "$D" "$OUT/zeek.json")" \
	'[["192.168.4.76","192.168.4.1",53,"udp","dns","handshake","high",true,null],["192.168.4.76","31.3.245.133",80,"tcp","http","handshake","high",false,1]]'
# two captures: one group of three hosts, tied by two edges
dscan two --pcap "$OUT/handshake.pcap" --pcap "$OUT/syn-only.pcap"
expect "deps: connected servers form one application group, with its edges" \
	"$(jq -c '.application_groups' "$OUT/two.json")" \
	'[{"id":1,"members":["10.0.0.1","10.0.0.2","10.0.0.3"],"edges":["10.0.0.1 -> 10.0.0.2:5432/postgresql, 1 connection, handshake seen","10.0.0.1 -> 10.0.0.3:22/ssh, 1 connection, handshake seen"]}]'
expect "deps --explain: why a host is in its group" \
	"$("$PREMIG" deps --db "$OUT/two.db" --explain 10.0.0.3)" \
	"10.0.0.3 joins group 1 because 10.0.0.1 -> 10.0.0.3:22/ssh, 1 connection, handshake seen"
"$PREMIG" deps --db "$OUT/two.db" --format dot >"$OUT/two.dot"
if grep -q '"10.0.0.1" -> "10.0.0.2" \[label="5432/postgresql"\];' "$OUT/two.dot"; then
	ok "deps --format dot: the graph for Graphviz"
else
	fail "deps --format dot" "$(cat "$OUT/two.dot")"
fi
expect "deps --format csv: a header and a row per dependency" \
	"$("$PREMIG" deps --db "$OUT/two.db" --format csv | wc -l | tr -d ' ')" 3
expect_exit "deps: an unknown format" 2 "unknown format 'xml'" "$PREMIG" deps --db "$OUT/two.db" --format xml

# ---- real traffic on loopback, captured from its middle, joined with the
# live socket tables: the listener decides the direction and names both processes
if [ "$(id -u)" -ne 0 ] || ! command -v tcpdump >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
	ok "deps: real traffic needs root, tcpdump and python3 (skipped)"
	return 0 2>/dev/null || exit 0
fi
python3 - "$OUT" <<'PY' &
import os, socket, sys, time
out = sys.argv[1]
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind(("127.0.0.1", 0)); srv.listen(4)   # an ephemeral port: the ports cannot decide
cli = socket.create_connection(srv.getsockname())
acc, _ = srv.accept()
with open(out + "/rt.tmp", "w") as f:
    f.write("%d\n" % srv.getsockname()[1])
os.rename(out + "/rt.tmp", out + "/rt")
for _ in range(600):
    if os.path.exists(out + "/rt-go"):
        for _ in range(5):
            cli.sendall(b"ping" * 10); acc.recv(100); acc.sendall(b"pong" * 10); cli.recv(100)
            time.sleep(0.05)
        open(out + "/rt-sent", "w").close()
    if os.path.exists(out + "/rt-stop"):
        break
    time.sleep(0.1)
PY
holder=$!
i=0
while [ ! -f "$OUT/rt" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
read -r port <"$OUT/rt"
tcpdump -i lo --immediate-mode -U -w "$OUT/rt.pcap" "tcp port $port" 2>"$OUT/tcpdump.err" &
dumper=$!
sleep 1
touch "$OUT/rt-go"
i=0
while [ ! -f "$OUT/rt-sent" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.5
kill $dumper 2>/dev/null
wait $dumper 2>/dev/null
rm -f "$OUT/rt.db"
"$PREMIG" scan --quiet --root / --only connections,flows --pcap "$OUT/rt.pcap" --db "$OUT/rt.db" \
	--host-id rt 2>"$OUT/rt.err"
touch "$OUT/rt-stop"
wait $holder 2>/dev/null
"$PREMIG" deps --db "$OUT/rt.db" --format json >"$OUT/rt.json"
expect "deps, real traffic: no handshake captured, the live listener decides and both processes are named" \
	"$(jq -c --argjson p "$port" '[.dependencies[] | select(.port == $p) |
		[.client_ip, .server_ip, .method, .confidence, .server_process.name, .server_process.pid, .client_process.name, .client_process.pid]]' "$OUT/rt.json")" \
	"[[\"127.0.0.1\",\"127.0.0.1\",\"listener\",\"medium\",\"python3\",$holder,\"python3\",$holder]]"
