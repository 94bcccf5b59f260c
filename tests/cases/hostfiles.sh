# hostfiles.sh - the malformed corpus of tests/malformed/hostfiles (link
# loops, a release that climbs out of its directory, an empty release), and
# the facts the other collectors lend: the kernel collector's release and the
# package that knows python's full version.

# hwant ROOT ONLY JQ EXPECTED
hwant() {
	rm -f "$OUT/h.db"
	"$PREMIG" scan --root "$1" --db "$OUT/h.db" --host-id h --only "$2" --quiet 2>"$OUT/h.err"
	src=$?
	"$PREMIG" report --format json --db "$OUT/h.db" -o "$OUT/h.json" 2>>"$OUT/h.err"
	hgot=$(jq -c ".hosts[0] | $3" "$OUT/h.json" 2>&1)
	hname="$(basename "$(dirname "$1")") ($2)"
	if grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$OUT/h.err"; then
		fail "hostfiles $hname: sanitizer" "$(cat "$OUT/h.err")"
	elif [ $src -ne 0 ] && [ $src -ne 3 ]; then
		fail "hostfiles $hname: scan exit $src" "$(cat "$OUT/h.err")"
	elif [ "$hgot" = "$4" ]; then
		ok "hostfiles $hname"
	else
		fail "hostfiles $hname" "want: $4
got:  $hgot"
	fi
}

M="$TOP/tests/malformed/hostfiles"
hwant "$M/link-loops/root" hostfiles \
	'[.host_files.kernel_headers.present, [.host_files.paths[] | select(.symlink) | [.path, .target_present, .version]]]' \
	'[null,[["lib/modules/6.1.0-1-amd64/build",null,null],["usr/src/kernels/6.1.0-1-amd64",null,null],["usr/bin/python",null,null],["usr/bin/python2",null,null],["usr/bin/python3",null,null]]]'
hwant "$M/release-climbs/root" hostfiles \
	'[.host_files.kernel_release, (.collectors[] | select(.name == "hostfiles") | .reason)]' \
	'[null,"its input kernel did not run ok: skipped; its input packages did not run ok: skipped; kernel release '"'"'../../etc'"'"' is not a directory name; running kernel release unknown: no kernel row for this scan, no usable proc/sys/kernel/osrelease, not a live scan"]'
hwant "$M/release-empty/root" hostfiles \
	'[.host_files.kernel_release, .host_files.kernel_headers.present, [.host_files.paths[] | select(.role == "kernel_headers") | [.path, .running_kernel]]]' \
	'[null,null,[["usr/src/kernels/5.14.0-1.el9.x86_64",null]]]'

# the kernel collector's release wins over the captured proc file
G="$TOP/tests/golden/hostfiles"
hwant "$G/rhel9-headers/root" kernel,hostfiles \
	'[.host_files.kernel_release, .host_files.kernel_release_source, .host_files.kernel_headers.present]' \
	'["5.14.0-427.13.1.el9_4.x86_64","kernel collector",true]'

# python's full version from the package of its name
py="$OUT/pyroot"
rm -rf "$py"
(cd "$G/rhel9-headers/root" && tar cf - .) | (mkdir -p "$py" && cd "$py" && tar xf -)
printf 'python3 - 3.9.18 3.el9_4.1 x86_64\npython3.9 - 3.8.0 1 x86_64\n' >"$OUT/py.list"
if sh "$TOP/tests/tools/mkrpmdb.sh" sqlite "$py/var/lib/rpm" "$OUT/py.list" >"$OUT/py.mk" 2>&1; then
	# python3.9 3.8.0 disagrees with the name and is passed over for python3's
	hwant "$py" packages,hostfiles \
		'[.host_files.paths[] | select(.path == "usr/bin/python3") | [.version, .evidence]]' \
		'[["3.9.18","version 3.9 from the name '"'"'python3.9'"'"'; package python3 3.9.18"]]'
else
	fail "hostfiles: python package fixture" "$(cat "$OUT/py.mk")"
fi
