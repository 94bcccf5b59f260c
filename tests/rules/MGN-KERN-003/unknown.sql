-- MGN-KERN-003 unknown: Debian 10, kernel unknown
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'debian', '10', '10.13', NULL);
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, NULL, NULL, 'x86_64', 64, 1);
