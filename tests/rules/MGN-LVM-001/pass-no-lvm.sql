-- MGN-LVM-001 pass: RHEL 9.2 with an old lvm2, but every disk was read and the volumes collector
-- ran ok with no rows: no LVM here
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'rhel', '9.2', '9.2', NULL);
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sda', 'disk', 107374182400, 'mbr', NULL, 'ok');
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, model, probe_status) VALUES (1, 'sdb', 'disk', 107374182400, 'gpt', NULL, 'ok');
INSERT INTO packages (scan_id, name, version, release, source) VALUES (1, 'lvm2', '2.03.17', '7.el9', 'rpm-sqlite');
