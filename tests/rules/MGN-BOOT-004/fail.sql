-- MGN-BOOT-004 fail: GPT boot disk, no grub2-pc-modules
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sda', 'disk', 107374182400, 'gpt', NULL, 'ok');
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, 'bios', 'grub2', 'sda', NULL, 0);
INSERT INTO package_dbs (scan_id, kind, path, status, reason, packages) VALUES (1, 'rpm-sqlite', 'var/lib/rpm/rpmdb.sqlite', 'ok', NULL, 500);
INSERT INTO packages (scan_id, name, version, release, source) VALUES (1, 'grub2-efi-x64', '1.0', '1.el9', 'rpm-sqlite');
