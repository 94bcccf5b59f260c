-- MGN-OS-002 pass: Ubuntu 22.04, no deprecation date
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'ubuntu', '22.04', '22.04.3', NULL);
