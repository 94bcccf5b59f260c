-- MGN-HW-001 fail: 256 MiB of RAM
INSERT INTO hardware (scan_id, virtualization, ram_mib) VALUES (1, 'vmware', 256);
