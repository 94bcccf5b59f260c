-- SMS-VIRT-002 fail: a KVM guest
INSERT INTO hardware (scan_id, virtualization, ram_mib) VALUES (1, 'kvm', 4096);
