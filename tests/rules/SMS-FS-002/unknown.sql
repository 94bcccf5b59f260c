-- SMS-FS-002 unknown: --root is not a mount point
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', NULL, NULL, NULL, NULL, NULL, 0, 'unknown', '--root DIR is not a mount point: its free space is not the scanned system''s');
