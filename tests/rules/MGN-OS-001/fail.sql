-- MGN-OS-001 fail: CentOS 8.5 (only 8.0 is listed)
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'centos', '8', '8.5.2111', 'CentOS Linux');
