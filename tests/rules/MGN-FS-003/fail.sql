-- MGN-FS-003 fail: /tmp mounted noexec
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', 'sda1', 'xfs', 'rw,relatime', 10737418240, 10737418240, 0, 'ok', NULL);
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/tmp', NULL, 'tmpfs', 'rw,nosuid,nodev,noexec', 10737418240, 10737418240, 0, 'ok', NULL);
