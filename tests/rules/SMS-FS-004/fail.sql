-- SMS-FS-004 fail: an NFS mount in fstab
INSERT INTO fstab (scan_id, line, spec, spec_kind, device, mountpoint, fstype, options, network) VALUES (1, 1, 'UUID=abcd', 'uuid', NULL, '/', 'xfs', 'defaults', 0);
INSERT INTO fstab (scan_id, line, spec, spec_kind, device, mountpoint, fstype, options, network) VALUES (1, 2, 'nas:/export', 'network', NULL, '/mnt/nas', 'nfs', 'defaults', 1);
