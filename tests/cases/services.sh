# services.sh - the malformed corpus of tests/malformed/services (link
# loops, binary and empty unit files, odd inittab and rc names) read without
# a crash, and what each must say; then svc_lookup as the firewall uses it.

# swant CASE JQ EXPECTED: scans the case with --only services and compares
# the jq expression's compact output over the host object
swant() {
	sroot="$TOP/tests/malformed/services/$1/root"
	[ -d "$sroot" ] || sroot="$1"
	rm -f "$OUT/s.db"
	"$PREMIG" scan --root "$sroot" --db "$OUT/s.db" --host-id s --only services --quiet \
		2>"$OUT/s.err"
	src=$?
	"$PREMIG" report --format json --db "$OUT/s.db" -o "$OUT/s.json" 2>>"$OUT/s.err"
	sgot=$(jq -c ".hosts[0] | $2" "$OUT/s.json" 2>&1)
	if grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$OUT/s.err"; then
		fail "services $1: sanitizer" "$(cat "$OUT/s.err")"
	elif [ $src -ne 0 ] && [ $src -ne 3 ]; then
		fail "services $1: scan exit $src" "$(cat "$OUT/s.err")"
	elif [ "$sgot" = "$3" ]; then
		ok "services $1"
	else
		fail "services $1" "want: $3
got:  $sgot"
	fi
}

swant init-link-loop '[.init_system.init, (.collectors[] | select(.name == "services") | .reason), [.services[] | [.name, .state]]]' \
	'[null,"init system unknown: cannot read sbin/init; default runlevel unknown: no initdefault in etc/inittab",[["lone",null]]]'
swant inittab-odd '[.init_system.default_runlevel, [.services[] | [.name, .state, .evidence]]]' \
	'[4,[["svc","enabled","etc/rc.d/rc4.d/S01svc"]]]'
swant unit-binary '[(.collectors[] | select(.name == "services") | .reason), [.services[] | [.name, .state]]]' \
	'["cannot read '"'"'usr/lib/systemd/system/odd.service'"'"': binary content where text was expected",[["bare-install.service","static"],["empty-wantedby.service","static"],["odd.service",null],["zero.service","masked"]]]'
# a .wants link to itself is no directory: systemctl reads no links there,
# and neither does premig; a dangling link and an alias of a directory are
# "bad", as systemctl 252 says of this tree; a wants link to a unit with no
# file lists nothing, as in `systemctl list-unit-files`
swant wants-loop '[.init_system.default_target, (.collectors[] | select(.name == "services") | .reason), [.services[] | [.name, .state]]]' \
	'[null,null,[["default.target","bad"],["ghost.service","bad"]]]'

# a unit file over the read cap: unknown state, a note, no crash
big="$OUT/bigunit"
rm -rf "$big"
mkdir -p "$big/usr/lib/systemd/system" "$big/sbin"
: >"$big/usr/lib/systemd/systemd"
ln -s ../usr/lib/systemd/systemd "$big/sbin/init"
awk 'BEGIN { print "[Unit]"; for (i = 0; i < 20000; i++) print "Description=padding padding padding" }' \
	>"$big/usr/lib/systemd/system/big.service"
swant "$big" '[.services[] | [.name, .state]]' '[["big.service",null]]'

# the firewall's view of a service is the services collector's: same state
for c in rhel9-systemd centos6-sysv ubuntu2204-masked ubuntu1404-upstart; do
	groot="$OUT/sf-$c"
	rm -rf "$groot" "$OUT/sf.db"
	(cd "$TOP/tests/golden/services/$c/root" && tar cf - .) | (mkdir -p "$groot" && cd "$groot" && tar xf -)
	# each firewall present, so that its boot state is looked up
	mkdir -p "$groot/etc/sysconfig" "$groot/etc/ufw"
	printf '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n' >"$groot/etc/sysconfig/iptables"
	printf 'ENABLED=yes\n' >"$groot/etc/ufw/ufw.conf"
	"$PREMIG" scan --root "$groot" --db "$OUT/sf.db" --host-id sf --only services,firewall \
		--quiet 2>"$OUT/sf.err"
	"$PREMIG" report --format json --db "$OUT/sf.db" -o "$OUT/sf.json" 2>>"$OUT/sf.err"
	# ufw and iptables are the services these fixtures share with a firewall
	got=$(jq -c '.hosts[0] | [.firewall[] | select(.kind == "iptables" or .kind == "ufw")
		| [.kind, .enabled]]' "$OUT/sf.json")
	want=$(jq -c '.hosts[0] | [.services as $s | ("iptables", "ufw") as $k
		| [$k, ([$s[] | select(.service == $k) | .state == "enabled"] | any)]]' "$OUT/sf.json")
	if [ "$got" = "$want" ]; then
		ok "services $c: the firewall sees the same boot state ($got)"
	else
		fail "services $c: firewall and services disagree" "firewall: $got
