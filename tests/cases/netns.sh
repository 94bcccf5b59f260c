# netns.sh - real traffic on this machine: five hosts in network namespaces
# on one bridge, real servers and clients, captured by tcpdump and by
# `premig scan --capture`, each host's socket table scanned while its
# connections are open, and the dependencies and application groups that
# `premig deps` derives from them.
#
#   app1  10.99.0.11            psql -> db:5432 (opened before the capture)
#   app2  10.99.0.12 fd99::12   python3 http.client -> web:8080, IPv4 and IPv6
#   db    10.99.0.21            PostgreSQL (Debian's postgres, initdb at test time)
#   web   10.99.0.22 fd99::22   python3 -m http.server on [::]:8080 (dual stack)
#   infra 10.99.0.53            a python3 UDP responder on 53 and 123 that
#                               app1, app2, db and web all query
#
# The bridge lives in a sixth namespace (sw), made promiscuous as a switch's
# mirror port would be, so that a capture on it sees the frames it forwards;
# tcpdump and premig capture there side by side with one filter.  All five
# live scans go into one store: they share this machine's machine-id, so
# each is named with --host-id (the documented override of the host key)
# and runs in a UTS namespace of its own with the host's hostname.  Every
# namespace, and every process in it, is removed at the end, also on
# failure or interruption.

q() { sqlite3 -batch -noheader "$1" "$2" 2>&1; }
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got:  $2
want: $3"; fi
}

NS_PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
ns_missing=""
for ns_tool in ip tcpdump python3 unshare setpriv jq sqlite3 psql; do
	command -v "$ns_tool" >/dev/null 2>&1 || ns_missing="$ns_missing $ns_tool"
done
[ -x "$NS_PGBIN/postgres" ] || ns_missing="$ns_missing postgres"
if [ "$(id -u)" -ne 0 ]; then
	ok "netns: skipped, network namespaces need root"
	return 0 2>/dev/null || exit 0
fi
if [ -n "$ns_missing" ]; then
	ok "netns: skipped, missing:$ns_missing (tests/tools/deps.sh test installs them)"
	return 0 2>/dev/null || exit 0
fi

# names of this run's own: two runs at once (plain and ASan) never meet
N="premig$$"
NS_HOSTS="app1 app2 db web infra"
NS_ALL="sw $NS_HOSTS"
NS_TMP=""
NS_T0=$(date +%s)

# ns_cleanup: every process in the namespaces (all started here), the
# namespaces (their veths and the bridge go with them) and the data
ns_cleanup() {
	touch "$OUT/stop"
	for ns_n in $NS_ALL; do
		for ns_p in $(ip netns pids "$N-$ns_n" 2>/dev/null); do kill "$ns_p" 2>/dev/null; done
	done
	ns_i=0
	while [ $ns_i -lt 30 ]; do
		ns_left=""
		for ns_n in $NS_ALL; do ns_left="$ns_left$(ip netns pids "$N-$ns_n" 2>/dev/null)"; done
		[ -z "$ns_left" ] && break
		sleep 0.1
		ns_i=$((ns_i + 1))
	done
	for ns_n in $NS_ALL; do
		for ns_p in $(ip netns pids "$N-$ns_n" 2>/dev/null); do kill -9 "$ns_p" 2>/dev/null; done
		ip netns del "$N-$ns_n" 2>/dev/null
	done
	wait 2>/dev/null
	[ -n "$NS_TMP" ] && rm -rf "$NS_TMP"
	trap - EXIT INT TERM
}
trap ns_cleanup EXIT
trap 'ns_cleanup; exit 130' INT TERM

# in NS CMD...: runs CMD in the namespace of host NS
nsx() {
	in_ns=$1
	shift
	ip netns exec "$N-$in_ns" "$@"
}

# pid_in NS TEXT: the pid of the process of NS whose command line has TEXT
pid_in() {
	for pi_p in $(ip netns pids "$N-$1"); do
		tr '\0' ' ' <"/proc/$pi_p/cmdline" 2>/dev/null | grep -qF -- "$2" && echo "$pi_p"
	done
}

