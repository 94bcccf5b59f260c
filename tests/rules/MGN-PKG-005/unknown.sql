-- MGN-PKG-005 unknown: Rocky 8.9, the package database partly read
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'rocky', '8.9', '8.9', NULL);
INSERT INTO package_dbs (scan_id, kind, path, status, reason, packages) VALUES (1, 'rpm-sqlite', 'var/lib/rpm/rpmdb.sqlite', 'partial', '2 headers could not be decoded', 500);
