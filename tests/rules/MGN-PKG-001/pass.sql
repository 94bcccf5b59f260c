-- MGN-PKG-001 pass: isc-dhcp-client on Ubuntu
INSERT INTO package_dbs (scan_id, kind, path, status, reason, packages) VALUES (1, 'dpkg', 'var/lib/dpkg/status', 'ok', NULL, 500);
INSERT INTO packages (scan_id, name, version, release, source) VALUES (1, 'isc-dhcp-client', '4.4.1', '2.3ubuntu2.4', 'rpm-sqlite');
