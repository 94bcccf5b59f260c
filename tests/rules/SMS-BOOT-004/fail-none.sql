-- SMS-BOOT-004 fail: 'none' is a bootloader positively absent, with or without a boot disk
-- (regression: 'none' without a boot disk was once read as unknown)
INSERT INTO boot (scan_id, firmware, loader, loader_evidence, boot_disk, secure_boot, dual_boot) VALUES (1, 'uefi', 'none', 'no bootloader configuration or files found; no EFI loader in boot/efi/EFI', NULL, 0, 0);
