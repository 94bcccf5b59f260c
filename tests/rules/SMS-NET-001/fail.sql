-- SMS-NET-001 fail: two physical NICs
INSERT INTO nics (scan_id, name, mac, virtual, config, master, kind) VALUES (1, 'eth0', '00:50:56:aa:bb:cc', 0, 'dhcp', NULL, 'physical');
INSERT INTO nics (scan_id, name, mac, virtual, config, master, kind) VALUES (1, 'eth1', '00:50:56:aa:bb:cd', 0, 'dhcp', NULL, 'physical');
