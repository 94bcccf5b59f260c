-- MGN-KERN-002 pass: 4.9.258
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, '4.9.0-16-amd64', '#1 SMP Debian 4.9.258-1 (2021-03-08)', 'x86_64', 64, 1);
