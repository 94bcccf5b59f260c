-- MGN-BOOT-006 fail: CentOS 6.10 on UEFI
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'centos', '6.10', '6.10', NULL);
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, 'uefi', 'grub2', 'sda', NULL, 0);
