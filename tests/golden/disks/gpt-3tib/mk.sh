# a 3 TiB boot disk (past what an MBR can address): GPT, BIOS boot, /boot
# ext4, the rest an LVM PV; GRUB 2 boot code
. "$(dirname "$0")/../fixture.sh"
need mke2fs
img sda 3T
table sda <<'T'
label: gpt
label-id: 3DB00000-0000-4000-8000-000000000300
start=2048, size=2048, type=21686148-6449-6E6F-744E-656564454649, uuid=3DB00000-0000-4000-8000-000000000301, name="bios_grub"
start=4096, size=2097152, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=3DB00000-0000-4000-8000-000000000302, name="boot"
start=2101248, type=E6D6D379-F507-44C2-A23C-238F2A3DF928, uuid=3DB00000-0000-4000-8000-000000000303, name="pv"
T
mke2fs -q -F -t ext4 -U 3db00000-0002-4000-8000-0000000003b2 -L boot \
	-E offset=$((4096 * 512)),lazy_itable_init=1,lazy_journal_init=1 "$DEST/dev/sda" 1048576
corpus sda $((2101248 * 512)) util-linux/images-fs/lvm2.img.xz
bootcode sda "$GRUB2_BOOT"
