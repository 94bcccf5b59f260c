-- MGN-FS-005 unknown: etc/fstab exists but could not be read (the run is ok: the mounts were read)
-- reason: etc/fstab could not be read: Permission denied
INSERT INTO fstab_read (scan_id, path, status, reason) VALUES (1, 'etc/fstab', 'unreadable', 'Permission denied');
