# bench-disks.sh - the disks section of tests/bench.sh (sourced; uses its
# hf, median and ratio helpers and $B, $PREMIG, $TOP).
#
# premig's disks and volumes collectors against `lsblk -J -O` plus `blkid -p`
# over the same devices, on:
#  - the 24-disk, 100-partition fixture host (tests/golden/disks/disks24):
#    premig reads its images under --root; the peers read the same images
#    attached read-only as loop devices, each partition as a loop device of
#    its own over the image at its offset (the kernel here may not scan loop
#    partitions, and there is no udev), in one run of each tool;
#  - this machine's own disks, live.

bench_disks() {
	echo "== disks: 24 disks / 100 partitions, and the live machine, vs lsblk -J -O + blkid -p"
	fx="$B/disks24"
	mkdir -p "$fx"
	if [ -d "$TOP/tests/golden/disks/disks24/root" ]; then
		(cd "$TOP/tests/golden/disks/disks24/root" && tar cf - .) | (cd "$fx" && tar xf -)
	fi
	if ! TOOLS="$TOP/tests/tools" sh "$TOP/tests/golden/disks/disks24/mk.sh" "$fx" >"$B/mk.log" 2>&1; then
		echo "  cannot build the fixture: $(tail -n 3 "$B/mk.log")"
		return 0
	fi
	hf disks-premig 20 "rm -f $B/d.db*; $PREMIG scan --quiet --root $fx --only disks,volumes --db $B/d.db"
	parts=$(sqlite3 "$B/d.db" "SELECT count(*) FROM partitions")
	disks=$(sqlite3 "$B/d.db" "SELECT count(*) FROM disks")
	printf '  premig disks+volumes (%s disks, %s partitions)  median %8.2f ms\n' "$disks" "$parts" "$(median disks-premig)"

	loops=""
	devs=""
	if [ "$(id -u)" -eq 0 ] && command -v losetup >/dev/null 2>&1; then
		for img in "$fx"/dev/sd?; do
			l=$(losetup -r -f --show "$img" 2>/dev/null) || { loops="$loops FAILED"; break; }
			loops="$loops $l"
		done
		sqlite3 -separator ' ' "$B/d.db" "SELECT disk, start_bytes, size_bytes FROM partitions ORDER BY disk, number" >"$B/parts"
		while read -r d off size; do
			l=$(losetup -r -o "$off" --sizelimit "$size" -f --show "$fx/dev/$d" 2>/dev/null) ||
				{ loops="$loops FAILED"; break; }
			devs="$devs $l"
		done <"$B/parts"
	fi
	case $loops in
	"" | *FAILED*)
		echo "  lsblk+blkid: cannot attach the images as loop devices here (needs root and /dev/loop*); not compared"
		for l in $loops $devs; do [ "$l" = FAILED ] || losetup -d "$l"; done
		return 0
		;;
	esac
	np=$(echo $devs | wc -w)
	hf disks-peer 20 "lsblk -J -O $loops >/dev/null && blkid -p $loops $devs >/dev/null"
	for l in $loops $devs; do losetup -d "$l"; done
	p=$(median disks-premig)
	q=$(median disks-peer)
	printf '  lsblk -J -O + blkid -p (24 disk loops + %s partition loops)  median %8.2f ms\n' "$np" "$q"
	printf '  ratio (lsblk+blkid)/premig  %sx   (goal: >= 1, no slower)\n' "$(ratio "$q" "$p")"

	hf live-premig 30 "rm -f $B/l.db*; $PREMIG scan --quiet --only disks,volumes --db $B/l.db"
	hf live-peer 30 "lsblk -J -O >/dev/null; blkid -p \$(lsblk -dnpo NAME -e 7 | tr '\\n' ' ') >/dev/null 2>&1 || true"
	p=$(median live-premig)
	q=$(median live-peer)
	printf '  live: premig %8.2f ms, lsblk -J -O + blkid -p %8.2f ms, ratio %sx\n' "$p" "$q" "$(ratio "$q" "$p")"
}