services: $want"
	fi
done

# SysV scripts under systemd: systemd-sysv-generator hooks the S links of
# rc2.d-rc4.d to multi-user.target and of rc5.d to graphical.target, and
# reads no rcS.d.  sysvroot DIR INIT DEFAULT builds a root with the scripts
# legacyd (rc2 and rc3), only5 (rc5), early (rcS) and off (a K link in
# rc3); INIT is systemd or sysv, DEFAULT the default target or runlevel
sysvroot() {
	rm -rf "$1"
	mkdir -p "$1/sbin" "$1/usr/lib/systemd/system" "$1/etc/systemd/system" "$1/etc/init.d" \
		"$1/etc/rc2.d" "$1/etc/rc3.d" "$1/etc/rc4.d" "$1/etc/rc5.d" "$1/etc/rcS.d"
	: >"$1/usr/lib/systemd/systemd"
	if [ "$2" = systemd ]; then
		ln -s ../usr/lib/systemd/systemd "$1/sbin/init"
		ln -s "/usr/lib/systemd/system/$3" "$1/etc/systemd/system/default.target"
	else
		: >"$1/sbin/init"
		printf 'id:%s:initdefault:\n' "$3" >"$1/etc/inittab"
	fi
	for s in legacyd only5 early off; do
		printf '#!/bin/sh\n' >"$1/etc/init.d/$s"
		chmod 755 "$1/etc/init.d/$s"
	done
	ln -s ../init.d/legacyd "$1/etc/rc2.d/S20legacyd"
	ln -s ../init.d/legacyd "$1/etc/rc3.d/S20legacyd"
	ln -s ../init.d/only5 "$1/etc/rc5.d/S30only5"
	ln -s ../init.d/early "$1/etc/rcS.d/S05early"
	ln -s ../init.d/off "$1/etc/rc3.d/K10off"
}
sysvq='[.services[] | select(.manager == "sysv") | [.name, .state, .evidence]]'

sysvroot "$OUT/sysv-graphical" systemd graphical.target
swant "$OUT/sysv-graphical" "$sysvq" \
	'[["early","disabled","no S link in runlevels 2-5; etc/rcS.d/S05early (not read under systemd)"],["legacyd","enabled","etc/rc2.d/S20legacyd; etc/rc3.d/S20legacyd"],["off","disabled","etc/rc3.d/K10off"],["only5","enabled","etc/rc5.d/S30only5"]]'
sysvroot "$OUT/sysv-multiuser" systemd multi-user.target
swant "$OUT/sysv-multiuser" "$sysvq" \
	'[["early","disabled","no S link in runlevels 2-4; etc/rcS.d/S05early (not read under systemd)"],["legacyd","enabled","etc/rc2.d/S20legacyd; etc/rc3.d/S20legacyd"],["off","disabled","etc/rc3.d/K10off"],["only5","disabled","no S link in runlevels 2-4"]]'
sysvroot "$OUT/sysv-runlevel4" systemd runlevel4.target
swant "$OUT/sysv-runlevel4" "$sysvq" \
	'[["early","disabled","no S link in runlevels 2-4; etc/rcS.d/S05early (not read under systemd)"],["legacyd","enabled","etc/rc2.d/S20legacyd; etc/rc3.d/S20legacyd"],["off","disabled","etc/rc3.d/K10off"],["only5","disabled","no S link in runlevels 2-4"]]'
