-- SMS-VIRT-001 pass: a VMware VM
INSERT INTO hardware (scan_id, virtualization, ram_mib) VALUES (1, 'vmware', 4096);
