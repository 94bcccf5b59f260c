-- MGN-PKG-001 unknown: package database unreadable
INSERT INTO package_dbs (scan_id, kind, path, status, reason, packages) VALUES (1, 'rpm-sqlite', 'var/lib/rpm/rpmdb.sqlite', 'unknown', 'rpmdb.sqlite: database disk image is malformed', 500);
