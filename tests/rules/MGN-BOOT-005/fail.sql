-- MGN-BOOT-005 fail: UEFI with five partitions on the boot disk
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sda', 'disk', 107374182400, 'gpt', NULL, 'ok');
INSERT INTO boot (scan_id, firmware, loader, boot_disk, secure_boot, dual_boot) VALUES (1, 'uefi', 'grub2', 'sda', NULL, 0);
INSERT INTO partitions (scan_id, disk, number, name) VALUES (1, 'sda', 1, 'sda1');
INSERT INTO partitions (scan_id, disk, number, name) VALUES (1, 'sda', 2, 'sda2');
INSERT INTO partitions (scan_id, disk, number, name) VALUES (1, 'sda', 3, 'sda3');
INSERT INTO partitions (scan_id, disk, number, name) VALUES (1, 'sda', 4, 'sda4');
INSERT INTO partitions (scan_id, disk, number, name) VALUES (1, 'sda', 5, 'sda5');
