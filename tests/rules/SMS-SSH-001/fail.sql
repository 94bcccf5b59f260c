-- SMS-SSH-001 fail: sshd disabled
INSERT INTO services (scan_id, name, service, manager, state) VALUES (1, 'sshd.service', 'sshd', 'systemd', 'disabled');
