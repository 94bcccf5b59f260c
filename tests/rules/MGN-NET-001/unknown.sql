-- MGN-NET-001 unknown: MAC of eth0 unknown
INSERT INTO nics (scan_id, name, mac, virtual, config, master, kind) VALUES (1, 'eth0', NULL, 0, 'dhcp', NULL, 'physical');
