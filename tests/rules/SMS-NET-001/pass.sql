-- SMS-NET-001 pass: one physical NIC and a bridge
INSERT INTO nics (scan_id, name, mac, virtual, config, master, kind) VALUES (1, 'eth0', '00:50:56:aa:bb:cc', 0, 'dhcp', NULL, 'physical');
INSERT INTO nics (scan_id, name, mac, virtual, config, master, kind) VALUES (1, 'virbr0', '52:54:00:00:00:01', 1, 'static', NULL, 'bridge');
