-- MGN-HW-001 pass: 4 GiB of RAM, of which 3 GiB available
INSERT INTO hardware (scan_id, virtualization, ram_mib, ram_available_mib, ram_available_source)
 VALUES (1, 'vmware', 4096, 3072, 'proc/meminfo MemAvailable');
