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
swant wants-loop '[.init_system.default_target, (.collectors[] | select(.name == "services") | .reason), [.services[] | [.name, .state, .evidence]]]' \
	'[null,"cannot list '"'"'etc/systemd/system/multi-user.target.wants'"'"': too many levels of symbolic links",[["absent.socket","enabled","etc/systemd/system/sockets.target.wants/absent.socket; no unit file"],["ghost.service",null,"'"'"'etc/systemd/system/ghost.service'"'"' leads nowhere"]]]'

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
