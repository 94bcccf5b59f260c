-- SMS-SEC-001 fail: ClamAV enabled
INSERT INTO services (scan_id, name, service, manager, state) VALUES (1, 'sshd.service', 'sshd', 'systemd', 'enabled');
INSERT INTO services (scan_id, name, service, manager, state) VALUES (1, 'clamd.service', 'clamd', 'systemd', 'enabled');
