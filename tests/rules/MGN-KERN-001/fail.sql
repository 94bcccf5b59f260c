-- MGN-KERN-001 fail: 2.6.18-128.el5
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, '2.6.18-128.el5', NULL, 'x86_64', 64, 1);
