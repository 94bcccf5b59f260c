-- MGN-OS-001 unknown: RHEL without a version
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'rhel', NULL, NULL, NULL);
