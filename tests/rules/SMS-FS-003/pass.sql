-- SMS-FS-003 pass: UUID and LABEL only
INSERT INTO fstab (scan_id, line, spec, spec_kind, device, mountpoint, fstype, options, network) VALUES (1, 1, 'UUID=abcd', 'uuid', NULL, '/', 'xfs', 'defaults', 0);
INSERT INTO fstab (scan_id, line, spec, spec_kind, device, mountpoint, fstype, options, network) VALUES (1, 2, 'LABEL=data', 'label', NULL, '/data', 'xfs', 'defaults', 0);
