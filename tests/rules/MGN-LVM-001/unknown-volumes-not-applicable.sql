-- MGN-LVM-001 unknown: RHEL 9.2, every disk read, but the volumes collector did not run ok:
-- not-applicable is not "no LVM"
-- (regression: absent_ok once read a not-applicable volumes run as none)
-- reason: volumes: no sys/block under the root
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'rhel', '9.2', '9.2', NULL);
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sda', 'disk', 107374182400, 'mbr', NULL, 'ok');
INSERT INTO packages (scan_id, name, version, release, source) VALUES (1, 'lvm2', '2.03.17', '7.el9', 'rpm-sqlite');
UPDATE collector_runs SET status = 'not-applicable', reason = 'no sys/block under the root: a copy of a file tree has no kernel view of its disks (give the disks with --image)' WHERE collector = 'volumes';
