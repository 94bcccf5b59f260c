-- SMS-KERN-001 fail: a custom kernel
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, '5.10.0-custom', NULL, 'x86_64', 64, 0);
