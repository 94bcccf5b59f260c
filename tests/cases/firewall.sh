# firewall.sh - the malformed corpus of tests/malformed/firewall read
# without a crash, each with the answer an honest reading gives: unknown
# (null) when the file cannot be read plainly, never a guess.

# fwant CASE JQ EXPECTED: --only firewall, then jq over the host object
fwant() {
	froot="$TOP/tests/malformed/firewall/$1/root"
	rm -f "$OUT/f.db"
	"$PREMIG" scan --root "$froot" --db "$OUT/f.db" --host-id f --only firewall --quiet \
		2>"$OUT/f.err"
	src=$?
	"$PREMIG" report --format json --db "$OUT/f.db" -o "$OUT/f.json" 2>>"$OUT/f.err"
	fgot=$(jq -c ".hosts[0] | $2" "$OUT/f.json" 2>&1)
	if grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$OUT/f.err"; then
		fail "firewall $1: sanitizer" "$(cat "$OUT/f.err")"
	elif [ $src -ne 0 ] && [ $src -ne 3 ]; then
		fail "firewall $1: scan exit $src" "$(cat "$OUT/f.err")"
	elif [ "$fgot" = "$3" ]; then
		ok "firewall $1"
	else
		fail "firewall $1" "want: $3
got:  $fgot"
	fi
}

# the present firewall: [kind, enabled, rules_allow_ssh, ssh_allowed, evidence]
P='[.firewall[] | select(.present) | [.kind, .enabled, .rules_allow_ssh, .ssh_allowed, .evidence]]'

fwant firewalld-bad-default "$P" \
	'[["firewalld",true,null,null,"default zone '"'"'../../../etc/passwd'"'"' is not a zone name"]]'
fwant firewalld-entities "$P" \
	'[["firewalld",true,null,null,"no etc/firewalld/firewalld.conf: default zone public; '"'"'etc/firewalld/zones/public.xml'"'"' is not well-formed XML"]]'
fwant firewalld-not-xml "$P" \
	'[["firewalld",true,null,null,"'"'"'etc/firewalld/zones/public.xml'"'"' is not well-formed XML"]]'
fwant firewalld-rich-source "$P" \
	'[["firewalld",true,null,null,"zone drop (etc/firewalld/zones/drop.xml): service ssh: no definition file, firewalld'"'"'s own is tcp/22; rich rule: accept from some sources only; SSH accepted from some sources only"]]'
fwant firewalld-zone-per-interface "$P" \
	'[["firewalld",true,null,null,"zone public (usr/lib/firewalld/zones/public.xml) allows neither the ssh service nor the sshd port; target '"'"'default'"'"' refuses the rest; interface eth1 is in zone internal, which allows SSH; so the answer depends on the interface SSH arrives on"]]'
fwant iptables-chain-loop "$P" \
	'[["iptables",true,null,null,"chains nest too deep: etc/sysconfig/iptables:7: -A B -j A"]]'
fwant iptables-garbage "$P" \
	'[["iptables",true,null,null,"not read plainly: etc/sysconfig/iptables:3: not an iptables-save line; etc/sysconfig/iptables:7: not an iptables-save line"]]'
fwant iptables-insert "$P" \
	'[["iptables",true,false,false,"refused by etc/sysconfig/iptables:4: -I INPUT -p tcp --dport 22 -j DROP"]]'
fwant iptables-undefined-chain "$P" \
	'[["iptables",true,null,null,"a rule jumps to a chain the file does not define: etc/sysconfig/iptables:3: -A INPUT -p tcp -j FWR"]]'
fwant nft-commands "[.firewall[] | select(.present) | [.kind, .ssh_allowed]]" '[["nftables",null]]'
fwant nft-include-loop "$P" \
	'[["nftables",true,null,null,"not read plainly: /etc/nftables.conf:0: includes nest too deep"]]'
fwant nft-odd-tokens "$P" \
	'[["nftables",true,true,true,"chain inet t c: accepted by etc/nftables.conf:4: tcp dport != { 80 , 443 } accept"]]'
fwant nft-unbalanced "$P" \
	'[["nftables",true,null,null,"not read plainly: etc/nftables.conf:0: braces do not pair: nft would refuse the file"]]'
