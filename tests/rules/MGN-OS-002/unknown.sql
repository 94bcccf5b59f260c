-- MGN-OS-002 unknown: the distribution is unknown
INSERT INTO os (scan_id, id, version_id) VALUES (1, NULL, NULL);
