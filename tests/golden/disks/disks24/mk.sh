# 24 disks, 100 partitions (the scale and benchmark host): sda..sdx of 8
# GiB, MBR and GPT in turn; partition 1 ext4, 2 swap, 3 vfat, 4 (and 5 on
# the GPT disks sdb, sdd, sdf, sdh) empty.  Its sysfs is generated here,
# as plain directories without links (how a hand-made fixture looks: the
# disks are told from virtual devices by their names), with kernel_view.
. "$(dirname "$0")/../fixture.sh"
need mke2fs
need mkswap
need mkfs.vfat
i=0
for d in sda sdb sdc sdd sde sdf sdg sdh sdi sdj sdk sdl sdm sdn sdo sdp sdq sdr sds sdt sdu sdv sdw sdx; do
	i=$((i + 1))
	x=$(printf %02x $i)
	img $d 8G
	if [ $((i % 2)) -eq 1 ]; then
		table $d <<T
label: dos
label-id: 0x240000$x
start=2048, size=524288, type=83
start=526336, size=524288, type=82
start=1050624, size=524288, type=c
start=1574912, size=524288, type=83
T
	else
		{
			printf 'label: gpt\nlabel-id: 24240000-0000-4000-8000-0000000000%s\n' $x
			for p in 1 2 3 4 5; do
				[ $p -eq 5 ] && [ $i -gt 8 ] && break
				case $p in
				2) t=0657FD6D-A4AB-43C4-84E5-0933C84B4F4F ;;
				3) t=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7 ;;
				*) t=0FC63DAF-8483-4772-8E79-3D69D8477DE4 ;;
				esac
				printf 'start=%d, size=524288, type=%s, uuid=24240000-00%s-4000-8000-00000000000%d\n' \
					$((2048 + (p - 1) * 524288)) $t $x $p
			done
		} | table $d
	fi
	mke2fs -q -F -t ext4 -U 24240000-00$x-4000-8000-0000000000e1 -L data$x \
		-E offset=$((2048 * 512)),lazy_itable_init=1,lazy_journal_init=1 "$DEST/dev/$d" 262144
	fs $d $((526336 * 512)) 64M mkswap -U 24240000-00$x-4000-8000-0000000000e2
	fs $d $((1050624 * 512)) 64M mkfs.vfat -F 32 -i 2424${x}03 -n FAT$x

	s="$DEST/sys/block/$d"
	mkdir -p "$s/queue" "$s/device"
	echo 0 >"$s/removable"
	echo 512 >"$s/queue/logical_block_size"
	echo 4096 >"$s/queue/physical_block_size"
	echo 1 >"$s/queue/rotational"
	echo "MG08SCA16TE     " >"$s/device/model"
	echo "5000039a0c0000$x" >"$s/device/wwid"
	kernel_view $d
done
