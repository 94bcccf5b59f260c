# sigv4.sh - the SigV4 signer (report/sigv4.c) on every case of the AWS
# Signature Version 4 test suite, read in place from ../shared/corpus/sigv4
# (mhart/aws4's copy of the suite; ../shared/corpus/MANIFEST.md): for each
# .req, `premig debug decode sigv4` must give the suite's canonical request
# (.creq), string to sign (.sts) and Authorization header (.authz) byte for
# byte.  The shared credentials reader (report/awscred.c) follows.

if [ ! -d "$CORPUS/sigv4" ]; then
	ok "sigv4: skipped, no ../shared/corpus/sigv4"
else
	sv_n=0
	for sv_req in $(find "$CORPUS/sigv4" -name '*.req' | sort); do
		sv_dir=$(dirname "$sv_req")
		sv_case=$(basename "$sv_req" .req)
		sv_n=$((sv_n + 1))
		"$PREMIG" debug decode sigv4 "$sv_req" >"$OUT/$sv_case.json" 2>"$OUT/$sv_case.err"
		sv_bad=""
		for sv_pair in canonical_request:creq string_to_sign:sts authorization:authz; do
			jq -j ".${sv_pair%%:*}" "$OUT/$sv_case.json" >"$OUT/$sv_case.${sv_pair#*:}" 2>/dev/null
			cmp -s "$OUT/$sv_case.${sv_pair#*:}" "$sv_dir/$sv_case.${sv_pair#*:}" ||
				sv_bad="$sv_bad ${sv_pair#*:}"
		done
		if [ -z "$sv_bad" ]; then
			ok "sigv4 suite $sv_case"
		else
			fail "sigv4 suite $sv_case:$sv_bad differ" \
				"$(diff "$OUT/$sv_case.creq" "$sv_dir/$sv_case.creq"; cat "$OUT/$sv_case.err")"
		fi
	done
	# the suite has 29 cases (MANIFEST.md lists them): none was missed
	if [ "$sv_n" -ge 29 ]; then ok "sigv4 suite: $sv_n cases"; else fail "sigv4 suite: only $sv_n cases"; fi
fi

# a request without a usable date is refused, not signed
printf 'GET / HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:2015-08-30\n' >"$OUT/baddate.req"
expect_exit "sigv4: a malformed X-Amz-Date is refused" 1 '' "$PREMIG" debug decode sigv4 "$OUT/baddate.req"

# the credentials file reader: profiles, comments, nested lines, bad lines
cat >"$OUT/credentials" <<'CRED'
# written as the AWS CLI's "aws configure" writes it, plus a comment and
# a nested (indented) value that the reader must skip
[other]
aws_access_key_id = AKIDOTHER
aws_secret_access_key = other

[default]
aws_access_key_id = AKIDEXAMPLE
; a comment
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
s3 =
    max_concurrent_requests = 20
aws_session_token = TOKEN
CRED
"$PREMIG" debug decode aws-credentials "$OUT/credentials" >"$OUT/cred.json"
if [ "$(jq -c '[.found, .session_token]' "$OUT/cred.json")" = '[true,true]' ] &&
	! grep -q 'wJalr\|AKIDEXAMPLE\|TOKEN' "$OUT/cred.json"; then
	ok "aws-credentials: profile default read, no key printed"
else
	fail "aws-credentials: profile default" "$(cat "$OUT/cred.json")"
fi
printf '[default]\naws_access_key_id = A\nno equals sign here\n' >"$OUT/cred-bad"
expect_exit "aws-credentials: a line that is neither key = value nor a section" 1 '' \
	"$PREMIG" debug decode aws-credentials "$OUT/cred-bad"
check "aws-credentials: the bad line is named" grep -q 'line 3' "$OUT/ee.out"
printf '[default\naws_access_key_id = A\n' >"$OUT/cred-bad2"
expect_exit "aws-credentials: an unclosed section" 1 '' "$PREMIG" debug decode aws-credentials "$OUT/cred-bad2"
{ printf '[default]\naws_access_key_id = '; head -c 9000 /dev/zero | tr '\0' A; printf '\n'; } >"$OUT/cred-long"
expect_exit "aws-credentials: a line over the cap" 1 '' "$PREMIG" debug decode aws-credentials "$OUT/cred-long"
printf '[nodefault]\naws_access_key_id = A\naws_secret_access_key = B\n' >"$OUT/cred-none"
"$PREMIG" debug decode aws-credentials "$OUT/cred-none" >"$OUT/cred-none.json"
check "aws-credentials: no profile default: found false" \
	test "$(jq -r .found "$OUT/cred-none.json")" = false
