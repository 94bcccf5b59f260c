# verdicts.sh - whole-host verdicts over the fixture hosts of the earlier
# issues, scanned with every collector and assessed with the built-in packs
# (deadlines judged at --set today=2026-11-22):
#
#   CentOS 6.5 on BIOS and MBR      sms ready or ready-with-conditions
#   Ubuntu 22.04 on UEFI and GPT    sms not-ready; mgn ready or ready-with-conditions
#   24 disks                        sms not-ready (SMS-VOL-001)
#   32-bit CentOS 6.10              not-ready for both (SMS-ARCH-001, MGN-ARCH-002)
#   the CentOS host scanned by an unprivileged user who cannot read its disk:
#                                   sms unknown, each unknown with its reason
#
# A host is composed from the pieces the other groups test one collector
# at a time: tests/golden/hosts/<h> (os, kernel, hardware, nics),
# tests/golden/disks/<d> (sysfs and disk images), tests/golden/boot/<b>
# (the bootloader's files).  Those pieces were written apart, so the glue
# here gives the composed host an etc/fstab naming its own disks' UUIDs
# and, on UEFI, the captured SecureBoot variable (off).

TOOLS="$TOP/tests/tools"
export TOOLS
PATH="$PATH:/sbin:/usr/sbin"

# compose NAME PIECE...: the root $OUT/NAME/root from the pieces, in order
compose() {
	cn=$1
	shift
	rm -rf "$OUT/$cn"
	mkdir -p "$OUT/$cn/root"
	if ! compose_root "$OUT/$cn/root" "$@" 2>"$OUT/$cn/mk.err"; then
		fail "$cn: fixture $*" "$(cat "$OUT/$cn/mk.err")"
		return 1
	fi
	return 0
}

# assess_host NAME [SCAN-PREFIX...]: scans $OUT/NAME/root with every
# collector (SCAN-PREFIX runs the scan, as another user), assesses both
# packs, writes $OUT/NAME/report.json
assess_host() {
	ah=$1
	shift
	rm -f "$OUT/$ah/db" "$OUT/$ah/db-wal" "$OUT/$ah/db-shm"
	"$@" "$PREMIG" scan --quiet --root "$OUT/$ah/root" --db "$OUT/$ah/db" --host-id "$ah" \
		2>"$OUT/$ah/scan.err"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
		fail "$ah: scan exit $rc" "$(cat "$OUT/$ah/scan.err")"
		return 1
	fi
	if ! "$PREMIG" assess --db "$OUT/$ah/db" --set today=2026-11-22 >"$OUT/$ah/assess.out" \
		2>"$OUT/$ah/assess.err"; then
		fail "$ah: assess" "$(cat "$OUT/$ah/assess.err")"
		return 1
	fi
	"$PREMIG" report --format json --db "$OUT/$ah/db" -o "$OUT/$ah/report.json"
}

# verdict NAME PROFILE ALLOWED...: the host's verdict is one of ALLOWED
verdict() {
	vn=$1 vp=$2
	shift 2
	got=$(jq -r ".hosts[0].assessments.$vp.verdict" "$OUT/$vn/report.json" 2>/dev/null)
	for want; do
		if [ "$got" = "$want" ]; then
			ok "$vn: $vp $got"
			return 0
		fi
	done
	fail "$vn: $vp verdict '$got', want $*" "$(jq -r ".hosts[0].assessments.$vp.rules[]
		| select(.status != \"pass\") | \"\(.severity) \(.id) \(.status): \(.reason // (.evidence | tostring))\"" \
		"$OUT/$vn/report.json" 2>&1)"
}

# rule NAME RULE-ID STATUS: a rule's status on the host
rule() {
	got=$(jq -r --arg id "$2" '.hosts[0].assessments[].rules[] | select(.id == $id) | .status' \
		"$OUT/$1/report.json" 2>/dev/null)
	[ "$got" = "$3" ] && ok "$1: $2 $3" || fail "$1: $2 is '$got', want $3"
}

# ---- CentOS 6.5 on BIOS and MBR -------------------------------------------
if compose centos6 hosts/centos6 disks/centos6-bios-mbr boot/centos6-grub-legacy; then
	cat >"$OUT/centos6/root/etc/fstab" <<'EOF'
