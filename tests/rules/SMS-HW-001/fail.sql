-- SMS-HW-001 fail: a virtual CD-ROM drive
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sda', 'disk', 107374182400, 'mbr', NULL, 'ok');
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sr0', 'optical', NULL, NULL, 'VMware SATA CD00', 'ok');
