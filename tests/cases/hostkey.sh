# hostkey.sh - one machine, one host (scanner/hostkey.h): a machine scanned
# with --image alone, with --root over its image mounted read-only plus
# --image, and with --root alone is one host of the store, whatever the
# order and wherever the image file lies; two machines are two hosts, and
# two hosts with a file tree are never merged, even when their disks were
# cloned from one template.
#
# The images are made at test time by real tools: sfdisk (the GPT and the
# MBR with its disk identifier), mkfs.ext4 -d (a root filesystem holding
# etc/machine-id and an etc/fstab naming / by UUID=, as Debian's installer
# writes it), mkfs.vfat (an EFI System Partition).  They are mounted
# read-only through loop devices in a private mount namespace (unshare -m),
# which takes the mounts and their loop devices with it when it ends.

q() { sqlite3 -batch -noheader "$@" 2>/dev/null; }

# expect NAME GOT WANT
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got:  $2
want: $3"; fi
}

command -v sfdisk >/dev/null 2>&1 || PATH=$PATH:/sbin:/usr/sbin
HK_ONLY=identity,disks,filesystems

# hk_scan DB ARGS...: a scan that must exit 0 and print no sanitizer report
hk_scan() {
	sc_db=$1
	shift
	"$PREMIG" scan --quiet --db "$sc_db" --only "$HK_ONLY" "$@" 2>"$OUT/hk_scan.err"
	sc_rc=$?
	if [ $sc_rc -ne 0 ] || grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$OUT/hk_scan.err"; then
		fail "scan $*: exit $sc_rc" "$(cat "$OUT/hk_scan.err")"
	fi
}

# hk_hosts DB: "key=source:scans ..." in key order
hk_hosts() {
	q "$1" "SELECT group_concat(host_key || '=' || key_source || ':' ||
		(SELECT count(*) FROM scans WHERE host_id = h.id), ' ')
		FROM (SELECT * FROM hosts ORDER BY host_key) h"
}

# mkimg NAME gpt|mbr MACHINE-ID [ROOT-UUID]: $OUT/NAME.img, a disk of 40 MiB
# with a root filesystem (ext4, the given or a new UUID) holding
# etc/machine-id and etc/fstab; a GPT disk also has an ESP before it.
# Sets ROOT_START and ROOT_SECTORS (the root partition, in 512-byte sectors).
mkimg() {
	mi_img=$OUT/$1.img
	mi_uuid=${4:-$(cat /proc/sys/kernel/random/uuid)}
	rm -rf "$OUT/$1.tree" "$mi_img"
	mkdir -p "$OUT/$1.tree/etc"
	echo "$3" >"$OUT/$1.tree/etc/machine-id"
	printf '# <file system> <mount point> <type> <options> <dump> <pass>\nUUID=%s / ext4 errors=remount-ro 0 1\n' \
		"$mi_uuid" >"$OUT/$1.tree/etc/fstab"
	truncate -s 40M "$mi_img"
	ROOT_START=18432
	ROOT_SECTORS=61440
	if [ "$2" = gpt ]; then
		printf 'label: gpt\nstart=2048, size=16384, type=U\nstart=%s, size=%s, type=L\n' \
			$ROOT_START $ROOT_SECTORS | sfdisk -q "$mi_img" || return 1
		rm -f "$OUT/esp.img"
		mkfs.vfat -C "$OUT/esp.img" 8192 >/dev/null || return 1
		dd if="$OUT/esp.img" of="$mi_img" bs=512 seek=2048 conv=notrunc status=none || return 1
	else
		printf 'label: dos\nstart=%s, size=%s, type=83, bootable\n' $ROOT_START $ROOT_SECTORS |
			sfdisk -q "$mi_img" || return 1
	fi
	rm -f "$OUT/rootfs.img"
	truncate -s $((ROOT_SECTORS * 512)) "$OUT/rootfs.img"
	mkfs.ext4 -q -F -U "$mi_uuid" -d "$OUT/$1.tree" "$OUT/rootfs.img" || return 1
	dd if="$OUT/rootfs.img" of="$mi_img" bs=512 seek=$ROOT_START conv=notrunc status=none || return 1
	rm -f "$OUT/rootfs.img" "$OUT/esp.img"
}

MID_A=0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a
MID_B=0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b
if ! mkimg a gpt $MID_A 2>"$OUT/mk.err" || ! mkimg m mbr $MID_B 2>>"$OUT/mk.err"; then
	fail "images: sfdisk, mkfs.ext4 -d, mkfs.vfat" "$(cat "$OUT/mk.err")"
	return 0 2>/dev/null || exit 1
fi
GUID_A=$(sfdisk --disk-id "$OUT/a.img" | tr 'A-Z' 'a-z')
SIG_M=$(sfdisk --disk-id "$OUT/m.img" | sed 's/^0x//' | tr 'A-Z' 'a-z')
ROOT_A=$(blkid -p -o value -s UUID -O $((ROOT_START * 512)) "$OUT/a.img")