sysvroot "$OUT/sysv-rescue" systemd rescue.target
swant "$OUT/sysv-rescue" "$sysvq" \
	'[["early","disabled","rescue.target starts no SysV runlevel; etc/rcS.d/S05early (not read under systemd)"],["legacyd","disabled","rescue.target starts no SysV runlevel"],["off","disabled","rescue.target starts no SysV runlevel"],["only5","disabled","rescue.target starts no SysV runlevel"]]'
# no default.target: every runlevel systemd hooks counts, and says so
sysvroot "$OUT/sysv-nodefault" systemd none
rm "$OUT/sysv-nodefault/etc/systemd/system/default.target"
swant "$OUT/sysv-nodefault" "$sysvq" \
	'[["early","disabled","no S link in runlevels 2-5; etc/rcS.d/S05early (not read under systemd)"],["legacyd","enabled","etc/rc2.d/S20legacyd; etc/rc3.d/S20legacyd; default target unknown"],["off","disabled","etc/rc3.d/K10off"],["only5","enabled","etc/rc5.d/S30only5; default target unknown"]]'
sysvroot "$OUT/sysv-custom" systemd custom.target
swant "$OUT/sysv-custom" '[.services[] | select(.name == "legacyd") | .evidence]' \
	'["etc/rc2.d/S20legacyd; etc/rc3.d/S20legacyd; default target custom.target is no runlevel'"'"'s target"]'
# SysV init runs its default runlevel and rcS.d only
sysvroot "$OUT/sysv-init5" sysv 5
swant "$OUT/sysv-init5" "$sysvq" \
	'[["early","enabled","etc/rcS.d/S05early"],["legacyd","disabled","no S link in runlevel 5"],["off","disabled","no S link in runlevel 5"],["only5","enabled","etc/rc5.d/S30only5"]]'
sysvroot "$OUT/sysv-init3" sysv 3
swant "$OUT/sysv-init3" "$sysvq" \
	'[["early","enabled","etc/rcS.d/S05early"],["legacyd","enabled","etc/rc3.d/S20legacyd"],["off","disabled","etc/rc3.d/K10off"],["only5","disabled","no S link in runlevel 3"]]'
# a unit directory that cannot be listed: no S link is no "disabled"
sysvroot "$OUT/sysv-unlisted" systemd multi-user.target
ln -s system.control "$OUT/sysv-unlisted/etc/systemd/system.control"
swant "$OUT/sysv-unlisted" '[.services[] | select(.name == "legacyd" or .name == "only5") | [.name, .state, .evidence]]' \
	'[["legacyd","enabled","etc/rc2.d/S20legacyd; etc/rc3.d/S20legacyd"],["only5",null,"no S link found, but cannot list '"'"'etc/systemd/system.control'"'"': too many levels of symbolic links"]]'

# [Install] keys: systemd allows blanks around '='; an empty value enables
# nothing; only Also= is "indirect" (systemctl 252 says so of this tree;
# it knows no UpheldBy= in [Install], which systemd 254 and later read)
iroot="$OUT/install-blanks"
rm -rf "$iroot"
mkdir -p "$iroot/sbin" "$iroot/usr/lib/systemd/system"
: >"$iroot/usr/lib/systemd/systemd"
ln -s ../usr/lib/systemd/systemd "$iroot/sbin/init"
unit() { printf '[Unit]\nDescription=%s\n\n[Install]\n%b\n' "$1" "$2" >"$iroot/usr/lib/systemd/system/$1"; }
unit spaced.service 'WantedBy = multi-user.target'
unit tabbed.service 'RequiredBy\t=\tgraphical.target'
unit before.service 'UpheldBy =multi-user.target'
unit after.socket 'Also= spaced.service'
unit alias.service '  Alias = other.service  '
unit blank.service 'WantedBy =  '
unit prefix.service 'WantedByX = multi-user.target'
swant "$iroot" '[.services[] | [.name, .state, .evidence]]' \
	'[["after.socket","indirect","[Install] Also= spaced.service"],["alias.service","disabled","[Install] Alias = other.service; no enabling link"],["before.service","disabled","[Install] UpheldBy =multi-user.target; no enabling link"],["blank.service","static","no [Install] section"],["prefix.service","static","no [Install] section"],["spaced.service","disabled","[Install] WantedBy = multi-user.target; no enabling link"],["tabbed.service","disabled","[Install] RequiredBy\t=\tgraphical.target; no enabling link"]]'
