-- MGN-BOOT-006 pass: CentOS 6.10 on BIOS
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'centos', '6.10', '6.10', NULL);
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, 'bios', 'grub2', 'sda', NULL, 0);
