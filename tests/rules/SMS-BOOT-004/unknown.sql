-- SMS-BOOT-004 unknown: the boot collector failed
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, 'bios', NULL, 'sda', NULL, 0);
UPDATE collector_runs SET status = 'failed', reason = 'cannot read ''boot/grub2/grub.cfg'': Permission denied' WHERE collector = 'boot';
