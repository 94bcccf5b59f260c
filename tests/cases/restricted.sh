# restricted.sh - scans that may not read everything: as an ordinary user
# (setpriv), as uid 0 of a user namespace (a container's root, unshare
# --user), as root without the capabilities that read others' files (what
# an SELinux denial looks like to premig; SELinux itself cannot be turned
# on here, so its state comes from a fixture's sys/fs/selinux/enforce),
# and with /proc mounted hidepid=2 in a mount namespace.  Each collector
# that was refused a read says which and who could read it, its run
# counts the refusals (collector_runs.denied), and the report's coverage
# says how many collectors ran fully, partly, not at all, what restricted
# the scan, and which unknown findings a root scan would answer.
#
# The fixture is the golden RHEL 7 host (tests/golden/hosts/rhel7) with
# the modes RHEL 7 gives its files: the initramfs 0600 (dracut writes it
# under umask 077), DMI serial and UUID 0400 (the kernel's
# drivers/firmware/dmi-id.c), sshd_config 0600 (openssh-server's spec).

q() { sqlite3 "$1" "$2" 2>&1; }
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got:  $2
want: $3"; fi
}

if [ "$(id -u)" -ne 0 ]; then
	ok "restricted: not run as root, the states cannot be made (skipped)"
	return 0 2>/dev/null || exit 0
fi
asnobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
chmod 755 "$OUT"
W="$OUT/w"
mkdir -p "$W" && chmod 1777 "$W"

# rhel7 [DIR]: the fixture with RHEL 7's modes, owned by root
rhel7() {
	prepare_root "$TOP/tests/golden/hosts/rhel7" "$1" || return 1
	chown -R 0:0 "$1" && chmod -R a+rX "$1" &&
		chmod 600 "$1"/boot/initramfs-* &&
		chmod 400 "$1/sys/class/dmi/id/product_serial" "$1/sys/class/dmi/id/product_uuid" &&
		mkdir -p "$1/etc/ssh" && printf 'Port 22\n' >"$1/etc/ssh/sshd_config" &&
		chmod 600 "$1/etc/ssh/sshd_config"
}

# scan_report NAME RUNNER... -- SCAN-ARGS...: scan, assess, report into $W/NAME.*
scan_report() {
	sr_name=$1
	shift
	sr_run=""
	while [ "$1" != -- ]; do sr_run="$sr_run $1"; shift; done
	shift
	rm -f "$W/$sr_name.db"*
	$sr_run "$PREMIG" scan --quiet --db "$W/$sr_name.db" --host-id "$sr_name" "$@" \
		2>"$W/$sr_name.scan.err"
	sr_rc=$?
	$sr_run "$PREMIG" assess --quiet --db "$W/$sr_name.db" >/dev/null 2>"$W/$sr_name.assess.err"
	$sr_run "$PREMIG" report --format json --db "$W/$sr_name.db" -o "$W/$sr_name.json" \
		2>"$W/$sr_name.report.err"
	return $sr_rc
}

