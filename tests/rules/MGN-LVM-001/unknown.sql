-- MGN-LVM-001 unknown: RHEL 9.2, no LVM seen, but sdb could not be read (volumes ran ok, with a note)
-- reason: LVM cannot be ruled out: sdb: cannot open /dev/sdb
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'rhel', '9.2', '9.2', NULL);
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sda', 'disk', 107374182400, 'mbr', NULL, 'ok');
INSERT INTO disks (scan_id, name, kind, probe_status, probe_reason) VALUES (1, 'sdb', 'disk', 'unknown', 'cannot open /dev/sdb: Permission denied');
INSERT INTO packages (scan_id, name, version, release, source) VALUES (1, 'lvm2', '2.03.17', '7.el9', 'rpm-sqlite');
UPDATE collector_runs SET reason = 'disks not read in full, so volumes on them are unknown: sdb (cannot open /dev/sdb: Permission denied)' WHERE collector = 'volumes';