# ---- --image alone: keyed by the disks, not the path
db=$OUT/one.db
hk_scan "$db" --image "$OUT/a.img"
expect "--image alone: keyed by the GPT disk GUID" "$(hk_hosts "$db")" "disk:$GUID_A=gpt-disk-guid:1"
got=$(q "$db" "SELECT group_concat(kind || '=' || value, ' ') FROM (SELECT * FROM disk_identities
	WHERE kind IN ('gpt-disk', 'fs') ORDER BY kind, value)")
want="fs=$(blkid -p -o value -s UUID -O $((2048 * 512)) "$OUT/a.img" | tr 'A-Z' 'a-z') fs=$ROOT_A gpt-disk=$GUID_A"
want=$(echo "$want" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')
expect "disk_identities: the GPT disk GUID and both filesystems' UUIDs (blkid -p)" "$got" "$want"

# ---- the same machine mounted read-only: --root with --image, then --root alone
mounted=
if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null 2>&1 ||
	! unshare -m --propagation private true 2>/dev/null; then
	echo "  skip: the mounted-image checks need root and unshare -m"
else
	mkdir -p "$OUT/mnt"
	cat >"$OUT/mounted.sh" <<'EOF'
# runs in a private mount namespace: $1 image, $2 mount point, $3 root start,
# $4 root sectors, then the scans to run as "DB|ARGS" lines on stdin
mount -o ro,loop,offset=$(($3 * 512)),sizelimit=$(($4 * 512)) "$1" "$2" || exit 1
while IFS='|' read -r db args; do
	# shellcheck disable=SC2086
	"$PREMIG" scan --quiet --db "$db" --only identity,disks,filesystems $args || echo "exit $?: $args"
done
EOF
	export PREMIG
	printf '%s|--root %s --image %s\n%s|--root %s\n' "$db" "$OUT/mnt" "$OUT/a.img" "$db" "$OUT/mnt" |
		unshare -m --propagation private sh "$OUT/mounted.sh" "$OUT/a.img" "$OUT/mnt" \
			$ROOT_START $ROOT_SECTORS >"$OUT/mounted.out" 2>&1
	if [ -s "$OUT/mounted.out" ]; then
		fail "mounted scans" "$(cat "$OUT/mounted.out")"
	else
		mounted=1
	fi
	expect "--image, then --root --image, then --root: one host, three scans" "$(hk_hosts "$db")" \
		"$MID_A=machine-id:3"
	got=$(q "$db" "SELECT alias_key || '|' || key_source || '|' || reason FROM host_aliases")
	expect "the image-only host's key is kept as an alias, with the reason" "$got" \
		"disk:$GUID_A|gpt-disk-guid|GPT disk GUID $GUID_A on the disks of both"
	got=$(q "$db" "SELECT host_note FROM scans WHERE id = 2")
	expect "the scan that folded it says so" "$got" \
		"host 'disk:$GUID_A' folded into '$MID_A': GPT disk GUID $GUID_A on the disks of both"
	got=$(q "$db" "SELECT group_concat(mode || ':' || (root <> ''), ' ') FROM (SELECT * FROM scans ORDER BY id)")
	expect "every scan kept" "$got" "image:0 image:1 root:1"
	# the folded key still names the host it joined
	got=$("$PREMIG" assess --quiet --db "$db" --host "disk:$GUID_A" --profile mgn 2>&1 >/dev/null; echo "rc=$?")
	got2=$(q "$db" "SELECT count(*) FROM verdicts v JOIN scans s ON s.id = v.scan_id JOIN hosts h ON h.id = s.host_id WHERE h.host_key = '$MID_A'")
	expect "assess --host with a folded key assesses the host it joined" "$got $got2" "rc=0 1"

	# the reverse order: --root alone first, then --image alone
	rdb=$OUT/reverse.db
	printf '%s|--root %s\n' "$rdb" "$OUT/mnt" |
		unshare -m --propagation private sh "$OUT/mounted.sh" "$OUT/a.img" "$OUT/mnt" \
			$ROOT_START $ROOT_SECTORS >"$OUT/reverse.out" 2>&1
	[ -s "$OUT/reverse.out" ] && fail "mounted scan (reverse)" "$(cat "$OUT/reverse.out")"
	hk_scan "$rdb" --image "$OUT/a.img"
	expect "--root alone, then --image alone: the image attaches by the root filesystem's UUID" \
		"$(hk_hosts "$rdb")" "$MID_A=machine-id:2"
	got=$(q "$rdb" "SELECT host_note FROM scans WHERE id = 2")
	expect "... and says which" "$got" "host 'disk:$GUID_A' folded into '$MID_A': root filesystem UUID $ROOT_A of '$MID_A' on the disks of 'disk:$GUID_A'"
fi

# ---- the image copied elsewhere: still the same host
cp --sparse=always "$OUT/a.img" "$OUT/copy-of-a.img"
hk_scan "$db" --image "$OUT/copy-of-a.img"
if [ -n "$mounted" ]; then
	expect "a copy at another path: the same host" "$(hk_hosts "$db")" "$MID_A=machine-id:4"
	got=$(q "$db" "SELECT host_note FROM scans ORDER BY id DESC LIMIT 1")
	expect "... found through the alias" "$got" "'disk:$GUID_A' was folded into host '$MID_A' by an earlier scan"
else
	expect "a copy at another path: the same host" "$(hk_hosts "$db")" "disk:$GUID_A=gpt-disk-guid:2"
fi

# ---- another machine (an MBR disk): another host, keyed by its disk signature
hk_scan "$db" --image "$OUT/m.img"
got=$(q "$db" "SELECT host_key || '=' || key_source FROM hosts WHERE host_key LIKE 'disk:%'")
expect "a second image: a second host, keyed by its MBR disk signature" "$got" "disk:$SIG_M=mbr-disk-signature"
expect "two machines, two hosts" "$(q "$db" "SELECT count(*) FROM hosts")" 2

# its file tree (--root over a copy of the files, no mount needed) with its
# disk: the MBR signature ties them
hk_scan "$db" --root "$OUT/m.tree" --image "$OUT/m.img"
got=$(hk_hosts "$db")
case $got in
*"$MID_B=machine-id:2"*) ok "MBR: --root --image folds the image-only host in by its disk signature" ;;
*) fail "MBR: --root --image folds the image-only host in by its disk signature" "got $got" ;;
esac

