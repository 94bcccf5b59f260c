# the links udev would make, so that some specs resolve to kernel names
# under --root; and a line with binary bytes, which is skipped with a note
mkdir -p "$1/dev/disk/by-uuid" "$1/dev/disk/by-label" "$1/dev/disk/by-id" "$1/dev/mapper" "$1/dev/vg_data"
ln -s ../../sda2 "$1/dev/disk/by-uuid/2a9d6c3e-5b1f-4e7a-8c0d-1f2e3a4b5c6d"
ln -s ../../sda1 "$1/dev/disk/by-label/boot"
ln -s ../../sdc1 "$1/dev/disk/by-id/scsi-36000c29a1b2c3d4e5f60718293a4b5c6-part1"
ln -s ../dm-2 "$1/dev/mapper/vg_data-lv_srv"
ln -s ../dm-3 "$1/dev/vg_data/lv_home"
printf '/dev/sdf1 /mnt/\001\002bin ext4 defaults 0 0\n' >>"$1/etc/fstab"
printf '/dev/sdg1 /mnt/nul\000byte ext4 defaults 0 0\n' >>"$1/etc/fstab"
printf 'UUID=0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b /var ext4 defaults 0 2' >>"$1/etc/fstab"
