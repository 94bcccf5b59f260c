-- SMS-SSH-002 pass: firewalld allows SSH, no nftables
INSERT INTO firewalls (scan_id, kind, present, enabled, ssh_allowed, rules_allow_ssh, evidence) VALUES (1, 'firewalld', 1, 1, 1, 1, 'fixture');
INSERT INTO firewalls (scan_id, kind, present, enabled, ssh_allowed, rules_allow_ssh, evidence) VALUES (1, 'nftables', 0, NULL, NULL, NULL, 'fixture');
