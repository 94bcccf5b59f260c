-- MGN-PKG-006 unknown: package database partly read, gcc not seen
INSERT INTO package_dbs (scan_id, kind, path, status, reason, packages) VALUES (1, 'rpm-sqlite', 'var/lib/rpm/rpmdb.sqlite', 'partial', '3 rows could not be decoded', 500);
INSERT INTO packages (scan_id, name, version, release, source) VALUES (1, 'make', '1.0', '1.el9', 'rpm-sqlite');
INSERT INTO packages (scan_id, name, version, release, source) VALUES (1, 'perl', '1.0', '1.el9', 'rpm-sqlite');
INSERT INTO packages (scan_id, name, version, release, source) VALUES (1, 'tar', '1.0', '1.el9', 'rpm-sqlite');
INSERT INTO packages (scan_id, name, version, release, source) VALUES (1, 'gawk', '1.0', '1.el9', 'rpm-sqlite');
INSERT INTO packages (scan_id, name, version, release, source) VALUES (1, 'rpm', '1.0', '1.el9', 'rpm-sqlite');
