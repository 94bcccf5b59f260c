# html.sh - the HTML report (report/html.c) in a real browser: Debian's
# chromium, headless, driven over the DevTools protocol by
# tests/tools/browser.py.  One store holds a synthetic fleet
# (tests/tools/gen-fleet.sh), assessed; the captures of tests/tools/mkpcap.c,
# whose addresses are fleet hosts 1 to 3, so that they form an application
# group; and a hostile host: a root whose os-release (os-release(5) syntax)
# has PRETTY_NAME="</script><script>window.pwned=1</script>", scanned with
# --host-id '"><svg onload=alert(2)>', and whose stored hostname is
# <img src=x onerror=alert(1)>.  The identity collector refuses such a name
# (hostname(7) syntax), so it is written into the store with sqlite3: a
# store can come from anywhere (premig merge of a crafted database), and the
# report must show whatever it holds as text.
#
# HTML_FLEET=N sets the size of the responsiveness check (default 2000;
# 50000 for MGN's per-Region maximum, which takes minutes to generate).

expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got:  $2
want: $3"; fi
}
# has NAME TEXT NEEDLE: TEXT contains NEEDLE, literally
has() {
	case $2 in
	*"$3"*) ok "$1" ;;
	*) fail "$1" "no '$3' in: $(printf '%s' "$2" | head -c 600)" ;;
	esac
}

if [ ! -x /usr/bin/chromium ]; then
	fail "html: /usr/bin/chromium is missing (tests/tools/deps.sh test installs it)"
	return 0 2>/dev/null || exit 0
fi
mkpcap_build || { return 0 2>/dev/null || exit 0; }
for c in handshake syn-only; do "$OUT/mkpcap" $c "$OUT/$c.pcap"; done

IMG='<img src=x onerror=alert(1)>'
PRETTY='</script><script>window.pwned=1</script>'
KEY='"><svg onload=alert(2)>'
DB="$OUT/fleet.db"
sh "$TOP/tests/tools/gen-fleet.sh" "$PREMIG" "$DB" 300 >/dev/null 2>"$OUT/gen.err" ||
	fail "html: gen-fleet.sh" "$(cat "$OUT/gen.err")"
mkdir -p "$OUT/evil/etc"
printf 'ID=rhel\nVERSION_ID="8.8"\nPRETTY_NAME="%s"\n' "$PRETTY" >"$OUT/evil/etc/os-release"
"$PREMIG" scan --quiet --root "$OUT/evil" --db "$DB" --host-id "$KEY" 2>>"$OUT/gen.err"
sqlite3 "$DB" "UPDATE identity SET hostname = '$IMG' WHERE scan_id =
	(SELECT s.id FROM scans s JOIN hosts h ON h.id = s.host_id WHERE h.host_key = '\"><svg onload=alert(2)>')"
"$PREMIG" scan --quiet --db "$DB" --host-id capture --pcap "$OUT/handshake.pcap" --pcap "$OUT/syn-only.pcap" \
	2>>"$OUT/gen.err"
"$PREMIG" assess --quiet --db "$DB" >/dev/null 2>>"$OUT/gen.err"

expect_exit "report --format html: written" 0 "" "$PREMIG" report --format html --db "$DB" -o "$OUT/fleet.html"
"$PREMIG" report --format json --db "$DB" -o "$OUT/fleet.json"
H="$OUT/fleet.html"
# the HTML report reads the store its own way (report/html.c): it must say what the JSON says
check "html: every host's values are the JSON report's" python3 "$TOP/tests/tools/html_agree.py" "$H" "$OUT/fleet.json"
# and of a live scan's socket table (the listeners) and the collectors that did not run
rm -f "$OUT/live.db"
"$PREMIG" scan --quiet --db "$OUT/live.db" --only identity,os,nics,filesystems,connections >/dev/null 2>&1
"$PREMIG" report --format html --db "$OUT/live.db" -o "$OUT/live.html"
"$PREMIG" report --format json --db "$OUT/live.db" -o "$OUT/live.json"
check "html: a live scan's values are the JSON report's" python3 "$TOP/tests/tools/html_agree.py" \
	"$OUT/live.html" "$OUT/live.json"

