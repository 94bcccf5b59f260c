-- SMS-NET-002 fail: a static global IPv6 on eth0 fails, even beside an offline DHCPv6 NIC that is unknown
INSERT INTO nics (scan_id, name, mac, virtual, config, master, kind, ipv6_dynamic) VALUES (1, 'eth0', '00:50:56:aa:bb:cc', 0, 'static', NULL, 'physical', 0);
INSERT INTO nics (scan_id, name, mac, virtual, config, master, kind, ipv6_dynamic) VALUES (1, 'eth1', '00:50:56:aa:bb:cd', 0, 'dhcp', NULL, 'physical', 1);
INSERT INTO nic_addresses (scan_id, nic, family, address, prefix, source) VALUES (1, 'eth0', 6, '2001:db8::15', 64, 'config');
