-- MGN-BOOT-003 unknown: the volumes collector had nothing to look at (not-applicable): that is not "no LVM"
-- (regression: absent_ok once read a not-applicable volumes run as none)
-- reason: volumes: no sys/block under the root
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sda', 'disk', 107374182400, 'mbr', NULL, 'ok');
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sdb', 'disk', 107374182400, 'mbr', NULL, 'ok');
INSERT INTO partitions (scan_id, disk, number, name) VALUES (1, 'sda', 1, 'sda1');
INSERT INTO partitions (scan_id, disk, number, name) VALUES (1, 'sda', 2, 'sda2');
INSERT INTO partitions (scan_id, disk, number, name) VALUES (1, 'sdb', 1, 'sdb1');
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', 'sda2', 'xfs', 'rw,relatime', 10737418240, 10737418240, 0, 'ok', NULL);
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/boot', 'sda1', 'xfs', 'rw,relatime', 10737418240, 10737418240, 0, 'ok', NULL);
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/data', 'sdb1', 'xfs', 'rw,relatime', 10737418240, 10737418240, 0, 'ok', NULL);
UPDATE collector_runs SET status = 'not-applicable', reason = 'no sys/block under the root: a copy of a file tree has no kernel view of its disks (give the disks with --image)' WHERE collector = 'volumes';