# ---- the file itself ------------------------------------------------------
expect "html: three scripts, the table's data, the script, the details' data; and one style" \
	"$(grep -o '<script[^>]*>' "$H" | tr '\n' ' ')$(grep -c '<style>' "$H")" \
	'<script type="application/json" id="premig-data"> <script> <script type="application/json" id="premig-detail"> 1'
if grep -qF "$IMG" "$H" || grep -qF "$PRETTY" "$H" || grep -qF '<svg onload' "$H"; then
	fail "html: a hostile value is in the file as markup" "$(grep -oF -e "$IMG" -e "$PRETTY" -e '<svg onload' "$H" | head -3)"
else
	ok "html: no hostile value is in the file as markup"
fi
has "html: the policy forbids every request and allows the two inline blocks by hash" \
	"$(grep -o '<meta http-equiv="Content-Security-Policy" content="[^"]*"' "$H")" \
	"content=\"default-src 'none'; style-src 'sha256-"
if grep -Eq '(src|href)="(https?:)?//' "$H"; then
	fail "html: no external reference" "$(grep -Eo '(src|href)="(https?:)?//[^"]*"' "$H" | head -3)"
else
	ok "html: no external reference"
fi
has "html: a print stylesheet" "$(cat "$H")" "@media print"

# an infrastructure service says why it is one: the DNS line of the real
# Zeek log tests/flows/conn.log, its two addresses moved onto two fleet
# hosts (gen-fleet.sh gives host N the address 10.0.0.N)
awk -F'\t' -v OFS='\t' '/^#/ || $6 == 53 { if (!/^#/) { $3 = "10.0.0.1"; $5 = "10.0.0.2" } print }' \
	"$TOP/tests/flows/conn.log" >"$OUT/dns.log"
cp "$DB" "$OUT/infra.db"
"$PREMIG" scan --quiet --db "$OUT/infra.db" --host-id zeek --flows "$OUT/dns.log" 2>>"$OUT/gen.err"
"$PREMIG" report --format html --db "$OUT/infra.db" -o "$OUT/infra.html" 2>>"$OUT/gen.err"
has "html: an infrastructure service is listed with why it is one" \
	"$(grep -o '<h3>Infrastructure services</h3>.*</table>' "$OUT/infra.html" | sed 's/<\/table>.*//')" \
	'<td>host-00002</td><td>53/udp</td><td>dns</td><td class="num">1</td><td>port 53/udp (dns) is infrastructure</td>'

# ---- in the browser -------------------------------------------------------
python3 "$TOP/tests/tools/browser.py" check "$H" "$OUT/fleet.png" '<img' >"$OUT/seen.json" 2>"$OUT/browser.err"
if [ ! -s "$OUT/seen.json" ]; then
	fail "html: chromium drove the report" "$(cat "$OUT/browser.err")"
	return 0 2>/dev/null || exit 0
fi
S() { jq -r "$1" "$OUT/seen.json"; }
N=$(jq '.hosts | length' "$OUT/fleet.json")
expect "html: the script ran and raised nothing, and the page broke none of its own policy" \
	"$(S '[.ready, .exceptions, .violations_on_load, .violations_before] | tostring')" '[true,[],[],[]]'
expect "html: no script from host data ran (no dialog, window.pwned undefined, no image element)" \
	"$(S '[.dialogs, .pwned, .pwned_after, .images, .images_after, .scripts] | tostring')" \
	'[[],"undefined","undefined",0,0,3]'
expect "html: the table counts every host" "$(S .count)" "$N of $N hosts"
has "html: the hostile hostname shows as text in the table" "$(S .table_text)" "$IMG"
has "html: the hostile PRETTY_NAME shows as text in the table" "$(S .table_text)" "$PRETTY"
expect "html: filtered to mgn not-ready, as the JSON report counts them" "$(S .filtered_count)" \
	"$(jq '[.hosts[] | select(.assessments.mgn.verdict == "not-ready")] | length' "$OUT/fleet.json") of $N hosts"
expect "html: the rows shown are mgn not-ready hosts" \
	"$(S '.filtered_rows[0:3] | .[]' | while read -r n; do
		jq -r --arg n "$n" '.hosts[] | select(.hostname == $n) | .assessments.mgn.verdict' "$OUT/fleet.json"
	done | sort -u)" "not-ready"
