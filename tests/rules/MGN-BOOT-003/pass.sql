-- MGN-BOOT-003 pass: / and /boot on sda, data on sdb; no LVM (volumes ran ok and found none)
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sda', 'disk', 107374182400, 'mbr', NULL, 'ok');
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sdb', 'disk', 107374182400, 'mbr', NULL, 'ok');
INSERT INTO partitions (scan_id, disk, number, name) VALUES (1, 'sda', 1, 'sda1');
INSERT INTO partitions (scan_id, disk, number, name) VALUES (1, 'sda', 2, 'sda2');
INSERT INTO partitions (scan_id, disk, number, name) VALUES (1, 'sdb', 1, 'sdb1');
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', 'sda2', 'xfs', 'rw,relatime', 10737418240, 10737418240, 0, 'ok', NULL);
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/boot', 'sda1', 'xfs', 'rw,relatime', 10737418240, 10737418240, 0, 'ok', NULL);
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/data', 'sdb1', 'xfs', 'rw,relatime', 10737418240, 10737418240, 0, 'ok', NULL);
