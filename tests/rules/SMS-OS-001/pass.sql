-- SMS-OS-001 pass: CentOS 6.5
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'centos', '6.5', '6.5', NULL);
