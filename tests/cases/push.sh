# push.sh - premig export attributes and premig push (report/attrs.c,
# report/push.c, report/export_http.c) against tests/tools/mgh-server.py, a
# stand-in for Migration Hub's API that checks every request's SigV4
# signature with its own implementation, the target, content type and body
# against the API's model, records the calls, and answers with throttling,
# server errors, slow replies, dropped connections and refusals on demand.

PS_KEY=AKIDPREMIGTEST
PS_SECRET='premig/test/secret+key/not+a+real+one'
PS_SERVER="$TOP/tests/tools/mgh-server.py"

# a fleet of 20 hosts (tests/tools/gen-fleet.sh), assessed for verdicts
sh "$TOP/tests/tools/gen-fleet.sh" "$PREMIG" "$OUT/fleet.db" 20 >/dev/null 2>&1
"$PREMIG" assess --quiet --db "$OUT/fleet.db" >/dev/null 2>&1
PS_HOSTS=$(sqlite3 "$OUT/fleet.db" 'SELECT count(*) FROM hosts')
# a global IPv6 address written as ip(8) prints one, to see it sent in eight groups
sqlite3 "$OUT/fleet.db" "INSERT INTO nic_addresses (scan_id, nic, family, address, prefix, source)
	VALUES (6, 'eth0', 6, '2001:db8::6', 64, 'live')"

# ps_start NAME [SERVER-ARGS...]: a server of its own in $OUT/NAME; sets
# PS_PID and PS_URL (http://127.0.0.1:PORT, or https with --tls)
ps_start() {
	ps_dir="$OUT/$1"
	shift
	mkdir -p "$ps_dir"
	python3 "$PS_SERVER" --dir "$ps_dir" "$@" 2>"$ps_dir/server.err" &
	PS_PID=$!
	ps_i=0
	while [ ! -s "$ps_dir/port" ] && [ $ps_i -lt 100 ]; do
		sleep 0.1
		ps_i=$((ps_i + 1))
	done
	ps_scheme=http
	case " $* " in *" --tls "*) ps_scheme=https ;; esac
	PS_URL="$ps_scheme://127.0.0.1:$(cat "$ps_dir/port" 2>/dev/null)"
}
ps_stop() {
	kill "$PS_PID" 2>/dev/null
	wait "$PS_PID" 2>/dev/null
}
# ps_push DB [ARGS...]: premig push with the server's test key
ps_push() {
	ps_db=$1
	shift
	AWS_ACCESS_KEY_ID=$PS_KEY AWS_SECRET_ACCESS_KEY=$PS_SECRET AWS_SESSION_TOKEN= \
		"$PREMIG" push --region us-west-2 --stream premig --db "$ps_db" --endpoint "$PS_URL" "$@"
}
# ps_once DIR: every (operation, task) the server accepted exactly once, and
# every host's three calls there; prints what differs
ps_once() {
	jq -r 'select(.result == "ok") | [.op, (.task // "-")] | join(" ")' "$1/calls.jsonl" |
		sort | uniq -c | awk -v hosts="$PS_HOSTS" '
		$1 != 1 { print "sent " $1 " times: " $2 " " $3; bad = 1 }
		{ ops[$2]++ }
		END {
			if (ops["CreateProgressUpdateStream"] != 1) { print "streams: " ops["CreateProgressUpdateStream"]; bad = 1 }
			split("ImportMigrationTask PutResourceAttributes NotifyMigrationTaskState", o, " ")
			for (i in o) if (ops[o[i]] != hosts) { print o[i] ": " ops[o[i]] + 0 " of " hosts; bad = 1 }
			exit bad
		}'
}

# ---- export attributes ----

"$PREMIG" export attributes --db "$OUT/fleet.db" -o "$OUT/attrs.jsonl" 2>"$OUT/attrs.err"
rc=$?
check "export attributes: exit 0" test $rc -eq 0
check "export attributes: one body per host" test "$(wc -l <"$OUT/attrs.jsonl")" -eq "$PS_HOSTS"
# the server's own checks of the model's shapes, on every exported body
if python3 - "$PS_SERVER" "$OUT/attrs.jsonl" >"$OUT/attrs.check" 2>&1 <<'PY'
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("mgh", sys.argv[1])
mgh = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mgh)
for line in open(sys.argv[2]):
    mgh.check_body("PutResourceAttributes", json.loads(line))