fwant nft-unterminated-string "[.firewall[] | select(.present) | [.kind, .ssh_allowed]]" '[["nftables",null]]'
fwant sshd-odd '.sshd.ports' '"2024,2022,2200,2023"'
fwant sshd-odd '.sshd.source | test("sshd_config:5: Port .abc. is not a port")' 'true'
fwant ufw-masked '[.firewall[] | select(.present) | [.kind, .enabled, .rules_allow_ssh, .ssh_allowed]]' \
	'[["ufw",false,false,true]]'
# a fuzz finding: "-j A -j B" once leaked the first target
fwant iptables-two-targets "$P" \
	'[["iptables",true,true,true,"accepted by etc/sysconfig/iptables:7: -A B -j ACCEPT"]]'

# resource bombs, kept for good: a ten-byte nftables.conf ("table {" and
# "}") once looped for ever (about 10 GB in 30 s); 8 conditional jumps in
# each of 7 chains made 8^7 paths (4 s and 900 MB, 38 s and 3.1 GB at 9
# chains).  Each now ends at once, in bounded memory, with the reason
# (an AddressSanitizer build reserves terabytes of shadow: time alone bounds it)
if grep -q __asan_init "$PREMIG" 2>/dev/null; then BOMB_VMEM=unlimited; else BOMB_VMEM=1048576; fi
# bwant NAME ROOT SQL WANT: a scan of ROOT in bounded time and memory,
# then SQL's answer over its store
bwant() {
	rm -f "$OUT/bomb.db"
	(ulimit -v $BOMB_VMEM; timeout 30 "$PREMIG" scan --root "$2" --db "$OUT/bomb.db" \
		--host-id b --only firewall --quiet) 2>"$OUT/bomb.err"
	brc=$?
	got=$(sqlite3 "$OUT/bomb.db" "$3" 2>&1)
	if [ $brc -ne 0 ] && [ $brc -ne 3 ]; then
		fail "firewall $1: bounded scan exit $brc (124: timed out)" "$(cat "$OUT/bomb.err")"
	elif [ "$got" = "$4" ]; then
		ok "firewall $1: bounded, with the reason"
	else
		fail "firewall $1" "want: $4
got:  $got"
	fi
}
# the firewall present: rules_allow_ssh (null for unknown) and whether its evidence holds $1
fsql() {
	echo "SELECT coalesce(rules_allow_ssh, 'null') || ' ' || (instr(evidence, '$1') > 0) FROM firewalls WHERE present = 1"
}
# fbomb CASE REASON: tests/malformed/firewall/CASE is unknown, with REASON
fbomb() {
	bwant "$1" "$TOP/tests/malformed/firewall/$1/root" "$(fsql "$2")" "null 1"
}
fbomb nft-table-brace "table not read"
fbomb iptables-jump-bomb "the rules branch too much"
fbomb nft-jump-bomb "the rules branch too much"

# include bombs, made here by small loops (each file as a real sshd_config
# or firewalld service would be): sshd_config files that include a
# directory of files that include them again once meant F^4 reads (20
# files: 4.6 s; the 40 below: over 120 s); a firewalld service with 32
# includes of itself, 32^4 reads (27 s).  Each file is now read once, each
# case ends in a few hundredths of a second, and past a cap the reason
# says so.  The six levels of sshd-include-fan were read four deep (ports
# 2003 to 2000 only): sshd reads them all, and refuses past 16.
B="$OUT/bombs"
rm -rf "$B"
# 40 files, each "Include d/*" and a Port: a loop (sshd refuses to start)
# and, past 16 nested files, sshd's own depth limit
r="$B/sshd-include-loop/etc/ssh"
mkdir -p "$r/d"
echo 'Include d/*' >"$r/sshd_config"
for i in $(seq 10 49); do printf 'Include d/*\nPort 20%s\n' "$i" >"$r/d/f$i.conf"; done
bwant sshd-include-loop "$B/sshd-include-loop" \
	"SELECT (instr(source, 'etc/ssh/d/f10.conf:1: Include of ''etc/ssh/d/f10.conf'' again, in a loop: sshd refuses to start') > 0)
	|| (instr(source, 'etc/ssh/d/f25.conf:1: Include nests deeper than 16 files: sshd refuses to start; ''etc/ssh/d/f26.conf'' not read') > 0)
	|| ' ' || ports FROM sshd" \
	"11 2025,2024,2023,2022,2021,2020,2019,2018,2017,2016,2015,2014,2013,2012,2011,2010"