expect "html: filtered by OS" "$(S .os_count)" \
	"$(jq '[.hosts[] | select(.os.id == "centos" and .os.version_id == "6")] | length' "$OUT/fleet.json") of $N hosts"
expect "html: sorted by RAM, largest first" "$(S '.sorted_by_ram | tostring')" '["descending",true]'
expect "html: a search finds the host" "$(S .search_count)" "1 of $N hosts"
expect "html: a host opens, named as text" "$(S '[.detail_hidden, .detail_title] | tostring')" \
	"$(jq -cn --arg t "$IMG $KEY" '[false, $t]')"
D=$(S .detail_text)
has "html: the host shows its PRETTY_NAME as text" "$D" "os.pretty_name	$PRETTY"
has "html: the host's findings, by severity" "$D" "blocker ("
has "html: a finding with its evidence, remediation and source" "$D" "SMS-OS-001 fail: The distribution or its version is not in the SMS list
Evidence"
has "html: a finding's remediation" "$D" "Remediation: Upgrade (or downgrade) to a listed version"
has "html: a finding's source" "$D" "Source: [SMS-UG] AWS Server Migration Service User Guide"
has "html: the collectors that did not run ok, and why" "$D" "hardware	not-applicable	nothing to read"
has "html: the dependencies: why there are none" "$D" "Listening sockets"
expect "html: the policy blocks every request: none reaches a server, none leaves" \
	"$(S '[.fetch, .server_hits, .network, .inline_script_ran] | tostring')" '["blocked",[],[],false]'
expect "html: the browser reports each blocked request, an injected inline handler and script" \
	"$(S '[.csp_violations[] | split(" ")[0]] | unique | tostring')" \
	'["connect-src","frame-src","img-src","script-src-attr","script-src-elem","style-src-elem"]'
# a PNG's IHDR: width and height, big-endian, at bytes 16 and 20 (RFC 2083)
expect "html: a screenshot" "$(od -An -tx1 -N24 "$OUT/fleet.png" 2>/dev/null | tr -d ' \n')" \
	"89504e470d0a1a0a0000000d4948445200000500""00000384"

expect "html: printed, the controls and the table are left out" "$(S '.print | join(", ")')" \
	".controls none, #table none, #summary block, #detail block, #groups block"

# the summary, as the JSON report has it
expect "html: hosts per verdict, mgn" "$(S .summary_text | grep '^mgn	')" \
	"$(jq -r '["mgn"] + ([.hosts[] | .assessments.mgn.verdict] as $v
	  | ["ready", "ready-with-conditions", "unknown", "not-ready"] | map(. as $w | $v | map(select(. == $w)) | length))
	  + [[.hosts[] | select(.assessments.mgn == null)] | length] | map(tostring) | join("\t")' "$OUT/fleet.json")"
top=$(jq -r '[.hosts[] | .assessments | to_entries[] | .key as $p | .value.rules[]
	| select(.severity == "blocker" and .status == "fail") | "\($p) \(.id)"]
	| group_by(.) | map([length, .[0]]) | sort_by(-.[0], .[1]) | .[0] | "\(.[0]) hosts \(.[1]): "' "$OUT/fleet.json")
has "html: the top blocker, by hosts blocked" "$(S .summary_text)" "Top blockers
$top"
has "html: unknowns by cause: not root" "$(S .summary_text)" \
	"not root: scanned without root on $(jq '[.hosts[] | select(.scan.as_root == false and ([.assessments[]?.rules[] | select(.status == "unknown")] | length > 0))] | length' "$OUT/fleet.json") hosts"
# the application group of the captures: fleet hosts 1, 2 and 3
has "html: the application group, with its hosts by name" "$(S .groups_text)" \
	"Group 1: 3 servers, 2 dependencies"
has "html: the group's members" "$(S .groups_text)" "Members: host-00001 (10.0.0.1), host-00002 (10.0.0.2), host-00003 (10.0.0.3)"
expect "html: the group drawn, one circle per server" "$(S .svg_nodes)" 3

