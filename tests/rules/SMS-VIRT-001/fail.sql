-- SMS-VIRT-001 fail: physical host
INSERT INTO hardware (scan_id, virtualization, ram_mib) VALUES (1, 'physical', 4096);
