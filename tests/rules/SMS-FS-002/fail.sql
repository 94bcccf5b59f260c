-- SMS-FS-002 fail: 200 MiB available on /
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', 'sda1', 'xfs', 'rw,relatime', 209715200, 209715200, 0, 'ok', NULL);
