# dns.sh - the names DNS answers give addresses (collectors/lib/dnsmsg.c,
# dnsnames.c; the dns_names table written by collectors/flows.c):
#
#  - the dns decoder's unit cases (tests/unit/dns/cases): real answers of
#    dnsmasq to dig, and the malformed messages of tests/malformed/dns
#    (pointer loops, pointers past the end or into the header, labels over
#    63 bytes, names over 255, cuts), each read in part or refused with
#    its reason;
#  - real answers captured on this machine (tests/tools/mkdns.sh: dnsmasq,
#    dig and tcpdump in a network namespace), read by `premig scan --pcap`
#    and by a live `premig scan --capture lo --syn-only` of the same
#    answers: the dns_names rows agree with the (address, name) pairs
#    tshark decodes from the same capture (the authority here);
#  - the captures of ../shared/corpus/pcap that carry DNS on UDP port 53:
#    none crashes, and the pairs agree with tshark's where the capture is
#    not in the corpus's malformed class.
#
# tshark's pairs: every A and AAAA record of a UDP response from port 53,
# 5353 or 5355, named by its owner (dns.resp.name, lower case), and for an
# answer whose owner the answer section's CNAMEs reach from the question,
# the question's name too (dnsmsg.h).

decode_units dns

# tshark_pairs FILE: "address name" lines, sorted and unique
tshark_pairs() {
	tshark -n -r "$1" -Y 'dns.flags.response == 1 && dns.flags.opcode == 0 &&
		(udp.srcport == 53 || udp.srcport == 5353 || udp.srcport == 5355)' \
		-T fields -E separator=/t -e dns.qry.name -e dns.count.answers -e dns.resp.name \
		-e dns.resp.type -e dns.a -e dns.aaaa -e dns.cname 2>/dev/null | awk -F'\t' '
	{
		split($1, qn, ","); q = tolower(qn[1])
		nn = split(tolower($3), name, ","); split($4, type, ",")
		split($5, a, ","); split($6, aaaa, ","); split($7, cn, ",")
		ia = 0; i6 = 0; ic = 0; nc = 0
		for (i = 1; i <= nn; i++) {
			ans = i <= $2
			if (type[i] == 1) { addr[i] = a[++ia] }
			else if (type[i] == 28) { addr[i] = aaaa[++i6] }
			else if (type[i] == 5) { t = tolower(cn[++ic]); if (ans) { nc++; co[nc] = name[i]; ct[nc] = t; used[nc] = 0 } }
			if (type[i] == 1 || type[i] == 28) print addr[i], name[i]
		}
		# the chain from the question through the answer CNAMEs, at most 16
		cur = q; delete reach
		for (k = 0; k < 16; k++) {
			for (j = 1; j <= nc; j++) if (!used[j] && co[j] == cur) break
			if (j > nc) break
			used[j] = 1; reach[ct[j]] = 1; cur = ct[j]
		}
		for (i = 1; i <= nn && i <= $2; i++)
			if ((type[i] == 1 || type[i] == 28) && name[i] != q && (name[i] in reach))
				print addr[i], q
	}' | sort -u
}
premig_pairs() {	# premig_pairs DB
	sqlite3 "$1" "SELECT address || ' ' || name FROM dns_names" | sort -u
}
# same LABEL GOT WANT: the two sets of pairs agree
same() {
	if [ -s "$3" ] && cmp -s "$2" "$3"; then
		ok "$1"
	else
		fail "$1" "$(diff "$2" "$3" | head -n 20)"
	fi
}
q() { sqlite3 "$1" "$2" 2>&1; }
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got:  $2
want: $3"; fi
}

# ---- real answers, captured here
if [ "$(id -u)" -ne 0 ] || ! command -v dnsmasq >/dev/null 2>&1 && [ ! -x /usr/sbin/dnsmasq ] ||
	! command -v dig >/dev/null 2>&1; then
	ok "dns: real answers need root, dnsmasq and dig (skipped)"
else
	sh "$TOP/tests/tools/mkdns.sh" "$OUT/dns.pcap" \
		"$PREMIG" scan --quiet --only flows --capture lo --syn-only --seconds 4 \
		--db "$OUT/live.db" --host-id live 2>"$OUT/mkdns.err"
	"$PREMIG" scan --quiet --pcap "$OUT/dns.pcap" --db "$OUT/pcap.db" 2>"$OUT/pcap.err"
	expect "dns: scan --pcap exit 0" "$?" 0
	tshark_pairs "$OUT/dns.pcap" >"$OUT/tshark.pairs"
	premig_pairs "$OUT/pcap.db" >"$OUT/pcap.pairs"
	same "dns --pcap: the names of addresses agree with tshark's" "$OUT/pcap.pairs" "$OUT/tshark.pairs"
	expect "dns --pcap: a CNAME's question names the addresses too, each answer counted" \
		"$(q "$OUT/pcap.db" "SELECT group_concat(address || ' ' || name || ' ' || answers, ', ')
			FROM (SELECT * FROM dns_names WHERE address = '10.1.2.4' ORDER BY name)")" \
		"10.1.2.4 app01.example.test 4, 10.1.2.4 chain.example.test 1, 10.1.2.4 www.example.test 2"
	expect "dns --pcap: IPv6, the truncated (TC) answer's 29 addresses, nothing of TCP's 40" \
		"$(q "$OUT/pcap.db" "SELECT (SELECT name FROM dns_names WHERE address = '2001:db8::10'),
			(SELECT count(*) FROM dns_names WHERE name = 'big.example.test')")" \
		"app01.example.test|29"
	# an unscanned server is named by the answers: a real connection to the
	# address dnsmasq gave db01 (added on the namespace's loopback),
	# captured beside the answers; premig deps names the server by them
	cat >"$OUT/db01.sh" <<'EOF_DB'
