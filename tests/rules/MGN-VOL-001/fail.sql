-- MGN-VOL-001 fail: a 20 TiB disk
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sda', 'disk', 107374182400, 'mbr', NULL, 'ok');
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sdb', 'disk', 21990232555520, 'mbr', NULL, 'ok');
