-- SMS-BOOT-002 unknown: firmware not known
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, NULL, 'grub2', 'sda', NULL, 0);
