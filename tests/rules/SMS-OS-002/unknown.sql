-- SMS-OS-002 unknown: SLES 12 SP2 with its kernel unknown
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'sles', '12.2', '12.2', NULL);
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, NULL, NULL, 'x86_64', 64, 1);
