-- MGN-HW-001 pass: 4 GiB of RAM
INSERT INTO hardware (scan_id, virtualization, ram_mib) VALUES (1, 'vmware', 4096);
