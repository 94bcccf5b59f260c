# units.sh - systemd unit states read from a real unit tree, compared with
# what systemctl itself says of the same root.
#
# The root is built from real files only: the unit files this Debian
# machine's packages installed (systemd, apt, ...: /usr/lib/systemd/system
# with its vendor .wants/ links, drop-ins and presets), and the unit files of
# Debian's network-manager package, unpacked with `apt-get download` and
# `dpkg -x` (no installation).  Enablement is made by systemctl --root, as a
# Debian install and its administrator make it: preset-all, enable, disable,
# mask, link, add-wants, set-default, --runtime.  Then every unit's state
# from premig must be what `systemctl --root=DIR list-unit-files` says:
# systemctl is the authority, not premig's reading of the files.

# uscan ROOT: premig's scan of ROOT, "name state" of every systemd row, sorted
uscan() {
	rm -f "$OUT/u.db"
	"$PREMIG" scan --root "$1" --db "$OUT/u.db" --host-id u --only services --quiet \
		2>"$OUT/u.err"
	"$PREMIG" report --format json --db "$OUT/u.db" -o "$OUT/u.json" 2>>"$OUT/u.err"
	jq -r '.hosts[0].services[] | select(.manager == "systemd")
		| "\(.name) \(.state // "UNKNOWN")"' "$OUT/u.json" | sort
}

# ucompare NAME ROOT: premig's states equal systemctl's, unit for unit
ucompare() {
	systemctl --root="$2" list-unit-files --no-legend --no-pager 2>/dev/null |
		awk '{ print $1, $2 }' | sort >"$OUT/u.want"
	uscan "$2" >"$OUT/u.got"
	if grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$OUT/u.err"; then
		fail "units $1: sanitizer" "$(cat "$OUT/u.err")"
	elif [ ! -s "$OUT/u.want" ]; then
		fail "units $1: systemctl listed nothing"
	elif cmp -s "$OUT/u.want" "$OUT/u.got"; then
		ok "units $1: $(wc -l <"$OUT/u.got") units as systemctl says"
	else
		fail "units $1: premig and systemctl disagree (- systemctl, + premig)" \
			"$(diff "$OUT/u.want" "$OUT/u.got" | grep '^[<>]' | sed 's/^</-/; s/^>/+/')"
	fi
}