PY
then ok "export attributes: every body passes the test server's model checks"
else fail "export attributes: a body fails the model checks" "$(cat "$OUT/attrs.check")"; fi
check "export attributes: IPv6 in the documented eight-group form, link-local left out" \
	sh -c "jq -r '.ResourceAttributeList[] | select(.Type == \"IPV6_ADDRESS\") | .Value' '$OUT/attrs.jsonl' |
		grep -qx '2001:db8:0:0:0:0:0:6' && ! grep -qi 'fe80' '$OUT/attrs.jsonl'"
check "export attributes: loopback left out" sh -c "! grep -q '127.0.0.1\|00:00:00:00:00:00' '$OUT/attrs.jsonl'"

# hosts at the API's limits: 130 addresses, a bad MAC, a host key with ':',
# a host with nothing to send
cp "$OUT/fleet.db" "$OUT/limits.db"
sqlite3 "$OUT/limits.db" "
	WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 130)
	INSERT INTO nic_addresses (scan_id, nic, family, address, prefix, source)
	 SELECT 1, 'eth0', 4, '192.168.' || (i / 200) || '.' || (i % 200 + 1), 16, 'live' FROM c;
	UPDATE nics SET mac = 'not-a-mac' WHERE scan_id = 2 AND name = 'eth0';
	UPDATE hosts SET host_key = 'disk:4f2a|x' WHERE id = 3;
	DELETE FROM nic_addresses WHERE scan_id = 4; DELETE FROM nics WHERE scan_id = 4;
	DELETE FROM identity WHERE scan_id = 4;"
"$PREMIG" export attributes --db "$OUT/limits.db" >"$OUT/limits.jsonl" 2>"$OUT/limits.err"
rc=$?
check "export attributes: a host with nothing to send: exit 5" test $rc -eq 5
check "export attributes: ... and it is named, the others written" \
	sh -c "grep -q \"host 'host-00004': no attribute to send\" '$OUT/limits.err' &&
		test \$(wc -l <'$OUT/limits.jsonl') -eq $((PS_HOSTS - 1))"
check "export attributes: 130 addresses cut to 100 attributes, with a warning" \
	sh -c "test \$(jq 'select(.MigrationTaskName == \"host-00001\") | .ResourceAttributeList | length' '$OUT/limits.jsonl') -eq 100 &&
		grep -q \"host-00001.*left out: a request holds at most 100\" '$OUT/limits.err'"
check "export attributes: a malformed MAC left out with a warning" \
	sh -c "grep -qi \"MAC_ADDRESS value 'not-a-mac' is not in the documented format\" '$OUT/limits.err' &&
		! grep -qi not-a-mac '$OUT/limits.jsonl'"
check "export attributes: a host key with ':' or '|' gets a valid task name" \
	sh -c "jq -r .MigrationTaskName '$OUT/limits.jsonl' | grep -qx 'disk-4f2a-x-[0-9a-f]\{8\}'"
expect_exit "export attributes: a stream name with '/'" 2 "stream 'a/b' must be" \
	"$PREMIG" export attributes --db "$OUT/fleet.db" --stream a/b

# ---- push: usage, dry run ----

expect_exit "push: --region and --stream required" 2 'are required' "$PREMIG" push --db "$OUT/fleet.db"
expect_exit "push: a bad stream name" 2 "must be 1 to 50" \
	"$PREMIG" push --db "$OUT/fleet.db" --region us-west-2 --stream 'a:b'
expect_exit "push: a bad region" 2 "region 'US_WEST'" \
	"$PREMIG" push --db "$OUT/fleet.db" --region US_WEST --stream s
cp "$OUT/fleet.db" "$OUT/dry.db"
env -u AWS_ACCESS_KEY_ID "$PREMIG" push --dry-run --region us-west-2 --stream premig --db "$OUT/dry.db" \
	>"$OUT/dry.out" 2>"$OUT/dry.err"
rc=$?
check "push --dry-run: exit 0 without credentials" test $rc -eq 0
check "push --dry-run: every call printed, to mgh.us-west-2" \
	test "$(grep -c '^POST https://mgh.us-west-2.amazonaws.com AWSMigrationHub\.' "$OUT/dry.out")" -eq $((3 * PS_HOSTS + 1))
check "push --dry-run: nothing recorded as sent" \
	test "$(sqlite3 "$OUT/dry.db" "SELECT count(*) FROM push_log")" -eq 0

# ---- push: the whole fleet, then again ----

