-- SMS-VIRT-002 pass: a Hyper-V VM
INSERT INTO hardware (scan_id, virtualization, ram_mib) VALUES (1, 'hyperv', 4096);
