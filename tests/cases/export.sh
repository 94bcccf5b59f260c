# export.sh - premig export hub-csv, premig export mgn-import and premig
# plan (report/export*.c, report/waves.c, report/plan.c): the files are
# checked column by column against the store by tests/tools/check-export.py
# (Python's csv and sqlite3 modules, not premig's code), over a fleet made
# of gen-fleet.sh's hosts, real scans of fixture roots (os-release(5) and
# initscripts' ifcfg files: a host whose OS name would run as a formula and
# holds a comma, a host with 40 addresses), and connections between them
# in Zeek's JSON conn.log (LogAscii::use_json, as tests/flows/conn.json.log,
# the fields of Zeek's conn.log documentation).

expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got:  $2
want: $3"; fi
}
CHECK="$TOP/tests/tools/check-export.py"

# zeek_conn CLIENT SERVER PORT: one TCP connection, handshake seen (history ShAD...)
zeek_conn() {
	printf '{"ts":1591367999.4,"uid":"C%s%s%s","id.orig_h":"%s","id.orig_p":46378,"id.resp_h":"%s","id.resp_p":%s,"proto":"tcp","duration":0.25,"orig_bytes":77,"resp_bytes":295,"conn_state":"SF","missed_bytes":0,"history":"ShADadFf","orig_pkts":6,"orig_ip_bytes":397,"resp_pkts":4,"resp_ip_bytes":511,"ip_proto":6}\n' \
		"$(echo "$1" | tr -d .)" "$(echo "$2" | tr -d .)" "$3" "$1" "$2" "$3"
}

# ---- a small fleet: 8 generated hosts, two scanned roots, flows, assessed
sh "$TOP/tests/tools/gen-fleet.sh" "$PREMIG" "$OUT/fleet.db" 8 >/dev/null
R="$OUT/roots/evil"
mkdir -p "$R/etc/sysconfig/network-scripts"
echo evil01 >"$R/etc/hostname"
# os-release(5) values are free text: a formula, with a comma in it
printf 'NAME="=HYPERLINK(\\"http://x.example/\\",\\"y\\")"\nID=rhel\nVERSION_ID="+1"\n' >"$R/etc/os-release"
printf 'DEVICE=eth0\nBOOTPROTO=none\nIPADDR=10.9.0.1\nPREFIX=24\n' >"$R/etc/sysconfig/network-scripts/ifcfg-eth0"
R="$OUT/roots/many"
mkdir -p "$R/etc/sysconfig/network-scripts"
echo many40.example.com >"$R/etc/hostname"
printf 'NAME="Red Hat Enterprise Linux"\nID=rhel\nVERSION_ID=8.8\n' >"$R/etc/os-release"
# initscripts' ifcfg: IPADDRn/PREFIXn give an interface several addresses
{
	printf 'DEVICE=eth0\nBOOTPROTO=none\n'
	for i in $(seq 0 39); do printf 'IPADDR%d=10.8.0.%d\nPREFIX%d=24\n' "$i" $((i + 1)) "$i"; done
} >"$R/etc/sysconfig/network-scripts/ifcfg-eth0"
"$PREMIG" scan --quiet --root "$OUT/roots/evil" --db "$OUT/evil.db" --host-id evil-1
"$PREMIG" scan --quiet --root "$OUT/roots/many" --db "$OUT/many.db" --host-id many-40
{
	zeek_conn 10.0.0.1 10.0.0.2 5432
	zeek_conn 10.0.0.5 10.0.0.6 3306
	zeek_conn 10.0.0.7 10.0.0.1 53
} >"$OUT/small.log"
"$PREMIG" scan --quiet --flows "$OUT/small.log" --db "$OUT/sensor.db" --host-id sensor
"$PREMIG" merge --quiet "$OUT/fleet.db" "$OUT/evil.db" "$OUT/many.db" "$OUT/sensor.db"
"$PREMIG" assess --quiet --db "$OUT/fleet.db"
chmod a-w "$OUT/fleet.db"	# the exporters only read

"$PREMIG" export hub-csv --db "$OUT/fleet.db" -o "$OUT/hub.csv" 2>"$OUT/hub.err"
expect "export hub-csv: exit 0" $? 0
if r=$(python3 "$CHECK" hub "$OUT/fleet.db" "$OUT/hub.csv" 2>&1); then
	ok "export hub-csv: the template's columns in order, each value as the store says: $r"
else
	fail "export hub-csv: column by column" "$r"
fi
col() {	# col FILE KEY-COLUMN KEY COLUMN: one cell, read by Python's csv
	python3 -c 'import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline="")):
    if r[sys.argv[2]] == sys.argv[3]:
        print(r[sys.argv[4]])' "$@"
}
expect "export hub-csv: a formula in the data starts with a quote, its comma replaced" \
	"$(col "$OUT/hub.csv" ExternalId evil-1 OS.Name)|$(col "$OUT/hub.csv" ExternalId evil-1 OS.Version)" \
	"'=HYPERLINK(\"http://x.example/\";\"y\")|'+1"
