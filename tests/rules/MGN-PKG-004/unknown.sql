-- MGN-PKG-004 unknown: a python3 of unknown version
INSERT INTO host_files (scan_id, role, path, present, version) VALUES (1, 'python', 'usr/bin/python3', 1, NULL);
