-- MGN-KERN-002 fail: Debian's 4.9.0 package of upstream 4.9.256
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, '4.9.0-15-amd64', '#1 SMP Debian 4.9.256-1 (2021-02-19)', 'x86_64', 64, 1);
