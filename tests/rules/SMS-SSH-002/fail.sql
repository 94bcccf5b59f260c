-- SMS-SSH-002 fail: iptables refuses SSH
INSERT INTO firewalls (scan_id, kind, present, enabled, ssh_allowed, rules_allow_ssh, evidence) VALUES (1, 'iptables', 1, 1, 0, 0, 'fixture');
