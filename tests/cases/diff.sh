# diff.sh - premig diff: two real scans of one fixture host (the same
# --host-id), changed in between the way a host changes in the weeks
# before cutover, each scan assessed with the built-in packs:
#
#   the OS upgraded      etc/os-release from Ubuntu 22.04 to 24.10, which
#                        MGN does not list: mgn goes from ready (with
#                        conditions) to not-ready by MGN-OS-001
#   a kernel updated     a new boot/vmlinuz, initrd (mkroot.sh, cpio and
#                        zstd) and lib/modules, and the captured
#                        proc/sys/kernel/osrelease of the new one
#   a disk added         a second NVMe image: sparse file, GPT by sfdisk,
#                        ext4 by mke2fs, its sysfs view by fixture.sh
#   a service enabled    by systemctl --root
#   the NIC's address    from DHCP to a static one in its netplan file
#   packages             built by dpkg-deb and installed, upgraded and
#                        removed by dpkg --root into the fixture's own
#                        var/lib/dpkg/status
#
# then the text and JSON of premig diff, a third scan with a collector
# skipped and a fact gone (known -> unknown), a host with one scan, and
# bad input with its exit status (README "Exit status").

TOOLS="$TOP/tests/tools"
export TOOLS
PATH="$PATH:/sbin:/usr/sbin"
H="$OUT/host"
R="$H/root"
DB="$H/db"

# deb NAME VERSION: $OUT/debs/NAME_VERSION.deb, an empty package made by dpkg-deb
deb() {
	dd="$OUT/debs/$1-$2"
	mkdir -p "$dd/DEBIAN" "$dd/usr/share/doc/$1"
	cat >"$dd/DEBIAN/control" <<EOF
Package: $1
Version: $2
Architecture: amd64
Maintainer: premig tests <tests@premig.invalid>
Description: a package made by premig's tests
EOF
	echo "$1 $2" >"$dd/usr/share/doc/$1/README"
	dpkg-deb --root-owner-group -Zgzip --build "$dd" "$OUT/debs/$1_$2.deb" >/dev/null
}

# dpkg_root ARGS...: dpkg on the fixture root's own database
dpkg_root() {
	dpkg --root="$R" --force-script-chrootless "$@" >>"$H/dpkg.log" 2>&1
}

# scan_assess N [SCAN-OPTIONS...]: scan N of the host into $DB, then assess
scan_assess() {
	sn=$1
	shift
	"$PREMIG" scan --quiet --root "$R" --db "$DB" --host-id diff-host "$@" 2>"$H/scan$sn.err"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
		fail "scan $sn: exit $rc" "$(cat "$H/scan$sn.err")"
		return 1
	fi
	if ! "$PREMIG" assess --quiet --db "$DB" --set today=2026-11-22 2>"$H/assess$sn.err"; then
		fail "assess $sn" "$(cat "$H/assess$sn.err")"
		return 1
	fi
	return 0
}

# has NAME FILE LINE: FILE holds LINE, exactly
has() {
	if grep -Fxq -- "$3" "$2"; then ok "$1"; else fail "$1: no line '$3'" "$(cat "$2")"; fi
}

# jqcheck NAME FILE FILTER: the jq filter is true of FILE
jqcheck() {
	if [ "$(jq -r "$3" "$2" 2>&1)" = true ]; then ok "$1"; else fail "$1: $3" "$(head -c 3000 "$2")"; fi
}

