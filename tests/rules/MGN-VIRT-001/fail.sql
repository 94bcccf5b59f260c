-- MGN-VIRT-001 fail: a Xen PV guest
INSERT INTO hardware (scan_id, virtualization, ram_mib) VALUES (1, 'xen-pv', 4096);
