-- MGN-OS-002 fail: CentOS 6.5, deprecated on 2026-08-28
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'centos', '6.5', '6.5', NULL);
