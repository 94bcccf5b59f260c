-- MGN-KERN-003 fail: Debian 10 on a 2.6 kernel
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'debian', '10', '10.13', NULL);
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, '2.6.32-5-amd64', NULL, 'x86_64', 64, 1);
