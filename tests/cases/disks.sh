# disks.sh - the disks and volumes collectors over images (--image)
#
#  - every image of the blkid corpus (../shared/corpus/blkid, one at a time,
#    decompressed into $OUT and deleted after): a partition-table image
#    gives its table type and partitions (util-linux's expected lowprobe-pt
#    files, INDEX.tsv's notes for the others); a filesystem image gives its
#    type and UUID (util-linux's expected low-probe files).  The same
#    libblkid's command-line blkid is the judge of what this libblkid
#    knows: where it finds nothing, premig must say unknown with a reason;
#  - the malformed inputs of tests/malformed/disks (truncated, corrupt GPT
#    headers, an entry past the end, empty, a directory) and the VM disk
#    formats (flat VMDK and fixed VHD read like raw; the others refused);
#  - boot code recognition; volumes from images (LVM PV, md member, LUKS);
#    device_disks on the fixture hosts; a live scan that must not fail.
# No check may crash or trip a sanitizer.

# scan_img NAME [--only LIST] IMAGE...: scans into $OUT/NAME.db and writes
# $OUT/NAME.json; returns the scan's exit status
scan_img() {
	si_name=$1
	shift
	si_only=disks
	if [ "$1" = --only ]; then
		si_only=$2
		shift 2
	fi
	si_args=""
	rm -f "$OUT/$si_name.db" "$OUT/$si_name.db-wal" "$OUT/$si_name.db-shm"
	for si_f; do si_args="$si_args --image $si_f"; done
	# shellcheck disable=SC2086
	"$PREMIG" scan --db "$OUT/$si_name.db" --host-id "$si_name" --only "$si_only" $si_args \
		>"$OUT/$si_name.out" 2>"$OUT/$si_name.err"
	si_rc=$?
	"$PREMIG" report --format json --db "$OUT/$si_name.db" -o "$OUT/$si_name.json" \
		2>>"$OUT/$si_name.err" || si_rc=99
	return $si_rc
}

# sane NAME RC: the scan of NAME exited 0 and printed no sanitizer report
sane() {
	if [ "$2" -ne 0 ]; then
		fail "$1: scan exit $2" "$(cat "$OUT/$1.err")"
		return 1
	fi
	if grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$OUT/$1.err"; then
		fail "$1: sanitizer" "$(cat "$OUT/$1.err")"
		return 1
	fi
	return 0
}

# expect NAME DESCRIPTION JQ-FILTER: the filter over NAME's first host is true
expect() {
	if jq -e ".hosts[0] | $3" "$OUT/$1.json" >/dev/null 2>&1; then
		ok "$1: $2"
	else
		fail "$1: $2" "jq: $3
got: $(jq -c '.hosts[0] | {disks, volumes}' "$OUT/$1.json" 2>&1 | head -c 3000)"
	fi
}

command -v blkid >/dev/null 2>&1 || PATH=$PATH:/sbin:/usr/sbin

# ---- the blkid corpus ----
if [ ! -f "$CORPUS/blkid/INDEX.tsv" ]; then
	fail "blkid corpus: $CORPUS/blkid/INDEX.tsv is missing (the corpus is ../shared/corpus)"
