# Ubuntu 22.04 cloud image style on an NVMe (EBS) disk: GPT with root
# ext4 on p1, BIOS boot on p14, the EFI system partition (vfat) on p15,
# GRUB 2 boot code in the protective MBR for BIOS boots
. "$(dirname "$0")/../fixture.sh"
need mke2fs
need mkfs.vfat
img nvme0n1 20G
table nvme0n1 <<'T'
label: gpt
label-id: 2A0F5C4E-22D4-4C8B-9D9A-0000000022A0
dev/nvme0n1p1 : start=227328, size=41715679, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=2A0F5C4E-22D4-4C8B-9D9A-0000000022A1
dev/nvme0n1p14 : start=2048, size=8192, type=21686148-6449-6E6F-744E-656564454649, uuid=2A0F5C4E-22D4-4C8B-9D9A-0000000022AE
dev/nvme0n1p15 : start=10240, size=217088, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=2A0F5C4E-22D4-4C8B-9D9A-0000000022AF
T
mke2fs -q -F -t ext4 -U 2a0f5c4e-0001-4c8b-9d9a-0000000022b1 -L cloudimg-rootfs \
	-E offset=$((227328 * 512)),lazy_itable_init=1,lazy_journal_init=1 "$DEST/dev/nvme0n1" \
	$((41715679 / 2))
fs nvme0n1 $((10240 * 512)) $((217088 * 512)) mkfs.vfat -F 32 -i 5A22B15F -n UEFI
bootcode nvme0n1 "$GRUB2_BOOT"
