-- MGN-LVM-001 pass: RHEL 9.4, LVM, lvm2 2.03.23-2
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'rhel', '9.4', '9.4', NULL);
INSERT INTO volumes (scan_id, name, kind, display_name) VALUES (1, 'rhel', 'lvm-vg', NULL);
INSERT INTO packages (scan_id, name, version, release, source) VALUES (1, 'lvm2', '2.03.23', '2.el9', 'rpm-sqlite');
