# Windows and Linux on one BIOS/MBR disk: System Reserved (NTFS, active),
# Windows (NTFS), Linux / (ext4), swap; GRUB 2 in sector 0 chains Windows
. "$(dirname "$0")/../fixture.sh"
need mke2fs
need mkswap
img sda 60G
table sda <<'T'
label: dos
label-id: 0x5d0b1e00
start=2048, size=1024000, type=7, bootable
start=1026048, size=62914560, type=7
start=63940608, size=54525952, type=83
start=118466560, type=82
T
ntfs sda $((2048 * 512)) 64M "System Reserved" 5D0B1E0000000001
ntfs sda $((1026048 * 512)) 256M Windows 5D0B1E0000000002
mke2fs -q -F -t ext4 -U 5d0b1e00-0003-4000-8000-0000000000f3 \
	-E offset=$((63940608 * 512)),lazy_itable_init=1,lazy_journal_init=1 "$DEST/dev/sda" \
	$((54525952 / 2))
fs sda $((118466560 * 512)) 64M mkswap -U 5d0b1e00-0004-4000-8000-0000000000f4
bootcode sda "$GRUB2_BOOT"
