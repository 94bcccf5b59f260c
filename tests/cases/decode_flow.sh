# decode_flow.sh - capture files into flows (`premig debug decode capture`,
# collectors/lib/capfile.c, pkt.c, flowtab.c) on every capture of
# ../shared/corpus/pcap (tcpdump's test captures, read in place):
#
#  - none crashes, hangs or trips a sanitizer; each is read (exit 0) or
#    refused with its reason (exit 1);
#  - for every capture that is not in the corpus's malformed class and holds
#    TCP or UDP conversations, the set of conversations agrees with tshark's
#    (`tshark -n -q -z conv,tcp -z conv,udp`, the authority here), except
#    tunnelled traffic: premig counts a VXLAN or Geneve tunnel as its outer
#    UDP conversation (the hosts that talk), tshark its inner one.  And
#    the bigtcp-* captures: BIG TCP packets (an IP length of 0, the IPv6
#    jumbo option stripped, as Linux captures them before segmentation)
#    that tshark leaves out of its conversations and premig reads, as
#    tcpdump does, to the captured length.

PCAPS="${CORPUS:-}/pcap/captures"
if [ -z "${CORPUS:-}" ] || [ ! -d "$PCAPS" ]; then
	ok "decode_flow: no ../shared/corpus/pcap here (skipped)"
	return 0 2>/dev/null || exit 0
fi

# conversations as "proto addr|port addr|port", the lower endpoint first
premig_conv() {
	jq -r '.flows[]? | select(.proto == "tcp" or .proto == "udp") |
		"\(.proto) \(.a)|\(.a_port) \(.b)|\(.b_port)"' "$1" |
		awk '{ if ($2 > $3) { t = $2; $2 = $3; $3 = t }; print }' | sort -u
}
tshark_conv() {
	tshark -n -q -z conv,tcp -z conv,udp -r "$1" 2>/dev/null | awk '
		/^TCP Conversations/ { p = "tcp" } /^UDP Conversations/ { p = "udp" }
		$2 == "<->" {
			a = $1; b = $3
			sub(/:[0-9]+$/, "|&", a); sub(/\|:/, "|", a)
			sub(/:[0-9]+$/, "|&", b); sub(/\|:/, "|", b)
			if (a > b) { t = a; a = b; b = t }
			print p, a, b
		}' | sort -u
}

n=0 crashed=0 agreed=0 compared=0
tab=$(printf '\t')
while IFS=$tab read -r file class _ _ _ links _ _ _ _ _ convs _; do
	[ "$file" = file ] && continue
	f="$PCAPS/$file"
	[ -f "$f" ] || continue
	n=$((n + 1))
	timeout 20 "$PREMIG" debug decode capture "$f" >"$OUT/c.json" 2>"$OUT/c.err"
	rc=$?
	if [ $rc -gt 1 ] || grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$OUT/c.err"; then
		fail "capture $file: exit $rc" "$(head -n 20 "$OUT/c.err")"
		crashed=$((crashed + 1))
		continue
	fi
	if [ $rc -eq 1 ] && [ -z "$(jq -r '.error // empty' "$OUT/c.json")" ]; then
		fail "capture $file: refused without a reason" "$(cat "$OUT/c.json")"
		continue
	fi
	[ "$class" = malformed ] && continue
	case $convs in -|0) continue ;; esac
	case $file in bigtcp-*) continue ;; esac
	if tshark -n -r "$f" -T fields -e frame.protocols 2>/dev/null | grep -Eq 'vxlan|geneve|nsh'; then
		continue
	fi
	compared=$((compared + 1))
	premig_conv "$OUT/c.json" >"$OUT/p.conv"
	tshark_conv "$f" >"$OUT/t.conv"
	if cmp -s "$OUT/p.conv" "$OUT/t.conv"; then
		agreed=$((agreed + 1))
	else
		fail "capture $file (link types $links): conversations differ from tshark's" \
			"$(diff "$OUT/p.conv" "$OUT/t.conv" | head -n 10)"
	fi
done <<EOF_INDEX
$(awk -F'\t' -v OFS='\t' '{ for (i = 1; i <= NF; i++) if ($i == "") $i = "-"; print }' "$CORPUS/pcap/INDEX.tsv")
EOF_INDEX
[ $crashed -eq 0 ] && ok "capture: $n corpus captures, none crashed, hung or was refused without a reason"
[ $compared -gt 50 ] && [ $agreed -eq $compared ] &&
	ok "capture: conversations of $agreed corpus captures agree with tshark's"

# ---- exact cases, written by tests/tools/mkpcap.c with libpcap's dump API
# (each packet composed from its RFCs; see the tool), their pcapng merge by
# Wireshark's mergecap and their gzip by gzip(1)
MK="$OUT/mkpcap"
mkpcap_build || { return 0 2>/dev/null || exit 0; }
for c in handshake midstream syn-only vlan qinq ipv6-ext fragments sll2 bad-ts; do
	"$MK" $c "$OUT/$c.pcap" || fail "mkpcap $c"
done
mergecap -F pcapng -w "$OUT/two-links.pcapng" "$OUT/handshake.pcap" "$OUT/sll2.pcap"
gzip -c "$OUT/handshake.pcap" >"$OUT/handshake.pcap.gz"

