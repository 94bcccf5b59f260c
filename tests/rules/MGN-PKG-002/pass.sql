-- MGN-PKG-002 pass: headers installed
INSERT INTO kernel_headers (scan_id, release, present, symlink, path) VALUES (1, '5.14.0-427.el9.x86_64', 1, 0, 'usr/src/kernels/5.14.0-427.el9.x86_64');
