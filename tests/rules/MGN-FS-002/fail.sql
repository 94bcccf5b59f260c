-- MGN-FS-002 fail: a 512 MiB tmpfs /tmp
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', 'sda1', 'xfs', 'rw,relatime', 10737418240, 10737418240, 0, 'ok', NULL);
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/tmp', NULL, 'tmpfs', 'rw,nosuid', 536870912, 536870912, 0, 'ok', NULL);
