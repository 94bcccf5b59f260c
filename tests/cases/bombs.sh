# bombs.sh - hostile but well-formed inputs that must cost bounded time and
# memory (issue 8's list; the others sit beside their collectors: disks.sh,
# firewall.sh, kernel.sh, assess.sh).  Each scan runs under a 30 s timeout
# and 1 GiB of address space (not under AddressSanitizer, which reserves
# terabytes); the figures of a plain -O2 build are in the closing note.

if grep -q __asan_init "$PREMIG" 2>/dev/null; then BVMEM=unlimited; else BVMEM=1048576; fi

# bscan NAME ONLY ROOT: a bounded scan of ROOT, its run's status|reason into $got
bscan() {
	rm -f "$OUT/$1.db"
	(ulimit -v $BVMEM; timeout 30 "$PREMIG" scan --quiet --root "$3" --only "$2" \
		--db "$OUT/$1.db" --host-id "$1") 2>"$OUT/$1.err"
	brc=$?
	got=$(sqlite3 "$OUT/$1.db" "SELECT status || '|' || coalesce(reason, '') FROM collector_runs
		WHERE collector = '$2'" 2>&1)
	if [ $brc -ne 0 ]; then
		fail "$1: bounded scan exit $brc (124: timed out)" "$(cat "$OUT/$1.err")"
		return 1
	fi
	return 0
}

# ---- a grub.cfg nested deep: submenus never closed, N levels (grub-mkconfig
# writes two).  Under the file cap the menu's caps end the reading; over it
# the file is refused as a whole.
nest() {
	mkdir -p "$1/boot/grub"
	awk -v n="$2" 'BEGIN {
		for (i = 0; i < n; i++) print "submenu \"s\" {"
		print "menuentry \"deep\" {"; print "	linux /vmlinuz root=/dev/sda1"; print "}"
		for (i = 0; i < n; i++) print "}"
	}' >"$1/boot/grub/grub.cfg"
}
nest "$OUT/nest-10k" 10000
if bscan nest-10k boot "$OUT/nest-10k"; then
	case $got in
	ok\|*"boot menu: over the caps ("*"4 menu levels), the rest not read"*) ok "grub.cfg nested 10,000 deep: read to the caps, and says so" ;;
	*) fail "grub.cfg nested 10,000 deep" "$got" ;;
	esac
fi
nest "$OUT/nest-100k" 100000
if bscan nest-100k boot "$OUT/nest-100k"; then
	case $got in
	ok\|*"cannot read 'boot/grub/grub.cfg': larger than the size cap"*) ok "grub.cfg nested 100,000 deep: refused over the file cap" ;;
	*) fail "grub.cfg nested 100,000 deep" "$got" ;;
	esac
fi

# ---- a captured mount table of a million lines (proc/self/mountinfo of a
# copy, proc(5) format): refused over the file cap, in bounded time
mkdir -p "$OUT/mi/proc/self"
awk 'BEGIN {
	print "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw"
	for (i = 0; i < 1000000; i++)
		printf "%d 22 0:%d / /mnt/m%d rw,nosuid - tmpfs tmpfs rw\n", 100 + i, 50 + i % 200, i
}' >"$OUT/mi/proc/self/mountinfo"
if bscan mountinfo-1m filesystems "$OUT/mi"; then
	case $got in
	ok\|*"cannot read the captured mount table 'proc/self/mountinfo': larger than the size cap"*)
		ok "mountinfo of a million lines: refused over the file cap" ;;
	*) fail "mountinfo of a million lines" "$got" ;;
	esac
fi
rm -rf "$OUT/mi" "$OUT/nest-100k"
