-- SMS-BOOT-002 fail: UEFI firmware
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, 'uefi', 'grub2', 'sda', NULL, 0);
