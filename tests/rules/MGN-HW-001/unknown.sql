-- MGN-HW-001 unknown: memory size unknown
INSERT INTO hardware (scan_id, virtualization, ram_mib) VALUES (1, 'vmware', NULL);
