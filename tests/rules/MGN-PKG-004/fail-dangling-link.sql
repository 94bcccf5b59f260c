-- MGN-PKG-004 fail: usr/bin/python3 is a link to a Python since deleted
INSERT INTO host_files (scan_id, role, path, present, kind, symlink, target, target_present, version) VALUES (1, 'python', 'usr/bin/python3', 1, 'symlink', 1, '/opt/python3.11/bin/python3.11', 0, NULL);
