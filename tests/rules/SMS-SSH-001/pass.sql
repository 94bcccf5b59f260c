-- SMS-SSH-001 pass: sshd enabled under SysV
INSERT INTO services (scan_id, name, service, manager, state) VALUES (1, 'sshd', 'sshd', 'sysv', 'enabled');
