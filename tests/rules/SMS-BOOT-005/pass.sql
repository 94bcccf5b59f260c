-- SMS-BOOT-005 pass: root on an LVM volume of sda2, MBR on sda
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sda', 'disk', 107374182400, 'mbr', NULL, 'ok');
INSERT INTO partitions (scan_id, disk, number, name) VALUES (1, 'sda', 1, 'sda1');
INSERT INTO partitions (scan_id, disk, number, name) VALUES (1, 'sda', 2, 'sda2');
INSERT INTO volumes (scan_id, name, kind, display_name) VALUES (1, 'dm-0', 'lvm-lv', 'rhel-root');
INSERT INTO block_links (scan_id, holder, member) VALUES (1, 'dm-0', 'sda2');
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', 'dm-0', 'xfs', 'rw,relatime', 10737418240, 10737418240, 0, 'ok', NULL);
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, 'bios', 'grub2', 'sda', NULL, 0);
