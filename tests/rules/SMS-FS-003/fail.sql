-- SMS-FS-003 fail: /dev/sdb1 in fstab
INSERT INTO fstab (scan_id, line, spec, spec_kind, device, mountpoint, fstype, options, network) VALUES (1, 1, 'UUID=abcd', 'uuid', NULL, '/', 'xfs', 'defaults', 0);
INSERT INTO fstab (scan_id, line, spec, spec_kind, device, mountpoint, fstype, options, network) VALUES (1, 2, '/dev/sdb1', 'devname', NULL, '/data', 'xfs', 'defaults', 0);
