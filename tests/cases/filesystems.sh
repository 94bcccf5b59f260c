# filesystems.sh - the filesystems collector beyond its golden cases: the
# mounts of this machine (found, sized as df sizes them, named by kernel
# name), FUSE mounts whose server never answers (the scan goes on, the
# mounts are unknown with the reason), --root over a mount point and over
# a plain directory, and (strace) nothing opened for writing.

q() { sqlite3 -batch -noheader "$@" 2>/dev/null; }

# ---- the live mounts
db="$OUT/live.db"
"$PREMIG" scan --quiet --only filesystems --db "$db" --host-id live 2>"$OUT/live.err"
rc=$?
[ $rc -eq 0 ] && ok "live scan exits 0" || fail "live scan: exit $rc" "$(cat "$OUT/live.err")"
n=$(q "$db" "SELECT count(*) FROM mounts")
[ "${n:-0}" -ge 1 ] && ok "live scan records mounts ($n)" || fail "live scan: no mounts"
got=$(q "$db" "SELECT stat_status || ' ' || (size_bytes > 0) FROM mounts WHERE mountpoint = '/'")
[ "$got" = "ok 1" ] && ok "live / has a size" || fail "live /: '$got'"
# statvfs gives what df prints
want=$(df -B1 --output=size / 2>/dev/null | tail -n 1 | tr -d ' ')
got=$(q "$db" "SELECT size_bytes FROM mounts WHERE mountpoint = '/' ORDER BY rowid DESC LIMIT 1")
[ -n "$want" ] && [ "$got" = "$want" ] && ok "live / size equals df's ($got)" ||
	fail "live / size: $got, df says $want"
# the device of / by its kernel name: major:minor through /sys/dev/block
majmin=$(awk '$5 == "/" { d = $3 } END { print d }' /proc/self/mountinfo)
if [ -e "/sys/dev/block/$majmin" ]; then
	want=$(basename "$(readlink "/sys/dev/block/$majmin")")
	got=$(q "$db" "SELECT device FROM mounts WHERE mountpoint = '/' ORDER BY rowid DESC LIMIT 1")
	[ "$got" = "$want" ] && ok "live / device is '$want'" || fail "live / device: '$got', want '$want'"
fi
got=$(q "$db" "SELECT count(*) FROM mounts WHERE fstype IN ('proc', 'sysfs', 'devpts', 'cgroup', 'cgroup2')")
[ "$got" = 0 ] && ok "kernel API filesystems are left out" || fail "pseudo filesystems recorded: $got"
"$PREMIG" report --format json --db "$db" -o "$OUT/live.json" 2>"$OUT/report.err"
got=$(jq -r '.hosts[0].filesystems[] | select(.mountpoint == "/") | .mounted' "$OUT/live.json" 2>/dev/null | head -n 1)
[ "$got" = true ] && ok "report lists / as mounted" || fail "report: / mounted=$got" "$(cat "$OUT/report.err")"

# ---- a bad deadline is refused with a note, and the default used
PREMIG_STATVFS_TIMEOUT_MS=abc "$PREMIG" scan --quiet --only filesystems --db "$OUT/badenv.db" \
	--host-id badenv 2>/dev/null
got=$(q "$OUT/badenv.db" "SELECT reason FROM collector_runs WHERE collector = 'filesystems'")
case $got in
*"PREMIG_STATVFS_TIMEOUT_MS 'abc' is not 1 to 600000"*) ok "bad PREMIG_STATVFS_TIMEOUT_MS is noted" ;;
*) fail "bad PREMIG_STATVFS_TIMEOUT_MS: reason '$got'" ;;
esac

# ---- --root over a plain directory: sizes unknown, never the host's
mkdir -p "$OUT/plain/etc"
echo 'UUID=11111111-2222-4333-8444-555555555555 / ext4 defaults 0 1' >"$OUT/plain/etc/fstab"
"$PREMIG" scan --quiet --only filesystems --root "$OUT/plain" --db "$OUT/plain.db" --host-id plain 2>/dev/null
got=$(q "$OUT/plain.db" "SELECT stat_status || '|' || coalesce(size_bytes, 'null') || '|' || stat_reason FROM mounts WHERE mountpoint = '/'")
[ "$got" = "unknown|null|--root DIR is not a mount point: its free space is not the scanned system's" ] &&
	ok "--root over a plain directory: size unknown with the reason" || fail "--root plain: '$got'"

