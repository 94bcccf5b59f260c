-- SMS-BOOT-005 unknown: root on sda1 and MBR on sda, but the volumes collector had nothing to
-- look at (not-applicable): the stacking is unknown, not "none"
-- (regression: absent_ok once read a not-applicable volumes run as none)
-- reason: volumes: no sys/block under the root
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sda', 'disk', 107374182400, 'mbr', NULL, 'ok');
INSERT INTO partitions (scan_id, disk, number, name) VALUES (1, 'sda', 1, 'sda1');
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', 'sda1', 'xfs', 'rw,relatime', 10737418240, 10737418240, 0, 'ok', NULL);
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, 'bios', 'grub2', 'sda', NULL, 0);
UPDATE collector_runs SET status = 'not-applicable', reason = 'no sys/block under the root: a copy of a file tree has no kernel view of its disks (give the disks with --image)' WHERE collector = 'volumes';
