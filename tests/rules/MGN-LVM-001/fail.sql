-- MGN-LVM-001 fail: RHEL 9.2, LVM, lvm2 2.03.17
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'rhel', '9.2', '9.2', NULL);
INSERT INTO volumes (scan_id, name, kind, display_name) VALUES (1, 'rhel', 'lvm-vg', NULL);
INSERT INTO packages (scan_id, name, version, release, source) VALUES (1, 'lvm2', '2.03.17', '7.el9', 'rpm-sqlite');
