-- MGN-KERN-003 pass: Debian 11 on 5.10
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'debian', '11', '11.9', NULL);
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, '5.10.0-28-amd64', NULL, 'x86_64', 64, 1);
