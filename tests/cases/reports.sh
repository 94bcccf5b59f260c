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
# ubuntu2204 with its disk (GPT, an ESP and ext4 made by sfdisk and mkfs,
# tests/golden/disks/ubuntu2204-uefi-gpt) and an fstab naming them, as
# verdicts.sh composes it: disk serials, GUIDs and filesystem UUIDs
compose_root "$OUT/roots/ubuntu2204" hosts/ubuntu2204 disks/ubuntu2204-uefi-gpt boot/ubuntu2204-uefi \
	2>>"$OUT/fleet.err" || fail "fixture ubuntu2204" "$(cat "$OUT/fleet.err")"
cat >"$OUT/roots/ubuntu2204/etc/fstab" <<'EOT'
UUID=2a0f5c4e-0001-4c8b-9d9a-0000000022b1 /          ext4  discard,errors=remount-ro 0 1
UUID=5A22-B15F                            /boot/efi  vfat  umask=0077                0 1
EOT
for h in debian12 rhel7-twonics centos6 ubuntu2204; do
	[ -d "$OUT/roots/$h" ] || compose_root "$OUT/roots/$h" "hosts/$h" 2>>"$OUT/fleet.err" ||
		fail "fixture hosts/$h" "$(cat "$OUT/fleet.err")"
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
	"$PREMIG" scan --quiet --pcap "$OUT/handshake.pcap" --db "$F" --host-id pcap-sensor-17 2>>"$OUT/fleet.err"
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
expect "csv: no temporary file left" "$(find "$OUT/csv" "$OUT/csv2" -name "*.tmp*" | wc -l | tr -d " ")" 0

