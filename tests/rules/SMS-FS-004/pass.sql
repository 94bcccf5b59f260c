-- SMS-FS-004 pass: local filesystems only
INSERT INTO fstab (scan_id, line, spec, spec_kind, device, mountpoint, fstype, options, network) VALUES (1, 1, 'UUID=abcd', 'uuid', NULL, '/', 'xfs', 'defaults', 0);
