-- SMS-VOL-001 unknown: not root: the disks could not be read
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sda', 'disk', 107374182400, 'mbr', NULL, 'ok');
UPDATE collector_runs SET status = 'failed', reason = 'not root, cannot open /dev/sda' WHERE collector = 'disks';
