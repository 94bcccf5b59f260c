-- MGN-VOL-001 pass: a 16 TiB disk (the limit itself)
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sda', 'disk', 107374182400, 'mbr', NULL, 'ok');
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sdb', 'disk', 17592186044416, 'mbr', NULL, 'ok');
