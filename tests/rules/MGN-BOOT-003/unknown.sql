-- MGN-BOOT-003 unknown: /boot in fstab, its device unknown
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sda', 'disk', 107374182400, 'mbr', NULL, 'ok');
INSERT INTO partitions (scan_id, disk, number, name) VALUES (1, 'sda', 2, 'sda2');
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', 'sda2', 'xfs', 'rw,relatime', 10737418240, 10737418240, 0, 'ok', NULL);
INSERT INTO fstab (scan_id, line, spec, spec_kind, device, mountpoint, fstype, options, network) VALUES (1, 1, 'UUID=abcd', 'uuid', NULL, '/boot', 'xfs', 'defaults', 0);
