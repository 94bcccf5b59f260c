-- MGN-PKG-003 fail: usr/src/kernels is a link
INSERT INTO kernel_headers (scan_id, release, present, symlink, path) VALUES (1, '5.14.0-427.el9.x86_64', 1, 1, 'usr/src/kernels/5.14.0-427.el9.x86_64');
