#!/bin/sh
# mkdns.sh - real DNS answers in a capture: dnsmasq (Debian's dnsmasq-base)
# answers from a hosts file and its --cname options, dig (bind9-dnsutils)
# asks, tcpdump writes what passed on the loopback
#
#   sh tests/tools/mkdns.sh OUT.pcap [COMMAND ARG...]
#
# All of it runs in a network namespace of its own (unshare -n, root), so
# that dnsmasq can listen on 127.0.0.1:53 without touching the host's
# resolver; the namespace, and every process in it, ends with the script.
# COMMAND, when given, runs in the namespace too, from a second before the
# first question to its own end (premig scan --capture lo --seconds N: a
# live capture of the same answers); its exit status is written to
# OUT.pcap.rc.  KEEP=1 keeps the scratch directory (dnsmasq's and dig's
# logs) and prints its path.
#
# The questions (one dig each, in this order):
#   db01.example.test A          one address, from the hosts file
#   app01.example.test AAAA      IPv6 (RFC 3596)
#   app01.example.test A         two addresses of one name
#   www.example.test A           a CNAME to app01 (the question names both)
#   chain.example.test A         CNAME -> CNAME -> A
#   WwW.ExAmPlE.tEsT A           mixed case (names are stored in lower case)
#   nosuch.example.test A        NXDOMAIN (--local: no upstream asked), no answer
#   big.example.test A +noedns   40 addresses over 512 bytes: dnsmasq sends
#                                the 29 that fit, with TC set
#   big.example.test A +tcp      the 40 over TCP (not read: UDP only)
set -eu
out=$1
shift
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
PATH="$PATH:/sbin:/usr/sbin"
tmp=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "$tmp" || trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/hosts" <<EOF
10.1.2.3 db01.example.test
10.1.2.4 app01.example.test
10.1.2.5 app01.example.test
2001:db8::10 app01.example.test
EOF
i=1
while [ $i -le 40 ]; do
	echo "10.2.0.$i big.example.test" >>"$tmp/hosts"
	i=$((i + 1))
done

cat >"$tmp/run.sh" <<'EOF'
set -eu
tmp=$1 out=$2
shift 2
ip link set lo up
dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
	--addn-hosts="$tmp/hosts" --listen-address=127.0.0.1 --bind-interfaces --port=53 \
	--user=root --pid-file="$tmp/dnsmasq.pid" --log-facility=- \
	--cname=www.example.test,app01.example.test \
	--cname=chain.example.test,www.example.test --local=/example.test/ 2>"$tmp/dnsmasq.log" &
dpid=$!
tcpdump -i lo -n -U --immediate-mode -s 0 -w "$out" 'port 53' 2>"$tmp/tcpdump.log" &
tpid=$!
# tcpdump says "listening on" once its capture is open
n=0
while ! grep -q listening "$tmp/tcpdump.log" && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
cpid=
if [ $# -gt 0 ]; then
	"$@" &
	cpid=$!
	sleep 1
fi
q() { dig @127.0.0.1 +tries=1 +time=2 "$@" >>"$tmp/dig.log" 2>&1 || true; }
q db01.example.test A
q app01.example.test AAAA
q app01.example.test A
q www.example.test A
q chain.example.test A
q WwW.ExAmPlE.tEsT A
q nosuch.example.test A
q +noedns +ignore big.example.test A
q +tcp big.example.test A
sleep 0.5
if [ -n "$cpid" ]; then
	rc=0
	wait $cpid || rc=$?
	echo $rc >"$out.rc"
fi
kill $tpid $dpid
wait $tpid 2>/dev/null || true
wait $dpid 2>/dev/null || true
EOF
unshare -n sh "$tmp/run.sh" "$tmp" "$out" "$@"
[ -s "$out" ] || { echo "mkdns: no capture written" >&2; exit 1; }