UUID=1b2c3d4e-0003-4c6f-8a00-0000000000a3 /      ext4    defaults        1 1
UUID=1b2c3d4e-0001-4c6f-8a00-0000000000a1 /boot  ext4    defaults        1 2
UUID=1b2c3d4e-0002-4c6f-8a00-0000000000a2 swap   swap    defaults        0 0
tmpfs                   /dev/shm                tmpfs   defaults        0 0
EOF
	if assess_host centos6; then
		verdict centos6 sms ready ready-with-conditions
		rule centos6 SMS-BOOT-001 pass
		rule centos6 SMS-BOOT-005 pass
		rule centos6 SMS-OS-001 pass
		# the fixture has a DVD drive: a condition, not a blocker
		rule centos6 SMS-HW-001 fail
	fi
fi

# ---- Ubuntu 22.04 on UEFI and GPT -------------------------------------------
if compose ubuntu2204 hosts/ubuntu2204 disks/ubuntu2204-uefi-gpt boot/ubuntu2204-uefi; then
	cat >"$OUT/ubuntu2204/root/etc/fstab" <<'EOF'
UUID=2a0f5c4e-0001-4c8b-9d9a-0000000022b1 /          ext4  discard,errors=remount-ro 0 1
UUID=5A22-B15F                            /boot/efi  vfat  umask=0077                0 1
EOF
	sh "$TOOLS/efivar.sh" "$OUT/ubuntu2204/root" SecureBoot 0
	if assess_host ubuntu2204; then
		verdict ubuntu2204 sms not-ready
		verdict ubuntu2204 mgn ready ready-with-conditions
		rule ubuntu2204 SMS-BOOT-002 fail
		rule ubuntu2204 SMS-OS-001 fail
		rule ubuntu2204 MGN-OS-001 pass
		rule ubuntu2204 MGN-BOOT-003 pass
	fi
fi

# ---- 24 disks ------------------------------------------------------------------
if compose disks24 hosts/rhel7 disks/disks24; then
	if assess_host disks24; then
		verdict disks24 sms not-ready
		rule disks24 SMS-VOL-001 fail
		got=$(jq -c '.hosts[0].assessments.sms.rules[] | select(.id == "SMS-VOL-001") | .evidence[0] | [.volumes, .max_volumes]' \
			"$OUT/disks24/report.json")
		[ "$got" = "[24,22]" ] && ok "disks24: the evidence counts 24 volumes against 22" ||
			fail "disks24: SMS-VOL-001 evidence $got"
	fi
fi

# ---- 32-bit ---------------------------------------------------------------------
if compose i686 hosts/centos6-i686; then
	if assess_host i686; then
		verdict i686 sms not-ready
		verdict i686 mgn not-ready
		rule i686 SMS-ARCH-001 fail
		rule i686 MGN-ARCH-002 fail
	fi
fi

# ---- not root: what cannot be read is unknown, with the reason ----------------
if [ "$(id -u)" -eq 0 ]; then
	asnobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
	mkdir -p "$OUT/nobody"
	cp -a "$OUT/centos6" "$OUT/nobody/" 2>/dev/null &&
		rm -rf "$OUT/nobody/centos6/db"* && chmod -R a+rX "$OUT/nobody" &&
		chmod 600 "$OUT/nobody/centos6/root/dev/sda" && chmod 777 "$OUT/nobody/centos6"
	if $asnobody test -r "$OUT/nobody/centos6/root/etc/fstab" 2>/dev/null; then
		OUT_SAVED=$OUT
		OUT="$OUT/nobody"
		if assess_host centos6 $asnobody; then
			verdict centos6 sms unknown
			reasons=$(jq -r '.hosts[0].assessments.sms.rules[] | select(.status == "unknown") | .reason' \
				"$OUT/centos6/report.json")
			if [ -n "$reasons" ] && printf '%s\n' "$reasons" | grep -q 'Permission denied'; then
				ok "not root: the unknowns say why ($(printf '%s\n' "$reasons" | head -n 1))"
			else
				fail "not root: the unknowns' reasons" "$reasons"
			fi
			got=$(jq '[.hosts[0].assessments.sms.rules[] | select(.status == "unknown" and (.reason // "") == "")] | length' \
				"$OUT/centos6/report.json")
			[ "$got" = 0 ] && ok "not root: every unknown has a reason" || fail "not root: $got unknowns without a reason"
		fi
		OUT=$OUT_SAVED
	else
		fail "not root: $OUT is not readable by nobody; cannot run the check"
	fi
else
	if assess_host centos6; then
		verdict centos6 sms unknown ready ready-with-conditions
	fi
fi
