-- MGN-BOOT-001 unknown: no loader configuration, and the boot disk's MBR could not be read
-- reason: the bootloader is unknown: no bootloader configuration found, but the boot code of vda was not read
INSERT INTO boot (scan_id, firmware, loader, loader_evidence, boot_disk, secure_boot, dual_boot) VALUES (1, 'bios', NULL, 'unknown: no bootloader configuration found, but the boot code of vda was not read: cannot open /dev/vda: Operation not permitted', 'vda', 0, 0);
