# CentOS 6 style: BIOS, MBR, GRUB legacy in sector 0, /boot ext4 (active),
# swap, / ext4; and a DVD drive
. "$(dirname "$0")/../fixture.sh"
need mke2fs
need mkswap
img sda 20G
table sda <<'T'
label: dos
label-id: 0x000c1a2b
start=2048, size=1024000, type=83, bootable
start=1026048, size=4194304, type=82
start=5220352, type=83
T
mke2fs -q -F -t ext4 -U 1b2c3d4e-0001-4c6f-8a00-0000000000a1 -L boot \
	-E offset=$((2048 * 512)),lazy_itable_init=1,lazy_journal_init=1 "$DEST/dev/sda" 512000
fs sda $((1026048 * 512)) 64M mkswap -U 1b2c3d4e-0002-4c6f-8a00-0000000000a2
mke2fs -q -F -t ext4 -U 1b2c3d4e-0003-4c6f-8a00-0000000000a3 \
	-E offset=$((5220352 * 512)),lazy_itable_init=1,lazy_journal_init=1 "$DEST/dev/sda" \
	$(((41943040 - 5220352) / 2))
bootcode sda "$GRUB_LEGACY_STAGE1"
