-- SMS-NET-001 unknown: one network card, and an interface whose kind is unknown (a copy without sys, a name that says nothing)
-- reason: whether foo0 are network cards or virtual interfaces is unknown
INSERT INTO nics (scan_id, name, mac, virtual, config) VALUES (1, 'eth0', '00:50:56:01:02:03', 0, 'dhcp'), (1, 'foo0', NULL, NULL, 'dhcp');
