-- MGN-PKG-006 pass: RHEL 9 where perl is the perl-interpreter package (the package "perl" is an optional bundle)
INSERT INTO package_dbs (scan_id, kind, path, status, packages) VALUES (1, 'rpm-sqlite', 'var/lib/rpm/rpmdb.sqlite', 'ok', 6);
INSERT INTO packages (scan_id, name, version, source) VALUES (1, 'make', '4.3', 'rpm-sqlite'), (1, 'gcc', '11.4.1', 'rpm-sqlite'), (1, 'perl-interpreter', '5.32.1', 'rpm-sqlite'), (1, 'tar', '1.34', 'rpm-sqlite'), (1, 'gawk', '5.1.0', 'rpm-sqlite'), (1, 'rpm', '4.16.1.3', 'rpm-sqlite');
