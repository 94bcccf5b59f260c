-- SMS-BOOT-004 pass: GRUB legacy
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, 'bios', 'grub-legacy', 'sda', NULL, 0);
