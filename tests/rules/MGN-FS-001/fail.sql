-- MGN-FS-001 fail: 1 GiB available on /
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', 'sda1', 'xfs', 'rw,relatime', 1073741824, 1073741824, 0, 'ok', NULL);