# waitfile FILE [TENTHS]: 0 once FILE exists, 1 after TENTHS/10 s (100)
waitfile() {
	wf_i=0
	while [ ! -e "$1" ]; do
		[ $wf_i -ge "${2:-100}" ] && return 1
		sleep 0.1
		wf_i=$((wf_i + 1))
	done
	return 0
}

# listening NS tcp|udp PORT: a socket of NS listens on PORT (the kernel's
# tables, state 0A LISTEN for TCP, 07 for a bound UDP socket)
listening() {
	nsx "$1" cat "/proc/net/$2" "/proc/net/${2}6" 2>/dev/null |
		awk -v p="$(printf ':%04X' "$3")" -v st="$([ "$2" = tcp ] && echo 0A || echo 07)" \
			'substr($2, length($2) - 4) == p && $4 == st { f = 1 } END { exit !f }'
}

# waitfor WHAT COMMAND...: polls COMMAND for 10 s; fails WHAT if it never succeeds
waitfor() {
	wt_what=$1
	shift
	wt_i=0
	until "$@" >/dev/null 2>&1; do
		if [ $wt_i -ge 100 ]; then
			fail "netns: $wt_what"
			return 1
		fi
		sleep 0.1
		wt_i=$((wt_i + 1))
	done
	return 0
}

