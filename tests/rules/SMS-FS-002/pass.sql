-- SMS-FS-002 pass: 250 MiB available (the limit itself)
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', 'sda1', 'xfs', 'rw,relatime', 262144000, 262144000, 0, 'ok', NULL);