# six levels of ten files, each including the whole next level: no loop,
# every file read once, the ports in sshd's order
for l in 0 1 2 3 4 5; do
	mkdir -p "$B/sshd-include-fan/etc/ssh/l$l"
	for i in 0 1 2 3 4 5 6 7 8 9; do
		f="$B/sshd-include-fan/etc/ssh/l$l/f$i.conf"
		[ $l -lt 5 ] && echo "Include l$((l + 1))/*.conf" >"$f"
		echo "Port 200$l" >>"$f"
	done
done
echo 'Include /etc/ssh/l0/*.conf' >"$B/sshd-include-fan/etc/ssh/sshd_config"
bwant sshd-include-fan "$B/sshd-include-fan" "SELECT ports || ' ' || source FROM sshd" \
	"2005,2004,2003,2002,2001,2000 etc/ssh/l5/f0.conf:1: Port 2005; etc/ssh/l4/f0.conf:2: Port 2004; etc/ssh/l3/f0.conf:2: Port 2003; etc/ssh/l2/f0.conf:2: Port 2002; etc/ssh/l1/f0.conf:2: Port 2001; etc/ssh/l0/f0.conf:2: Port 2000"
# 300 files for one Include: read up to 256, and a firewall that refuses
# the ports read is unknown, since the rest may name one it allows
r="$B/sshd-include-many/etc"
mkdir -p "$r/ssh/d" "$r/sysconfig"
echo 'Include d/*' >"$r/ssh/sshd_config"
for i in $(seq 100 399); do echo "# file $i" >"$r/ssh/d/f$i.conf"; done
# iptables-save(8) of a filter table that drops all input
printf '*filter\n:INPUT DROP [0:0]\nCOMMIT\n' >"$r/sysconfig/iptables"
bwant sshd-include-many "$B/sshd-include-many" \
	"SELECT (instr(source, 'Include: too many files: truncated at 256') > 0) FROM sshd; $(fsql 'sshd ports read in part')" \
	"1
null 1"

# firewalld: a service that includes itself 64 times
r="$B/fwd-include-self/etc/firewalld"
mkdir -p "$r/zones" "$r/services"
printf '<?xml version="1.0" encoding="utf-8"?>\n<zone>\n  <service name="loop"/>\n</zone>\n' >"$r/zones/public.xml"
{
	printf '<?xml version="1.0" encoding="utf-8"?>\n<service>\n  <port protocol="tcp" port="8080"/>\n'
	for i in $(seq 1 64); do printf '  <include service="loop"/>\n'; done
	printf '</service>\n'
} >"$r/services/loop.xml"
bwant fwd-include-self "$B/fwd-include-self" "$(fsql 'allows neither the ssh service nor the sshd port')" "0 1"
# 60 services, each including all 60 (3600 includes), one of them tcp/22
r="$B/fwd-include-web/etc/firewalld"
mkdir -p "$r/zones" "$r/services"
printf '<?xml version="1.0" encoding="utf-8"?>\n<zone>\n  <service name="s10"/>\n</zone>\n' >"$r/zones/public.xml"
for i in $(seq 10 69); do
	{
		printf '<?xml version="1.0" encoding="utf-8"?>\n<service>\n'
		[ $i = 69 ] && printf '  <port protocol="tcp" port="22"/>\n'
		for k in $(seq 10 69); do printf '  <include service="s%s"/>\n' "$k"; done
		printf '</service>\n'
	} >"$r/services/s$i.xml"
done
bwant fwd-include-web "$B/fwd-include-web" \
	"$(fsql 'zone public (etc/firewalld/zones/public.xml): service s69: tcp/22 in etc/firewalld/services/s69.xml')" "1 1"
# a chain of 1100 services, tcp/22 at its end: past 1024 services, unknown
r="$B/fwd-include-chain/etc/firewalld"
mkdir -p "$r/zones" "$r/services"
printf '<?xml version="1.0" encoding="utf-8"?>\n<zone>\n  <service name="s1000"/>\n</zone>\n' >"$r/zones/public.xml"
i=1000
while [ $i -lt 2100 ]; do
	if [ $i = 2099 ]; then x='<port protocol="tcp" port="22"/>'; else x="<include service=\"s$((i + 1))\"/>"; fi
	printf '<?xml version="1.0" encoding="utf-8"?>\n<service>\n  %s\n</service>\n' "$x" >"$r/services/s$i.xml"
	i=$((i + 1))
done
bwant fwd-include-chain "$B/fwd-include-chain" "$(fsql 'too many services: truncated at 1024')" "null 1"
rm -rf "$B"
