-- MGN-ARCH-001 fail: aarch64
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, '5.14.0-427.el9.aarch64', NULL, 'aarch64', 64, 1);
