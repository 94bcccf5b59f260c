-- SMS-SEC-001 pass: Falcon sensor installed but disabled
INSERT INTO services (scan_id, name, service, manager, state) VALUES (1, 'sshd.service', 'sshd', 'systemd', 'enabled');
INSERT INTO services (scan_id, name, service, manager, state) VALUES (1, 'falcon-sensor.service', 'falcon-sensor', 'systemd', 'disabled');
