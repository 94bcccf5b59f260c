-- MGN-ARCH-001 unknown: architecture unknown
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, '5.14.0-427.el9.x86_64', NULL, NULL, NULL, 1);
