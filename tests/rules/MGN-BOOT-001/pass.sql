-- MGN-BOOT-001 pass: GRUB 2
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, 'bios', 'grub2', 'sda', NULL, 0);
