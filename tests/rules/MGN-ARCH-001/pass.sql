-- MGN-ARCH-001 pass: x86-64
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, '5.14.0-427.el9.x86_64', NULL, 'x86_64', 64, 1);
