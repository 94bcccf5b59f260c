# root on md RAID1 (md0 = sda1 + sdb1, metadata 1.2, ext4), /boot on md
# too; both disks MBR with GRUB 2.  The members carry a real md superblock
# (the blkid corpus's mdraid-1 image, written by mdadm: mdadm needs block
# devices and cannot write one into an image file)
. "$(dirname "$0")/../fixture.sh"
need mke2fs
for d in sda sdb; do
	img $d 10G
	table $d <<'T'
label: dos
label-id: 0x0000d0d0
start=2048, type=fd, bootable
T
	corpus $d $((2048 * 512)) util-linux/images-fs/mdraid-1.img.xz
	bootcode $d "$GRUB2_BOOT"
done
img md0 $((20951040 * 512))
mke2fs -q -F -t ext4 -U 3d0a0000-0001-4000-8000-0000000000c1 -L root \
	-E lazy_itable_init=1,lazy_journal_init=1 "$DEST/dev/md0"
