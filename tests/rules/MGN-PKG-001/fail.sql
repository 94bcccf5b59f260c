-- MGN-PKG-001 fail: no DHCP client
INSERT INTO package_dbs (scan_id, kind, path, status, reason, packages) VALUES (1, 'rpm-sqlite', 'var/lib/rpm/rpmdb.sqlite', 'ok', NULL, 500);
INSERT INTO packages (scan_id, name, version, release, source) VALUES (1, 'bash', '1.0', '1.el9', 'rpm-sqlite');