# ---- the network: a bridge in sw, a veth from it to each host
ns_setup() {
	for ns_n in $NS_ALL; do
		ip netns add "$N-$ns_n" || return 1
		nsx "$ns_n" ip link set lo up || return 1
	done
	# the switch has no address of its own and says nothing
	nsx sw sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 || return 1
	ip -n "$N-sw" link add br0 type bridge || return 1
	ip -n "$N-sw" link set br0 up promisc on || return 1
	for ns_h in app1:11: app2:12:12 db:21: web:22:22 infra:53:; do
		ns_n=${ns_h%%:*}
		ns_rest=${ns_h#*:}
		ns_v4=${ns_rest%%:*}
		ns_v6=${ns_rest#*:}
		ip -n "$N-sw" link add "$ns_n" type veth peer name eth0 netns "$N-$ns_n" || return 1
		ip -n "$N-sw" link set "$ns_n" master br0 up || return 1
		nsx "$ns_n" ip addr add "10.99.0.$ns_v4/24" dev eth0 || return 1
		if [ -n "$ns_v6" ]; then
			nsx "$ns_n" ip addr add "fd99::$ns_v6/64" dev eth0 nodad || return 1
		fi
		nsx "$ns_n" ip link set eth0 up || return 1
	done
	return 0
}
if ! ns_setup 2>"$OUT/setup.err"; then
	ns_cleanup
	if grep -qi 'operation not permitted\|permission denied' "$OUT/setup.err"; then
		ok "netns: skipped, network namespaces cannot be made here: $(head -n 1 "$OUT/setup.err")"
	else
		fail "netns: setting up the namespaces" "$(cat "$OUT/setup.err")"
	fi
	return 0 2>/dev/null || exit 0
fi

# ---- the peers: one python3 program for the UDP responder and the clients
cat >"$OUT/peer.py" <<'PY'
# peer.py responder OUT NAME ADDR PORT...: answers every datagram on each port
# peer.py client OUT NAME TARGET...: after OUT/go, udp:ADDR:PORT sends one
#   query on a connected UDP socket and reads the answer, http:ADDR:PORT
#   makes one HTTP/1.1 GET on a kept-alive connection; then OUT/done-NAME
#   says "ok" (or the error) and the sockets stay open until OUT/stop
import http.client, os, select, socket, sys, time
mode, out, name, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
def path(f): return os.path.join(out, f)
def wait_for(f, limit=60):
    end = time.time() + limit
    while not os.path.exists(path(f)) and time.time() < end:
        time.sleep(0.05)
def mark(f, text):
    with open(path(f) + ".tmp", "w") as fh: fh.write(text + "\n")
    os.rename(path(f) + ".tmp", path(f))
if mode == "responder":
    socks = []
    for p in args[1:]:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((args[0], int(p)))
        socks.append(s)
    while not os.path.exists(path("stop")):
        for s in select.select(socks, [], [], 0.2)[0]:
            data, peer = s.recvfrom(512)
            s.sendto(b"answer to " + data, peer)
    sys.exit(0)
wait_for("go")
keep, status = [], "ok"
try:
    for t in args:
        kind, rest = t.split(":", 1)
        addr, port = rest.rsplit(":", 1)
        fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
        if kind == "udp":
            s = socket.socket(fam, socket.SOCK_DGRAM)
            s.settimeout(5)
            s.connect((addr, int(port)))
            s.send(b"query from " + name.encode())
            s.recv(512)
            keep.append(s)
        else:
            c = http.client.HTTPConnection(addr, int(port), timeout=5)
            c.request("GET", "/index.html")
            r = c.getresponse()
            if r.status != 200 or r.read() != b"hello\n":
                raise RuntimeError("GET %s: %d" % (t, r.status))
            keep.append(c)
except Exception as e:
    status = "%s: %s" % (t, e)
mark("done-" + name, status)
wait_for("stop")
PY

NS_TMP=$(mktemp -d /tmp/premig-netns.XXXXXX)
chown postgres: "$NS_TMP"
mkdir -p "$OUT/www"
echo hello >"$OUT/www/index.html"

# PostgreSQL in db: a cluster made by initdb, listening on db's address only
ns_pg() {
	setpriv --reuid=postgres --regid=postgres --clear-groups \
		"$NS_PGBIN/initdb" -D "$NS_TMP/data" -U postgres --auth=trust --no-sync >"$OUT/initdb.log" 2>&1 ||
		return 1
	echo "host all all 10.99.0.0/24 trust" >>"$NS_TMP/data/pg_hba.conf"
	nsx db setpriv --reuid=postgres --regid=postgres --clear-groups "$NS_PGBIN/postgres" \
		-D "$NS_TMP/data" -k "$NS_TMP" -h 10.99.0.21 -p 5432 -c fsync=off >"$OUT/postgres.log" 2>&1 &
}
ns_pg || fail "netns: initdb" "$(cat "$OUT/initdb.log")"
nsx web python3 -m http.server --bind :: --protocol HTTP/1.1 --directory "$OUT/www" 8080 \
	>"$OUT/http.log" 2>&1 &
nsx infra python3 "$OUT/peer.py" responder "$OUT" infra 10.99.0.53 53 123 2>"$OUT/infra.err" &
ns_ready=1
waitfor "PostgreSQL listens in db" listening db tcp 5432 || ns_ready=0
waitfor "http.server listens in web" listening web tcp 8080 || ns_ready=0
waitfor "the UDP responder listens in infra" listening infra udp 123 || ns_ready=0

# psql in app1 connects now, before the captures: they see it from its middle
{
	echo "SELECT 'connected';"
	waitfile "$OUT/go" 300
	echo "SELECT count(*) > 0 FROM pg_class;"
	echo "SELECT 'done';"
	waitfile "$OUT/stop" 600
} | nsx app1 psql -X -At -h 10.99.0.21 -U postgres -d postgres >"$OUT/psql.out" 2>&1 &
waitfor "psql in app1 connects to db" grep -q '^connected$' "$OUT/psql.out" || ns_ready=0

# the capture: tcpdump and premig on the bridge, each with its own packet socket
NS_FILTER="tcp or udp"
nsx sw tcpdump -i br0 -p -n -U -w "$OUT/bridge.pcap" "$NS_FILTER" 2>"$OUT/tcpdump.err" &
NS_TCPDUMP=$!
NS_CAPT=6
nsx sw "$PREMIG" scan --quiet --only flows --capture br0 --seconds $NS_CAPT --filter "$NS_FILTER" \
	--host-id sensor --db "$OUT/capture.db" 2>"$OUT/capture.err" &
NS_CAPTURE=$!
ns_sockets() { [ "$(nsx sw cat /proc/net/packet | wc -l)" -ge 3 ]; }
waitfor "tcpdump and premig capture on br0" ns_sockets || ns_ready=0
sleep 0.3

# the traffic, while both capture
nsx app2 python3 "$OUT/peer.py" client "$OUT" app2 http:10.99.0.22:8080 http:fd99::22:8080 \
	udp:10.99.0.53:53 udp:10.99.0.53:123 2>"$OUT/app2.err" &
for ns_n in app1 db web; do
	nsx "$ns_n" python3 "$OUT/peer.py" client "$OUT" "$ns_n" udp:10.99.0.53:53 udp:10.99.0.53:123 \
		2>"$OUT/$ns_n.err" &
done
touch "$OUT/go"
for ns_n in app1 app2 db web; do
	waitfile "$OUT/done-$ns_n" || echo "no answer" >"$OUT/done-$ns_n"
	expect "netns: $ns_n's clients got their answers" "$(cat "$OUT/done-$ns_n")" ok
done
waitfor "psql in app1 got its answer" grep -q '^done$' "$OUT/psql.out" || ns_ready=0

# live scans of the five hosts, the connections open, into the store of
# the capture (several scans write one store at once) and into one of its own
# ns_live DB: identity, NICs and sockets of every host, each with its hostname
ns_live() {
	for ns_n in $NS_HOSTS; do
		nsx "$ns_n" unshare --uts sh -c 'hostname "$1" && exec "$2" scan --quiet \
			--only identity,nics,connections --host-id "$1" --db "$3"' sh "$ns_n" "$PREMIG" "$1" \
			2>"$OUT/live-$ns_n.err"
		ns_rc=$?
		[ $ns_rc -eq 0 ] || fail "netns: live scan of $ns_n exit $ns_rc" "$(cat "$OUT/live-$ns_n.err")"
	done
}
ns_live "$OUT/capture.db"
wait $NS_CAPTURE
expect "netns: premig scan --capture br0 exit 0" "$?" 0
ns_live "$OUT/pcap.db"
kill "$NS_TCPDUMP" 2>/dev/null
wait "$NS_TCPDUMP" 2>/dev/null
"$PREMIG" scan --quiet --pcap "$OUT/bridge.pcap" --host-id sensor --db "$OUT/pcap.db" 2>"$OUT/pcap.err"
expect "netns: premig scan --pcap of tcpdump's capture exit 0" "$?" 0
# (ip netns exec runs its command as a child: the pids are found in the namespaces)
ns_pg_pid=$(head -n 1 "$NS_TMP/data/postmaster.pid" 2>/dev/null)
ns_web_pid=$(pid_in web http.server)
ns_psql_pid=$(pid_in app1 psql)
ns_app2_pid=$(pid_in app2 "client $OUT app2")
ns_cleanup
NS_T1=$(date +%s)
expect "netns: every namespace is gone" "$(ip netns list | grep -c "^$N-")" 0
[ $ns_ready -eq 1 ] || { return 0 2>/dev/null || exit 0; }

for ns_db in capture pcap; do
	"$PREMIG" deps --db "$OUT/$ns_db.db" --format json >"$OUT/$ns_db.json" 2>"$OUT/$ns_db-deps.err" ||
		fail "netns: deps of $ns_db.db" "$(cat "$OUT/$ns_db-deps.err")"
	"$PREMIG" deps --db "$OUT/$ns_db.db" --format json --all >"$OUT/$ns_db-all.json" 2>>"$OUT/$ns_db-deps.err" ||
		fail "netns: deps --all of $ns_db.db" "$(cat "$OUT/$ns_db-deps.err")"
done

# the live scans: each host with its hostname and addresses, its sockets with their processes
expect "netns: five hosts scanned live, each with its hostname and addresses" \
	"$(q "$OUT/capture.db" "SELECT h.host_key || ' ' || i.hostname || ' ' ||
		(SELECT group_concat(address, ',') FROM (SELECT address FROM nic_addresses a
			WHERE a.scan_id = s.id AND a.nic = 'eth0' AND address NOT LIKE 'fe80:%' ORDER BY address))
		FROM hosts h JOIN scans s ON s.host_id = h.id JOIN identity i ON i.scan_id = s.id ORDER BY h.host_key")" \
	"app1 app1 10.99.0.11
app2 app2 10.99.0.12,fd99::12
db db 10.99.0.21
infra infra 10.99.0.53
web web 10.99.0.22,fd99::22"
expect "netns: db's socket table: postgres listening, its session with psql open" \
	"$(q "$OUT/capture.db" "SELECT k.kind || ' ' || k.local_ip || ':' || k.local_port || ' ' ||
		coalesce(k.remote_ip, '-') || ' ' || k.state || ' ' || k.process ||
		CASE WHEN k.kind = 'listener' THEN ' ' || (k.pid = $ns_pg_pid) ELSE '' END
		FROM sockets k JOIN scans s ON s.id = k.scan_id JOIN hosts h ON h.id = s.host_id
		WHERE h.host_key = 'db' AND k.proto = 'tcp' ORDER BY k.kind")" \
	"connection 10.99.0.21:5432 10.99.0.11 established postgres
listener 10.99.0.21:5432 - listen postgres 1"

expect "netns: web's socket table: the dual-stack listener, its IPv4 peer as IPv4 (not ::ffff:)" \
	"$(q "$OUT/capture.db" "SELECT k.kind || ' ' || k.local_ip || ':' || k.local_port || ' ' ||
		coalesce(k.remote_ip, '-') || ' ' || k.process || ' ' || (k.pid = $ns_web_pid)
		FROM sockets k JOIN scans s ON s.id = k.scan_id JOIN hosts h ON h.id = s.host_id
		WHERE h.host_key = 'web' AND k.proto = 'tcp' ORDER BY k.kind, k.local_ip")" \
	"connection 10.99.0.22:8080 10.99.0.12 python3 1
connection fd99::22:8080 fd99::12 python3 1
listener :::8080 - python3 1"

# the dependencies, as the capture shows them and the socket tables name them
D='[.dependencies[] | [.client_ip, .server_ip, .port, .protocol, .service, .method, .confidence,
	.infrastructure, .source, .client_host, .server_host, .client_process.name,
	.server_process.name, .connections]] | sort'
