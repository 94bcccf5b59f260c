-- SMS-NET-003 unknown: configuration not understood
INSERT INTO nics (scan_id, name, mac, virtual, config, master, kind) VALUES (1, 'eth0', '00:50:56:aa:bb:cc', 0, 'unknown', NULL, 'physical');
