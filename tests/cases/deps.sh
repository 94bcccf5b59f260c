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
	"$(jq -c '[.application_groups[] | {id, members: [.members[].ip], edges: [.edges[].why]}]' "$OUT/two.json")" \
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

# one conversation in two captures (each host capturing its own NIC, then
# merged): counted once, not twice
cp "$OUT/handshake.pcap" "$OUT/handshake-b.pcap"
rm -f "$OUT/twice.db"
"$PREMIG" scan --quiet --pcap "$OUT/handshake.pcap" --db "$OUT/twice.db" 2>>"$OUT/twice.err"
"$PREMIG" scan --quiet --pcap "$OUT/handshake-b.pcap" --db "$OUT/twice.db" 2>>"$OUT/twice.err"
expect "deps: a conversation two scans captured counts once" \
	"$("$PREMIG" deps --db "$OUT/twice.db" --format json | jq -c '[.dependencies[] | [.connections, .packets, .bytes]]')" \
	"$(jq -c '[.dependencies[] | [.connections, .packets, .bytes]]' "$OUT/hs.json")"

# ---- scanned hosts: two copies of roots whose ifcfg files give them the
# capture's addresses (the nics collector reads IPADDR, initscripts'
# ifcfg format), in one store with the capture: the addresses name the
# hosts, the report carries each host's dependencies and the groups
for h in app01:10.0.0.1 db01:10.0.0.2; do
	n=${h%%:*}
	R="$OUT/roots/$n"
	mkdir -p "$R/etc/sysconfig/network-scripts"
	echo "$n" >"$R/etc/hostname"
	printf 'DEVICE=eth0\nBOOTPROTO=none\nIPADDR=%s\nPREFIX=24\n' "${h#*:}" \
		>"$R/etc/sysconfig/network-scripts/ifcfg-eth0"
done
F="$OUT/fleet.db"
rm -f "$F"
for n in app01 db01; do
	"$PREMIG" scan --quiet --root "$OUT/roots/$n" --only identity,nics --host-id "$n" --db "$F" 2>>"$OUT/fleet.err"
done
"$PREMIG" scan --quiet --pcap "$OUT/handshake.pcap" --pcap "$OUT/sll2.pcap" --db "$F" 2>>"$OUT/fleet.err"
expect "a scan stores facts and flows, not the analysis" \
	"$(sqlite3 "$F" 'SELECT (SELECT count(*) FROM dependency_analysis), (SELECT count(*) FROM dependencies), (SELECT count(*) FROM flows) > 0')" "0|0|1"
"$PREMIG" report --format json --db "$F" >"$OUT/fleet.json" 2>>"$OUT/fleet.err"
expect "report: a host's outbound dependency names the server host" \
	"$(jq -c '.hosts[] | select(.host_id == "app01") | .dependencies | [.reason, [.outbound[] | [.server_host, .server_name, .port, .service, .method]], .inbound]' "$OUT/fleet.json")" \
	'[null,[["db01","db01",5432,"postgresql","handshake"]],[]]'
expect "report: the server's inbound dependency names the client host" \
	"$(jq -c '.hosts[] | select(.host_id == "db01") | .dependencies | [.inbound[] | [.client_host, .client_name, .group]]' "$OUT/fleet.json")" \
	'[["app01","app01",1]]'
expect "report: the application groups, members by host" \
	"$(jq -c '[.application_groups[] | {id, members: [.members[] | [.host, .ip, .name]], edges: [.edges[].why]}]' "$OUT/fleet.json")" \
	'[{"id":1,"members":[["app01","10.0.0.1","app01"],["db01","10.0.0.2","db01"]],"edges":["app01 -> db01:5432/postgresql, 1 connection, handshake seen"]}]'
expect "report: no listeners without the connections collector, and why" \
	"$(jq -r '.hosts[] | select(.host_id == "app01") | .dependencies.listeners_reason' "$OUT/fleet.json")" \
	"the connections collector did not run ok: skipped: not in --only"
expect "deps --host: by hostname, only that host's dependencies" \
	"$("$PREMIG" deps --db "$F" --host db01 --format csv | cut -d, -f1-4 | tail -n +2)" \
	'"10.0.0.1","10.0.0.2",5432,"tcp"'
expect "deps --explain by hostname" "$("$PREMIG" deps --db "$F" --explain db01)" \
	"db01 joins group 1 because app01 -> db01:5432/postgresql, 1 connection, handshake seen"
expect "the analysis is stored by its first writable reading (premig deps), not by the scan" \
	"$(sqlite3 "$F" 'SELECT dependency_count, group_count FROM dependency_analysis')" "2|1"

# a stale analysis: the report reads a store read-only, so it analyses into
# temporary tables and leaves the file as it was
sqlite3 "$F" 'DELETE FROM group_members; DELETE FROM application_groups; DELETE FROM dependencies; DELETE FROM dependency_analysis'
"$PREMIG" report --format json --db "$F" >"$OUT/stale.json" 2>>"$OUT/fleet.err"
expect "report of a stale store: the same groups, nothing written" \
	"$(jq -c '[(.application_groups | length), (.hosts[] | select(.host_id == "db01") | .dependencies.inbound | length)]' "$OUT/stale.json") $(sqlite3 "$F" 'SELECT count(*) FROM dependencies')" \
	'[1,1] 0'

# --infra: a rule file replaces the stored rules and the analysis runs again
printf '# NTP here is the application'"'"'s own\nnot port 123\nport 5432/tcp postgres as a shared service\n' >"$OUT/infra.txt"
"$PREMIG" deps --db "$F" --infra "$OUT/infra.txt" --format json --all >"$OUT/infra.json" 2>>"$OUT/fleet.err"
expect "deps --infra: 'not port' takes a default out, 'port' puts one in, with the reason" \
	"$(jq -c '[.dependencies[] | [.port, .infrastructure, .infrastructure_reason, .group]]' "$OUT/infra.json")" \
	'[[5432,true,"port 5432/tcp (postgresql) is infrastructure",null],[123,false,null,1]]'
expect "deps --infra: the rules stay in the store for the reports" \
	"$(sqlite3 "$F" 'SELECT kind, value, coalesce(proto, "*"), infra, label FROM infra_rules')" \
	"port|123|*|0|
port|5432|tcp|1|postgres as a shared service"
printf 'address 10.0.0.2\nport 70000\n' >"$OUT/bad-infra.txt"
expect_exit "deps --infra: a bad line names the file and line, nothing changes" 5 \
	"bad-infra.txt:2: the port is not a number from 1 to 65535" \
	"$PREMIG" deps --db "$F" --infra "$OUT/bad-infra.txt"
expect "deps --infra: a refused file leaves the stored rules" \
	"$(sqlite3 "$F" 'SELECT count(*) FROM infra_rules')" 2
printf 'printer 10.0.0.9\n' >"$OUT/bad-infra.txt"
expect_exit "deps --infra: an unknown kind of rule" 5 "bad-infra.txt:1: a rule is port, process or address" \
	"$PREMIG" deps --db "$F" --infra "$OUT/bad-infra.txt"
expect_exit "deps --infra: a missing file" 5 "no-such-file" \
	"$PREMIG" deps --db "$F" --infra "$OUT/no-such-file"

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
