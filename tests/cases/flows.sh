# flows.sh - premig scan --pcap FILE: the flows collector (collectors/flows.c)
# over captures written by tests/tools/mkpcap.c (libpcap's dump API) and
# mergecap: captures alone, captures attached to a host's scan, and the
# captures that cannot be read in full or at all.

mkpcap_build || { return 0 2>/dev/null || exit 0; }
for c in handshake sll2; do "$OUT/mkpcap" $c "$OUT/$c.pcap"; done
mergecap -F pcapng -w "$OUT/two-links.pcapng" "$OUT/handshake.pcap" "$OUT/sll2.pcap"
size=$(wc -c <"$OUT/handshake.pcap")
head -c $((size - 30)) "$OUT/handshake.pcap" >"$OUT/cut.pcap"
printf 'hello' >"$OUT/text.pcap"

q() { sqlite3 "$1" "$2" 2>&1; }
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got:  $2
want: $3"; fi
}

# ---- captures alone: only they are read, the host is not scanned
rm -f "$OUT/alone.db"
"$PREMIG" scan --pcap "$OUT/handshake.pcap" --pcap "$OUT/two-links.pcapng" --pcap "$OUT/cut.pcap" \
	--pcap "$OUT/text.pcap" --db "$OUT/alone.db" >"$OUT/alone.out" 2>"$OUT/alone.err"
expect "captures alone: the scan exits 0" "$?" 0
expect "captures alone: every other collector is not applicable, and says why" \
	"$(q "$OUT/alone.db" "SELECT count(*), min(reason) = max(reason), min(reason) FROM collector_runs
		WHERE collector <> 'flows' AND status = 'not-applicable'")" \
	"14|1|only captures given (--pcap, --flows): the host itself is not scanned (add --root DIR, or --root / for this host)"
expect "captures alone: the scan is named after its first capture" \
	"$(q "$OUT/alone.db" "SELECT host_key FROM hosts")" "capture:handshake.pcap"
expect "captures alone: each file read, in part, or refused, with where it stopped" \
	"$(q "$OUT/alone.db" "SELECT replace(path, '$OUT/', '') || ' ' || status || ' ' || coalesce(packets, '-') || ' ' ||
		coalesce(reason, '-') FROM capture_files ORDER BY rowid")" \
	"handshake.pcap read 7 -
two-links.pcapng read 9 -
cut.pcap partial 6 truncated: the file ends inside the record at byte $((size - 70)) (40 of 70 bytes)
text.pcap refused - not a capture file: magic 68 65 6c 6c is neither pcap nor pcapng"
expect "captures alone: a conversation seen in two files is one flow" \
	"$(q "$OUT/alone.db" "SELECT proto, a_ip, a_port, b_ip, b_port, packets_ab, packets_ba, syn_from, synack_from
		FROM flows ORDER BY proto")" \
	"tcp|10.0.0.1|40000|10.0.0.2|5432|12|8|a|b
udp|10.3.0.1|40003|10.3.0.2|123|1|1||"
if grep -q "cut.pcap': read in part (the packets before kept): truncated" "$OUT/alone.err" &&
	grep -q "text.pcap': not a capture file" "$OUT/alone.err"; then
	ok "captures alone: warnings name the files and where they stopped"
else
	fail "captures alone: warnings" "$(cat "$OUT/alone.err")"
fi

# ---- every capture refused: the collector fails, the scan is partial (3)
rm -f "$OUT/none.db"
"$PREMIG" scan --quiet --pcap "$OUT/text.pcap" --db "$OUT/none.db" 2>/dev/null
expect "no capture readable: exit 3" "$?" 3
expect "no capture readable: flows failed, and why" \
	"$(q "$OUT/none.db" "SELECT status || ' ' || reason FROM collector_runs WHERE collector = 'flows'")" \
	"failed $OUT/text.pcap: not a capture file: magic 68 65 6c 6c is neither pcap nor pcapng"

# ---- attached to a host's scan (--root): the host is scanned, the flows are its
prepare_root "$TOP/tests/golden/hosts/debian12" "$OUT/host" >/dev/null 2>&1
rm -f "$OUT/host.db"
"$PREMIG" scan --quiet --root "$OUT/host" --pcap "$OUT/handshake.pcap" --db "$OUT/host.db" 2>/dev/null
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 3 ] && ok "with --root: scan exit $rc" || fail "with --root: scan exit $rc"
expect "with --root: the host's own collectors ran and the flows are attached" \
	"$(q "$OUT/host.db" "SELECT (SELECT status FROM collector_runs WHERE collector = 'os') || ' ' ||
		(SELECT status FROM collector_runs WHERE collector = 'flows') || ' ' ||
		(SELECT count(*) FROM flows) || ' ' || (SELECT host_key NOT LIKE 'capture:%' FROM hosts)")" \
	"ok ok 1 1"

# ---- a scan without captures: flows is not applicable
expect "no --pcap: flows is not applicable" \
	"$(q "$OUT/host.db" "SELECT 1") $(rm -f "$OUT/n.db"; "$PREMIG" scan --quiet --root "$OUT/host" --only flows \
		--db "$OUT/n.db" 2>/dev/null; q "$OUT/n.db" "SELECT status || ' ' || reason FROM collector_runs
		WHERE collector = 'flows'")" \
	"1 not-applicable no capture given (--pcap FILE, --flows FILE, --capture IFACE)"

