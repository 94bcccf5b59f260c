-- MGN-ARCH-002 fail: 32-bit i686
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, '2.6.32-431.el6.i686', NULL, 'i686', 32, 1);
