-- MGN-FS-001 unknown: free space unknown
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', NULL, NULL, NULL, NULL, NULL, 0, 'unknown', '--root DIR is not a mount point');