# ---- bad command lines
expect_exit "--pcap missing file" 5 "--pcap '$OUT/nosuch.pcap': No such file" \
	"$PREMIG" scan --pcap "$OUT/nosuch.pcap" --db "$OUT/x.db"
expect_exit "--pcap a directory" 5 "--pcap '$OUT': not a regular file" \
	"$PREMIG" scan --pcap "$OUT" --db "$OUT/x.db"

# ---- Zeek conn.log (--flows): tests/flows/ holds the example of Zeek's
# documentation in both of Zeek's forms; the variants are derived here
Z="$TOP/tests/flows"
zrecs() { "$PREMIG" debug decode zeek-conn "$1" 2>"$OUT/z.err" | jq -c "${2:-.conns}"; }
want=$(zrecs "$Z/conn.log")
expect "zeek: the ASCII and the JSON form read the same records" "$(zrecs "$Z/conn.json.log")" "$want"
expect "zeek: two records, each endpoint, state and history" \
	"$(zrecs "$Z/conn.log" '[.form, .records, [.conns[] | [.ts_ns, .orig_h, .orig_p, .resp_h, .resp_p, .proto, .conn_state, .history]]]')" \
	'["tsv",2,[[1591367999305988000,"192.168.4.76",36844,"192.168.4.1",53,"udp","SF","Dd"],[1591367999430166000,"192.168.4.76",46378,"31.3.245.133",80,"tcp","SF","ShADadFf"]]]'
# the same columns in another order (header and rows alike): found by name
awk -F'\t' -v OFS='\t' '
	/^#fields|^#types/ { t = $4; $4 = $8; $8 = t; u = $5; $5 = $6; $6 = u }
	/^[0-9]/ { t = $3; $3 = $7; $7 = t; u = $4; $4 = $5; $5 = u }
	{ print }' \
	"$Z/conn.log" >"$OUT/reordered.log"
expect "zeek: #fields in another order" "$(zrecs "$OUT/reordered.log")" "$want"
gzip -c "$Z/conn.json.log" >"$OUT/conn.json.log.gz"
expect "zeek: gzip'd JSON" "$(zrecs "$OUT/conn.json.log.gz" '[.form, .gzip, .records]')" '["json",true,2]'
sed 's/"ts":1591367999.305988,/"ts":"2020-06-05T14:39:59.305988Z",/; s/"ts":1591367999.430166,/"ts":"2020-06-05T14:39:59.430166Z",/' \
	"$Z/conn.json.log" >"$OUT/iso.log"
expect "zeek: ISO 8601 timestamps (JSON::TS_ISO8601)" "$(zrecs "$OUT/iso.log")" "$want"
{ head -n 1 "$Z/conn.json.log"; echo '{"ts":1591367999.5,"id.orig_h":"10.0.0.1"'; tail -n 1 "$Z/conn.json.log"; } >"$OUT/badline.log"
expect "zeek: a broken line is skipped and named" \
	"$(zrecs "$OUT/badline.log" '[.records, .skipped, (.first_skipped | test("^line 2: "))]')" '[2,1,true]'
grep -v '^#' "$Z/conn.log" >"$OUT/noheader.log"
"$PREMIG" debug decode zeek-conn "$OUT/noheader.log" >"$OUT/z.json" 2>/dev/null
expect "zeek: no #fields line: refused, and why" "$(jq -r .error "$OUT/z.json")" \
	"line 1: a record before any #fields line (neither Zeek's ASCII log with its header nor its JSON form)"
sed 's/\tid\.resp_h\t/\tresp_host\t/' "$Z/conn.log" >"$OUT/nofield.log"
"$PREMIG" debug decode zeek-conn "$OUT/nofield.log" >"$OUT/z.json" 2>/dev/null
expect "zeek: #fields without id.resp_h: not a conn.log" "$(jq -r .error "$OUT/z.json")" \
	"line 7: #fields has no id.resp_h: not a conn.log"

# both forms in one scan: folded by client, server, port and protocol
rm -f "$OUT/zeek.db"
"$PREMIG" scan --quiet --flows "$Z/conn.log" --flows "$OUT/conn.json.log.gz" --db "$OUT/zeek.db" 2>"$OUT/zeek.err"
expect "zeek scan: exit 0" "$?" 0
expect "zeek scan: one row per client, server, port and protocol, its connections counted" \
	"$(q "$OUT/zeek.db" "SELECT source, proto, a_ip, coalesce(a_port, '-'), b_ip, b_port, packets_ab, packets_ba,
		coalesce(syn_from, '-'), coalesce(synack_from, '-'), connections, service, evidence FROM flows ORDER BY proto")" \
	"zeek|tcp|192.168.4.76|-|31.3.245.133|80|12|8|a|b|2|http|SF x2 (conn_state); history ShADadFf
zeek|udp|192.168.4.76|-|192.168.4.1|53|4|4|-|-|2|dns|SF x2 (conn_state); history Dd"
expect "zeek scan: each file's form" \
	"$(q "$OUT/zeek.db" "SELECT format || ' ' || gzip || ' ' || packets || ' ' || status FROM capture_files ORDER BY rowid")" \
	"zeek-tsv 0 2 read
zeek-json 1 2 read"
