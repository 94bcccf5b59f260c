-- MGN-BOOT-003 pass: / and /boot on a SAN disk reached over two paths (multipath)
INSERT INTO disks (scan_id, name, kind, size_bytes, pt_type, probe_status) VALUES (1, 'sda', 'disk', 107374182400, 'mbr', 'ok'), (1, 'sdb', 'disk', 107374182400, 'mbr', 'ok');
INSERT INTO volumes (scan_id, name, kind, display_name) VALUES (1, 'dm-0', 'multipath', 'mpatha'), (1, 'dm-1', 'dm', 'mpatha1'), (1, 'dm-2', 'dm', 'mpatha2'), (1, 'dm-3', 'lvm-lv', 'rhel-root');
INSERT INTO block_links (scan_id, holder, member) VALUES (1, 'dm-0', 'sda'), (1, 'dm-0', 'sdb'), (1, 'dm-1', 'dm-0'), (1, 'dm-2', 'dm-0'), (1, 'dm-3', 'dm-2');
INSERT INTO mounts (scan_id, mountpoint, device, fstype, network, stat_status) VALUES (1, '/', 'dm-3', 'xfs', 0, 'ok'), (1, '/boot', 'dm-1', 'xfs', 0, 'ok');
