-- MGN-FS-003 pass: /tmp in fstab with defaults (--root)
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', NULL, NULL, NULL, NULL, NULL, 0, 'unknown', '--root DIR is not a mount point');
INSERT INTO fstab (scan_id, line, spec, spec_kind, device, mountpoint, fstype, options, network) VALUES (1, 1, 'UUID=abcd', 'uuid', NULL, '/', 'xfs', 'defaults', 0);
INSERT INTO fstab (scan_id, line, spec, spec_kind, device, mountpoint, fstype, options, network) VALUES (1, 2, 'tmpfs', 'other', NULL, '/tmp', 'tmpfs', 'defaults,size=2G', 0);
