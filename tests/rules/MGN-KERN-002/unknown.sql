-- MGN-KERN-002 unknown: release unknown
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, NULL, NULL, 'x86_64', 64, 1);
