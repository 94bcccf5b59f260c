-- SMS-FS-001 pass: root on ext4, from etc/fstab under --root
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', NULL, NULL, NULL, NULL, NULL, 0, 'unknown', '--root DIR is not a mount point');
INSERT INTO fstab (scan_id, line, spec, spec_kind, device, mountpoint, fstype, options, network) VALUES (1, 1, 'UUID=abcd', 'uuid', NULL, '/', 'ext4', 'defaults', 0);
