-- MGN-HW-001 unknown: 4 GiB of RAM, and a kernel that does not estimate what is available
INSERT INTO hardware (scan_id, virtualization, ram_mib, ram_available_mib, ram_available_reason)
 VALUES (1, 'vmware', 4096, NULL,
  'proc/meminfo has no MemAvailable (Linux before 3.14 does not print it)');