# ---- mount namespaces: FUSE mounts that hang, --root over mount points
if [ "$(id -u)" -ne 0 ] || [ ! -c /dev/fuse ] || ! command -v unshare >/dev/null 2>&1 ||
	! unshare -m --propagation private true 2>/dev/null; then
	echo "  skip: the hung-mount and mounted --root checks need root, /dev/fuse and unshare -m"
elif ! cc -o "$OUT/hangfs" "$TOP/tests/tools/hangfs.c" 2>"$OUT/cc.err"; then
	fail "hangfs: cannot build" "$(cat "$OUT/cc.err")"
else
	mkdir -p "$OUT/hang/a" "$OUT/hang/b" "$OUT/hang/c" "$OUT/hang/d" "$OUT/hang/e"
	cat >"$OUT/hang.sh" <<'EOF'
# runs in a private mount namespace: $1 OUT, $2 PREMIG
"$1/hangfs" "$1/hang/a" nas1:/export/a fuse.sshfs "$1/hang/b" nas1:/export/b fuse.sshfs \
	"$1/hang/c" hang fuse.hang "$1/hang/d" hang fuse.hang "$1/hang/e" hang fuse.hang \
	>"$1/hangfs.out" 2>&1 &
pid=$!
i=0
while ! grep -q ready "$1/hangfs.out" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
t0=$(date +%s%N)
PREMIG_STATVFS_TIMEOUT_MS=500 timeout 60 "$2" scan --quiet --only filesystems --db "$1/hang.db" \
	--host-id hang 2>"$1/hang.err"
echo $? >"$1/hang.rc"
echo $(( ($(date +%s%N) - t0) / 1000000 )) >"$1/hang.ms"
kill $pid
# --root over a mount point, and a separate /boot mounted under it
mkdir -p "$1/mroot"
mount -t tmpfs -o size=16m tmpfs "$1/mroot" && mkdir -p "$1/mroot/boot" "$1/mroot/etc" &&
	mount -t tmpfs -o size=8m tmpfs "$1/mroot/boot" &&
	printf 'LABEL=root / ext4 defaults 0 1\nLABEL=boot /boot ext4 defaults 0 2\n' >"$1/mroot/etc/fstab" &&
	"$2" scan --quiet --only filesystems --root "$1/mroot" --db "$1/mroot.db" --host-id mroot \
		2>"$1/mroot.err"
