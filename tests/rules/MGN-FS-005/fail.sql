-- MGN-FS-005 fail: an NFS mount
INSERT INTO mounts (scan_id, mountpoint, device, fstype, options, avail_bytes, free_bytes, network, stat_status, stat_reason) VALUES (1, '/', 'sda1', 'xfs', 'rw,relatime', 10737418240, 10737418240, 0, 'ok', NULL);
INSERT INTO mounts (scan_id, mountpoint, source, fstype, network, stat_status) VALUES (1, '/mnt/share', 'nas:/export', 'nfs4', 1, 'ok');