# ---- the main job writes it too; bad requests ------------------------------
mkdir -p "$OUT/run/root/etc"
echo web01 >"$OUT/run/root/etc/hostname"
printf 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' >"$OUT/run/root/etc/os-release"
(cd "$OUT/run" && "$PREMIG" --root root >run.out 2>run.err)
# named for the machine premig runs on
stem=$(cd "$OUT/run" && ls premig-*.db 2>/dev/null | sed 's/\.db$//')
check "premig (the main job) writes premig-<hostname>.html beside the .db and .json" \
	sh -c "test -s '$OUT/run/$stem.json' && grep -q 'Content-Security-Policy' '$OUT/run/$stem.html'"
has "premig (the main job) says so" "$(cat "$OUT/run/run.out")" "$stem.html"
expect_exit "report --format html: -o in a directory that does not exist" 1 "cannot create" \
	"$PREMIG" report --format html --db "$DB" -o "$OUT/nowhere/r.html"
check "report --format html: no file left behind" test ! -e "$OUT/nowhere"
expect_exit "report: an unknown format names the known ones" 2 "unknown format 'xml' \(json, html, csv\)" \
	"$PREMIG" report --format xml --db "$DB"
rm -f "$OUT/empty.db"
"$PREMIG" scan --quiet --root "$OUT/run/root" --only os --db "$OUT/empty.db" >/dev/null 2>&1
sqlite3 "$OUT/empty.db" "DELETE FROM collector_runs; DELETE FROM os; DELETE FROM identity; DELETE FROM scans; DELETE FROM hosts"
expect_exit "report --format html of an empty database" 0 "" "$PREMIG" report --format html --db "$OUT/empty.db" -o "$OUT/empty.html"
check "html: an empty database says it holds no host" grep -q 'The database holds no host' "$OUT/empty.html"

# ---- the sample screenshot (README); UPDATE=1 refreshes samples/report.png -
rm -f "$OUT/sample.db"
sh "$TOP/tests/tools/gen-fleet.sh" "$PREMIG" "$OUT/sample.db" 120 >/dev/null 2>&1
"$PREMIG" scan --quiet --db "$OUT/sample.db" --host-id capture --pcap "$OUT/handshake.pcap" \
	--pcap "$OUT/syn-only.pcap" 2>/dev/null
"$PREMIG" assess --quiet --db "$OUT/sample.db" >/dev/null 2>&1
"$PREMIG" report --format html --db "$OUT/sample.db" -o "$OUT/sample.html"
python3 "$TOP/tests/tools/browser.py" shot "$OUT/sample.html" "$OUT/sample.png" 1280 1000 2>"$OUT/shot.err"
check "html: the sample screenshot" test -s "$OUT/sample.png"
if [ -n "${UPDATE:-}" ] && [ -s "$OUT/sample.png" ]; then
	cp "$OUT/sample.png" "$TOP/samples/report.png"
fi

# ---- responsiveness at HTML_FLEET hosts (a generous bound: timings are printed) --
case $(basename "$(dirname "$PREMIG")") in
*asan*) return 0 2>/dev/null || exit 0 ;;	# the sanitizers' slowness is not the report's
esac
NF=${HTML_FLEET:-2000}
sh "$TOP/tests/tools/gen-fleet.sh" "$PREMIG" "$OUT/big.db" "$NF" >/dev/null 2>&1
"$PREMIG" assess --quiet --db "$OUT/big.db" >/dev/null 2>&1
t0=$(date +%s.%N)
"$PREMIG" report --format html --db "$OUT/big.db" -o "$OUT/big.html"
t1=$(date +%s.%N)
python3 "$TOP/tests/tools/browser.py" timing "$OUT/big.html" >"$OUT/timing.json" 2>"$OUT/timing.err"
printf '  html at %s hosts: %s bytes, written in %.1f s; in chromium: %s\n' "$NF" \
	"$(wc -c <"$OUT/big.html")" "$(awk "BEGIN { print $t1 - $t0 }")" "$(cat "$OUT/timing.json")"
expect "html: at $NF hosts the table renders and a filter answers within 30 s" \
	"$(jq '.interactive_s < 30' "$OUT/timing.json" 2>/dev/null)" true
