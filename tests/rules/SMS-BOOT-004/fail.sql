-- SMS-BOOT-004 fail: syslinux
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, 'bios', 'syslinux', 'sda', NULL, 0);
