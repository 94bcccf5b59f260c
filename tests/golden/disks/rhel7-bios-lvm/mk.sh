# RHEL 7 style: BIOS, MBR, GRUB 2 in sector 0, /boot xfs (active), an LVM
# PV holding VG rhel (dm-0 rhel-root xfs, dm-1 rhel-swap); a data disk
# formatted whole (ext4, no partition table)
. "$(dirname "$0")/../fixture.sh"
need mkfs.xfs
need mke2fs
need mkswap
img sda 40G
table sda <<'T'
label: dos
label-id: 0x000a5f0e
start=2048, size=2097152, type=83, bootable
start=2099200, type=8e
T
fs sda $((2048 * 512)) 512M mkfs.xfs -q -f -m uuid=7e1a0001-0000-4b00-9000-0000000000b1
corpus sda $((2099200 * 512)) util-linux/images-fs/lvm2.img.xz
bootcode sda "$GRUB2_BOOT"
img sdb 20G
mke2fs -q -F -t ext4 -U 7e1a0002-0000-4b00-9000-0000000000b2 -L data \
	-E lazy_itable_init=1,lazy_journal_init=1 "$DEST/dev/sdb"
img dm-0 $((73392128 * 512))
mkfs.xfs -q -f -m uuid=7e1a0003-0000-4b00-9000-0000000000b3 "$DEST/dev/dm-0"
img dm-1 $((4194304 * 512))
mkswap -U 7e1a0004-0000-4b00-9000-0000000000b4 "$DEST/dev/dm-1" >/dev/null 2>&1