else
	BLKEXP="$CORPUS/blkid/util-linux/expected"
	# no pipelines into the loops: ok/fail must count in this shell
	# tabs to '|': read collapses runs of white space, and some fields are empty
	tail -n +2 "$CORPUS/blkid/INDEX.tsv" | tr '\t' '|' >"$OUT/index.tsv"
	while IFS='|' read -r image kind stratum type ssz nparts xz size expfiles notes; do
		[ "$kind" = fs ] || [ "$kind" = pt ] || continue
		cn=$(basename "$image" .img.xz)
		case $image in extra-pt/*) cn=$(echo "$image" | tr / - | sed 's/\.img\.xz$//') ;; esac
		img="$OUT/$cn.img"
		if ! xz -dc "$CORPUS/blkid/$image" >"$img"; then
			fail "corpus $cn: cannot decompress"
			continue
		fi
		scan_img "$cn" "$img"
		rc=$?
		oracle=$(blkid -p -o export "$img" 2>/dev/null)
		o_uuid=""
		o_type=$(printf '%s\n' "$oracle" | sed -n 's/^TYPE=//p')
		o_pt=$(printf '%s\n' "$oracle" | sed -n 's/^PTTYPE=//p')
		rm -f "$img"
		sane "$cn" $rc || continue
		if [ "$kind" = pt ]; then
			want=$type
			[ "$want" = dos ] && want=mbr
			if [ -z "$o_pt" ]; then
				# this libblkid does not know the table (dasd before 2.39)
				expect "$cn" "table unknown to this libblkid, said so" \
					'.disks[0].probe_status == "unknown" and (.disks[0].probe_reason | length > 0)'
				continue
			fi
			expect "$cn" "table $want" ".disks[0].partition_table == \"$want\" and .disks[0].sector_size == $ssz"
			exp="$BLKEXP/${expfiles%% *}"
			if [ -n "$expfiles" ] && [ -f "$exp" ]; then
				# "#1:   2   10238  0x0 type='RAW'": number, start, size (512-byte sectors), type
				grep '^#' "$exp" >"$OUT/exp-parts"
				while read -r num start psize ptype rest; do
					num=${num#\#}
					num=${num%:}
					ts=$(printf '%s' "$rest" | sed -n "s/.*type='\([^']*\)'.*/\1/p")
					if [ -n "$ts" ]; then
						tcheck=".type == \"$ts\""
					else
						tcheck="(.type | ltrimstr(\"0x\") | explode | map(if . >= 97 then . - 87 elif . >= 65 then . - 55 else . - 48 end) | reduce .[] as \$d (0; . * 16 + \$d)) == $(printf '%d' "$ptype")"
					fi
					expect "$cn" "partition $num" "[.disks[0].partitions[] | select(.number == $num)] | length == 1 and (.[0] | .start_bytes == $start * 512 and .size_bytes == $psize * 512 and $tcheck)"
				done <"$OUT/exp-parts"
			else
				# INDEX.tsv notes: gptman [[first, last, cn], ...] in sectors of ssz;
				# mbrman [[type, start, size], ...] for the primary entries
				list=$(printf '%s' "$notes" | sed -n 's/^parsed here: //p' | tr "'" '"' | sed 's/\\x[0-9a-f][0-9a-f][^"]*"/"/g')
				n=$(printf '%s' "$list" | jq length 2>/dev/null || echo 0)
				[ "$n" -eq "$nparts" ] || fail "corpus $cn: INDEX.tsv lists $n partitions, says $nparts"
				i=0
				while [ "$i" -lt "$n" ]; do
					e=$(printf '%s' "$list" | jq -c ".[$i]")
					if [ "$want" = gpt ]; then
						first=$(printf '%s' "$e" | jq '.[0]')
						last=$(printf '%s' "$e" | jq '.[1]')
						expect "$cn" "partition $((i + 1))" "[.disks[0].partitions[] | select(.number == $((i + 1)))][0] | .start_bytes == $first * $ssz and .size_bytes == ($last - $first + 1) * $ssz"
					else
						t=$(printf '%s' "$e" | jq '.[0]')
						first=$(printf '%s' "$e" | jq '.[1]')
						psize=$(printf '%s' "$e" | jq '.[2]')
						expect "$cn" "partition $((i + 1))" "[.disks[0].partitions[] | select(.number == $((i + 1)))][0] | .start_bytes == $first * 512 and .size_bytes == $psize * 512 and .type == \"0x$(printf %02x "$t")\""
					fi
					i=$((i + 1))
				done
			fi
		else
			exp="$BLKEXP/${expfiles%% *}"
			e_type=$(sed -n 's/^ID_FS_TYPE=//p' "$exp" 2>/dev/null)
			e_uuid=$(sed -n 's/^ID_FS_UUID=//p' "$exp" 2>/dev/null)
			if [ -z "$o_type" ]; then
				# unknown to this libblkid, or ambivalent: said so
				expect "$cn" "unknown with a reason" \
					'.disks[0].fstype == null and .disks[0].probe_status == "unknown" and (.disks[0].probe_reason | length > 0)'
				continue
			fi
			o_uuid=$(printf '%s\n' "$oracle" | sed -n 's/^UUID=//p')
			expect "$cn" "type $o_type as blkid says" ".disks[0].fstype == \"$o_type\""
			if [ -n "$o_uuid" ]; then
				expect "$cn" "uuid as blkid says" ".disks[0].fs_uuid == \"$o_uuid\""
			else
				expect "$cn" "no uuid, as blkid" ".disks[0].fs_uuid == null"
			fi
			if [ "$o_type" = "$e_type" ] && [ -n "$e_uuid" ] && [ "$o_uuid" = "$e_uuid" ]; then
				ok "$cn: uuid as util-linux expects"
			fi
		fi
	done <"$OUT/index.tsv"