# uwant NAME UNIT JQ EXPECTED: one unit's row, by a jq expression
uwant() {
	got=$(jq -c --arg u "$2" '.hosts[0].services[] | select(.manager == "systemd" and .name == $u)
		| '"$3" "$OUT/u.json")
	if [ "$got" = "$4" ]; then
		ok "units $1"
	else
		fail "units $1" "want: $4
got:  $got"
	fi
}

if ! command -v systemctl >/dev/null 2>&1 || [ ! -d /usr/lib/systemd/system ]; then
	fail "units: systemctl and /usr/lib/systemd/system are needed (Debian's systemd package)"
	return 0 2>/dev/null || exit 0
fi

R="$OUT/debian"
rm -rf "$R"
mkdir -p "$R/usr/lib/systemd" "$R/etc/systemd/system" "$R/sbin" "$R/opt"
# merged /usr, as Debian 12 installs it
ln -s usr/lib "$R/lib"
ln -s /lib/systemd/systemd "$R/sbin/init"
cp -a /usr/lib/systemd/system /usr/lib/systemd/system-preset "$R/usr/lib/systemd/"

# network-manager's units: Alias=dbus-org.freedesktop.nm-dispatcher.service
# is how NetworkManager-dispatcher.service is enabled
debs="$TOP/tests/out/debs"
mkdir -p "$debs"
nm=$(ls "$debs"/network-manager_*.deb 2>/dev/null | head -n 1)
if [ -z "$nm" ]; then
	(cd "$debs" && apt-get download network-manager >/dev/null 2>&1)
	nm=$(ls "$debs"/network-manager_*.deb 2>/dev/null | head -n 1)
fi
if [ -n "$nm" ]; then
	mkdir -p "$OUT/nm"
	dpkg -x "$nm" "$OUT/nm"
	cp -a "$OUT/nm/lib/systemd/system/." "$R/usr/lib/systemd/system/" 2>/dev/null ||
		cp -a "$OUT/nm/usr/lib/systemd/system/." "$R/usr/lib/systemd/system/"
fi

sc() { systemctl --root="$R" --no-reload "$@" >/dev/null 2>&1; }
# what the installer does (Debian: deb-systemd-helper enable, as presets do)
sc preset-all
[ -n "$nm" ] && sc enable NetworkManager.service NetworkManager-dispatcher.service \
	NetworkManager-wait-online.service
sc enable apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer
sc set-default multi-user.target
# what an administrator does
sc disable systemd-networkd.service
sc mask systemd-homed.service
sc add-wants multi-user.target debug-shell.service
cp /usr/lib/systemd/system/systemd-networkd-wait-online.service "$R/opt/extra.service"
sc link /opt/extra.service
sc --runtime enable systemd-networkd.service
sc --runtime mask systemd-pstore.service

ucompare "Debian 12 unit tree" "$R"
uscan "$R" >/dev/null
# the three faults of issue 7 item 6, named
if [ -n "$nm" ]; then
	uwant "an Alias= link enables" NetworkManager-dispatcher.service '[.state, .evidence]' \
		'["enabled","alias etc/systemd/system/dbus-org.freedesktop.nm-dispatcher.service"]'
else
	fail "units: network-manager could not be fetched (apt-get download network-manager)"
fi
uwant "an Alias= link enables (timesyncd)" systemd-timesyncd.service '.state' '"enabled"'
uwant "a vendor .wants link is no enablement" systemd-journald.service '[.type, .state, .evidence]' \
	'["service","static","no [Install] section; pulled in by usr/lib/systemd/system/sysinit.target.wants/systemd-journald.service"]'
uwant "timers are listed" apt-daily.timer '[.type, .state, .service]' '["timer","enabled","apt-daily.timer"]'
uwant "targets are listed" remote-fs.target '[.type, .state]' '["target","enabled"]'
uwant "runtime enablement" systemd-networkd.service '.state' '"enabled-runtime"'
uwant "runtime mask" systemd-pstore.service '.state' '"masked-runtime"'
uwant "a linked unit" extra.service '[.state, .path]' '["linked","opt/extra.service"]'

# the same tree as an older Debian lays it out: lib/ apart from usr/lib/
# (systemd 247 in Debian 11 reads lib/systemd/system first)
S="$OUT/split"
rm -rf "$S"
mkdir -p "$S/lib/systemd" "$S/usr/lib/systemd/system" "$S/sbin"
cp -a "$R/etc" "$R/opt" "$S/"
cp -a "$R/usr/lib/systemd/system" "$R/usr/lib/systemd/system-preset" "$S/lib/systemd/"
ln -s /lib/systemd/systemd "$S/sbin/init"
# a unit in both: lib/ hides usr/lib/
cp "$S/lib/systemd/system/cron.service" "$S/usr/lib/systemd/system/" 2>/dev/null
ucompare "split /usr" "$S"

# the [Install] cases systemctl treats apart, checked against it too
X="$OUT/edge"
rm -rf "$X"
mkdir -p "$X/usr/lib/systemd/system/multi-user.target.wants" "$X/etc/systemd/system" "$X/sbin"
ln -s /lib/systemd/systemd "$X/sbin/init"
U="$X/usr/lib/systemd/system"
E="$X/etc/systemd/system"
unit() { printf '[Unit]\nDescription=%s\n\n[Service]\nExecStart=/bin/true\n%b\n' "$1" "$2" >"$U/$1"; }
unit real.service '[Install]\nWantedBy=multi-user.target\nAlias=other.service'
ln -s /usr/lib/systemd/system/real.service "$E/other.service"
unit self.service '[Install]\nWantedBy=multi-user.target'
ln -s /usr/lib/systemd/system/self.service "$E/self.service"
ln -s /nonexistent/dangle.service "$E/dangle.service"
ln -s /usr/lib/systemd/system/missing.service "$E/missing-alias.service"
ln -s /usr/lib/systemd/system/real.service "$E/wrong.socket"
unit vendor.service '[Install]\nWantedBy=multi-user.target'
ln -s ../vendor.service "$U/multi-user.target.wants/vendor.service"
unit tmpl@.service '[Install]\nWantedBy=multi-user.target\nDefaultInstance=a'
unit other@.service '[Install]\nWantedBy=multi-user.target'
mkdir -p "$E/multi-user.target.wants"
ln -s /usr/lib/systemd/system/tmpl@.service "$E/multi-user.target.wants/tmpl@a.service"
ln -s /usr/lib/systemd/system/other@.service "$E/multi-user.target.wants/other@x.service"
unit dropin.service ''
mkdir -p "$E/dropin.service.d"
printf '[Install]\nWantedBy=multi-user.target\n' >"$E/dropin.service.d/install.conf"
unit reset.service '[Install]\nWantedBy=multi-user.target\nWantedBy='
unit cont.service '[Install]\nWantedBy=\\\n  multi-user.target'
unit badhead.service '[Install\nWantedBy=multi-user.target'
unit garbage.service '[Install]\nthis line has no equals sign\nWantedBy=multi-user.target'
printf '[Mount]\nWhat=/x\nWhere=/y\n[Install]\nAlias=z.mount\n' >"$U/y.mount"
: >"$E/empty.service"
ucompare "edge cases" "$X"