echo $? >"$1/mroot.rc"
wait
EOF
	unshare -m --propagation private sh "$OUT/hang.sh" "$OUT" "$PREMIG" 2>"$OUT/unshare.err"
	rc=$(cat "$OUT/hang.rc" 2>/dev/null)
	ms=$(cat "$OUT/hang.ms" 2>/dev/null)
	# three timeouts of 0.5 s, then nothing more is waited for
	if [ "$rc" = 0 ] && [ "${ms:-99999}" -lt 10000 ]; then
		ok "hung FUSE mounts: the scan finishes in ${ms} ms"
	else
		fail "hung FUSE mounts: exit '$rc' after '$ms' ms" "$(cat "$OUT/hang.err" "$OUT/unshare.err" "$OUT/hangfs.out" 2>/dev/null)"
	fi
	got=$(q "$OUT/hang.db" "SELECT stat_status || '|' || network || '|' || stat_reason FROM mounts WHERE mountpoint = '$OUT/hang/a'")
	[ "$got" = "unknown|1|statvfs timed out after 0.5 s: hung network filesystem?" ] &&
		ok "hung network mount: unknown with the reason" || fail "hung network mount: '$got'"
	got=$(q "$OUT/hang.db" "SELECT stat_status || '|' || stat_reason FROM mounts WHERE mountpoint = '$OUT/hang/b'")
	[ "$got" = "unknown|not tried: statvfs of another mount from server 'nas1' timed out" ] &&
		ok "second mount of the hung server is not tried" || fail "second hung mount: '$got'"
	got=$(q "$OUT/hang.db" "SELECT stat_status || '|' || network || '|' || stat_reason FROM mounts WHERE mountpoint = '$OUT/hang/c'")
	[ "$got" = "unknown|0|statvfs timed out after 0.5 s: hung network filesystem?" ] &&
		ok "hung local FUSE mount: unknown with the reason" || fail "hung FUSE mount: '$got'"
	got=$(q "$OUT/hang.db" "SELECT stat_status || '|' || stat_reason FROM mounts WHERE mountpoint = '$OUT/hang/e'")
	[ "$got" = "unknown|not tried: 3 statvfs calls timed out already" ] &&
		ok "after three timeouts the other FUSE mounts are not tried" || fail "fifth hung mount: '$got'"
	got=$(q "$OUT/hang.db" "SELECT count(*) FROM mounts WHERE mountpoint = '/' AND stat_status = 'ok'")
	[ "$got" = 1 ] && ok "the other mounts are still sized" || fail "/ not sized next to hung mounts"

	rc=$(cat "$OUT/mroot.rc" 2>/dev/null)
	got=$(q "$OUT/mroot.db" "SELECT group_concat(mountpoint || ':' || fstype || ':' || size_bytes || ':' || stat_status || ':' || coalesce(device, 'null'), ' ') FROM (SELECT * FROM mounts ORDER BY mountpoint)")
	[ "$rc" = 0 ] && [ "$got" = "/:tmpfs:16777216:ok:null /boot:tmpfs:8388608:ok:null" ] &&
		ok "--root over mount points: / and /boot sized, host devices left out" ||
		fail "--root over mount points: exit '$rc', '$got'" "$(cat "$OUT/mroot.err" 2>/dev/null)"
fi

# ---- strace: the collector opens nothing for writing but the store
if command -v strace >/dev/null 2>&1; then
	rm -f "$OUT/st.db"*
	strace -f -qq -o "$OUT/strace.log" \
		-e trace=open,openat,openat2,creat,truncate,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat,chmod,fchmodat,chown,fchownat,link,linkat,symlink,symlinkat,mknod,mknodat \
		"$PREMIG" scan --quiet --only filesystems,boot --db "$OUT/st.db" --host-id st >/dev/null 2>&1
	if [ ! -s "$OUT/strace.log" ]; then
		fail "strace: no log (is ptrace allowed here?)"
	else
		grep -E 'O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|creat\(|truncate\(|rename|unlink|mkdir|chmod|chown|link\(|linkat\(|symlink|mknod' \
			"$OUT/strace.log" | grep -v ' = -1 E' | grep -v "\"$OUT/st.db\(-journal\|-wal\|-shm\|\.new-[A-Za-z0-9]\{6\}\(-wal\|-shm\)\?\)\?\"" >"$OUT/writes.log"
		[ ! -s "$OUT/writes.log" ] && ok "strace: filesystems and boot open nothing for writing" ||
			fail "strace: writes outside the store" "$(cat "$OUT/writes.log")"
	fi
else
	echo "  skip: strace is not installed"
fi

# ---- how fstab names what it mounts: FUSE helpers, dm and md by-id names,
# memory filesystems from /dev (each once misread)
mkdir -p "$OUT/kinds/etc"
cat >"$OUT/kinds/etc/fstab" <<'FSTAB'
/dev/disk/by-id/dm-name-vg0-root / xfs defaults 0 0
/dev/disk/by-id/md-name-host:0 /data ext4 defaults 0 0
/dev/disk/by-id/ata-QEMU_HARDDISK_QM00001-part1 /old ext4 defaults 0 0
/dev/shm /run/shm none bind 0 0
goofys#my-bucket /mnt/s3 fuse _netdev,allow_other 0 0
s3fs#bucket /mnt/s3b fuse _netdev,allow_other 0 0
curlftpfs#ftp.example.com /mnt/ftp fuse rw 0 0
blobfuse2 /mnt/blob fuse3 defaults,_netdev 0 0
sshfs#user@host:/srv /mnt/ssh fuse defaults 0 0
/dev/sdb1 /mnt/b ext4 defaults 0 0
FSTAB
"$PREMIG" scan --quiet --root "$OUT/kinds" --only filesystems --db "$OUT/kinds.db" --host-id kinds 2>"$OUT/kinds.err"
got=$(q "$OUT/kinds.db" "SELECT group_concat(spec_kind || ':' || network, ' ') FROM (SELECT * FROM fstab ORDER BY line)")
want="dm:0 md:0 by-id:0 other:0 network:1 network:1 network:1 network:1 network:1 devname:0"
[ "$got" = "$want" ] && ok "fstab spec kinds: FUSE helpers are network, dm/md by-id names stable" ||
	fail "fstab spec kinds" "got:  $got
