-- MGN-PKG-004 pass: Python 3.9
INSERT INTO host_files (scan_id, role, path, present, version) VALUES (1, 'python', 'usr/bin/python3', 1, '3.9.18');
INSERT INTO host_files (scan_id, role, path, present, version) VALUES (1, 'python', 'usr/bin/python', 0, NULL);
