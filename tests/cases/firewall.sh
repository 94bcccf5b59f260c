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
fbomb() {
	rm -f "$OUT/bomb.db"
	(ulimit -v $BOMB_VMEM; timeout 30 "$PREMIG" scan --root "$TOP/tests/malformed/firewall/$1/root" \
		--db "$OUT/bomb.db" --host-id b --only firewall --quiet) 2>"$OUT/bomb.err"
	brc=$?
	got=$(sqlite3 "$OUT/bomb.db" "SELECT coalesce(rules_allow_ssh, 'null') || ' ' || (instr(evidence, '$2') > 0) FROM firewalls WHERE present = 1" 2>&1)
	if [ $brc -ne 0 ] && [ $brc -ne 3 ]; then
		fail "firewall $1: bounded scan exit $brc (124: timed out)" "$(cat "$OUT/bomb.err")"
	elif [ "$got" = "null 1" ]; then
		ok "firewall $1: bounded, unknown with the reason"
	else
		fail "firewall $1: '$got', want 'null 1' (evidence with '$2')"
	fi
}
fbomb nft-table-brace "table not read"
fbomb iptables-jump-bomb "the rules branch too much"
fbomb nft-jump-bomb "the rules branch too much"
