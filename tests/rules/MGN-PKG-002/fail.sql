-- MGN-PKG-002 fail: no headers for the running kernel
INSERT INTO kernel_headers (scan_id, release, present, symlink, path) VALUES (1, '5.14.0-427.el9.x86_64', 0, NULL, NULL);
