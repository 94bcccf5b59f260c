-- MGN-BOOT-005 unknown: UEFI, boot disk unknown
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, 'uefi', 'grub2', NULL, NULL, 0);