expect "netns: the dependencies of the captured traffic, directed, with hosts and processes" \
	"$(jq -c "$D" "$OUT/capture.json")" \
	'[["10.99.0.11","10.99.0.21",5432,"tcp","postgresql","listener","medium",false,"capture,sockets","app1","db","psql","postgres",1],["10.99.0.12","10.99.0.22",8080,"tcp","http-alt","handshake","high",false,"capture,sockets","app2","web","python3","python3",1],["fd99::12","fd99::22",8080,"tcp","http-alt","handshake","high",false,"capture,sockets","app2","web","python3","python3",1]]'
expect "netns: the processes are the ones started here (pids)" \
	"$(jq -c '[.dependencies[] | [.server_ip, .client_process.pid, .server_process.pid]] | sort' "$OUT/capture.json")" \
	"[[\"10.99.0.21\",$ns_psql_pid,$ns_pg_pid],[\"10.99.0.22\",$ns_app2_pid,$ns_web_pid],[\"fd99::22\",$ns_app2_pid,$ns_web_pid]]"
expect "netns: the server's executable is named" \
	"$(jq -r '.dependencies[] | select(.port == 5432) | .server_process.exe' "$OUT/capture.json")" \
	"$NS_PGBIN/postgres"
expect "netns: --all adds DNS and NTP from every host to infra, infrastructure, in no group" \
	"$(jq -c '[.dependencies[] | select(.infrastructure) | [.client_host, .server_host, .port, .protocol,
		.service, .method, .group, .client_process.name, .server_process.name]] | sort' "$OUT/capture-all.json")" \
	'[["app1","infra",53,"udp","dns","listener",null,"python3","python3"],["app1","infra",123,"udp","ntp","listener",null,"python3","python3"],["app2","infra",53,"udp","dns","listener",null,"python3","python3"],["app2","infra",123,"udp","ntp","listener",null,"python3","python3"],["db","infra",53,"udp","dns","listener",null,"python3","python3"],["db","infra",123,"udp","ntp","listener",null,"python3","python3"],["web","infra",53,"udp","dns","listener",null,"python3","python3"],["web","infra",123,"udp","ntp","listener",null,"python3","python3"]]'

