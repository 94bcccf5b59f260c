-- SMS-NET-002 pass: eth0 asks for IPv6 by DHCPv6, but the live addresses were read and none is global
INSERT INTO nics (scan_id, name, mac, virtual, config, master, kind, ipv6_dynamic) VALUES (1, 'eth0', '00:50:56:aa:bb:cc', 0, 'dhcp', NULL, 'physical', 1);
INSERT INTO nic_addresses (scan_id, nic, family, address, prefix, source) VALUES (1, 'eth0', 4, '10.0.0.5', 24, 'live');
INSERT INTO nic_addresses (scan_id, nic, family, address, prefix, source) VALUES (1, 'eth0', 6, 'fe80::250:56ff:feaa:bbcc', 64, 'live');
