# oldkernel.sh - premig on the system calls of old kernels.  The hosts that
# migrate run Linux 2.6.32 (RHEL/CentOS 6) and even 2.6.18 (RHEL 5);
# tests/tools/oldkernel.c answers every x86_64 call newer than the kernel's
# last one ENOSYS (a seccomp filter), and qemu-user's `-r 2.6.32` makes
# uname(2) say 2.6.32.  A full live scan of this machine under them must find
# the same facts as without them (the reports compared, times and the
# counters that move by themselves masked); the calls refused are printed.

okbin="$OUT/oldkernel"
# the sanitizers' runtime itself needs prlimit64 (302) to start, and its
# shadow memory does not fit under qemu-user: the plain build is the one
# that runs here (make check runs this group on both)
if grep -q __asan_init "$PREMIG" 2>/dev/null; then
	ok "old kernels: not run on the ASan build (its runtime needs prlimit64, Linux 2.6.36)"
	return 0 2>/dev/null || exit 0
fi
if ! cc -O2 -o "$okbin" "$TOP/tests/tools/oldkernel.c" 2>"$OUT/cc.err"; then
	fail "oldkernel: cannot build" "$(cat "$OUT/cc.err")"
	return 0 2>/dev/null || exit 0
fi

# the report of a scan, masked for comparing: what changes between two
# scans of a live machine by itself (free space and memory, and the sockets
# of processes that come and go while the other suites run) is left out
ok_mask() {
	mask_json "$1" | jq -S 'del(.application_groups) | .hosts[] |= (
	    del(.filesystems[]?.avail_bytes, .filesystems[]?.free_bytes,
		.filesystems[]?.inodes_free, .hardware.ram_available_mib)
	    | .dependencies |= (if . == null then . else
		{listeners: [.listeners[]? | {address, port, protocol}] | unique} end)
	    | .collectors |= map(if .name == "connections" then del(.reason) else . end))'
}

# ok_scan NAME [WRAPPER...]: a full live scan under WRAPPER into NAME.db,
# its JSON report NAME.json, masked into NAME.m; the system calls answered
# ENOSYS into NAME.enosys (strace, when it is there)
ok_scan() {
	os_name=$1
	shift
	rm -f "$OUT/$os_name.db" "$OUT/$os_name.json"
	if command -v strace >/dev/null 2>&1 && [ $# -gt 0 ]; then
		strace -f -qq -o "$OUT/$os_name.strace" "$@" "$PREMIG" scan --db "$OUT/$os_name.db" \
			>"$OUT/$os_name.out" 2>"$OUT/$os_name.err"
		os_rc=$?
		sed -n 's/^[0-9]* *\([a-z0-9_]*\)(.*= -1 ENOSYS.*/\1/p' "$OUT/$os_name.strace" |
			sort -u | tr '\n' ' ' >"$OUT/$os_name.enosys"
	else
		"$@" "$PREMIG" scan --db "$OUT/$os_name.db" >"$OUT/$os_name.out" 2>"$OUT/$os_name.err"
		os_rc=$?
		: >"$OUT/$os_name.enosys"
	fi
	"$PREMIG" report --format json --db "$OUT/$os_name.db" -o "$OUT/$os_name.json" \
		>/dev/null 2>>"$OUT/$os_name.err" &&
		ok_mask "$OUT/$os_name.json" >"$OUT/$os_name.m"
	return $os_rc
}

# ok_same LABEL BASE NAME WRAPPER...: scans BASE (no filter) and NAME (under
# WRAPPER) back to back, up to three times while a live fact moved between
# them, and says whether they found the same facts
ok_same() {
	os_label=$1 os_base=$2 os_try=$3
	shift 3
	os_n=0
	while [ $os_n -lt 3 ]; do
		os_n=$((os_n + 1))
		case $os_base in
		qemu) ok_scan "$os_base" qemu-x86_64 -r 2.6.32 ;;
		*) ok_scan "$os_base" ;;
		esac
		ok_scan "$os_try" "$@"
		os_rc=$?
		[ $os_rc -eq 0 ] && [ -s "$OUT/$os_try.m" ] && cmp -s "$OUT/$os_base.m" "$OUT/$os_try.m" && break
	done
	if [ $os_rc -ne 0 ] || [ ! -s "$OUT/$os_try.m" ]; then
		fail "$os_label: the scan failed (exit $os_rc)" "$(cat "$OUT/$os_try.err")"
	elif ! cmp -s "$OUT/$os_base.m" "$OUT/$os_try.m"; then
		fail "$os_label: facts differ from the scan without the filter" \
			"$(diff "$OUT/$os_base.m" "$OUT/$os_try.m" | head -n 30)"
	elif [ -s "$OUT/$os_try.err" ]; then
		fail "$os_label: the scan warned" "$(cat "$OUT/$os_try.err")"
	else
		ok "$os_label: same facts (refused: $(cat "$OUT/$os_try.enosys"))"
	fi
	printf '  note %s: system calls answered ENOSYS: %s\n' "$os_label" "$(cat "$OUT/$os_try.enosys")"
}

# 2.6.32: perf_event_open (298) is its last call; 2.6.18: move_pages (279)
ok_same "2.6.32 system calls" native k2632 "$okbin" 298
ok_same "2.6.18 system calls" native k2618 "$okbin" 279

# uname says 2.6.32 too: qemu-user runs the binary
if ! command -v qemu-x86_64 >/dev/null 2>&1; then
	fail "qemu-x86_64 is missing (Debian qemu-user; tests/tools/deps.sh test)"
else
	ok_same "2.6.32 (uname and system calls)" qemu q2632 "$okbin" 298 qemu-x86_64 -r 2.6.32
	got=$(jq -r '.hosts[0].kernel.release // .hosts[0].host_files.kernel_release' "$OUT/q2632.json" 2>/dev/null)
	[ "$got" = 2.6.32 ] && ok "uname 2.6.32: the kernel collector reports 2.6.32" ||
		fail "uname 2.6.32: kernel release '$got'"
	# and apart from uname and qemu's emulated CPU, the facts of the real
	# kernel (but for the listening sockets of the other suites, which come
	# and go between these two scans)
	jq -S 'del(.hosts[].dependencies)' "$OUT/native.m" | sed -e "s/$(uname -r | sed 's/[.[\*^$/]/\\&/g')/RELEASE/g" -e 's/2\.6\.32/RELEASE/g' \
		-e 's/TCGTCGTCGTCG/HYPERVISOR/; s/KVMKVMKVM/HYPERVISOR/' >"$OUT/native.r"
	jq -S 'del(.hosts[].dependencies)' "$OUT/q2632.m" | sed -e "s/$(uname -r | sed 's/[.[\*^$/]/\\&/g')/RELEASE/g" -e 's/2\.6\.32/RELEASE/g' \
		-e 's/TCGTCGTCGTCG/HYPERVISOR/; s/KVMKVMKVM/HYPERVISOR/' >"$OUT/q2632.r"
	if cmp -s "$OUT/native.r" "$OUT/q2632.r"; then
		ok "uname 2.6.32: the other facts are the real kernel's"
	else
		fail "uname 2.6.32: facts differ from the native scan beyond the release" \
			"$(diff "$OUT/native.r" "$OUT/q2632.r" | head -n 30)"
	fi
fi
