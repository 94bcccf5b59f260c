-- MGN-HW-001 fail: 4 GiB of RAM, of which 200 MiB available
INSERT INTO hardware (scan_id, virtualization, ram_mib, ram_available_mib, ram_available_source)
 VALUES (1, 'vmware', 4096, 200, 'proc/meminfo MemAvailable');
