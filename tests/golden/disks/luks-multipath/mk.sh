# a LUKS2 data volume (sdb1, open as dm-0 luks-<uuid>, ext4 inside) and a
# closed one (sdb2); a SAN LUN seen on two paths (sdc, sdd) under
# multipath dm-1 (mpatha) with its partition dm-2 (mpatha1, xfs)
. "$(dirname "$0")/../fixture.sh"
need mke2fs
need mkfs.xfs
img sda 10G
table sda <<'T'
label: dos
label-id: 0x0000a110
start=2048, type=83, bootable
T
mke2fs -q -F -t ext4 -U 5a5a0000-0001-4000-8000-0000000000d1 \
	-E offset=$((2048 * 512)),lazy_itable_init=1,lazy_journal_init=1 "$DEST/dev/sda" \
	$(((20971520 - 2048) / 2))
bootcode sda "$GRUB2_BOOT"
img sdb 20G
table sdb <<'T'
label: gpt
label-id: 5A5A0000-0000-4000-8000-0000000000E0
start=2048, size=20967424, type=CA7D7CCB-63ED-4C53-861C-1742536059CC, uuid=5A5A0000-0000-4000-8000-0000000000E1, name="secure"
start=20969472, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=5A5A0000-0000-4000-8000-0000000000E2, name="vault"
T
luks sdb $((2048 * 512)) 32M 5a5a0000-0000-4000-8000-00000000ee01
luks sdb $((20969472 * 512)) 32M 5a5a0000-0000-4000-8000-00000000ee02
img dm-0 $(((20967424 - 32768) * 512))
mke2fs -q -F -t ext4 -U 5a5a0000-0003-4000-8000-0000000000d3 -L secure \
	-E lazy_itable_init=1,lazy_journal_init=1 "$DEST/dev/dm-0"
img sdc 50G
table sdc <<'T'
label: gpt
label-id: 5A5A0000-0000-4000-8000-0000000000F0
start=2048, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=5A5A0000-0000-4000-8000-0000000000F1, name="san"
T
cp --sparse=always "$DEST/dev/sdc" "$DEST/dev/sdd"
cp --sparse=always "$DEST/dev/sdc" "$DEST/dev/dm-1"
img dm-2 $(((104857600 - 2048 - 33) * 512))
mkfs.xfs -q -f -m uuid=5a5a0000-0005-4000-8000-0000000000d5 -L san "$DEST/dev/dm-2"
