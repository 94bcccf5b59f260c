-- MGN-FS-004 fail: a separate /boot with 20 MiB available
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', 'sda1', 'xfs', 'rw,relatime', 10737418240, 10737418240, 0, 'ok', NULL);
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/boot', 'sda1', 'ext4', 'rw,relatime', 20971520, 20971520, 0, 'ok', NULL);
