-- MGN-SEC-001 fail: RHEL 8.8 with fapolicyd enabled
INSERT INTO os (scan_id, id, version_id, version, name) VALUES (1, 'rhel', '8.8', '8.8', NULL);
INSERT INTO services (scan_id, name, service, manager, state) VALUES (1, 'fapolicyd.service', 'fapolicyd', 'systemd', 'enabled');