setup_host() {
	rm -rf "$H" "$OUT/debs"
	mkdir -p "$R" "$OUT/debs"
	compose_root "$R" hosts/ubuntu2204 disks/ubuntu2204-uefi-gpt boot/ubuntu2204-uefi \
		2>"$H/mk.err" || { fail "fixture" "$(cat "$H/mk.err")"; return 1; }
	cat >"$R/etc/fstab" <<'EOF'
UUID=2a0f5c4e-0001-4c8b-9d9a-0000000022b1 /          ext4  discard,errors=remount-ro 0 1
UUID=5A22-B15F                            /boot/efi  vfat  umask=0077                0 1
EOF
	sh "$TOOLS/efivar.sh" "$R" SecureBoot 0
	# systemd and its units from the services fixture (not its lib and sbin
	# links: the host fixture has lib/modules as a directory)
	(cd "$TOP/tests/golden/services/ubuntu2204-masked/root" && tar cf - etc usr) |
		(cd "$R" && tar xf -) || { fail "fixture: services"; return 1; }
	cat >"$R/usr/lib/systemd/system/premig-agent.service" <<'EOF'
[Unit]
Description=an agent installed before cutover

[Service]
ExecStart=/usr/bin/sleep infinity

[Install]
WantedBy=multi-user.target
EOF
	# an empty dpkg database, as debootstrap leaves it before the first package
	mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates"
	: >"$R/var/lib/dpkg/status"
	deb premig-fixture-tool 1.0-1 && deb premig-fixture-tool 1.1-1 &&
		deb premig-fixture-old 1.0-1 && deb premig-fixture-new 2.0-1 ||
		{ fail "dpkg-deb" ""; return 1; }
	dpkg_root -i "$OUT/debs/premig-fixture-tool_1.0-1.deb" "$OUT/debs/premig-fixture-old_1.0-1.deb" ||
		{ fail "dpkg -i" "$(cat "$H/dpkg.log")"; return 1; }
	return 0
}

# the changes between the two scans
change_host() {
	rel=6.11.0-8-generic
	# Ubuntu 24.10's os-release, as base-files 13.3ubuntu6 ships it
	cat >"$R/etc/os-release" <<'EOF'
PRETTY_NAME="Ubuntu 24.10"
NAME="Ubuntu"
VERSION_ID="24.10"
VERSION="24.10 (Oracular Oriole)"
VERSION_CODENAME=oracular
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
UBUNTU_CODENAME=oracular
EOF
	# the new kernel installed and booted: proc as captured after the reboot
	(. "$TOOLS/mkroot.sh" && : >"$R/boot/vmlinuz-$rel" &&
		initramfs "$R/boot/initrd.img-$rel" microcode+zstd "$rel" \
			net/ethernet/amazon/ena/ena block/xen-blkfront net/xen-netfront) ||
		{ fail "new kernel" ""; return 1; }
	mkdir -p "$R/lib/modules/$rel"
	cp "$R/lib/modules/5.15.0-91-generic/modules.builtin" "$R/lib/modules/$rel/"
	echo "$rel" >"$R/proc/sys/kernel/osrelease"
	echo '#8-Ubuntu SMP PREEMPT_DYNAMIC Mon Sep 16 13:41:20 UTC 2024' >"$R/proc/sys/kernel/version"
	# a second disk: GPT, one ext4 partition
	d="$R/sys/devices/pci0000:00/0000:00:05.0/nvme/nvme1"
	mkdir -p "$d/nvme1n1/queue"
	echo "Amazon Elastic Block Store" >"$d/model"
	echo vol0premigdiff01 >"$d/serial"
	echo 0 >"$d/nvme1n1/removable"
	echo 0 >"$d/nvme1n1/ro"
	echo 0 >"$d/nvme1n1/queue/rotational"
	echo 512 >"$d/nvme1n1/queue/logical_block_size"
	echo 512 >"$d/nvme1n1/queue/physical_block_size"
	ln -sfn ../../nvme1 "$d/nvme1n1/device"
	ln -sfn ../devices/pci0000:00/0000:00:05.0/nvme/nvme1/nvme1n1 "$R/sys/block/nvme1n1"
	sh -s "$R" >"$H/disk.log" 2>&1 <<'EOF' || { fail "new disk" "$(cat "$H/disk.log")"; return 1; }
. "$TOOLS/../golden/disks/fixture.sh"
need sfdisk
need mke2fs
img nvme1n1 1G
table nvme1n1 <<'T'
label: gpt
label-id: 3B1E6D5F-33E5-4D9C-8EAB-0000000033A0
dev/nvme1n1p1 : start=2048, size=2095071, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=3B1E6D5F-33E5-4D9C-8EAB-0000000033A1
T
mke2fs -q -F -t ext4 -U 3b1e6d5f-0001-4d9c-8eab-0000000033b1 -L data \
	-E offset=$((2048 * 512)),lazy_itable_init=1,lazy_journal_init=1 "$DEST/dev/nvme1n1" 65536
kernel_view nvme1n1
EOF
	# the NIC from DHCP to a static address (netplan(5), netplan.io's YAML reference)
	cat >"$R/etc/netplan/50-cloud-init.yaml" <<'EOF'
network:
  version: 2
  ethernets:
    enp1s0:
      dhcp4: false
      addresses: [10.0.5.20/24]
      routes:
        - to: default
          via: 10.0.5.1
      match:
        macaddress: "52:54:00:12:34:56"
      set-name: enp1s0
EOF
	# a service enabled, by systemctl itself
	systemctl --root="$R" enable premig-agent.service >"$H/systemctl.log" 2>&1 ||
		{ fail "systemctl enable" "$(cat "$H/systemctl.log")"; return 1; }
	# packages: one upgraded, one removed, one installed
	dpkg_root -i "$OUT/debs/premig-fixture-tool_1.1-1.deb" "$OUT/debs/premig-fixture-new_2.0-1.deb" &&
		dpkg_root --purge premig-fixture-old || { fail "dpkg" "$(cat "$H/dpkg.log")"; return 1; }
	return 0
}

