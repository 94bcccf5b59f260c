-- MGN-BOOT-003 fail: / on an LV spanning sda2 and sdb
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sda', 'disk', 107374182400, 'mbr', NULL, 'ok');
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sdb', 'disk', 107374182400, 'mbr', NULL, 'ok');
INSERT INTO partitions (scan_id, disk, number, name) VALUES (1, 'sda', 1, 'sda1');
INSERT INTO partitions (scan_id, disk, number, name) VALUES (1, 'sda', 2, 'sda2');
INSERT INTO volumes (scan_id, name, kind, display_name) VALUES (1, 'dm-0', 'lvm-lv', 'vg-root');
INSERT INTO block_links (scan_id, holder, member) VALUES (1, 'dm-0', 'sda2');
INSERT INTO block_links (scan_id, holder, member) VALUES (1, 'dm-0', 'sdb');
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', 'dm-0', 'xfs', 'rw,relatime', 10737418240, 10737418240, 0, 'ok', NULL);
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/boot', 'sda1', 'xfs', 'rw,relatime', 10737418240, 10737418240, 0, 'ok', NULL);
