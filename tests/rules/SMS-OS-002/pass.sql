-- SMS-OS-002 pass: Oracle Linux 7.6 with UEK 4.14.35
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'ol', '7.6', '7.6', NULL);
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, '4.14.35-1818.3.3.el7uek.x86_64', NULL, 'x86_64', 64, 1);
