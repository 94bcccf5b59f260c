-- SMS-BOOT-004 unknown: a separate /boot not mounted under the root; the reason is the evidence's
-- reason: the bootloader is unknown: /boot is a separate filesystem (etc/fstab line 2)
INSERT INTO boot (scan_id, firmware, loader, loader_evidence, boot_disk, secure_boot, dual_boot) VALUES (1, NULL, NULL, 'unknown: /boot is a separate filesystem (etc/fstab line 2) and boot/ under the root is empty: mount it there', NULL, NULL, NULL);
