# fixture.sh - helpers for the disks and volumes fixture hosts, sourced by
# their mk.sh (sh mk.sh DEST, with TOOLS set by tests/lib.sh).
#
# A fixture host is a root/ tree of plain files (sys/block as the kernel
# shows it: relative links into sys/devices, size, queue/*, device/model,
# the partitions' partition/start/size, dm/ and md/ attributes, slaves/)
# plus disk images that mk.sh builds with the real tools into DEST/dev/NAME:
# sparse files (truncate -s), partitioned with sfdisk scripts, filesystems
# made by mke2fs, mkfs.vfat, mkfs.xfs, mkntfs, mkswap, cryptsetup into a
# temporary file and copied in sparsely.  No image is committed.  Every
# UUID is fixed, so that the report is the same on every run.
#
# kernel_view writes the sysfs files that follow from an image (its size,
# and each partition's number, start and size); it is an authoring helper:
# run it once when making a case and commit what it wrote under root/.

set -eu
PATH=$PATH:/usr/sbin:/sbin
DEST=${1:?usage: mk.sh DEST}
CORPUS=${TOOLS:-.}/../../../shared/corpus
mkdir -p "$DEST/dev"

die() {
	echo "mk.sh: $*" >&2
	exit 1
}

need() {
	command -v "$1" >/dev/null 2>&1 || die "needs $1 (tests/tools/deps.sh test installs it)"
}

# img NAME SIZE: an empty sparse disk DEST/dev/NAME
img() {
	rm -f "$DEST/dev/$1"
	truncate -s "$2" "$DEST/dev/$1"
}

# table NAME [SECTOR-SIZE] < sfdisk-script: partitions the image (with
# fdisk -b, which loads the same script, for a sector size other than 512)
table() {
	need sfdisk
	if [ -z "${2:-}" ] || [ "$2" = 512 ]; then
		sfdisk -q --no-reread --no-tell-kernel "$DEST/dev/$1" >/dev/null
		return
	fi
	t_script="$DEST/.table.$$"
	cat >"$t_script"
	printf 'I\n%s\nw\n' "$t_script" | fdisk -b "$2" "$DEST/dev/$1" >/dev/null ||
		die "fdisk -b $2 failed"
	rm -f "$t_script"
}

# put NAME START-BYTES FILE: copies FILE into the image at START, sparsely
put() {
	dd if="$3" of="$DEST/dev/$1" bs=64k seek="$2" oflag=seek_bytes conv=notrunc,sparse \
		status=none
}

# fs NAME START-BYTES SIZE-BYTES COMMAND...: runs COMMAND on a temporary
# file of SIZE (its last argument), then copies the result into the image.
# SIZE may be less than the partition's (blkid reads only the superblock),
# and should be: the copy reads every byte, holes too
fs() {
	fs_name=$1 fs_start=$2 fs_size=$3
	shift 3
	fs_tmp="$DEST/.fs.$$"
	rm -f "$fs_tmp"
	truncate -s "$fs_size" "$fs_tmp"
	"$@" "$fs_tmp" >/dev/null 2>&1 || die "failed: $* (size $fs_size)"
	put "$fs_name" "$fs_start" "$fs_tmp"
	rm -f "$fs_tmp"
}

# ntfs NAME START-BYTES SIZE-BYTES LABEL SERIAL: mkntfs, with the volume
# serial (the UUID blkid reports) fixed by ntfslabel
ntfs() {
	need mkntfs
	need ntfslabel
	n_tmp="$DEST/.ntfs.$$"
	rm -f "$n_tmp"
	truncate -s "$3" "$n_tmp"
	mkntfs -F -Q -q -L "$4" "$n_tmp" >/dev/null 2>&1 || die "mkntfs failed"
	ntfslabel -q --new-serial="$5" "$n_tmp" >/dev/null 2>&1 || die "ntfslabel failed"
	put "$1" "$2" "$n_tmp"
	rm -f "$n_tmp"
}

# luks NAME START-BYTES SIZE-BYTES UUID: a LUKS2 header (passphrase "premig")
luks() {
	need cryptsetup
	luks_tmp="$DEST/.luks.$$"
	rm -f "$luks_tmp"
	truncate -s "$3" "$luks_tmp"
	printf premig | cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 \
		--pbkdf-force-iterations 1000 --uuid "$4" --key-file - "$luks_tmp" >/dev/null 2>&1 ||
		die "cryptsetup luksFormat failed"
	put "$1" "$2" "$luks_tmp"
	rm -f "$luks_tmp"
}

# corpus NAME START-BYTES IMAGE: a signature image from the blkid corpus
# (an LVM PV, an md member), as it was written by the real tools
corpus() {
	[ -f "$CORPUS/blkid/$3" ] || die "needs the corpus image $CORPUS/blkid/$3"
	c_tmp="$DEST/.corpus.$$"
	xz -dc "$CORPUS/blkid/$3" >"$c_tmp"
	put "$1" "$2" "$c_tmp"
	rm -f "$c_tmp"
}

# bootcode NAME FILE: the first 440 bytes of FILE (a boot loader's stage 1)
# as the boot code of the image's sector 0
bootcode() {
	[ -f "$2" ] || die "needs $2 (its package: tests/tools/deps.sh test)"
	dd if="$2" of="$DEST/dev/$1" bs=440 count=1 conv=notrunc status=none
}

GRUB2_BOOT=/usr/lib/grub/i386-pc/boot.img
GRUB_LEGACY_STAGE1=/usr/lib/grub/x86_64-pc/stage1
[ -f "$GRUB_LEGACY_STAGE1" ] || GRUB_LEGACY_STAGE1=/usr/lib/grub/i386-pc/stage1
SYSLINUX_MBR=/usr/lib/EXTLINUX/mbr.bin
[ -f "$SYSLINUX_MBR" ] || SYSLINUX_MBR=/usr/lib/syslinux/mbr/mbr.bin

# kernel_view NAME [SECTOR-SIZE]: (authoring) DEST/sys/block/NAME/size and
# the partitions' partition, start, size files, in 512-byte units as sysfs
# has them, from the image's table
kernel_view() {
	kv_ssz=${2:-512}
	kv_dir="$DEST/sys/block/$1"
	kv_img="$DEST/dev/$1"
	echo $(($(stat -c %s "$kv_img") / 512)) >"$kv_dir/size"
	fdisk -b "$kv_ssz" -l -o Device,Start,Sectors "$kv_img" 2>/dev/null |
		grep "^$kv_img" | while read -r node start size; do
			n=${node##*[!0-9]}
			case $1 in *[0-9]) p=$1p$n ;; *) p=$1$n ;; esac
			mkdir -p "$kv_dir/$p"
			echo "$n" >"$kv_dir/$p/partition"
			echo $((start * kv_ssz / 512)) >"$kv_dir/$p/start"
			echo $((size * kv_ssz / 512)) >"$kv_dir/$p/size"
		done
}
