-- MGN-KERN-001 pass: 2.6.18-164.el5 (the limit itself)
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, '2.6.18-164.el5', NULL, 'x86_64', 64, 1);