ps_start plain
cp "$OUT/fleet.db" "$OUT/plain.db"
ps_push "$OUT/plain.db" >"$OUT/plain.out" 2>"$OUT/plain.err"
rc=$?
check "push: exit 0" test $rc -eq 0
if out=$(ps_once "$ps_dir"); then ok "push: the stream once, each host's three calls once"
else fail "push: calls" "$out$(cat "$OUT/plain.err")"; fi
check "push: no request refused by the server (signature, shapes)" \
	test "$(jq -r 'select(.result != "ok") | .result' "$ps_dir/calls.jsonl" | wc -l)" -eq 0
check "push: status NOT_STARTED with the verdicts" \
	sh -c "jq -r 'select(.op == \"NotifyMigrationTaskState\") | .body.Task | .Status + \" \" + .StatusDetail' '$ps_dir/calls.jsonl' |
		grep -q '^NOT_STARTED premig: mgn [a-z-]* ([0-9]* blockers'"
check "push: the store records every call" \
	test "$(sqlite3 "$OUT/plain.db" 'SELECT count(*) FROM push_log')" -eq $((3 * PS_HOSTS + 1))
ps_push "$OUT/plain.db" >/dev/null 2>"$OUT/plain2.err"
rc=$?
check "push again: exit 0, nothing sent" sh -c "test $rc -eq 0 && test \$(wc -l <'$ps_dir/calls.jsonl') -eq $((3 * PS_HOSTS + 1))"
check "push again: says all was sent before" grep -q "0 calls sent, $((3 * PS_HOSTS + 1)) already sent before" "$OUT/plain2.err"
# a host whose facts changed is sent again: its attributes only
sqlite3 "$OUT/plain.db" "INSERT INTO nic_addresses (scan_id, nic, family, address, prefix, source)
	VALUES (5, 'eth0', 4, '10.99.0.5', 24, 'live')"
ps_push "$OUT/plain.db" >/dev/null 2>&1
check "push after a change: only that host's attributes are sent" \
	test "$(tail -n 1 "$ps_dir/calls.jsonl" | jq -r '[.op, .task] | join(" ")')" = "PutResourceAttributes host-00005"
check "push after a change: one call" test "$(wc -l <"$ps_dir/calls.jsonl")" -eq $((3 * PS_HOSTS + 2))
ps_stop

# ---- retries: throttling (RetryAfterSeconds), 500, 503, dropped, slow ----

cat >"$OUT/faults.json" <<'EOF'
[{"op": "CreateProgressUpdateStream", "action": "exists", "times": 1},
 {"op": "ImportMigrationTask", "action": "throttle", "times": 2, "seconds": 1},
 {"op": "PutResourceAttributes", "action": "500", "times": 2},
 {"op": "NotifyMigrationTaskState", "action": "503", "times": 1},
 {"op": "PutResourceAttributes", "action": "drop", "times": 2},
 {"op": "NotifyMigrationTaskState", "action": "slow", "seconds": 3, "times": 1}]
EOF
ps_start retry --faults "$OUT/faults.json"
cp "$OUT/fleet.db" "$OUT/retry.db"
ps_push "$OUT/retry.db" --timeout 2 >"$OUT/retry.out" 2>"$OUT/retry.err"
rc=$?
check "push with faults: exit 0" test $rc -eq 0
check "push with faults: an existing stream is fine" grep -q '"result": "InvalidInputException"' "$ps_dir/calls.jsonl"
for ps_what in ThrottlingException InternalServerError ServiceUnavailableException 'Empty reply' 'timed out'; do
	check "push with faults: retried after $ps_what" grep -q "$ps_what.*retrying in" "$OUT/retry.err"