want: $want"

# ---- --root over a bind mount of a directory: the mount is the copy's
# host filesystem, not the scanned system's (its type and free space once
# stood for the scanned root's)
if [ "$(id -u)" -eq 0 ] && unshare -m --propagation private true 2>/dev/null; then
	mkdir -p "$OUT/bindsrc/copy/etc" "$OUT/bindroot"
	printf 'UUID=0c4a5f1e-1111-4d2a-9c3b-2f0e5d6c7b8a / xfs defaults 0 0\n' >"$OUT/bindsrc/copy/etc/fstab"
	unshare -m --propagation private sh -c 'mount --bind "$1/bindsrc/copy" "$1/bindroot" &&
		"$2" scan --quiet --root "$1/bindroot" --only filesystems --db "$1/bind.db" --host-id bind' \
		sh "$OUT" "$PREMIG" 2>"$OUT/bind.err"
	got=$(q "$OUT/bind.db" "SELECT coalesce(fstype, 'null') || '|' || coalesce(size_bytes, 'null') || '|' || stat_status FROM mounts WHERE mountpoint = '/'")
	reason=$(q "$OUT/bind.db" "SELECT stat_reason FROM mounts WHERE mountpoint = '/'")
	case $reason in *"bind mount of the directory"*) r_ok=1 ;; *) r_ok= ;; esac
	[ "$got" = "null|null|unknown" ] && [ -n "$r_ok" ] &&
		ok "--root over a bind mount of a directory: type and size unknown, with the reason" ||
		fail "--root over a bind mount: '$got'" "$reason $(cat "$OUT/bind.err")"
else
	echo "  skip: the bind-mount --root check needs root and unshare -m"
fi

# ---- tmpfs lines of etc/fstab have the size their options give (the
# kernel's Documentation/filesystems/tmpfs.rst: size= with k/m/g suffixes
# or a % of RAM, nr_blocks= in pages, half of RAM by default, 0 unlimited)
mkdir -p "$OUT/tmpfs/etc" "$OUT/tmpfs/proc"
printf 'MemTotal:        4194304 kB\n' >"$OUT/tmpfs/proc/meminfo"
cat >"$OUT/tmpfs/etc/fstab" <<'FSTAB'
tmpfs /a tmpfs size=512M,nosuid 0 0
tmpfs /b tmpfs size=25% 0 0
tmpfs /c tmpfs defaults 0 0
tmpfs /d tmpfs nr_blocks=1k 0 0
tmpfs /e tmpfs size=0 0 0
tmpfs /f tmpfs size=12q 0 0
tmpfs /g tmpfs size=99999999999999999999g 0 0
tmpfs /h tmpfs size=2g,size=1g 0 0
FSTAB
"$PREMIG" scan --quiet --root "$OUT/tmpfs" --only hardware,filesystems --db "$OUT/tmpfs.db" --host-id tmpfs 2>"$OUT/tmpfs.err"
got=$(q "$OUT/tmpfs.db" "SELECT group_concat(mountpoint || '=' || coalesce(size_bytes, 'null'), ' ') FROM (SELECT * FROM fstab ORDER BY line)")
want="/a=536870912 /b=1073741824 /c=2147483648 /d=4194304 /e=null /f=null /g=null /h=1073741824"
[ "$got" = "$want" ] && ok "tmpfs sizes from fstab options" || fail "tmpfs sizes" "got:  $got
want: $want"
got=$(q "$OUT/tmpfs.db" "SELECT size_reason FROM fstab WHERE mountpoint = '/e'")
[ "$got" = "size=0: a tmpfs without a limit" ] && ok "tmpfs size=0 is unlimited, not zero" ||
	fail "tmpfs size=0: '$got'"
