-- SMS-VIRT-001 unknown: virtualization unknown
INSERT INTO hardware (scan_id, virtualization, ram_mib) VALUES (1, 'unknown', 4096);
