# reports.sh - premig report --format csv and --redact, over a fixture
# fleet in one store: four hosts of tests/golden/hosts (each with its own
# hostname, FQDN, machine-id, NIC MACs and addresses, DMI serial and UUID),
# two hosts whose ifcfg files give them the addresses of the
# tests/tools/mkpcap.c handshake capture (so that the store holds a
# dependency between them, app01 -> db01:5432), and a hostile host whose
# host key and os-release PRETTY_NAME start like spreadsheet formulas.
# Every host is assessed.  The CSV files are read back with python3's csv
# module.

expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got:  $2
want: $3"; fi
}
F="$OUT/fleet.db"
rm -f "$F"
for h in debian12 rhel7-twonics centos6 ubuntu2204; do
	compose_root "$OUT/roots/$h" "hosts/$h" 2>>"$OUT/fleet.err" || fail "fixture hosts/$h" "$(cat "$OUT/fleet.err")"
	"$PREMIG" scan --quiet --root "$OUT/roots/$h" --db "$F" 2>>"$OUT/fleet.err"
done
# initscripts' ifcfg format (IPADDR, PREFIX), as in deps.sh
for h in app01:10.0.0.1:52:54:00:0a:00:01 db01:10.0.0.2:52:54:00:0a:00:02; do
	n=${h%%:*} rest=${h#*:}
	R="$OUT/roots/$n"
	mkdir -p "$R/etc/sysconfig/network-scripts"
	echo "$n.prod.corp.example" >"$R/etc/hostname"
	printf 'DEVICE=eth0\nBOOTPROTO=none\nIPADDR=%s\nPREFIX=24\nHWADDR=%s\n' "${rest%%:*}" "${rest#*:}" \
		>"$R/etc/sysconfig/network-scripts/ifcfg-eth0"
	"$PREMIG" scan --quiet --root "$R" --only identity,nics --host-id "$n-key" --db "$F" 2>>"$OUT/fleet.err"
done
if mkpcap_build; then
	"$OUT/mkpcap" handshake "$OUT/handshake.pcap"
	"$PREMIG" scan --quiet --pcap "$OUT/handshake.pcap" --db "$F" --host-id capture 2>>"$OUT/fleet.err"
fi
# os-release(5) quoting: a value in double quotes, \" for a quote
R="$OUT/roots/hostile"
mkdir -p "$R/etc"
printf 'NAME="Evil"\nID=evil\nVERSION_ID=1\nPRETTY_NAME="=HYPERLINK(\\"http://x.invalid/\\",\\"click\\"), \\"quoted\\""\n' >"$R/etc/os-release"
"$PREMIG" scan --quiet --root "$R" --host-id '-2+3' --db "$F" 2>>"$OUT/fleet.err"
"$PREMIG" assess --quiet --db "$F" --set today=2026-11-22 >/dev/null 2>>"$OUT/fleet.err"
"$PREMIG" report --format json --db "$F" -o "$OUT/fleet.json" 2>>"$OUT/fleet.err"
expect "fleet: eight hosts, one dependency" \
	"$(jq -c '[(.hosts | length), ([.hosts[].dependencies.outbound // [] | length] | add)]' "$OUT/fleet.json")" '[8,1]'

# ---- CSV ------------------------------------------------------------------
mkdir -p "$OUT/csv"
"$PREMIG" report --format csv --db "$F" -o "$OUT/csv" 2>"$OUT/csv.err"
expect "csv: exit 0, both files" "$? $(ls "$OUT/csv" | tr '\n' ' ')" "0 findings.csv hosts.csv "
# readcsv FILE PYTHON-EXPR: the expression over rows (a list of dicts, by
# the header) of FILE read by python3's csv module (RFC 4180)
readcsv() {
	python3 -c '
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    r = csv.reader(f, strict=True)
    head = next(r)
    raw = list(r)
rows = [dict(zip(head, x)) for x in raw]
assert all(len(x) == len(head) for x in raw), "a record with the wrong number of fields"
print(eval(sys.argv[2]))' "$1" "$2" 2>&1
}
expect "csv: hosts.csv, one record per host, every record as wide as the header" \
	"$(readcsv "$OUT/csv/hosts.csv" 'len(rows)')" 8
expect "csv: a host's key facts and verdicts" \
	"$(readcsv "$OUT/csv/hosts.csv" '[(r["hostname"], r["os_id"], r["kernel"], r["arch"], r["ram_mib"], r["mgn_verdict"], r["sms_blockers"] != "") for r in rows if r["hostname"] == "lb01"]')" \
	"[('lb01', 'rhel', '3.10.0-1160.el7.x86_64', 'x86_64', '7821', 'unknown', True)]"
want=$(sqlite3 "$F" "SELECT count(*) FROM findings WHERE status <> 'pass'")
expect "csv: findings.csv, one record per failing or unknown rule per host" \
	"$(readcsv "$OUT/csv/findings.csv" 'len(rows)')" "$want"
expect "csv: a finding with its rule, status, reason and source" \
	"$(readcsv "$OUT/csv/findings.csv" '[(r["profile"], r["severity"], r["status"], r["title"] != "", r["source"].split()[-1]) for r in rows if r["hostname"] == "mail" and r["rule_id"] == "MGN-NET-001"]')" \
	"[('mgn', 'warning', 'fail', True, 'https://docs.aws.amazon.com/mgn/latest/ug/installation-requirements.html')]"
expect "csv: only failing and unknown rules" \
	"$(readcsv "$OUT/csv/findings.csv" 'sorted(set(r["status"] for r in rows))')" "['fail', 'unknown']"
expect "csv: a cell that starts like a formula is text (prefixed with ')" \
	"$(readcsv "$OUT/csv/hosts.csv" '[(r["host_key"] == "\x27-2+3", r["os"] == "\x27=HYPERLINK(\"http://x.invalid/\",\"click\"), \"quoted\"") for r in rows if r["os_id"] == "evil"]')" \
	"[(True, True)]"
expect "csv: in findings.csv too" \
	"$(readcsv "$OUT/csv/findings.csv" 'sorted(set(r["host_key"] == "\x27-2+3" for r in rows if r["host_key"].startswith("\x27")))')" \
	"[True]"
expect "csv: records end in CRLF (RFC 4180)" \
	"$(python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); print(d.count(b"\n") == d.count(b"\r\n") > 1)' "$OUT/csv/findings.csv")" True
rm -rf "$OUT/csv2" && mkdir -p "$OUT/csv2"
(cd "$OUT/csv2" && "$PREMIG" report --format csv --db "$F") 2>>"$OUT/csv.err"
expect "csv: without -o, into the current directory" "$(ls "$OUT/csv2" | tr '\n' ' ')" "findings.csv hosts.csv "
expect_exit "csv: -o a directory that does not exist" 1 \
	"report: -o '$OUT/no/such': csv writes hosts.csv and findings.csv into a directory: No such file or directory" \
	"$PREMIG" report --format csv --db "$F" -o "$OUT/no/such"
expect_exit "csv: -o a file" 1 "not a directory" "$PREMIG" report --format csv --db "$F" -o "$F"
expect "csv: no temporary file left" "$(ls "$OUT/csv" "$OUT/csv2" | grep -c tmp)" 0
