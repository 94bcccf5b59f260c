-- MGN-NET-001 pass: a VMware MAC, and a locally administered MAC on a bridge
INSERT INTO nics (scan_id, name, mac, virtual, config, master, kind) VALUES (1, 'eth0', '00:50:56:aa:bb:cc', 0, 'dhcp', NULL, 'physical');
INSERT INTO nics (scan_id, name, mac, virtual, config, master, kind) VALUES (1, 'br0', '02:42:ac:11:00:01', 1, 'dhcp', NULL, 'bridge');
