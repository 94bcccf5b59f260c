-- MGN-SEC-001 unknown: RHEL 9.4, fapolicyd state unknown
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'rhel', '9.4', '9.4', NULL);
INSERT INTO services (scan_id, name, service, manager, state) VALUES (1, 'fapolicyd.service', 'fapolicyd', 'systemd', NULL);
