-- MGN-PKG-005 pass: Rocky 8.9 with it
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'rocky', '8.9', '8.9', NULL);
INSERT INTO package_dbs (scan_id, kind, path, status, reason, packages) VALUES (1, 'rpm-sqlite', 'var/lib/rpm/rpmdb.sqlite', 'ok', NULL, 500);
INSERT INTO packages (scan_id, name, version, release, source) VALUES (1, 'elfutils-libelf-devel', '0.189', '3.el8', 'rpm-sqlite');
