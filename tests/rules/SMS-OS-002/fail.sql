-- SMS-OS-002 fail: SLES 11 SP4 with a later kernel
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'sles', '11.4', '11.4', NULL);
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, '3.0.101-108.13-default', NULL, 'x86_64', 64, 1);
