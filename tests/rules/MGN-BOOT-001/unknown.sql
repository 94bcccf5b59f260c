-- MGN-BOOT-001 unknown: no loader files found, no boot disk read (--root of a partial copy)
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, 'bios', 'none', NULL, NULL, 0);
