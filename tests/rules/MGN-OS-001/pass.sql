-- MGN-OS-001 pass: CentOS Stream 9
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'centos', '9', NULL, 'CentOS Stream');
