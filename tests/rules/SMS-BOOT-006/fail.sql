-- SMS-BOOT-006 fail: a Windows entry in the boot menu
INSERT INTO boot (scan_id, firmware, loader, dual_boot, dual_boot_evidence) VALUES (1, 'bios', 'grub2', 1, 'menuentry ''Windows 7'' (chainloader +1)');
