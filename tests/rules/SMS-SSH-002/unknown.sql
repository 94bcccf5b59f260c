-- SMS-SSH-002 unknown: firewalld rules not understood
INSERT INTO firewalls (scan_id, kind, present, enabled, ssh_allowed, rules_allow_ssh, evidence) VALUES (1, 'firewalld', 1, 1, NULL, NULL, 'fixture');