rm -f "$OUT/tmpfs/proc/meminfo"
"$PREMIG" scan --quiet --root "$OUT/tmpfs" --only hardware,filesystems --db "$OUT/tmpfs2.db" --host-id tmpfs 2>/dev/null
got=$(q "$OUT/tmpfs2.db" "SELECT coalesce(size_bytes, 'null') || '|' || size_reason FROM fstab WHERE mountpoint = '/c'")
[ "$got" = "null|no size= gives half of RAM, and RAM is unknown" ] &&
	ok "tmpfs default size with RAM unknown is unknown" || fail "tmpfs default, RAM unknown: '$got'"

# ---- under --root, the options are the source host's: a mount table
# captured in the root (here the kernel's own mountinfo, copied) wins over
# etc/fstab, and this machine's read-only mount is kept apart
if [ "$(id -u)" -eq 0 ] && unshare -m --propagation private true 2>/dev/null; then
	mkdir -p "$OUT/cap/etc"
	printf 'LABEL=root / ext4 errors=remount-ro 0 1\nLABEL=tmp /tmp ext4 noexec 0 2\n' >"$OUT/cap/etc/fstab"
	printf '/ size=8m,ro\n/tmp size=8m\n' >"$OUT/cap.mounts"
	unshare -m --propagation private sh "$TOP/tests/tools/tmpfs-scan.sh" "$OUT/cap" "$OUT/cap.mounts" \
		"$PREMIG" scan --quiet --root "$OUT/cap" --only filesystems --db "$OUT/cap1.db" --host-id cap 2>"$OUT/cap.err"
	got=$(q "$OUT/cap1.db" "SELECT mountpoint || '|' || coalesce(options, 'null') || '|' || coalesce(options_source, 'null') || '|' || (local_options LIKE 'ro,%') FROM mounts ORDER BY mountpoint")
	want="/|errors=remount-ro|etc/fstab line 1|1
/tmp|noexec|etc/fstab line 2|0"
	[ "$got" = "$want" ] && ok "--root read-only: options from etc/fstab, this machine's kept apart" ||
		fail "--root options from fstab" "got:  $got
want: $want
$(cat "$OUT/cap.err")"
	# the fstab entry says what fstab says (ext4), the mount what is mounted
	"$PREMIG" report --format json --db "$OUT/cap1.db" -o "$OUT/cap1.json" 2>>"$OUT/cap.err"
	got=$(jq -c '.hosts[0].filesystems[] | select(.mountpoint == "/tmp") | [.fstype, .fstab_fstype, .fstab_line, .options_source]' "$OUT/cap1.json")
	[ "$got" = '["tmpfs","ext4",2,"etc/fstab line 2"]' ] && ok "report: an fstab entry keeps its own type beside the mount's" ||
		fail "report: fstab entry type" "$got"
	# a mountinfo captured in the root: the kernel's own text, with / given
	# the source host's options
	mkdir -p "$OUT/cap/proc/self"
	awk '$5 == "/" { $6 = "rw,nosuid"; print; exit }' /proc/self/mountinfo >"$OUT/cap/proc/self/mountinfo"
	unshare -m --propagation private sh "$TOP/tests/tools/tmpfs-scan.sh" "$OUT/cap" "$OUT/cap.mounts" \
		"$PREMIG" scan --quiet --root "$OUT/cap" --only filesystems --db "$OUT/cap2.db" --host-id cap 2>"$OUT/cap.err"
	got=$(q "$OUT/cap2.db" "SELECT coalesce(options, 'null') || '|' || coalesce(options_source, 'null') FROM mounts WHERE mountpoint = '/'")
	case $got in
	"rw,nosuid"*"|proc/self/mountinfo in the root") ok "--root: a captured mountinfo gives the options" ;;
	*) fail "--root captured mountinfo: '$got'" "$(cat "$OUT/cap.err")" ;;
	esac
else
	echo "  skip: the read-only --root checks need root and unshare -m"
fi
