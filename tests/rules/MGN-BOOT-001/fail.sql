-- MGN-BOOT-001 fail: LILO
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, 'bios', 'lilo', 'sda', NULL, 0);
