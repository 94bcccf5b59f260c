-- MGN-VIRT-001 pass: a Xen HVM guest
INSERT INTO hardware (scan_id, virtualization, ram_mib) VALUES (1, 'xen-hvm', 4096);