if setup_host && scan_assess 1; then
	# one scan only: said so, not an error
	"$PREMIG" diff --db "$DB" >"$H/one.txt" 2>"$H/one.err"
	rc=$?
	[ $rc -eq 0 ] && ok "one scan: exit 0" || fail "one scan: exit $rc" "$(cat "$H/one.err")"
	check "one scan: said so" grep -q 'is its only scan: nothing to compare' "$H/one.txt"
	"$PREMIG" diff --db "$DB" --format json >"$H/one.json" 2>&1
	jqcheck "one scan: JSON note" "$H/one.json" \
		'.hosts[0].old == null and .hosts[0].new.id == 1 and (.hosts[0].note | test("only one scan"))'
fi

if [ -f "$DB" ] && change_host && scan_assess 2; then
	if "$PREMIG" diff --db "$DB" >"$H/diff.txt" 2>"$H/diff.err"; then
		ok "diff: exit 0"
	else
		fail "diff: exit" "$(cat "$H/diff.err")"
	fi
	cp "$H/diff.txt" "$OUT/diff.txt"
	T="$H/diff.txt"
	check "text: header names both scans" grep -Eq '^host app02 \(diff-host\): scan 1 \(.*\) -> scan 2 \(.*\)$' "$T"
	# the verdicts first, then the rules, then the facts
	order=$(grep -E '^  [a-z_]+' "$T" | sed 's/^  //; s/:.*//' | head -n 3 | tr '\n' ' ')
	[ "$order" = "verdicts rules os " ] && ok "text: verdicts, rules, then facts" ||
		fail "text: order '$order'" "$(cat "$T")"
	check "text: mgn verdict to not-ready" grep -Eq '^    ~ mgn: verdict ready(-with-conditions)? -> not-ready, blockers 0 -> 1' "$T"
	check "text: MGN-OS-001 pass -> fail" grep -Eq '^    ~ mgn MGN-OS-001 \(blocker; .*\): status pass -> fail' "$T"
	check "text: MGN-OS-001's evidence" grep -Eq '^        evidence: unknown -> \[\{.*"version":"24.10"' "$T"
	check "text: os version" grep -Eq '^    ~ version_id 22.04 -> 24.10, version .* -> .*, pretty_name .*, codename jammy -> oracular$' "$T"
	check "text: kernel release" grep -Eq '^    ~ release 5.15.0-91-generic -> 6.11.0-8-generic, version ' "$T"
	has "text: disk added" "$T" "    + nvme1n1: size_bytes 1073741824, pt_type gpt, model \"Amazon Elastic Block Store\""
	has "text: partition added" "$T" "    + nvme1n1 1: name nvme1n1p1, size_bytes 1072676352, type_name \"Linux filesystem\", fstype ext4"
	has "text: package installed" "$T" "    + premig-fixture-new amd64: version 2.0-1"
	has "text: package removed" "$T" "    - premig-fixture-old amd64: version 1.0-1"
	has "text: package upgraded" "$T" "    ~ premig-fixture-tool amd64: version 1.0-1 -> 1.1-1"
	has "text: NIC configuration" "$T" "    ~ enp1s0: config dhcp -> static"
	has "text: address added" "$T" "    + enp1s0 10.0.5.20: prefix 24"
	has "text: service enabled" "$T" "    ~ systemd premig-agent.service: state disabled -> enabled"
	if grep -Eq '^  (hardware|boot|identity|volumes|fstab)$' "$T"; then
		fail "text: an unchanged area listed" "$(cat "$T")"
	else
		ok "text: unchanged areas are not listed"
	fi

	"$PREMIG" diff --db "$DB" --format json >"$H/diff.json" 2>"$H/diffj.err"
	J="$H/diff.json"
	cp "$J" "$OUT/diff.json"
	jqcheck "json: format, generator" "$J" '.format == 1 and (.generator | startswith("premig "))'
	jqcheck "json: the two scans with their times" "$J" \
		'.hosts[0] | .old.id == 1 and .new.id == 2 and (.old.started_at | test("^[0-9]{4}-")) and (.new.finished_at | test("Z$")) and .old.assessed and .new.assessed and .host_key == "diff-host" and .hostname == "app02"'
	jqcheck "json: verdicts first" "$J" '[.hosts[0].areas[].area][0:3] == ["verdicts", "rules", "os"]'
	jqcheck "json: mgn verdict change" "$J" \
		'.hosts[0].areas[] | select(.area == "verdicts") | .changes[] | select(.key.profile == "mgn") | .change == "changed" and .new.verdict == "not-ready" and (.changed | index("verdict")) != null'
	jqcheck "json: MGN-OS-001 with evidence" "$J" \
		'.hosts[0].areas[] | select(.area == "rules") | .changes[] | select(.key.rule_id == "MGN-OS-001") | .old.status == "pass" and .new.status == "fail" and .new.evidence[0].os_id == "ubuntu" and .labels.severity == "blocker"'
	jqcheck "json: packages" "$J" \
		'[.hosts[0].areas[] | select(.area == "packages") | .changes[] | [.change, .key.name, .old.version, .new.version]] == [["removed","premig-fixture-old","1.0-1",null],["added","premig-fixture-new",null,"2.0-1"],["changed","premig-fixture-tool","1.0-1","1.1-1"]] or ([.hosts[0].areas[] | select(.area == "packages") | .changes[] | .change] | sort) == ["added","changed","removed"]'
	jqcheck "json: disk added" "$J" \
		'[.hosts[0].areas[] | select(.area == "disks") | .changes[] | select(.change == "added") | .key.name] == ["nvme1n1"]'
	jqcheck "json: kernel release" "$J" \
		'.hosts[0].areas[] | select(.area == "kernel") | .changes[0] | .old.release == "5.15.0-91-generic" and .new.release == "6.11.0-8-generic"'

	# the same scans by id, the other way round, and by hostname
	"$PREMIG" diff --db "$DB" --host app02 2 1 >"$H/rev.txt" 2>&1
	check "--host by hostname" test -s "$H/rev.txt"
	check "explicit ids, reversed: 24.10 -> 22.04" grep -q '~ version_id 24.10 -> 22.04' "$H/rev.txt"
	check "explicit ids, reversed: mgn back to ready" grep -Eq '~ mgn: verdict not-ready -> ready' "$H/rev.txt"
	"$PREMIG" diff --db "$DB" 2 2 >"$H/same.txt" 2>&1
	check "a scan against itself: no change" grep -qx '  no change' "$H/same.txt"

	# scan 3: packages skipped, proc/meminfo gone: known -> unknown, value -> unknown
	mv "$R/proc/meminfo" "$H/meminfo"
	# a name that would drive the terminal: ESC [ 2 J clears the screen
	sed -i "s/^PRETTY_NAME=.*/PRETTY_NAME=\"Ubuntu $(printf '\033')[2J\"/" "$R/etc/os-release"
	if scan_assess 3 --skip packages; then
		"$PREMIG" diff --db "$DB" >"$H/three.txt" 2>&1
		check "skipped collector: known -> unknown" grep -q '^  packages: known -> unknown: "the packages collector was skipped: in --skip"$' "$H/three.txt"
		check "a fact gone: value -> unknown" grep -Eq '^    ~ ram_mib [0-9]+ -> unknown$' "$H/three.txt"
		if grep -q "$(printf '\033')" "$H/three.txt"; then
			fail "text: a control character from the host reaches the terminal" "$(od -c "$H/three.txt" | head)"
		else
			ok "text: no control character from the host reaches the terminal"
		fi
		check "text: the control character is escaped" grep -Fq 'pretty_name "Ubuntu 24.10" -> "Ubuntu \u001B[2J"' "$H/three.txt"
		if grep -q 'premig-fixture' "$H/three.txt"; then
			fail "skipped collector: its rows are not shown as removed" "$(cat "$H/three.txt")"
		else
			ok "skipped collector: its rows are not shown as removed"
		fi
		"$PREMIG" diff --db "$DB" --format json >"$H/three.json" 2>&1
		jqcheck "json: known -> unknown" "$H/three.json" \
			'.hosts[0].areas[] | select(.area == "packages") | .old_known == true and .new_known == false and (.new_reason | test("skipped"))'
		jqcheck "json: value -> null" "$H/three.json" \
			'.hosts[0].areas[] | select(.area == "hardware") | .changes[0] | (.old.ram_mib | type) == "number" and .new.ram_mib == null'
	fi
	mv "$H/meminfo" "$R/proc/meminfo"

	# another host in the store, scanned once
	"$PREMIG" scan --quiet --root "$R" --db "$DB" --host-id other-host --only os,identity 2>/dev/null
	"$PREMIG" diff --db "$DB" >"$H/fleet.txt" 2>&1
	check "fleet: the host with one scan" grep -q '^host app02 (other-host): scan 4 (.*) is its only scan' "$H/fleet.txt"
	check "fleet: the host with two" grep -q '^host app02 (diff-host): scan 2 (.*) -> scan 3' "$H/fleet.txt"

	# bad input: a clear message and the documented exit status
	expect_exit "no such scan" 5 "no scan 99 in" "$PREMIG" diff --db "$DB" 1 99
	expect_exit "a scan of another host" 5 "scan 4 is not of host 'diff-host'" \
		"$PREMIG" diff --db "$DB" --host diff-host 1 4
	# both hosts are named app02: the name is not enough
	expect_exit "--host: a hostname of two hosts" 5 "names 2 hosts" "$PREMIG" diff --db "$DB" --host app02
	expect_exit "--host unknown" 5 "no host 'nosuch'" "$PREMIG" diff --db "$DB" --host nosuch
	expect_exit "one scan id" 2 "two scan ids" "$PREMIG" diff --db "$DB" 1
	expect_exit "a scan id that is not a number" 2 "expected a scan id" "$PREMIG" diff --db "$DB" 1 x
	expect_exit "unknown format" 2 "unknown format 'xml'" "$PREMIG" diff --db "$DB" --format xml
	sqlite3 "$OUT/other.db" 'CREATE TABLE t (a);' 2>/dev/null
	expect_exit "--db: another program's database" 4 "not a premig database" \
		"$PREMIG" diff --db "$OUT/other.db"
	echo 'not a database' >"$OUT/text.db"
	expect_exit "--db: not SQLite" 4 "cannot open database" "$PREMIG" diff --db "$OUT/text.db"
	expect_exit "--db: missing" 4 "cannot open database" "$PREMIG" diff --db "$OUT/nosuch.db"
fi