# the groups: app1 with db, app2 with web; infra glues nothing
expect "netns: two application groups, app1+db and app2+web, infra in neither" \
	"$(jq -c '[.application_groups[] | [.members[].host] | sort] | sort' "$OUT/capture-all.json")" \
	'[["app1","db"],["app2","web"]]'
expect "netns: each dependency is in the group of its two hosts" \
	"$(jq -c '. as $r | [.dependencies[] | select(.infrastructure | not) | . as $d |
		($r.application_groups[] | select(.id == $d.group) | [.members[].host] | sort) == ([$d.client_host, $d.server_host] | sort)] | unique' \
		"$OUT/capture-all.json")" '[true]'
"$PREMIG" deps --db "$OUT/capture.db" --explain db >"$OUT/explain-db.txt" 2>&1
if grep -Eq '^db joins group [0-9]+ because app1 .*-> db:5432/postgresql.*1 connection' "$OUT/explain-db.txt"; then
	ok "netns: deps --explain db: app1's connection to db:5432"
else
	fail "netns: deps --explain db" "$(cat "$OUT/explain-db.txt")"
fi
"$PREMIG" deps --db "$OUT/capture.db" --explain infra >"$OUT/explain-infra.txt" 2>&1
if [ "$(grep -c 'infrastructure' "$OUT/explain-infra.txt")" -eq 8 ] && ! grep -q 'joins group' "$OUT/explain-infra.txt"; then
	ok "netns: deps --explain infra: eight infrastructure dependencies, in no group"
