-- SMS-OS-001 unknown: CentOS 7 without its minor version
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'centos', '7', NULL, NULL);