# runs_honest NAME DB WHY: no collector refused a read reads as ok without a
# reason or as not applicable, and each one's reason names who could read it
runs_honest() {
	got=$(q "$2" "SELECT collector || ' ' || status || ': ' || coalesce(reason, '(none)')
		FROM collector_runs WHERE denied > 0 AND (status <> 'failed' AND reason IS NULL
		OR status = 'not-applicable' OR instr(reason, '$3') = 0)")
	expect "$1: every collector refused a read says so, and who could read it" "$got" ""
}

# coverage NAME JSON: the counts add up to the collectors
coverage_adds_up() {
	got=$(jq -r '.hosts[0] | (.coverage | .full + .partial + .none + .not_applicable + .skipped)
		== (.collectors | length)' "$2")
	expect "$1: coverage counts every collector once" "$got" true
}

# ---- as an ordinary user, over a copy of a host ----
R="$W/rhel7"
if rhel7 "$R" 2>"$W/mk.err"; then
	scan_report rhel7-root -- --root "$R"
	scan_report rhel7-nobody $asnobody -- --root "$R"
	expect "nobody: scan exit 3 or 0 (partial at most)" "$(case $? in 0 | 3) echo ok ;; *) echo $? ;; esac)" ok
	expect "root: no read refused" "$(q "$W/rhel7-root.db" "SELECT sum(denied) FROM collector_runs")" 0
	expect "root: nothing to answer as root" \
		"$(jq -c '.hosts[0].coverage | [.denied_reads, .run_as_root_to_answer]' "$W/rhel7-root.json")" '[0,[]]'
	expect "nobody: the collectors refused reads" \
		"$(q "$W/rhel7-nobody.db" "SELECT group_concat(collector || '=' || denied, ' ') FROM
			(SELECT * FROM collector_runs WHERE denied > 0 ORDER BY rowid)")" \
		"kernel=1 hardware=2 firewall=1"
	expect "nobody: hardware names the DMI files it could not read" \
		"$(q "$W/rhel7-nobody.db" "SELECT instr(reason, 'permission denied on 2 reads (''sys/class/dmi/id/product_serial'', ''sys/class/dmi/id/product_uuid''): not root (a root scan would read them)') > 0
			FROM collector_runs WHERE collector = 'hardware'")" 1
	expect "nobody: firewall says sshd_config was refused (it said ok with no reason)" \
		"$(q "$W/rhel7-nobody.db" "SELECT status, instr(reason, '''etc/ssh/sshd_config''') > 0
			FROM collector_runs WHERE collector = 'firewall'")" "ok|1"
	runs_honest nobody "$W/rhel7-nobody.db" "not root (a root scan would read them)"
	coverage_adds_up nobody "$W/rhel7-nobody.json"
	expect "nobody: restricted by" "$(jq -c '.hosts[0].coverage.restricted_by' "$W/rhel7-nobody.json")" '["not root"]'
	expect "nobody: partial runs are more than as root" \
		"$(jq -r '[.[] | .hosts[0].coverage.partial] | .[1] > .[0]' -s "$W/rhel7-root.json" "$W/rhel7-nobody.json")" true
	# the initramfs (kernel) and DMI (hardware): the rules that need them
	got=$(jq -r '[.hosts[0].coverage.run_as_root_to_answer[] | select(.collectors | index("kernel") or index("hardware")) | .rule] | join(" ")' \
		"$W/rhel7-nobody.json")
	case $got in
	*MGN-*) ok "nobody: the unknowns a root scan would answer ($got)" ;;
	*) fail "nobody: run_as_root_to_answer" "$(jq -c '.hosts[0].coverage' "$W/rhel7-nobody.json")" ;;
	esac
	got=$(jq -r '.hosts[0] as $h | [$h.coverage.run_as_root_to_answer[] | . as $r
		| $h.assessments[$r.profile].rules[] | select(.id == $r.rule) | .status] | unique | join(",")' \
		"$W/rhel7-nobody.json")
	expect "nobody: each of them is unknown" "$got" unknown

	# every file locked (0600, directories 0711): no collector may read as whole
	L="$W/locked"
	cp -a "$R" "$L" && find "$L" -type f -exec chmod 600 {} + && find "$L" -type d -exec chmod 711 {} +
	scan_report locked $asnobody -- --root "$L"
	runs_honest locked "$W/locked.db" "not root (a root scan would read them)"
	expect "locked: no collector ran fully" \
		"$(q "$W/locked.db" "SELECT group_concat(collector, ' ') FROM collector_runs
			WHERE status = 'ok' AND reason IS NULL")" ""
	expect "locked: the release files refused: os failed, not 'not applicable'" \
		"$(q "$W/locked.db" "SELECT status, denied FROM collector_runs WHERE collector = 'os'")" "failed|3"
	expect "locked: nics could list nothing: failed, not 'not applicable'" \
		"$(q "$W/locked.db" "SELECT status FROM collector_runs WHERE collector = 'nics'")" "failed"
	coverage_adds_up locked "$W/locked.json"
else
	fail "restricted: fixture" "$(cat "$W/mk.err")"
fi

# ---- SELinux enforcing: the state as premig reads it, the denial as root sees it ----
# selinuxfs's enforce file holds "1" when enforcing (security/selinux/selinuxfs.c,
# sel_read_enforce); root without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH is
# refused a file of another owner as a policy would refuse it
S="$W/selinux"
if rhel7 "$S" 2>"$W/mk.err"; then
	mkdir -p "$S/sys/fs/selinux" && printf '1\n' >"$S/sys/fs/selinux/enforce"
	chown 1:1 "$S/sys/class/dmi/id/product_serial" "$S/sys/class/dmi/id/product_uuid"
	scan_report selinux-nobody $asnobody -- --root "$S"
	expect "selinux as nobody: stored" "$(q "$W/selinux-nobody.db" "SELECT selinux FROM scans")" enforcing
	runs_honest "selinux as nobody" "$W/selinux-nobody.db" "unless SELinux, which is enforcing, denies them to root too"
	expect "selinux as nobody: restricted by" \
		"$(jq -c '.hosts[0].coverage.restricted_by' "$W/selinux-nobody.json")" '["not root","SELinux enforcing"]'
	if setpriv --bounding-set -dac_override,-dac_read_search true 2>/dev/null; then
		scan_report selinux-root setpriv --bounding-set -dac_override,-dac_read_search -- --root "$S"
		runs_honest "selinux as root" "$W/selinux-root.db" "although root: SELinux is enforcing, and its policy denies them"
		expect "selinux as root: hardware was refused the DMI serial and UUID" \
			"$(q "$W/selinux-root.db" "SELECT denied FROM collector_runs WHERE collector = 'hardware'")" 2
		expect "selinux as root: a root scan would answer nothing more" \
			"$(jq -c '.hosts[0].coverage | [.restricted_by, .run_as_root_to_answer]' "$W/selinux-root.json")" \
			'[["SELinux enforcing"],[]]'
	else
		ok "selinux as root: setpriv cannot drop capabilities here (skipped)"
	fi
