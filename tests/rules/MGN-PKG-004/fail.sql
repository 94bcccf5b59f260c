-- MGN-PKG-004 fail: Python 2.3 only
INSERT INTO host_files (scan_id, role, path, present, version) VALUES (1, 'python', 'usr/bin/python', 1, '2.3.4');
