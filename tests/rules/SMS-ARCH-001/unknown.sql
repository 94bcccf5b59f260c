-- SMS-ARCH-001 unknown: the kernel collector failed
INSERT INTO kernel (scan_id, release, version, arch, bits, distro_kernel) VALUES (1, '5.14.0-427.el9.x86_64', NULL, NULL, NULL, 1);
UPDATE collector_runs SET status = 'failed', reason = 'cannot read ''proc/sys/kernel/osrelease'': Permission denied' WHERE collector = 'kernel';
