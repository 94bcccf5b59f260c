-- MGN-BOOT-004 unknown: GPT boot disk, package database partly read
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sda', 'disk', 107374182400, 'gpt', NULL, 'ok');
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, 'bios', 'grub2', 'sda', NULL, 0);
INSERT INTO package_dbs (scan_id, kind, path, status, reason, packages) VALUES (1, 'rpm-sqlite', 'var/lib/rpm/rpmdb.sqlite', 'partial', 'rpmdb.sqlite: 3 rows could not be decoded', 500);
