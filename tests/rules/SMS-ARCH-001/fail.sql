-- SMS-ARCH-001 fail: a 32-bit i686 kernel
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, '2.6.32-431.el6.i686', NULL, 'i686', 32, 1);