# ---- --host-id names a host outright: never matched
hk_scan "$db" --image "$OUT/a.img" --host-id named
got=$(q "$db" "SELECT count(*) FROM scans WHERE host_id = (SELECT id FROM hosts WHERE host_key = 'named')")
expect "--host-id: its own host, not folded" "$got" 1

# ---- clones of one template: two machine-ids, one root filesystem UUID
cdb=$OUT/clones.db
mkimg c1 gpt 0c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c 2>>"$OUT/mk.err"
cp -a "$OUT/c1.tree" "$OUT/c2.tree"
echo 0c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c >"$OUT/c2.tree/etc/machine-id"
ROOT_C=$(blkid -p -o value -s UUID -O $((ROOT_START * 512)) "$OUT/c1.img")
hk_scan "$cdb" --root "$OUT/c1.tree"
hk_scan "$cdb" --root "$OUT/c2.tree"
expect "clones: two machine-id hosts sharing a root UUID stay two hosts" "$(hk_hosts "$cdb")" \
	"0c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c=machine-id:1 0c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c=machine-id:1"
got=$(q "$cdb" "SELECT host_note FROM scans WHERE id = 2")
expect "... and the second scan says why they are apart" "$got" \
	"shares its filesystem UUID $ROOT_C with host '0c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c', kept apart: hosts with a file tree are never merged (clones of one template share their disks' identities)"
hk_scan "$cdb" --image "$OUT/c1.img"
GUID_C=$(sfdisk --disk-id "$OUT/c1.img" | tr 'A-Z' 'a-z')
expect "an image that matches both clones is folded into neither" "$(hk_hosts "$cdb")" \
	"0c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c=machine-id:1 0c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c=machine-id:1 disk:$GUID_C=gpt-disk-guid:1"
got=$(q "$cdb" "SELECT host_note FROM scans WHERE id = 3")
expect "... and says so" "$got" \
	"host 'disk:$GUID_C' matches 2 hosts ('0c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c', '0c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c'): not folded into any (clones of one template share their disks' identities; give --host-id)"

# ---- disks with no identity
ndb=$OUT/noid.db
truncate -s 4M "$OUT/blank.img"
hk_scan "$ndb" --image "$OUT/blank.img"
got=$(q "$ndb" "SELECT h.host_key || '|' || h.key_source || '|' || s.host_note FROM hosts h JOIN scans s ON s.host_id = h.id")
expect "nothing identifies the disks: keyed by the path, and the scan says so" "$got" \
	"image:$OUT/blank.img|image-path|keyed by the path of the first image: nothing on the disks identifies them (no GPT disk GUID, MBR disk signature or filesystem UUID), so a copy elsewhere is another host"
# a filesystem on the whole disk, no partition table (mkfs.ext4 -U)
truncate -s 8M "$OUT/whole.img"
mkfs.ext4 -q -F -U 5f0c6a0e-2b4e-4d0a-9a43-6f4f5e0f6f11 "$OUT/whole.img"
hk_scan "$ndb" --image "$OUT/whole.img"
got=$(q "$ndb" "SELECT host_key || '|' || key_source FROM hosts WHERE key_source <> 'image-path'")
expect "no partition table: keyed by the filesystem UUID" "$got" "fs:5f0c6a0e-2b4e-4d0a-9a43-6f4f5e0f6f11|fs-uuid"

# ---- a store of an earlier premig, whose image-only host is keyed by its
# path: it joins the host keyed by the disk it shares
ldb=$OUT/legacy.db
hk_scan "$ldb" --image "$OUT/m.img"
sqlite3 "$ldb" "UPDATE hosts SET host_key = 'image:/old/place/m.img', key_source = 'image-path'"
hk_scan "$ldb" --image "$OUT/m.img"
expect "a path-keyed host of an older store folds into the disk-keyed one" "$(hk_hosts "$ldb")" \
	"disk:$SIG_M=mbr-disk-signature:2"
rm -f "$OUT"/*.img
