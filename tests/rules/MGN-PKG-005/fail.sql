-- MGN-PKG-005 fail: Rocky 8.9 without elfutils-libelf-devel
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'rocky', '8.9', '8.9', NULL);
INSERT INTO package_dbs (scan_id, kind, path, status, reason, packages) VALUES (1, 'rpm-sqlite', 'var/lib/rpm/rpmdb.sqlite', 'ok', NULL, 500);
INSERT INTO packages (scan_id, name, version, release, source) VALUES (1, 'elfutils-libelf', '0.189', '3.el8', 'rpm-sqlite');
