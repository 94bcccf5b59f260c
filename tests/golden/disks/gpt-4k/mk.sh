# a 4Kn disk (4096-byte logical sectors): GPT whose LBAs count 4096-byte
# sectors (LBA 1 is at byte 4096), EFI system partition and ext4
. "$(dirname "$0")/../fixture.sh"
need mke2fs
need mkfs.vfat
need fdisk
img sda 16G
table sda 4096 <<'T'
label: gpt
label-id: 4C4C0000-0000-4000-8000-000000004000
start=256, size=65536, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=4C4C0000-0000-4000-8000-000000004001
start=65792, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=4C4C0000-0000-4000-8000-000000004002
T
fs sda $((256 * 4096)) 256M mkfs.vfat -F 32 -S 4096 -i 4C4C4001 -n ESP
mke2fs -q -F -t ext4 -b 4096 -U 4c4c0000-0002-4000-8000-0000000040b2 \
	-E offset=$((65792 * 4096)),lazy_itable_init=1,lazy_journal_init=1 "$DEST/dev/sda" \
	$((4194304 - 65792 - 5))