ip addr add 10.1.2.3/32 dev lo
tcpdump -i lo -n -U --immediate-mode -w "$1" 'tcp port 5432' 2>"$1.log" &
t=$!
n=0
while ! grep -q listening "$1.log" && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
python3 -c '
import socket
s = socket.socket(); s.bind(("10.1.2.3", 5432)); s.listen(1)
c = socket.socket(); c.bind(("127.0.0.2", 0)); c.connect(("10.1.2.3", 5432))
a, _ = s.accept(); c.sendall(b"q"); a.recv(1); a.sendall(b"r"); c.recv(1)
c.close(); a.close()'
sleep 0.5
kill $t
wait $t
EOF_DB
	sh "$TOP/tests/tools/mkdns.sh" "$OUT/dns2.pcap" sh "$OUT/db01.sh" "$OUT/db01.pcap" 2>"$OUT/mkdns2.err"
	rm -f "$OUT/named.db"
	"$PREMIG" scan --quiet --pcap "$OUT/dns2.pcap" --pcap "$OUT/db01.pcap" --db "$OUT/named.db" 2>"$OUT/named.err"
	expect "deps: an unscanned server is named by the DNS answers captured" \
		"$("$PREMIG" deps --db "$OUT/named.db" --format json |
			jq -c '[.dependencies[] | select(.port == 5432) | [.client_ip, .server_ip, .server_name, .server_host, .method]]')" \
		'[["127.0.0.2","10.1.2.3","db01.example.test",null,"handshake"]]'
	expect "dns --pcap: first and last seen are capture times" \
		"$(q "$OUT/pcap.db" "SELECT count(*) FROM dns_names
			WHERE first_ns > 1000000000000000000 AND last_ns >= first_ns")" \
		"$(q "$OUT/pcap.db" "SELECT count(*) FROM dns_names")"
	expect "dns --capture --syn-only: the live capture exits 0" "$(cat "$OUT/dns.pcap.rc" 2>&1)" 0
	# the live capture keeps 256 bytes of a packet (livecap.h): tshark reads the file so cut
	editcap -s 256 "$OUT/dns.pcap" "$OUT/dns-256.pcap" 2>/dev/null
	tshark_pairs "$OUT/dns-256.pcap" >"$OUT/tshark-256.pairs"
	premig_pairs "$OUT/live.db" >"$OUT/live.pairs"
	same "dns --capture --syn-only: the names tshark reads in the capture cut at the snap length" \
		"$OUT/live.pairs" "$OUT/tshark-256.pairs"

	# a short snap length cuts the long answer: the addresses before the cut kept
	editcap -s 200 "$OUT/dns.pcap" "$OUT/cut.pcap" 2>/dev/null
	"$PREMIG" scan --quiet --pcap "$OUT/cut.pcap" --db "$OUT/cut.db" 2>/dev/null
	tshark_pairs "$OUT/cut.pcap" >"$OUT/cut-tshark.pairs"
	premig_pairs "$OUT/cut.db" >"$OUT/cut.pairs"
	same "dns: answers cut at 200 bytes: the pairs before the cut, as tshark's" \
		"$OUT/cut.pairs" "$OUT/cut-tshark.pairs"
	expect "dns: the cut answers are noted" \
		"$(q "$OUT/cut.db" "SELECT count(*) FROM collector_runs WHERE collector = 'flows'
			AND reason LIKE '%DNS: 1 of 8 answers read in part%record data runs past the end%'")" 1
fi

# ---- the corpus captures that carry DNS over UDP
PCAPS="${CORPUS:-}/pcap/captures"
if [ -z "${CORPUS:-}" ] || [ ! -d "$PCAPS" ]; then
	ok "dns: no ../shared/corpus/pcap here (skipped)"
else
	n=0 agreed=0 compared=0 named=0
	tab=$(printf '\t')
	while IFS=$tab read -r file class _ _ _ _ _ _ _ _ _ _ _ _ _ ports _; do
		case ",$ports," in *udp/53[,\ ]* | *udp/53) ;; *) continue ;; esac
		f="$PCAPS/$file"
		[ -f "$f" ] || continue
		n=$((n + 1))
		timeout 20 "$PREMIG" debug decode capture "$f" >"$OUT/c.json" 2>"$OUT/c.err"
		rc=$?
		if [ $rc -gt 1 ] || grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$OUT/c.err"; then
			fail "dns corpus $file: exit $rc" "$(head -n 20 "$OUT/c.err")"
			continue
		fi
		[ "$class" = malformed ] && continue
		compared=$((compared + 1))
		jq -r '.dns.names[]? | "\(.address) \(.name)"' "$OUT/c.json" | sort -u >"$OUT/c.pairs"
		tshark_pairs "$f" >"$OUT/t.pairs"
		[ -s "$OUT/t.pairs" ] && named=$((named + 1))
		if cmp -s "$OUT/c.pairs" "$OUT/t.pairs"; then
			agreed=$((agreed + 1))
		else
			fail "dns corpus $file: pairs differ from tshark's" "$(diff "$OUT/c.pairs" "$OUT/t.pairs" | head)"
		fi
	done <<EOF_INDEX
$(awk -F'\t' -v OFS='\t' '{ for (i = 1; i <= NF; i++) if ($i == "") $i = "-"; print }' "$CORPUS/pcap/INDEX.tsv")
EOF_INDEX
	[ $n -gt 0 ] && ok "dns corpus: $n captures with DNS, none crashed"
	[ $named -gt 0 ] && [ $agreed -eq $compared ] &&
		ok "dns corpus: pairs of $agreed captures ($named naming addresses) agree with tshark's"
fi