else
	fail "restricted: selinux fixture" "$(cat "$W/mk.err")"
fi

# ---- a container's root: uid 0 of a user namespace ----
C="$W/userns"
if unshare --user --map-root-user true 2>/dev/null && rhel7 "$C" 2>"$W/mk.err"; then
	# files of a uid the namespace does not map: its root has no power over them
	chown 1:1 "$C/sys/class/dmi/id/product_serial" "$C/sys/class/dmi/id/product_uuid" \
		"$C"/boot/initramfs-*
	scan_report userns unshare --user --map-root-user -- --root "$C"
	expect "userns: stored" "$(q "$W/userns.db" "SELECT as_root, userns FROM scans")" "1|1"
	runs_honest userns "$W/userns.db" "uid 0 of a user namespace (a container)"
	expect "userns: restricted by" "$(jq -c '.hosts[0].coverage.restricted_by' "$W/userns.json")" \
		'["user namespace: uid 0 is not root on the host"]'
	got=$(jq '.hosts[0].coverage.run_as_root_to_answer | length' "$W/userns.json")
	[ "$got" -gt 0 ] && ok "userns: $got unknowns a root scan on the host would answer" ||
		fail "userns: run_as_root_to_answer" "$(jq -c '.hosts[0].coverage' "$W/userns.json")"
else
	ok "userns: no user namespaces here (skipped)"
fi

# ---- live, as nobody: this host's own restrictions ----
scan_report live-nobody $asnobody --
runs_honest "live as nobody" "$W/live-nobody.db" "not root (a root scan would read them)"
coverage_adds_up "live as nobody" "$W/live-nobody.json"

# ---- /proc mounted hidepid=2 in a mount namespace, a root process's listener ----
if command -v python3 >/dev/null 2>&1 &&
	unshare -m sh -c 'mount -t proc -o hidepid=2 proc /proc' 2>/dev/null; then
	python3 - "$W" <<'PY' &
import os, socket, sys, time
out = sys.argv[1]
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind(("127.0.0.1", 0)); srv.listen(4)
with open(out + "/port.tmp", "w") as f:
    f.write("%d\n" % srv.getsockname()[1])
os.rename(out + "/port.tmp", out + "/port")
for _ in range(600):
    if os.path.exists(out + "/stop"):
        break
    time.sleep(0.1)
PY
	holder=$!
	i=0
	while [ ! -f "$W/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	read -r port <"$W/port"
	rm -f "$W/hidepid.db"*
	unshare -m sh -c 'mount -t proc -o hidepid=2 proc /proc &&
		exec '"$asnobody"' "$0" scan --quiet --only connections --db "$1" --host-id hidepid' \
		"$PREMIG" "$W/hidepid.db" 2>"$W/hidepid.err"
	expect "hidepid: scan exit 0" "$?" 0
	$asnobody "$PREMIG" report --format json --db "$W/hidepid.db" -o "$W/hidepid.json" 2>>"$W/hidepid.err"
	hp=$(q "$W/hidepid.db" "SELECT proc_hidepid FROM scans")
	case $hp in 2 | invisible) ok "hidepid: the proc mount's option is stored ($hp)" ;;
	*) fail "hidepid: proc_hidepid" "$hp" ;; esac
	expect "hidepid: the root's listener: its process unknown, and why" \
		"$(q "$W/hidepid.db" "SELECT coalesce(pid, '-') || ' ' || process_reason FROM sockets
			WHERE proto = 'tcp' AND local_port = $port AND kind = 'listener'")" \
		"- not found: proc is mounted hidepid, the processes of other users are hidden (not root)"
	got=$(q "$W/hidepid.db" "SELECT status || ' ' || denied || ' ' || reason FROM collector_runs
		WHERE collector = 'connections'")
	case $got in
	"ok "[1-9]*"proc is mounted hidepid=$hp: the processes of other users are hidden, so the processes of "*" sockets are unknown (not root)"*"a root scan would read them"*)
		ok "hidepid: the run says what hidepid hid (it said ok with no reason)" ;;
	*) fail "hidepid: the run's reason" "$got" ;;
	esac
	expect "hidepid: restricted by" "$(jq -c '.hosts[0].coverage.restricted_by' "$W/hidepid.json")" \
		"[\"not root\",\"proc hidepid=$hp\"]"
	touch "$W/stop"
	wait $holder 2>/dev/null
	expect "hidepid: this machine's /proc is untouched" \
		"$(grep -c 'hidepid' /proc/self/mountinfo)" 0
else
	ok "hidepid: no python3 or no mount namespaces here (skipped)"
fi

check_reports "restricted: reports" "$W"
