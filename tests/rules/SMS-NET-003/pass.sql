-- SMS-NET-003 pass: DHCP eth0, static bridge
INSERT INTO nics (scan_id, name, mac, virtual, config, master, kind) VALUES (1, 'eth0', '00:50:56:aa:bb:cc', 0, 'dhcp', NULL, 'physical');
INSERT INTO nics (scan_id, name, mac, virtual, config, master, kind) VALUES (1, 'br0', '00:50:56:aa:bb:cc', 1, 'static', NULL, 'bridge');