# fcase NAME FILE JQ WANT: the decoder's JSON through JQ is WANT
fcase() {
	"$PREMIG" debug decode capture "$2" >"$OUT/f.json" 2>"$OUT/f.err"
	fgot=$(jq -c "$3" "$OUT/f.json" 2>&1)
	if grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$OUT/f.err"; then
		fail "capture $1: sanitizer" "$(cat "$OUT/f.err")"
	elif [ "$fgot" = "$4" ]; then
		ok "capture $1"
	else
		fail "capture $1" "want: $4
got:  $fgot"
	fi
}
F='[.flows[] | [.proto, .vlan, .a, .a_port, .b, .b_port, .packets, .syn_from, .synack_from]]'
fcase "handshake: one flow, 4 and 3 packets, the SYN from 10.0.0.1, the SYN-ACK from 10.0.0.2" \
	"$OUT/handshake.pcap" "$F" '[["tcp",null,"10.0.0.1",40000,"10.0.0.2",5432,[4,3],"a","b"]]'
fcase "midstream: the same flow, no handshake seen" \
	"$OUT/midstream.pcap" "$F" '[["tcp",null,"10.0.0.1",40000,"10.0.0.2",5432,[2,2],null,null]]'
fcase "syn-only: a SYN unanswered" \
	"$OUT/syn-only.pcap" "$F" '[["tcp",null,"10.0.0.1",40001,"10.0.0.3",22,[2,0],"a",null]]'
fcase "vlan: the 802.1Q VLAN of the flow" \
	"$OUT/vlan.pcap" "$F" '[["tcp",10,"10.0.0.1",40000,"10.0.0.2",5432,[4,3],"a","b"]]'
fcase "qinq: the outer (802.1ad) VLAN" \
	"$OUT/qinq.pcap" "$F" '[["udp",100,"10.2.0.1",40002,"10.2.0.2",161,[1,1],null,null]]'
fcase "ipv6-ext: TCP found behind three extension headers" \
	"$OUT/ipv6-ext.pcap" "$F" '[["tcp",null,"2001:db8::1",50000,"2001:db8::2",443,[1,1],"a","b"]]'
fcase "fragments: a datagram in three fragments counts once, with all its bytes" \
	"$OUT/fragments.pcap" '[.flows[] | [.proto, .a_port, .b_port, .packets, .bytes]]' \
	'[["udp",53000,514,[1,1],[3110,62]]]'
fcase "sll2: Linux cooked v2" \
	"$OUT/sll2.pcap" "$F" '[["udp",null,"10.3.0.1",40003,"10.3.0.2",123,[1,1],null,null]]'
fcase "pcapng with two interfaces of two link types (Ethernet, SLL2)" \
	"$OUT/two-links.pcapng" '[.capture.format, .capture.packets, [.flows[] | [.proto, .a, .b]]]' \
	'["pcapng",9,[["tcp","10.0.0.1","10.0.0.2"],["udp","10.3.0.1","10.3.0.2"]]]'
fcase "gzip: streamed through zlib" \
	"$OUT/handshake.pcap.gz" '[.capture.gzip, .capture.packets, (.flows | length)]' '[true,7,1]'
for f in handshake vlan qinq ipv6-ext sll2 two-links; do
	[ -f "$OUT/$f.pcap" ] && g="$OUT/$f.pcap" || g="$OUT/$f.pcapng"
	"$PREMIG" debug decode capture "$g" >"$OUT/c.json" 2>/dev/null
	premig_conv "$OUT/c.json" >"$OUT/p.conv"
	tshark_conv "$g" >"$OUT/t.conv"
	if [ -s "$OUT/t.conv" ] && cmp -s "$OUT/p.conv" "$OUT/t.conv"; then
		ok "capture $f: conversations agree with tshark's"
	else
		fail "capture $f: conversations differ from tshark's" "$(diff "$OUT/p.conv" "$OUT/t.conv")"
	fi
done

# ---- bad input: each a clear reason; what was read before a fault is kept
fcase "a timestamp fraction out of range: kept and counted" \
	"$OUT/bad-ts.pcap" '[.status, .capture.bad_timestamps, .capture.counted]' '["read",1,1]'
size=$(wc -c <"$OUT/handshake.pcap")
head -c $((size - 30)) "$OUT/handshake.pcap" >"$OUT/cut.pcap"
fcase "a truncated capture: the packets before the cut, and the byte where it stopped" \
	"$OUT/cut.pcap" '[.status, .capture.packets, .notes[0]]' \
	"[\"read\",6,\"truncated: the file ends inside the record at byte $((size - 70)) (40 of 70 bytes)\"]"
printf 'GET / HTTP/1.0\r\n\r\n' >"$OUT/http.txt"
fcase "not a capture file: refused, the magic named" "$OUT/http.txt" '[.status, .error]' \
	'["refused","not a capture file: magic 47 45 54 20 is neither pcap nor pcapng"]'
: >"$OUT/empty.pcap"
fcase "an empty file: refused" "$OUT/empty.pcap" '[.status, .error]' \
	'["refused","not a capture file: empty"]'
# a corrupt gzip stream: bytes in the middle of the deflate data flipped
gsize=$(wc -c <"$OUT/handshake.pcap.gz")
{ head -c 40 "$OUT/handshake.pcap.gz"; head -c 40 /dev/zero | tr '\0' '\377'; tail -c +81 "$OUT/handshake.pcap.gz"; } >"$OUT/corrupt.pcap.gz"
"$PREMIG" debug decode capture "$OUT/corrupt.pcap.gz" >"$OUT/f.json" 2>"$OUT/f.err"
if jq -e '(.error // .notes[0]) | test("corrupt gzip stream|invalid|incorrect")' "$OUT/f.json" >/dev/null 2>&1; then
	ok "a corrupt gzip stream: says so"
else
	fail "a corrupt gzip stream ($gsize bytes)" "$(cat "$OUT/f.json" "$OUT/f.err")"
fi
if [ -f "$PCAPS/802_15_4-oobr-2.pcap" ]; then
	fcase "an unknown link type: named and its packets counted" "$PCAPS/802_15_4-oobr-2.pcap" \
		'[.status, .capture.unknown_link_types]' '["read",{"195":1}]'
fi
