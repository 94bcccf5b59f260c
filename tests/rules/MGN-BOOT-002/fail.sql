-- MGN-BOOT-002 fail: UEFI with Secure Boot on
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, 'uefi', 'grub2', 'sda', 1, 0);
