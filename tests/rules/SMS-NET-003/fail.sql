-- SMS-NET-003 fail: static eth0
INSERT INTO nics (scan_id, name, mac, virtual, config, master, kind) VALUES (1, 'eth0', '00:50:56:aa:bb:cc', 0, 'static', NULL, 'physical');