done
# RetryAfterSeconds 1: the next try at least a second after each throttle
ps_gap=$(jq -s -r '[.[] | select(.op == "ImportMigrationTask")] | .[0:3] |
	[(.[1].t - .[0].t), (.[2].t - .[1].t)] | min' "$ps_dir/calls.jsonl")
check "push with faults: RetryAfterSeconds honoured ($ps_gap s)" awk -v g="$ps_gap" 'BEGIN { exit !(g >= 1) }'
# backoff: the two 500s are followed by longer and longer waits (jittered within [step/2, step])
ps_gaps=$(jq -s -r '[.[] | select(.op == "PutResourceAttributes" and .task == "host-00001")] |
	[(.[1].t - .[0].t), (.[2].t - .[1].t)] | map(tostring) | join(" ")' "$ps_dir/calls.jsonl")
check "push with faults: exponential backoff ($ps_gaps s)" \
	awk -v g="$ps_gaps" 'BEGIN { split(g, a, " "); exit !(a[1] >= 0.12 && a[2] >= 0.25 && a[2] < 2) }'
ps_stop
echo '[{"op": "*", "action": "500", "times": 10}]' >"$OUT/f-exhaust.json"
ps_start exhaust --faults "$OUT/f-exhaust.json"
ps_push "$OUT/fleet.db" --max-attempts 3 >/dev/null 2>"$OUT/exhaust.err"
rc=$?
check "push: server errors beyond --max-attempts: exit 1" test $rc -eq 1
check "push: ... gave up after 3 attempts" grep -q 'gave up after 3 attempts: HTTP 500 InternalServerError' "$OUT/exhaust.err"
ps_stop

# ---- interrupted mid-push (SIGTERM), run again: every host pushed once ----

echo '[{"op": "*", "action": "slow", "seconds": 0.05, "times": 100000}]' >"$OUT/f-resume.json"
ps_start resume --faults "$OUT/f-resume.json"
cp "$OUT/fleet.db" "$OUT/resume.db"
# premig itself in the background (exec), so that the signal reaches it
(AWS_ACCESS_KEY_ID=$PS_KEY AWS_SECRET_ACCESS_KEY=$PS_SECRET exec "$PREMIG" push --region us-west-2 \
	--stream premig --db "$OUT/resume.db" --endpoint "$PS_URL" >/dev/null 2>"$OUT/resume1.err") &
ps_cli=$!
ps_i=0
ps_oks() { cat "$ps_dir/calls.jsonl" 2>/dev/null | awk '/"result": "ok"/ { n++ } END { print n + 0 }'; }
while [ "$(ps_oks)" -lt 20 ] && [ $ps_i -lt 200 ]; do
	sleep 0.05
	ps_i=$((ps_i + 1))
done
kill -TERM $ps_cli
wait $ps_cli
rc=$?
ps_first=$(ps_oks)
check "push interrupted: exit 130 ($ps_first calls made)" test $rc -eq 130
check "push interrupted: says how to go on" grep -q 'interrupted after .* run premig push again' "$OUT/resume1.err"
check "push interrupted: stopped mid-fleet" test "$ps_first" -lt $((3 * PS_HOSTS + 1))
ps_push "$OUT/resume.db" >/dev/null 2>"$OUT/resume2.err"
rc=$?
check "push resumed: exit 0" test $rc -eq 0
if out=$(ps_once "$ps_dir"); then ok "push resumed: every call made once over both runs"
else fail "push resumed: calls" "$out"; fi
ps_stop

# ---- the refusals that stop a push, each with its message ----

for ps_case in "denied:access denied .*need mgh:CreateProgressUpdateStream" \
	"home:home region is not set.*create-home-region-control" \
	"invalid:refused the input .*is --region us-west-2 the account's home region" \
	"expired:session token from environment has expired"; do
	ps_act=${ps_case%%:*}
	printf '[{"op": "ImportMigrationTask", "action": "%s", "times": 1}]\n' "$ps_act" >"$OUT/f-$ps_act.json"
	ps_start "refuse-$ps_act" --faults "$OUT/f-$ps_act.json"
	expect_exit "push: $ps_act" 1 "${ps_case#*:}" ps_push "$OUT/fleet.db"
	check "push: $ps_act: no retry of a refusal" \
		test "$(grep -c '"ImportMigrationTask"' "$ps_dir/calls.jsonl")" -eq 1
	ps_stop
done

# a 200 that is not Migration Hub's answer (a proxy's page): refused, and
# not recorded as sent
printf '[{"op": "ImportMigrationTask", "action": "html", "times": 1}]\n' >"$OUT/f-html.json"
cp "$OUT/fleet.db" "$OUT/html.db"
ps_start "refuse-html" --faults "$OUT/f-html.json"
expect_exit "push: a 200 with a web page" 1 "without a Migration Hub answer" ps_push "$OUT/html.db"
check "push: a 200 with a web page is not recorded as sent" \
	test "$(sqlite3 "$OUT/html.db" "SELECT count(*) FROM push_log WHERE operation = 'ImportMigrationTask'")" -eq 0
ps_stop

# a wrong secret: the server's own SigV4 refuses the signature
ps_start badsig
AWS_ACCESS_KEY_ID=$PS_KEY AWS_SECRET_ACCESS_KEY=wrong "$PREMIG" push --region us-west-2 --stream s \
	--db "$OUT/fleet.db" --endpoint "$PS_URL" >/dev/null 2>"$OUT/badsig.err"
rc=$?
check "push: a wrong secret: exit 1, the signature refused" \
	sh -c "test $rc -eq 1 && grep -q 'AWS refused the signature' '$OUT/badsig.err'"
check "push: a wrong secret: never printed" sh -c "! grep -q wrong '$OUT/badsig.err'"
ps_stop

# ---- credentials: the shared file and its profiles; a session token ----

ps_start token --token 'FQoGZXIvYXdzE-test-session-token'
cat >"$OUT/credentials" <<EOF
[default]
aws_access_key_id = AKIDWRONG
aws_secret_access_key = wrong

[migration]
aws_access_key_id = $PS_KEY
aws_secret_access_key = $PS_SECRET
aws_session_token = FQoGZXIvYXdzE-test-session-token
EOF
cp "$OUT/fleet.db" "$OUT/cred.db"
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN AWS_SHARED_CREDENTIALS_FILE="$OUT/credentials" \
	"$PREMIG" push --region us-west-2 --stream premig --db "$OUT/cred.db" --endpoint "$PS_URL" \
	--profile migration >/dev/null 2>"$OUT/cred.err"
rc=$?
check "push: --profile from the credentials file, with its session token signed" test $rc -eq 0
check "push: the secret and the token never printed" \
	sh -c "! grep -q 'secret\|FQoG' '$OUT/cred.err'"
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY AWS_SHARED_CREDENTIALS_FILE="$OUT/credentials" \
	AWS_PROFILE=nosuch "$PREMIG" push --region us-west-2 --stream premig --db "$OUT/cred.db" \
	--endpoint "$PS_URL" >/dev/null 2>"$OUT/cred2.err"
rc=$?
check "push: AWS_PROFILE naming no profile: exit 1, said" \
	sh -c "test $rc -eq 1 && grep -q \"no profile 'nosuch'\" '$OUT/cred2.err'"
check "push: no credential stored" \
	sh -c "! sqlite3 '$OUT/cred.db' .dump | grep -q 'AKIDPREMIG\|FQoG\|secret'"
ps_stop

# ---- TLS: a self-signed certificate is refused; trusted through AWS_CA_BUNDLE ----

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$OUT/key.pem" -out "$OUT/cert.pem" -days 1 \
	-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1
ps_start tls --tls "$OUT/cert.pem" "$OUT/key.pem"
expect_exit "push: https with a certificate nobody trusts" 1 'TLS failure talking to https://127.0.0.1' \
	ps_push "$OUT/fleet.db"
cp "$OUT/fleet.db" "$OUT/tls.db"
AWS_CA_BUNDLE="$OUT/cert.pem" ps_push "$OUT/tls.db" >/dev/null 2>"$OUT/tls.err"
rc=$?
check "push: https trusted through AWS_CA_BUNDLE" sh -c "test $rc -eq 0 && test \$(grep -c '\"ok\"' '$ps_dir/calls.jsonl') -eq $((3 * PS_HOSTS + 1))"
ps_stop

# ---- a progress line on a terminal ----

ps_start tty
cp "$OUT/fleet.db" "$OUT/tty.db"
AWS_ACCESS_KEY_ID=$PS_KEY AWS_SECRET_ACCESS_KEY=$PS_SECRET script -qec \
	"'$PREMIG' push --region us-west-2 --stream premig --db '$OUT/tty.db' --endpoint '$PS_URL'" \
	/dev/null >"$OUT/tty.out" 2>&1
check "push on a terminal: a progress line" grep -q "push: $PS_HOSTS/$PS_HOSTS hosts, " "$OUT/tty.out"
ps_stop

# ---- a host that cannot be sent: the others are, exit 5 ----

ps_start partial
ps_push "$OUT/limits.db" >/dev/null 2>"$OUT/partial.err"
rc=$?
check "push: a host with nothing to send: exit 5, named" \
	sh -c "test $rc -eq 5 && grep -q \"host 'host-00004': not sent: no attribute\" '$OUT/partial.err'"
check "push: ... the other hosts sent, the cut and cleaned sets accepted by the server" \
	sh -c "test \$(grep -c '\"ok\"' '$ps_dir/calls.jsonl') -eq $((3 * (PS_HOSTS - 1) + 1)) &&
		! grep -v '\"ok\"' '$ps_dir/calls.jsonl' | grep -q ."
ps_stop
expect_exit "push: an endpoint that is not a URL" 2 "endpoint 'ftp://x': expected an https://" \
	env AWS_ACCESS_KEY_ID=$PS_KEY AWS_SECRET_ACCESS_KEY=x "$PREMIG" push --region us-west-2 --stream s \
	--db "$OUT/fleet.db" --endpoint ftp://x