# ---- --redact ---------------------------------------------------------------
# every identifying value of the fleet, from its plain report: host keys,
# hostnames, FQDNs and their domains, machine-ids, DMI serials and UUIDs, MACs, addresses,
# disk serials and identifiers, the UUIDs of fstab lines, dependencies
jq -r '[.hosts[] | (.host_id, .hostname, .fqdn, .machine_id, .hardware.dmi_serial, .hardware.dmi_uuid,
	(.fqdn // "" | sub("^[^.]*\\.?"; "")), (.hostname // "" | sub("\\..*"; "")),
	(.nics[] | .mac, (.addresses[] | sub("/.*"; ""))),
	(.disks[] | .serial, .pt_uuid, .fs_uuid, (.partitions[] | .part_uuid, .uuid)),
	(.filesystems[] | .fstab_spec // "" | select(startswith("UUID=")) | ltrimstr("UUID=")),
	(.dependencies.outbound // [] | .[] | .client_ip, .server_ip, .client_name, .server_name))]
	+ [.application_groups[] | .members[] | .host, .ip, .name]
	| map(select(. != null and . != "")) | unique | .[]' "$OUT/fleet.json" >"$OUT/originals.txt"
expect "redact: the fixture fleet's identifying values (hostnames, FQDNs, MACs, IPs, serials, UUIDs, keys)" \
	"$(wc -l <"$OUT/originals.txt" | tr -d ' ') $(grep -c 'lb01\|10.0.0.2\|52:54:00:ab:cd:ef\|VMware-42\|5A22-B15F\|pcap-sensor-17\|^-2+3$' "$OUT/originals.txt")" "50 8"
# leaks FILE...: the original values found in the files, as words (a
# pseudonym's hex digits may hold "db01" by chance, a word never)
leaks() {
	while read -r lv; do
		grep -Fqiw -- "$lv" "$@" && printf '%s\n' "$lv"
	done <"$OUT/originals.txt"
}
expect "redact: the leak check finds every value in the plain reports" \
	"$(leaks "$OUT/fleet.json" "$OUT/csv/hosts.csv" "$OUT/csv/findings.csv" | wc -l | tr -d ' ')" \
	"$(wc -l <"$OUT/originals.txt" | tr -d ' ')"
K1="$OUT/k1.key"
rm -f "$K1"
cmp_before=$(cksum <"$F")
"$PREMIG" report --format json --db "$F" --redact-key "$K1" -o "$OUT/red1.json" 2>"$OUT/red1.err"
expect "redact: a new key is made, saved with mode 0600, and its path printed" \
	"$? $(stat -c %a "$K1") $(grep -c "a new redaction key is in '$K1' (mode 0600)" "$OUT/red1.err")" "0 600 1"
expect "redact: no original value in the JSON report" "$(leaks "$OUT/red1.json")" ""
mkdir -p "$OUT/redcsv"
"$PREMIG" report --format csv --db "$F" --redact-key "$K1" -o "$OUT/redcsv" 2>"$OUT/redcsv.err"
expect "redact: no original value in hosts.csv and findings.csv" \
	"$? $(leaks "$OUT/redcsv/hosts.csv" "$OUT/redcsv/findings.csv")" "0 "
"$PREMIG" report --format html --db "$F" --redact-key "$K1" -o "$OUT/red1.html" 2>"$OUT/redhtml.err"
"$PREMIG" report --format html --db "$F" -o "$OUT/plain.html" 2>>"$OUT/redhtml.err"
# (the HTML shows a chosen set of facts: the plain one holds 40 of the 50)
expect "redact: no original value in the HTML report, where the plain one holds many" \
	"$(leaks "$OUT/red1.html") $(test "$(leaks "$OUT/plain.html" | wc -l)" -ge 30 && echo many)" " many"
expect "redact: the store is left as it was" "$(cksum <"$F")" "$cmp_before"
expect "redact: the report keeps its shape (hosts, rules, the dependency and its group)" \
	"$(jq -c '[(.hosts | length), ([.hosts[].assessments.mgn.rules | length] | add), ([.hosts[].dependencies.outbound // [] | length] | add), (.application_groups[0].members | length)]' "$OUT/red1.json")" \
	"$(jq -c '[(.hosts | length), ([.hosts[].assessments.mgn.rules | length] | add), ([.hosts[].dependencies.outbound // [] | length] | add), (.application_groups[0].members | length)]' "$OUT/fleet.json")"
# pseudonyms shaped like what they replace
expect "redact: pseudonyms are readable and valid (hostname, FQDN, address, MAC, UUID, machine-id, key)" \
	"$(jq -r '[.hosts[] | select(.nics | length == 2)] | .[0] | [(.hostname | test("^host-[0-9a-f]{8}$")),
		(.fqdn | test("^host-[0-9a-f]{8}\\.dom-[0-9a-f]{8}\\.example$")),
		(.nics[1].addresses[0] | test("^10\\.[0-9]+\\.[0-9]+\\.[0-9]+/24$")),
		(.nics[0].mac | test("^02(:[0-9a-f]{2}){5}$")),
		(.hardware.dmi_uuid | test("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")),
		(.machine_id | test("^[0-9a-f]{32}$")), (.host_id == .machine_id)] | all' "$OUT/red1.json")" true
expect "redact: a dependency's sides keep pointing at their hosts" \
	"$(jq -r '. as $r | .application_groups[0].edges[0] | [(.client_host as $c | $r.hosts[] | select(.host_id == $c) | .nics[0].addresses[0] | sub("/.*"; "")) == .client_ip, (.server_host as $c | $r.hosts[] | select(.host_id == $c) | .hostname) == .server_name, (.client_name as $n | .why | startswith($n))] | all' "$OUT/red1.json")" true
"$PREMIG" report --format json --db "$F" --redact-key "$K1" -o "$OUT/red1b.json" 2>/dev/null
expect "redact: the same key gives the same pseudonyms" "$(cmp "$OUT/red1.json" "$OUT/red1b.json" && echo same)" same
expect "redact: JSON and CSV name a host alike" \
	"$(readcsv "$OUT/redcsv/hosts.csv" 'sorted(r["host_key"].lstrip(chr(39)) for r in rows)' | tr -d "[]' ")" \
	"$(jq -r '[.hosts[].host_id] | sort | join(",")' "$OUT/red1.json" | sed 's/,/,/g')"
rm -f "$OUT/k2.key"
"$PREMIG" report --format json --db "$F" --redact-key "$OUT/k2.key" -o "$OUT/red2.json" 2>/dev/null
expect "redact: another key gives other pseudonyms" \
	"$(jq -r '[.hosts[].hostname // empty] | sort | join(" ")' "$OUT/red1.json" "$OUT/red2.json" | sort -u | wc -l | tr -d ' ') $(leaks "$OUT/red2.json")" "2 "
rm -f "$F.redact-key"
"$PREMIG" report --format json --db "$F" --redact -o "$OUT/red3.json" 2>"$OUT/red3.err"
expect "redact: without --redact-key, a key beside the database" \
	"$(stat -c %a "$F.redact-key") $(grep -c "'$F.redact-key'" "$OUT/red3.err") $(leaks "$OUT/red3.json")" "600 1 "
"$PREMIG" report --format json --db "$F" --redact -o "$OUT/red3b.json" 2>"$OUT/red3b.err"
expect "redact: which is used again" "$(cmp "$OUT/red3.json" "$OUT/red3b.json" && wc -c <"$OUT/red3b.err" | tr -d ' ')" 0
printf 'short\n' >"$OUT/short.key"
expect_exit "redact: a key shorter than 16 bytes" 1 "the key '$OUT/short.key' is shorter than 16 bytes" \
	"$PREMIG" report --format json --db "$F" --redact-key "$OUT/short.key" -o "$OUT/red4.json"
expect "redact: nothing written then" "$(ls "$OUT" | grep -c red4)" 0

# a report killed while it writes leaves no temporary file: strace(1) holds
# each write(2) and writev(2) (musl's stdio) for 3 s (its syscall fault
# injection), so that the kill lands while the temporary file, named after
# premig's pid, is open
rm -f "$OUT/killed.json" "$OUT"/killed.json.tmp.*
strace -f -o /dev/null -e inject=write,writev:delay_enter=3s \
	"$PREMIG" report --format json --db "$F" -o "$OUT/killed.json" 2>/dev/null &
spid=$!
t=
for i in $(seq 100); do
	t=$(ls "$OUT"/killed.json.tmp.* 2>/dev/null) && break
	sleep 0.1
done
if [ -n "$t" ]; then
	kill -TERM "${t##*.}"
	wait "$spid"
	rc=$?
	expect "a report killed by SIGTERM while writing: exit status, temporary files, report" \
		"$rc $(ls "$OUT"/killed.json* 2>/dev/null | wc -l | tr -d ' ')" "143 0"
else
	wait "$spid"
	fail "a report killed while writing: its temporary file never appeared"
fi
