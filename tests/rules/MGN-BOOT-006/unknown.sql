-- MGN-BOOT-006 unknown: RHEL 6.9, firmware unknown
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'rhel', '6.9', '6.9', NULL);
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, NULL, 'grub2', 'sda', NULL, 0);
