-- SMS-FS-001 unknown: fstab says auto
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', NULL, NULL, NULL, NULL, NULL, 0, 'unknown', '--root DIR is not a mount point');
INSERT INTO fstab (scan_id, line, spec, spec_kind, device, mountpoint, fstype, options, network) VALUES (1, 1, '/dev/sda1', 'devname', NULL, '/', 'auto', 'defaults', 0);
