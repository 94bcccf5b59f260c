# fleet.sh - the fleet workflow of samples/fleet: ssh-scan.sh over ssh to an
# sshd of the test's own (Debian's OpenSSH sshd on 127.0.0.1 at a high
# port, a throwaway host key, root's login by a throwaway key only, two
# ssh_config aliases of it and one host that refuses), and premig.yml
# through ansible-core's ansible-playbook: --syntax-check, then a real run
# against localhost with the local connection.

expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got:  $2
want: $3"; fi
}
S="$TOP/samples/fleet"

# ---- the ssh loop ----------------------------------------------------------
sshd=$(command -v sshd || echo /usr/sbin/sshd)
if [ "$(id -u)" -ne 0 ] || [ ! -x "$sshd" ] || ! command -v ssh >/dev/null 2>&1; then
	ok "fleet: the ssh loop (skipped: needs root, sshd and ssh)"
else
	k="$OUT/keys"
	mkdir -p "$k"
	ssh-keygen -q -t ed25519 -N '' -f "$k/host" && ssh-keygen -q -t ed25519 -N '' -f "$k/user"
	cp "$k/user.pub" "$k/authorized_keys"
	# sshd's privilege separation directory, made (and removed) when missing
	made_run=
	[ -d /run/sshd ] || { mkdir -p /run/sshd && made_run=1; }
	port=
	for try in 1 2 3 4 5; do
		p=$((20000 + ($$ * 7 + try * 131) % 30000))
		cat >"$k/sshd_config" <<-EOF
		Port $p
		ListenAddress 127.0.0.1
		HostKey $k/host
		AuthorizedKeysFile $k/authorized_keys
		PermitRootLogin prohibit-password
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		UsePAM no
		StrictModes no
		PidFile none
		Subsystem sftp internal-sftp
		EOF
		"$sshd" -D -e -f "$k/sshd_config" 2>"$k/sshd.log" &
		sshd_pid=$!
		n=0
		while [ $n -lt 50 ] && ! grep -q 'Server listening' "$k/sshd.log" && kill -0 $sshd_pid 2>/dev/null; do
			sleep 0.1
			n=$((n + 1))
		done
		if grep -q 'Server listening' "$k/sshd.log"; then
			port=$p
			break
		fi
		kill $sshd_pid 2>/dev/null
		wait $sshd_pid 2>/dev/null
	done
	if [ -z "$port" ]; then
		fail "fleet: sshd did not start" "$(cat "$k/sshd.log")"
	else
		cat >"$k/ssh_config" <<-EOF
		Host h1 h2
		  HostName 127.0.0.1
		  Port $port
		Host refused
		  HostName 127.0.0.1
		  Port 1
		Host *
		  User root
		  IdentityFile $k/user
		  IdentitiesOnly yes
		  StrictHostKeyChecking no
		  UserKnownHostsFile $k/known_hosts
		  BatchMode yes
		  ConnectTimeout 5
		  LogLevel ERROR
		EOF
		mkdir -p "$OUT/ssh"
		printf 'h1\n# a comment, then a blank line\n\nh2\nrefused\n' >"$OUT/ssh/hosts"
		(cd "$OUT/ssh" && SSH_OPTS="-F $k/ssh_config" SCAN_ARGS="--only os,identity" \
			sh "$S/ssh-scan.sh" hosts "$PREMIG" >out 2>err)
		rc=$?
		expect "fleet: the ssh loop exits 1 when a host is left out" "$rc" 1
		expect "fleet: the ssh loop says which host and why" \
			"$(grep -c "ssh-scan: refused: cannot connect" "$OUT/ssh/err")" 1
		expect "fleet: the ssh loop fetched a database per host reached" \
			"$(cd "$OUT/ssh/dbs" && ls *.db | tr '\n' ' ')" "h1.db h2.db "
		# both aliases are this machine: one host (its machine-id), two scans
		expect "fleet: the ssh loop merged them into fleet.db" \
			"$(sqlite3 "$OUT/ssh/fleet.db" 'SELECT count(*) FROM hosts; SELECT count(*) FROM scans' | tr '\n' ' ')" "1 2 "
		expect "fleet: the ssh loop removed what it copied" \
			"$(ssh -F "$k/ssh_config" h1 'ls -d /tmp/premig-scan.* 2>/dev/null' | wc -l | tr -d ' ')" 0
		kill $sshd_pid 2>/dev/null
		wait $sshd_pid 2>/dev/null
	fi
	[ -n "$made_run" ] && rmdir /run/sshd
fi

# ---- the Ansible playbook ------------------------------------------------
if ! command -v ansible-playbook >/dev/null 2>&1; then
	ok "fleet: the Ansible playbook (skipped: ansible-playbook is not installed, Debian's ansible-core)"
else
	if LC_ALL=C.UTF-8 ansible-playbook --syntax-check -i localhost, "$S/premig.yml" >"$OUT/ansible-syntax.out" 2>&1; then
		ok "fleet: premig.yml passes ansible-playbook --syntax-check"
	else
		fail "fleet: premig.yml --syntax-check" "$(cat "$OUT/ansible-syntax.out")"
	fi
	mkdir -p "$OUT/ansible"
	(cd "$OUT/ansible" && LC_ALL=C.UTF-8 ANSIBLE_NOCOLOR=1 ANSIBLE_LOCAL_TEMP="$OUT/ansible/tmp" \
		ANSIBLE_REMOTE_TEMP="$OUT/ansible/tmp" ansible-playbook -i localhost, -c local \
		-e premig_binary="$PREMIG" -e premig_dest="$OUT/ansible/dbs" -e premig_local="$PREMIG" \
		-e premig_fleet="$OUT/ansible/fleet.db" -e "premig_scan_args='--only os,identity'" \
		"$S/premig.yml" >"$OUT/ansible.out" 2>&1)
	rc=$?
	expect "fleet: premig.yml runs against localhost" "$rc" 0
	expect "fleet: premig.yml fetched the database and merged it" \
		"$(ls "$OUT/ansible/dbs" | grep -c '^localhost\.db$') $(sqlite3 "$OUT/ansible/fleet.db" 'SELECT count(*) FROM hosts' 2>&1)" "1 1"
	[ $rc -eq 0 ] || fail "fleet: premig.yml output" "$(tail -30 "$OUT/ansible.out")"
fi