fi

# ---- malformed inputs and image formats ----
MAL="$OUT/malformed"
if ! sh "$TOP/tests/malformed/disks/mk.sh" "$MAL" >"$OUT/malformed.log" 2>&1; then
	fail "malformed: mk.sh" "$(cat "$OUT/malformed.log")"
else
	scan_img truncated-gpt "$MAL/truncated-gpt.img"
	sane truncated-gpt $? && expect truncated-gpt "no table, why" \
		'.disks[0] | .partition_table == null and .probe_status == "unknown" and .pmbr == "protective" and (.probe_reason | test("no valid GPT header.*truncated image"))'

	scan_img truncated-mbr "$MAL/truncated-mbr.img"
	sane truncated-mbr $? && expect truncated-mbr "partition past the end" \
		'.disks[0] | .partition_table == "mbr" and .probe_status == "unknown" and (.partitions[] | select(.number == 2) | .probe_reason | test("past the end of the disk")) and (.partitions[] | select(.number == 1) | .probe_reason == null)'

	scan_img gpt-bad-primary "$MAL/gpt-bad-primary.img"
	sane gpt-bad-primary $? && expect gpt-bad-primary "backup used, said so" \
		'.disks[0] | .partition_table == "gpt" and .probe_status == "unknown" and (.partitions | length == 2) and (.probe_reason | test("primary GPT header invalid: header CRC mismatch.*libblkid read the backup header"))'

	scan_img gpt-bad-both "$MAL/gpt-bad-both.img"
	sane gpt-bad-both $? && expect gpt-bad-both "no table, both reasons" \
		'.disks[0] | .partition_table == null and .probe_status == "unknown" and (.partitions | length == 0) and (.probe_reason | test("primary: header CRC mismatch.*backup: header CRC mismatch"))'

	scan_img gpt-entry-outside "$MAL/gpt-entry-outside.img"
	sane gpt-entry-outside $? && expect gpt-entry-outside "entry flagged" \
		'.disks[0] | .probe_status == "unknown" and (.partitions[] | select(.number == 2) | .probe_reason | test("outside the usable area")) and (.partitions[] | select(.number == 1) | .probe_reason == null)'

	scan_img gpt-grown "$MAL/gpt-grown.img"
	sane gpt-grown $? && expect gpt-grown "backup not at the end, still ok" \
		'.disks[0] | .partition_table == "gpt" and .probe_status == "ok" and (.probe_reason | test("not at the last LBA"))'

	scan_img gpt-no-pmbr "$MAL/gpt-no-pmbr.img"
	sane gpt-no-pmbr $? && expect gpt-no-pmbr "read, no pmbr" \
		'.disks[0] | .partition_table == "gpt" and .pmbr == "none" and (.partitions | length == 2)'

	scan_img gpt-hybrid "$MAL/gpt-hybrid.img"
	sane gpt-hybrid $? && expect gpt-hybrid "hybrid MBR" \
		'.disks[0] | .partition_table == "gpt" and .pmbr == "hybrid" and (.partitions | length == 2)'

	scan_img zero "$MAL/zero.img"
	sane zero $? && expect zero "empty" '.disks[0] | .size_bytes == 0 and .probe_status == "unknown" and .probe_reason == "empty: 0 bytes"'
	scan_img tiny "$MAL/tiny.img"
	sane tiny $? && expect tiny "too small" '.disks[0] | .size_bytes == 100 and .probe_status == "unknown" and (.probe_reason | test("smaller than one sector"))'
	scan_img noise "$MAL/noise.img"
	sane noise $? && expect noise "unknown content" '.disks[0] | .partition_table == "none" and .probe_status == "unknown" and (.probe_reason | test("no partition table or filesystem"))'

	for b in grub2 grub-legacy syslinux unknown; do
		scan_img boot-$b "$MAL/boot-$b.img"
		sane boot-$b $? && expect boot-$b "boot code $b" ".disks[0].boot_code == \"$b\""
	done

	scan_img raw "$MAL/raw.img"
	sane raw $?
	parts='[.disks[0].partitions[] | [.number, .start_bytes, .size_bytes, .type, .fstype, .uuid]]'
	raw_parts=$(jq -c ".hosts[0] | $parts" "$OUT/raw.json")
	expect raw "raw MBR read" '.disks[0].partition_table == "mbr" and (.disks[0].partitions | length == 2) and .disks[0].partitions[0].fstype == "ext4"'
	for f in flat.vmdk flat-flat.vmdk fixed.vhd shortcid.vmdk; do
		n=fmt-$(echo "$f" | tr . -)
		scan_img "$n" "$MAL/$f"
		sane "$n" $? && expect "$n" "read like the raw image" "$parts == $raw_parts and .disks[0].probe_status == \"ok\""
	done
	expect fmt-flat-vmdk "format" '.disks[0].image_format == "vmdk-flat"'
	expect fmt-shortcid-vmdk "format" '.disks[0].image_format == "vmdk-flat"'
	expect fmt-fixed-vhd "format" '.disks[0].image_format == "vhd-fixed"'
	for f in sparse.vmdk:vmdk-sparse stream.vmdk:vmdk-stream dynamic.vhd:vhd-dynamic disk.vhdx:vhdx disk.qcow2:qcow2; do
		file=${f%%:*}
		fmt=${f#*:}
		n=refuse-$(echo "$file" | tr . -)
		scan_img "$n" "$MAL/$file"
		sane "$n" $? && expect "$n" "refused as $fmt" ".disks[0] | .image_format == \"$fmt\" and .probe_status == \"unknown\" and (.probe_reason | test(\"convert it to a raw image\")) and .partition_table == null"
		if grep -q "warning: disks: --image" "$OUT/$n.err"; then ok "$n: warned"; else fail "$n: no warning" "$(cat "$OUT/$n.err")"; fi
	done

	# the volumes run says what it could look at (regressions: it once said
	# "none found", not-applicable, for disks it could not read).  A disk
	# read, holding no LVM, md or LUKS: ok, no rows, no note (but the
	# driver's when the disks collector was left out: volumes probed itself)
	for only in disks,volumes volumes; do
		note=null
		[ $only = volumes ] && note='"its input disks did not run ok: skipped"'
		scan_img vol-none --only $only "$MAL/raw.img"
		sane vol-none $? && expect vol-none "$only: looked, none: ok without a note of its own" \
			'(.collectors[] | select(.name == "volumes") | .status == "ok" and .reason == '"$note"') and .volumes == []'
		# every --image refused: nothing could be looked at: failed, and why
		scan_img vol-refused --only $only "$MAL/disk.qcow2"
		rc=$?
		[ $rc -eq 3 ] && ok "vol-refused: $only: the scan is partial" || fail "vol-refused: $only: scan exit $rc, want 3"
		expect vol-refused "$only: nothing read: failed, naming the disk and why" \
			'.collectors[] | select(.name == "volumes") | .status == "failed" and (.reason | test("image0 \\(.*qcow2.*\\).*no --image disk was read in full"))'
		# one disk read, one refused: ok, and the note names the one not read
		scan_img vol-partial --only $only "$MAL/raw.img" "$MAL/disk.qcow2"
		sane vol-partial $? && expect vol-partial "$only: partial: ok with a note naming image1" \
			'.collectors[] | select(.name == "volumes") | .status == "ok" and (.reason | test("(^|; )disks not read in full, so volumes on them are unknown: image1 \\("))'
	done

	# several images are one machine's disks, in order
	scan_img multi "$MAL/raw.img" "$MAL/gpt-hybrid.img" "$MAL/zero.img"
	sane multi $? && expect multi "image0..2 in order" \
		'[.disks[].name] == ["image0", "image1", "image2"] and .disks[1].partitions[1].name == "image1p2"'

	expect_exit "directory as --image" 5 "Is a directory" \
		"$PREMIG" scan --db "$OUT/dir.db" --image "$MAL" --only disks
fi

# ---- resource bombs, kept for good: each ends in seconds, in bounded
# memory (ulimit -v 1 GiB; an AddressSanitizer build reserves terabytes of
# shadow, so time alone bounds it there), with the reason
if grep -q __asan_init "$PREMIG" 2>/dev/null; then BOMB_VMEM=unlimited; else BOMB_VMEM=1048576; fi
# bomb_img NAME IMAGE: scan_img under the limits and a 30 s timeout
bomb_img() {
	rm -f "$OUT/$1.db"
	(ulimit -v $BOMB_VMEM; timeout 30 "$PREMIG" scan --db "$OUT/$1.db" --host-id "$1" \
		--only disks --image "$2" --quiet) >"$OUT/$1.out" 2>"$OUT/$1.err"
	bi_rc=$?
	"$PREMIG" report --format json --db "$OUT/$1.db" -o "$OUT/$1.json" 2>>"$OUT/$1.err" || bi_rc=99
	[ $bi_rc -eq 124 ] && fail "$1: timed out" && return 1
	sane "$1" $bi_rc
}
BOMB="$OUT/bombs"
mkdir -p "$BOMB"
# chains of EBRs (tests/tools/mkebr.pl writes them as the MBR/EBR layout
# says; sfdisk makes at most 60 partitions, libfdisk's MAXIMUM_PARTS).
# libblkid's walk is quadratic: 80,000 EBRs in an 80 MiB image once took
# 64 s (127 s on a busy machine).  Linux reads partitions 1 to 255
# (DISK_MAX_PARTS): premig reads those and says it truncated the rest
perl "$TOP/tests/tools/mkebr.pl" "$BOMB/ebr-80000.img" 80000
if bomb_img ebr-80000 "$BOMB/ebr-80000.img"; then
	expect ebr-80000 "truncated at 255, with the reason" \
		'.disks[0] | .partition_table == "mbr" and .probe_status == "unknown" and (.probe_reason | test("too many partitions: truncated at 255")) and (.partitions | length == 252) and .partitions[-1].number == 255 and .partitions[-1].start_bytes == (2048 + 2 * 250 + 1) * 512'
fi
rm -f "$BOMB/ebr-80000.img"
# the cap's edge: logical partitions 5 to 255 are all read by libblkid;
# one more and the table is read here, partitions up to 255
for n in 251 252; do
	perl "$TOP/tests/tools/mkebr.pl" "$BOMB/ebr-$n.img" $n
	bomb_img ebr-$n "$BOMB/ebr-$n.img" || continue
	if [ $n = 251 ]; then
		expect ebr-$n "all read, no reason" '.disks[0] | .probe_status == "ok" and .probe_reason == null and (.partitions | length == 252) and .partitions[-1].number == 255'
	else
		expect ebr-$n "truncated at 255" '.disks[0] | .probe_status == "unknown" and (.probe_reason | test("too many partitions: truncated at 255")) and (.partitions | length == 252) and .partitions[-1].number == 255'
		# the table read here is libblkid's own (partx) up to the cap
		partx -g -r -o NR,START,SECTORS,TYPE "$BOMB/ebr-$n.img" |
			awk '$1 <= 255 { sub(/^0x/, "", $4); print }' >"$OUT/ebr-$n.partx"
		jq -r '.hosts[0].disks[0].partitions[] | "\(.number) \(.start_bytes / 512) \(.size_bytes / 512) \(.type | ltrimstr("0x") | ltrimstr("0"))"' \
			"$OUT/ebr-$n.json" >"$OUT/ebr-$n.premig"
		if cmp -s "$OUT/ebr-$n.partx" "$OUT/ebr-$n.premig"; then
			ok "ebr-$n: partitions 1 to 255 as libblkid (partx) reads them"
		else
			fail "ebr-$n: partitions differ from partx's" "$(diff "$OUT/ebr-$n.partx" "$OUT/ebr-$n.premig" | head -5)"
		fi
	fi
	rm -f "$BOMB/ebr-$n.img"
done
# sfdisk's longest chain (56 logical partitions) is read by libblkid as before
{
	printf 'label: dos\nlabel-id: 0x0bade0b0\nstart=2048, type=5\n'
	i=0
	while [ $i -lt 56 ]; do printf 'size=1, type=83\n'; i=$((i + 1)); done
} >"$BOMB/sfdisk-56.txt"
rm -f "$BOMB/sfdisk-56.img"
truncate -s 130M "$BOMB/sfdisk-56.img"
if sfdisk -q --no-reread --no-tell-kernel "$BOMB/sfdisk-56.img" <"$BOMB/sfdisk-56.txt" >/dev/null 2>&1; then
	bomb_img sfdisk-56 "$BOMB/sfdisk-56.img" &&
		expect sfdisk-56 "57 partitions, ok" '.disks[0] | .probe_status == "ok" and .probe_reason == null and (.partitions | length == 57) and .partitions[-1].number == 60 and .partitions[-1].part_uuid == "0bade0b0-3c"'
else
	fail "sfdisk-56: sfdisk failed"
fi
rm -f "$BOMB/sfdisk-56.img"
# a chain that loops: to the first EBR (a link of offset 0: Linux follows
# it, libblkid stops), to the second, to itself
for l in 1 2 5; do
	perl "$TOP/tests/tools/mkebr.pl" "$BOMB/ebr-loop-$l.img" 5 $l
	bomb_img ebr-loop-$l "$BOMB/ebr-loop-$l.img" &&
		expect ebr-loop-$l "ends, says it loops" ".disks[0] | .probe_status == \"unknown\" and (.probe_reason | test(\"EBR chain loops: the EBR at LBA 2056 links back to the one at LBA $((2048 + 2 * (l - 1)))\")) and (.partitions | length == 6) and ([.partitions[].number] == [1, 5, 6, 7, 8, 9])"
done

# GPT offsets and sizes from the disk: an entry at LBA 2^54 (in bytes
# 2^63) was recorded at a negative byte; an entry array at LBA 2^55 + 2,
# times 512, wraps to byte 1024, where libblkid reads it; a GPT claiming
# 2^25 - 1 entries (4 GiB) made libblkid read them all: 6.4 s, 2.1 GB
if [ -f "$MAL/gpt-4gib.img" ]; then
	bomb_img gpt-entry-far "$MAL/gpt-entry-far.img" && expect gpt-entry-far "place not recorded, why" \
		'.disks[0] | .probe_status == "unknown" and (.partitions[] | select(.number == 2) | .start_bytes == null and .size_bytes == null and (.probe_reason | test("past the end of any disk"))) and all(.partitions[]; (.start_bytes // 0) >= 0)'
	bomb_img gpt-array-wrap "$MAL/gpt-array-wrap.img" && expect gpt-array-wrap "unknown, why" \
		'.disks[0] | .probe_status == "unknown" and (.probe_reason | test("primary GPT header invalid: entry array at LBA 36028797018963970 runs past the end of the disk; libblkid read it anyway"))'
	for g in gpt-2p32:4294967295 gpt-4gib:33554431; do
		bomb_img ${g%%:*} "$MAL/${g%%:*}.img" && expect ${g%%:*} "refused at once, why" \
			".disks[0] | .probe_status == \"unknown\" and .partitions == [] and (.probe_reason | test(\"GPT not read: primary: too many partition entries: ${g#*:} of 128 bytes\"))"
	done
fi

# a flat VMDK's extent, in sectors of 512 bytes: 2^55 sectors wrapped to
# 0 ("to the end") and the 64 KiB extent was read as the disk, silently;
# an offset past the extent failed with a read error and no reason
if [ -f "$MAL/vmdk-zero.vmdk" ]; then
	for v in "sectors-wrap:VMDK extent of 36028797018963968 sectors at sector 0: past 2.63 bytes" \
		"offset-wrap:VMDK extent of 128 sectors at sector 36028797018964968: past 2.63 bytes" \
		"zero:VMDK extent of 0 sectors" \
		"offset-past:has 65536 bytes: the disk the descriptor puts at byte 102400 is not in it"; do
		n=vmdk-${v%%:*}
		bomb_img $n "$MAL/$n.vmdk" && expect $n "refused, why" \
			".disks[0] | .image_format == \"vmdk-flat\" and .probe_status == \"unknown\" and .size_bytes == null and (.probe_reason | test(\"${v#*:}\"))"
	done
fi

# ---- volumes from images (no sysfs): the members still show ----
if [ -f "$CORPUS/blkid/INDEX.tsv" ]; then
	for m in lvm2:lvm-pv:LVM2_member mdraid-1:md-member:linux_raid_member luks1:crypt-member:crypto_LUKS; do
		f=${m%%:*}
		rest=${m#*:}
		k=${rest%%:*}
		t=${rest#*:}
		xz -dc "$CORPUS/blkid/util-linux/images-fs/$f.img.xz" >"$OUT/$f.img"
		scan_img "vol-$f" --only disks,volumes "$OUT/$f.img"
		sane "vol-$f" $? && expect "vol-$f" "$k" ".volumes | any(.name == \"image0\" and .kind == \"$k\" and .fstype == \"$t\" and .uuid != null)"
		# without the disks collector, volumes probes by itself and says the same
		cp "$OUT/vol-$f.json" "$OUT/vol-$f.both.json"
		scan_img "vol-$f" --only volumes "$OUT/$f.img"
		sane "vol-$f" $?
		if [ "$(jq -c '.hosts[0].volumes' "$OUT/vol-$f.json")" = "$(jq -c '.hosts[0].volumes' "$OUT/vol-$f.both.json")" ]; then
			ok "vol-$f: same volumes with and without the disks collector"
		else
			fail "vol-$f: volumes differ without the disks collector"
		fi
		rm -f "$OUT/$f.img"
	done
fi

# ---- device_disks over the fixture hosts ----
dd_check() {
	c=$1
	shift
	root="$OUT/host-$c"
	if ! prepare_root "$TOP/tests/golden/disks/$c" "$root" 2>"$OUT/host-$c.err"; then
		fail "device_disks $c: fixture" "$(cat "$OUT/host-$c.err")"
		return
	fi
	rm -f "$OUT/host-$c.db"
	"$PREMIG" scan --root "$root" --db "$OUT/host-$c.db" --host-id "$c" --only disks,volumes --quiet \
		2>>"$OUT/host-$c.err"
	rc=$?
	if [ $rc -ne 0 ] || grep -Eq 'AddressSanitizer|runtime error' "$OUT/host-$c.err"; then
		fail "device_disks $c: scan exit $rc" "$(cat "$OUT/host-$c.err")"
		return
	fi
	for q; do
		dev=${q%%=*}
		want=${q#*=}
		got=$(sqlite3 "$OUT/host-$c.db" "SELECT group_concat(disk, ',') FROM (SELECT disk FROM device_disks WHERE device = '$dev' ORDER BY disk)")
		if [ "$got" = "$want" ]; then ok "device_disks $c: $dev on $want"; else fail "device_disks $c: $dev on '$got', want '$want'"; fi
	done
	rm -rf "$root"
}
if command -v sqlite3 >/dev/null 2>&1; then
	dd_check rhel7-bios-lvm dm-0=sda dm-1=sda sda1=sda rhel=sda sdb=sdb
	dd_check md-raid1 md0=sda,sdb sda1=sda
	dd_check luks-multipath dm-0=sdb dm-2=sdc,sdd sdb2=sdb
else
	fail "device_disks: needs sqlite3"
fi

# ---- the live system: whatever it has, the scan must not fail ----
scan_live() {
	rm -f "$OUT/live.db"
	"$PREMIG" scan --db "$OUT/live.db" --host-id live --only disks,volumes >"$OUT/live.out" 2>"$OUT/live.err"
}
scan_live
rc=$?
if [ $rc -ne 0 ] || grep -Eq 'AddressSanitizer|runtime error' "$OUT/live.err"; then
	fail "live: scan exit $rc" "$(cat "$OUT/live.err")"
else
	"$PREMIG" report --format json --db "$OUT/live.db" -o "$OUT/live.json" 2>>"$OUT/live.err"
	expect live "disks listed or a reason" \
		'(.disks | length > 0) or (.collectors[] | select(.name == "disks") | .reason != null)'
	expect live "every disk probed or unknown with a reason" \
		'all(.disks[]; .probe_status == "ok" or (.probe_reason | length > 0))'
fi
