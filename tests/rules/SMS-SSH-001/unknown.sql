-- SMS-SSH-001 unknown: sshd state unknown
INSERT INTO services (scan_id, name, service, manager, state) VALUES (1, 'sshd.service', 'sshd', 'systemd', NULL);