if grep -q "host 'evil-1': OS.Name .*a comma replaced by ';'" "$OUT/hub.err"; then
	ok "export hub-csv: the comma's replacement is said"
else
	fail "export hub-csv: comma warning" "$(cat "$OUT/hub.err")"
fi
expect "export hub-csv: 40 addresses in one quoted comma list" \
	"$(col "$OUT/hub.csv" ExternalId many-40 IPAddress | tr ',' '\n' | wc -l | tr -d ' ')|$(grep -c '"10.8.0.1, 10.8.0.10, ' "$OUT/hub.csv")" \
	"40|1"
expect "export hub-csv: the FQDN as HostName" "$(col "$OUT/hub.csv" ExternalId many-40 HostName)" \
	many40.example.com
expect "export hub-csv: a store of captures alone is no server" \
	"$(col "$OUT/hub.csv" ExternalId sensor ExternalId)|$(grep -c '^' "$OUT/hub.csv")" "|11"
nr=$(sqlite3 "$OUT/fleet.db" "SELECT h.host_key FROM verdicts v JOIN scans s ON s.id = v.scan_id
	JOIN hosts h ON h.id = s.host_id WHERE v.profile = 'mgn' AND v.verdict = 'not-ready'
	ORDER BY 1 LIMIT 1")
expect "export hub-csv: a not-ready server waits in 'Remediate first', its blockers as tags" \
	"$(col "$OUT/hub.csv" ExternalId "$nr" ApplicationWave)|$(col "$OUT/hub.csv" ExternalId "$nr" Tags | grep -c 'premig-mgn:not-ready.*premig-blocker-1:MGN-')" \
	"Remediate first|1"

"$PREMIG" export mgn-import --db "$OUT/fleet.db" -o "$OUT/mgn.csv" --account 123456789012 \
	--region eu-west-1 2>"$OUT/mgn.err"
expect "export mgn-import: exit 0" $? 0
if r=$(python3 "$CHECK" mgn "$OUT/fleet.db" "$OUT/mgn.csv" 2>&1); then
	ok "export mgn-import: one row per server, one application per server, one wave per application: $r"
else
	fail "export mgn-import: column by column" "$r"
fi
expect "export mgn-import: the header" "$(head -n 1 "$OUT/mgn.csv" | tr -d '\r')" \
	"mgn:account-id,mgn:region,mgn:wave:name,mgn:app:name,mgn:server:user-provided-id,mgn:server:platform,mgn:server:fqdn-for-action-framework,mgn:server:tag:premig-mgn,mgn:server:tag:premig-sms,mgn:server:tag:premig-blocker-1"
expect "export mgn-import: the user-provided-id is the host key" \
	"$(col "$OUT/mgn.csv" mgn:server:fqdn-for-action-framework many40.example.com mgn:server:user-provided-id)" many-40
expect "export mgn-import and hub-csv: the same application and wave" \
	"$(col "$OUT/mgn.csv" mgn:server:user-provided-id host-00005 mgn:app:name)/$(col "$OUT/mgn.csv" mgn:server:user-provided-id host-00005 mgn:wave:name)" \
	"$(col "$OUT/hub.csv" ExternalId host-00005 Applications)/$(col "$OUT/hub.csv" ExternalId host-00005 ApplicationWave)"
expect "export: DNS is infrastructure: it ties no application" \
	"$(col "$OUT/hub.csv" ExternalId host-00007 Applications)" app-host-00007

"$PREMIG" plan --db "$OUT/fleet.db" >"$OUT/plan.txt" 2>"$OUT/plan.err"
expect "plan: exit 0" $? 0
if grep -q '^  app-host-00001 (2 servers, premig application group 1' "$OUT/plan.txt" &&
	grep -q '^left out: 1 host whose scan holds captures only.*: sensor$' "$OUT/plan.txt" &&
	grep -q '^cross-wave dependencies: 0$' "$OUT/plan.txt"; then
	ok "plan: applications, where they come from, what is left out"
else
	fail "plan" "$(cat "$OUT/plan.txt")"
fi

expect_exit "plan: --wave-size over MGN's 200 servers a job" 2 "at most 200 source servers in one job" \
	"$PREMIG" plan --db "$OUT/fleet.db" --wave-size 201
expect_exit "plan: --wave-size 0" 2 "at least one server" "$PREMIG" plan --db "$OUT/fleet.db" --wave-size 0
expect_exit "export mgn-import: a bad account id" 2 "12 digits" \
	"$PREMIG" export mgn-import --db "$OUT/fleet.db" -o - --account 12345
expect_exit "export mgn-import: a bad region" 2 "not a Region name" \
	"$PREMIG" export mgn-import --db "$OUT/fleet.db" -o - --region 'eu west'
expect_exit "export: an unknown export" 2 "unknown export 'xml'" "$PREMIG" export xml
expect_exit "export hub-csv: --region is mgn-import's" 2 "unknown option '--region'" \
	"$PREMIG" export hub-csv --db "$OUT/fleet.db" --region eu-west-1
expect_exit "export: no database" 4 "" "$PREMIG" export hub-csv --db "$OUT/none.db" -o -
expect_exit "plan: no --applications file" 5 "cannot open" \
	"$PREMIG" plan --db "$OUT/fleet.db" --applications "$OUT/none.map"
printf 'host,application\nhost-00001,shop\nhost-00001,other\n' >"$OUT/twice.map"
expect_exit "plan: a server in two applications" 5 "twice.map:3: host 'host-00001' is already in application 'shop'" \
	"$PREMIG" plan --db "$OUT/fleet.db" --applications "$OUT/twice.map"
printf 'host-00001,"open\n' >"$OUT/open.map"
expect_exit "plan: an unclosed quote" 5 "open.map:1: a quoted field is not closed" \
	"$PREMIG" plan --db "$OUT/fleet.db" --applications "$OUT/open.map"
printf 'host-00001,%0300d\n' 0 >"$OUT/long.map"
expect_exit "plan: a name over MGN's 256 characters" 5 "long.map:1: the application is longer than 256" \
	"$PREMIG" plan --db "$OUT/fleet.db" --applications "$OUT/long.map"

# a 256-character name split in parts of one server: "NAME part 2" stays
# within MGN's 256 characters (the name is cut, aws-spec 8.2)
{ printf 'host-00001,%0256d\n' 0; printf 'host-00002,%0256d\n' 0; } >"$OUT/full.map"
"$PREMIG" export mgn-import --db "$OUT/fleet.db" --applications "$OUT/full.map" --wave-size 1 \
	-o "$OUT/full.csv" 2>/dev/null
expect "export: a split application's names stay within 256 characters" \
	"$(python3 -c 'import csv, sys; r = list(csv.DictReader(open(sys.argv[1])));
print(max(len(x["mgn:app:name"]) for x in r), any(x["mgn:app:name"].endswith(" part 2") for x in r))' "$OUT/full.csv")" \
	"256 True"

# a mapping file: names by host key or hostname, quoted, a formula neutralised
printf '# application of each server\r\nhost,application\r\nhost-00001,"@shop, web"\r\nhost-00002 , shop db\r\nnobody,x\r\n' \
	>"$OUT/small.map"
"$PREMIG" export mgn-import --db "$OUT/fleet.db" --applications "$OUT/small.map" -o "$OUT/mapped.csv" \
	2>"$OUT/mapped.err"
expect "export --applications: names from the file, cleaned" \
	"$(col "$OUT/mapped.csv" mgn:server:user-provided-id host-00001 mgn:app:name)|$(col "$OUT/mapped.csv" mgn:server:user-provided-id host-00002 mgn:app:name)" \
	"'@shop; web|shop db"
if grep -q "small.map:5: no host 'nobody' in the store" "$OUT/mapped.err"; then
	ok "export --applications: a line naming no host is said"
else
	fail "export --applications: unknown host" "$(cat "$OUT/mapped.err")"
fi
if r=$(python3 "$CHECK" mgn "$OUT/fleet.db" "$OUT/mapped.csv" 2>&1); then
	ok "export mgn-import --applications: $r"
else
	fail "export mgn-import --applications" "$r"
fi

# ---- a chain of dependent applications larger than one wave: A -> B -> C
# -> D, three servers each, not assessed (one readiness); waves of 7
sh "$TOP/tests/tools/gen-fleet.sh" "$PREMIG" "$OUT/chain.db" 12 >/dev/null
{
	for i in 1 2 4 5 7 8 10 11; do zeek_conn 10.0.0.$i 10.0.0.$((i + 1)) 8080; done
	zeek_conn 10.0.0.3 10.0.0.4 5432
	zeek_conn 10.0.0.6 10.0.0.7 5432
	zeek_conn 10.0.0.9 10.0.0.10 5432
} >"$OUT/chain.log"
"$PREMIG" scan --quiet --flows "$OUT/chain.log" --db "$OUT/chain-flows.db" --host-id sensor
"$PREMIG" merge --quiet "$OUT/chain.db" "$OUT/chain-flows.db"
for i in $(seq 1 12); do
	printf 'host-%05d,%s\n' "$i" "$(echo "A B C D" | cut -d' ' -f$(((i + 2) / 3)))"
done >"$OUT/chain.map"
"$PREMIG" plan --db "$OUT/chain.db" --applications "$OUT/chain.map" --wave-size 7 >"$OUT/chain.txt" 2>&1
"$PREMIG" export mgn-import --db "$OUT/chain.db" --applications "$OUT/chain.map" --wave-size 7 \
	-o "$OUT/chain.csv" 2>/dev/null
waves() {
	python3 -c 'import csv, sys
w = {}
for r in csv.DictReader(open(sys.argv[1], newline="")):
    w.setdefault(r["mgn:wave:name"], set()).add(r["mgn:app:name"])
print(" ".join("%s:%s" % (k, "+".join(sorted(v))) for k, v in sorted(w.items())))' "$1"
}
expect "plan: a chain larger than a wave is cut once, between neighbours" "$(waves "$OUT/chain.csv")" \
	"Wave 1:A+B Wave 2:C+D"
if grep -q '^  together: A and B, 1 dependency: host-00003 -> host-00004:5432/postgresql$' "$OUT/chain.txt" &&
	grep -q '^cross-wave dependencies: 1$' "$OUT/chain.txt" &&
	grep -q '^  B (Wave 1) and C (Wave 2), 1 dependency: host-00006 -> host-00007:5432/postgresql; together they are more than one wave holds$' "$OUT/chain.txt"; then
	ok "plan: says which dependency kept applications together, and which crosses waves"
else
	fail "plan: the chain's reasons" "$(cat "$OUT/chain.txt")"
fi
"$PREMIG" export mgn-import --db "$OUT/chain.db" --applications "$OUT/chain.map" --wave-size 12 \
	-o "$OUT/chain12.csv" 2>/dev/null
expect "plan: the whole chain in one wave when it fits" "$(waves "$OUT/chain12.csv")" "Wave 1:A+B+C+D"
# without the file: one application group of 12, split in parts of a wave
"$PREMIG" export mgn-import --db "$OUT/chain.db" --wave-size 7 -o "$OUT/parts.csv" 2>"$OUT/parts.err"
expect "plan: an application larger than a wave is split, and says so" \
	"$(waves "$OUT/parts.csv")|$(grep -c "application 'app-host-00001' has 12 servers, more than --wave-size 7: split into 2 parts" "$OUT/parts.err")" \
	"Wave 1:app-host-00001 part 1 Wave 2:app-host-00001 part 2|1"

# ---- a fleet whose hub CSV passes 10 MB: 2,600 hosts with 240 addresses
# each (sqlite3 INSERTs, as gen-fleet.sh makes its facts)
sh "$TOP/tests/tools/gen-fleet.sh" "$PREMIG" "$OUT/big.db" 2600 >/dev/null
sqlite3 "$OUT/big.db" "WITH RECURSIVE k(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM k WHERE k < 240)
	INSERT INTO nic_addresses (scan_id, nic, family, address, prefix, source)
	SELECT s.id, 'eth0', 6, printf('2001:db8:%x::%x', s.id, k.k), 64, 'live' FROM scans s CROSS JOIN k"
"$PREMIG" export hub-csv --db "$OUT/big.db" -o "$OUT/big.csv" 2>"$OUT/big.err"
expect "export hub-csv over 10 MB: exit 0" $? 0
expect "export hub-csv over 10 MB: numbered files, no single one" \
	"$(cd "$OUT" && ls big*.csv | tr '\n' ' ')" "big-1.csv big-2.csv "
if grep -q 'over the 10 MB an import file may hold: split into 2 files' "$OUT/big.err"; then
	ok "export hub-csv over 10 MB: says so"
else
	fail "export hub-csv over 10 MB: message" "$(cat "$OUT/big.err")"
fi
if r=$(python3 "$CHECK" hub "$OUT/big.db" "$OUT/big-1.csv" "$OUT/big-2.csv" 2>&1); then
	ok "export hub-csv over 10 MB: each file at most 10 MB, with the header, every server once: $r"
else
	fail "export hub-csv over 10 MB" "$r"
fi
expect_exit "export hub-csv over 10 MB to standard output" 2 "give -o FILE" \
	"$PREMIG" export hub-csv --db "$OUT/big.db" -o -
# files of an earlier, bigger or unsplit run stay (they are the user's) and
# are named, so that a glob does not import them
: >"$OUT/big.csv"
: >"$OUT/big-3.csv"
"$PREMIG" export hub-csv --db "$OUT/big.db" -o "$OUT/big.csv" 2>"$OUT/big2.err"
expect "export hub-csv: older files beside a split are named" \
	"$(grep -c "'$OUT/big.csv' is from an earlier run\|'$OUT/big-3.csv' and any later part are from an earlier run: import the first 2 only" "$OUT/big2.err")" 2
rm -f "$OUT/big.csv" "$OUT/big-3.csv"