else
	fail "netns: deps --explain infra" "$(cat "$OUT/explain-infra.txt")"
fi

# tcpdump's capture read with --pcap tells what premig's own capture told
# (but for the source and the times, which the socket scans of each store move)
expect "netns: the capture file from tcpdump gives the same dependencies as --capture" \
	"$(jq -S 'del(.dependencies[].source, .dependencies[].first_seen, .dependencies[].last_seen, .application_groups[].edges[].source, .application_groups[].edges[].first_seen, .application_groups[].edges[].last_seen)' "$OUT/pcap-all.json")" \
	"$(jq -S 'del(.dependencies[].source, .dependencies[].first_seen, .dependencies[].last_seen, .application_groups[].edges[].source, .application_groups[].edges[].first_seen, .application_groups[].edges[].last_seen)' "$OUT/capture-all.json")"
expect "netns: ... and says it came from a capture file" \
	"$(jq -c '[.dependencies[].source] | unique' "$OUT/pcap-all.json")" '["pcap,sockets"]'
expect "netns: the two captures saw the same packets" \
	"$(q "$OUT/pcap.db" "SELECT sum(packets_ab + packets_ba) FROM flows")" \
	"$(q "$OUT/capture.db" "SELECT sum(packets_ab + packets_ba) FROM flows")"
if grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$OUT"/*.err; then
	fail "netns: sanitizer" "$(grep -l 'AddressSanitizer\|runtime error\|LeakSanitizer' "$OUT"/*.err)"
fi
expect "netns: done within 60 s" "$((NS_T1 - NS_T0 <= 60))" 1
