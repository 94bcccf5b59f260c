# live.sh - the main job on the machine the tests run on: `premig` with no
# arguments writes premig-<hostname>.db, .json and .html, finds this host's facts,
# and (checked with strace) opens nothing for writing but its own outputs.

live="$OUT/live"
mkdir -p "$live"
stem="premig-$(uname -n | tr -c 'A-Za-z0-9._\n-' '_')"
(cd "$live" && "$PREMIG" >"$OUT/live.out" 2>"$OUT/live.err")
rc=$?
if [ $rc -eq 0 ] && [ -s "$live/$stem.db" ] && [ -s "$live/$stem.json" ]; then
	ok "main job writes $stem.db and $stem.json"
else
	fail "main job: exit $rc" "$(ls "$live"; cat "$OUT/live.err")"
fi
j="$live/$stem.json"
if [ -s "$j" ]; then
	got=$(jq -r '.hosts[0].hostname' "$j")
	[ "$got" = "$(uname -n)" ] && ok "live hostname" || fail "live hostname: $got"
	got=$(jq -r '.hosts[0].os.id' "$j")
	want=$(. /etc/os-release && echo "$ID")
	[ "$got" = "$want" ] && ok "live os id" || fail "live os id: $got, want $want"
	if [ -r /etc/machine-id ]; then
		got=$(jq -r '.hosts[0].host_id' "$j")
		[ "$got" = "$(cat /etc/machine-id)" ] && ok "live host key is the machine-id" ||
			fail "live host key: $got"
	fi
	if grep -q '"nics"' collectors/registry.c 2>/dev/null || grep -q 'collect_nics,' "$TOP/collectors/registry.c"; then
		n=$(jq '[.hosts[0].nics[] | select(.mac != null and .mac != "00:00:00:00:00:00")] | length' "$j")
		[ "$n" -ge 1 ] && ok "live scan finds a NIC with a MAC" || fail "live scan found no NIC with a MAC"
	fi
	bad=$(jq -r '.hosts[0].collectors[] | select(.status == "failed") | .name + ": " + .reason' "$j")
	[ -z "$bad" ] && ok "no collector failed on the live host" || fail "collectors failed on the live host" "$bad"
fi

# strace: every open for writing, creating or truncating is one of ours
if command -v strace >/dev/null 2>&1; then
	sl="$OUT/strace"
	rm -rf "$sl"
	mkdir -p "$sl"
	(cd "$sl" && strace -f -qq -y -o "$OUT/strace.log" \
		-e trace=open,openat,openat2,creat,truncate,ftruncate,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat,chmod,fchmodat,chown,fchownat,link,linkat,symlink,symlinkat,mknod,mknodat \
		"$PREMIG" >/dev/null 2>&1)
	if [ ! -s "$OUT/strace.log" ]; then
		fail "strace: no log (is ptrace allowed here?)"
	else
		# the calls that can change a file: opens with a write flag, and the
		# path-changing calls; each must name one of the outputs
		grep -E 'O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|creat\(|truncate\(|rename|unlink|mkdir|chmod|chown|link\(|linkat\(|symlink|mknod' \
			"$OUT/strace.log" | grep -v ' = -1 E' >"$OUT/writes.log"
		# outputs: the database, its journals and the temporary file it is made in
		# (db.c, db_create), the reports and their temporary files
		# (quoted as a path argument, or as -y prints an fd: <path>)
		out_re="[\"<]($sl/)?$stem\\.(db|db-wal|db-shm|db-journal|db\\.new-[A-Za-z0-9]{6}(-wal|-shm)?|json|json\\.tmp\\.[0-9]+|html|html\\.tmp\\.[0-9]+)[\">]"
		grep -Ev "$out_re" "$OUT/writes.log" >"$OUT/foreign.log"
		if [ -s "$OUT/foreign.log" ]; then
			fail "strace: opened for writing outside its outputs" "$(head -n 20 "$OUT/foreign.log")"
		elif [ -s "$OUT/writes.log" ]; then
			ok "strace: writes only premig's own outputs ($(wc -l <"$OUT/writes.log") calls)"
		else
			fail "strace: saw no write at all, so the trace did not work"
		fi
	fi
else
	fail "strace is not installed (make check installs it)"
fi
