#!/bin/sh
# gen-fleet.sh PREMIG DB [HOSTS] - a fleet store of HOSTS (10000) synthetic
# hosts for `make bench`, with the facts of a realistic mix: RHEL, CentOS,
# Oracle, Rocky, SLES, Ubuntu, Debian and Amazon Linux releases, on VMware,
# KVM, Hyper-V, Xen and bare metal, BIOS and UEFI, one to four disks (a few
# hosts with 24), LVM on the RHEL family, a few hundred packages, the
# services and firewalls of a server, and collectors that sometimes failed
# (a scan without root).  PREMIG creates the store, so the schema is the
# current one; the facts are INSERTed by sqlite3 in one transaction.
# Deterministic: host i's facts are a function of i.
set -eu

PREMIG=${1:?usage: gen-fleet.sh PREMIG DB [HOSTS]}
DB=${2:?usage: gen-fleet.sh PREMIG DB [HOSTS]}
N=${3:-10000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rm -f "$DB" "$DB-wal" "$DB-shm"
mkdir -p "$tmp/root/etc"
echo 'ID=rhel' >"$tmp/root/etc/os-release"
"$PREMIG" scan --quiet --root "$tmp/root" --db "$DB" --only os --host-id seed >/dev/null
colls=$("$PREMIG" scan --help | sed -n '/^collectors/,$p' | awk 'NR > 1 && NF { printf "%s(%s)", sep, "'\''" $1 "'\''"; sep = "," }')

sqlite3 "$DB" >/dev/null <<EOF
PRAGMA foreign_keys = OFF;
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
BEGIN;
DELETE FROM collector_runs; DELETE FROM os; DELETE FROM scans; DELETE FROM hosts;

CREATE TEMP TABLE n AS WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $N)
 SELECT i, (i * 2654435761) % 1000 AS r, (i * 40503) % 997 AS s FROM c;
CREATE TEMP TABLE colls(name TEXT);
INSERT INTO colls VALUES $colls;
-- the distribution mix: id, version_id, version, name, family, kernel release
CREATE TEMP TABLE distro(k INTEGER PRIMARY KEY, id, vid, ver, name, family, krel, pkg);
INSERT INTO distro VALUES
 (0, 'rhel', '7.9', '7.9', 'Red Hat Enterprise Linux Server', 'rhel', '3.10.0-1160.el7.x86_64', 'rpm'),
 (1, 'rhel', '8.8', '8.8', 'Red Hat Enterprise Linux', 'rhel', '4.18.0-477.10.1.el8_8.x86_64', 'rpm'),
 (2, 'rhel', '9.2', '9.2', 'Red Hat Enterprise Linux', 'rhel', '5.14.0-284.11.1.el9_2.x86_64', 'rpm'),
 (3, 'rhel', '9.4', '9.4', 'Red Hat Enterprise Linux', 'rhel', '5.14.0-427.13.1.el9_4.x86_64', 'rpm'),
 (4, 'centos', '6', '6.10', 'CentOS', 'rhel', '2.6.32-754.el6.x86_64', 'rpm'),
 (5, 'centos', '7', '7.9.2009', 'CentOS Linux', 'rhel', '3.10.0-1160.el7.x86_64', 'rpm'),
 (6, 'ol', '7.9', '7.9', 'Oracle Linux Server', 'rhel', '5.4.17-2102.201.3.el7uek.x86_64', 'rpm'),
 (7, 'ol', '8.6', '8.6', 'Oracle Linux Server', 'rhel', '4.18.0-372.9.1.el8.x86_64', 'rpm'),
 (8, 'rocky', '8.9', '8.9', 'Rocky Linux', 'rhel', '4.18.0-513.5.1.el8_9.x86_64', 'rpm'),
 (9, 'sles', '12.5', '12.5', 'SLES', 'suse', '4.12.14-122.37-default', 'rpm'),
 (10, 'sles', '15.4', '15.4', 'SLES', 'suse', '5.14.21-150400.22-default', 'rpm'),
 (11, 'ubuntu', '18.04', '18.04.6', 'Ubuntu', 'debian', '4.15.0-213-generic', 'deb'),
 (12, 'ubuntu', '20.04', '20.04.6', 'Ubuntu', 'debian', '5.4.0-169-generic', 'deb'),
 (13, 'ubuntu', '22.04', '22.04.4', 'Ubuntu', 'debian', '5.15.0-105-generic', 'deb'),
 (14, 'debian', '11', '11.9', 'Debian GNU/Linux', 'debian', '5.10.0-28-amd64', 'deb'),
 (15, 'debian', '12', '12.5', 'Debian GNU/Linux', 'debian', '6.1.0-18-amd64', 'deb'),
 (16, 'amzn', '2', '2', 'Amazon Linux', 'rhel', '4.14.336-257.562.amzn2.x86_64', 'rpm');
CREATE TEMP TABLE h AS SELECT n.i, n.r, n.s, d.* FROM n JOIN distro d ON d.k = n.i % 17;

INSERT INTO hosts (id, host_key, key_source, first_seen)
 SELECT i, printf('host-%05d', i), 'machine-id', '2026-11-01T00:00:00Z' FROM h;
INSERT INTO scans (id, host_id, started_at, finished_at, premig_version, mode, root, as_root, status)
 SELECT i, i, '2026-11-01T00:00:00Z', '2026-11-01T00:00:01Z', '0.1.0', 'live', '/', r >= 30, CASE WHEN r < 30 THEN 'partial' ELSE 'complete' END FROM h;
-- 3% of the scans ran without root: disks, volumes and hostfiles failed there
INSERT INTO collector_runs (scan_id, collector, status, reason, duration_us)
 SELECT h.i, c.name,
  CASE WHEN h.r < 30 AND c.name IN ('disks', 'volumes', 'hostfiles') THEN 'failed' ELSE 'ok' END,
  CASE WHEN h.r < 30 AND c.name IN ('disks', 'volumes', 'hostfiles') THEN 'not root: cannot open /dev/sda' END,
  1000 FROM h CROSS JOIN colls c;

INSERT INTO identity (scan_id, hostname, hostname_source, machine_id)
 SELECT i, printf('host-%05d', i), 'etc/hostname', printf('%032x', i) FROM h;
INSERT INTO os (scan_id, id, version_id, version, name, pretty_name, family, source)
 SELECT i, id, vid, ver, name, name || ' ' || ver, family, 'etc/os-release' FROM h;
-- 1% are 32-bit, 1% run a custom kernel
INSERT INTO kernel (scan_id, release, version, arch, bits, release_source, arch_source, distro_kernel)
 SELECT i, CASE WHEN s < 10 THEN '5.10.99-custom' ELSE krel END, '#1 SMP', CASE WHEN r BETWEEN 30 AND 39 THEN 'i686' ELSE 'x86_64' END,
  CASE WHEN r BETWEEN 30 AND 39 THEN 32 ELSE 64 END, 'uname', 'uname', s >= 10 FROM h;
INSERT INTO kernel_drivers (scan_id, driver, in_initramfs, builtin)
 SELECT h.i, d.column1, 1, 0 FROM h CROSS JOIN (VALUES ('virtio_blk'), ('virtio_net'), ('nvme'), ('ena'), ('xen-blkfront')) d;
INSERT INTO hardware (scan_id, cpu_model, cpu_sockets, cpu_cores, cpu_threads, ram_mib, dmi_vendor, dmi_product,
  bios_vendor, virtualization, virt_evidence)
 SELECT i, 'Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz', 1 + r % 2, 2 + r % 8, 4 + r % 16,
  CASE WHEN s < 5 THEN 256 ELSE 1024 * (1 + r % 64) END, 'VMware, Inc.', 'VMware Virtual Platform', 'Phoenix',
  CASE WHEN r < 600 THEN 'vmware' WHEN r < 750 THEN 'kvm' WHEN r < 850 THEN 'hyperv' WHEN r < 950 THEN 'physical'
   WHEN r < 995 THEN 'xen-hvm' ELSE 'xen-pv' END, 'dmi sys_vendor' FROM h;
-- three quarters of it available; the 2.6.32 kernels do not say
UPDATE hardware SET (ram_available_mib, ram_available_source, ram_available_reason) =
 (SELECT CASE WHEN h.krel GLOB '2.6.*' THEN NULL ELSE hardware.ram_mib * 3 / 4 END,
   CASE WHEN h.krel GLOB '2.6.*' THEN NULL ELSE 'proc/meminfo MemAvailable' END,
   CASE WHEN h.krel GLOB '2.6.*' THEN 'proc/meminfo has no MemAvailable (Linux before 3.14 does not print it)' END
  FROM h WHERE h.i = hardware.scan_id);

-- NICs: lo, eth0, and a second (and third) on some hosts
INSERT INTO nics (scan_id, name, mac, mtu, driver, state, kind, virtual, config, config_source)
 SELECT i, 'lo', '00:00:00:00:00:00', 65536, NULL, 'unknown', 'loopback', 1, NULL, NULL FROM h;
INSERT INTO nics (scan_id, name, mac, mtu, driver, state, kind, virtual, config, config_source)
 SELECT i, 'eth0', CASE WHEN s < 150 THEN printf('52:54:00:%02x:%02x:%02x', i % 256, (i / 256) % 256, r % 256)
  ELSE printf('00:50:56:%02x:%02x:%02x', i % 256, (i / 256) % 256, r % 256) END, 1500, 'vmxnet3', 'up', 'physical', 0,
  CASE WHEN r % 3 = 0 THEN 'dhcp' ELSE 'static' END, 'etc/sysconfig/network-scripts/ifcfg-eth0' FROM h;
INSERT INTO nics (scan_id, name, mac, mtu, driver, state, kind, virtual, config, config_source)
 SELECT i, 'eth1', printf('00:50:56:%02x:%02x:%02x', i % 256, (i / 256) % 256, (r + 1) % 256), 1500, 'vmxnet3', 'up',
  'physical', 0, 'static', 'etc/sysconfig/network-scripts/ifcfg-eth1' FROM h WHERE r % 4 = 1;
INSERT INTO nic_addresses (scan_id, nic, family, address, prefix, source)
 SELECT i, 'lo', 4, '127.0.0.1', 8, 'live' FROM h;
INSERT INTO nic_addresses (scan_id, nic, family, address, prefix, source)
 SELECT i, 'eth0', 4, printf('10.%d.%d.%d', i / 65536, (i / 256) % 256, i % 256), 24, 'live' FROM h;
INSERT INTO nic_addresses (scan_id, nic, family, address, prefix, source)
 SELECT i, 'eth0', 6, printf('fe80::250:56ff:fe%02x:%02x%02x', i % 256, (i / 256) % 256, r % 256), 64, 'live' FROM h;
INSERT INTO nic_addresses (scan_id, nic, family, address, prefix, source)
 SELECT i, 'eth0', 6, printf('2001:db8::%x', i), 64, 'live' FROM h WHERE s < 100;

-- disks: sda (boot), and sdb..sdd on some; 0.5% have 24 disks; 2% a CD-ROM drive
CREATE TEMP TABLE ndisks AS SELECT i, CASE WHEN s < 5 THEN 24 ELSE 1 + r % 4 END AS n FROM h;
INSERT INTO disks (scan_id, name, path, kind, size_bytes, sector_size, physical_sector_size, model, removable,
  rotational, pt_type, pt_uuid, boot_code, probe_status)
 SELECT d.i, 'sd' || char(97 + k.k), '/dev/sd' || char(97 + k.k), 'disk',
  CASE WHEN k.k = 0 THEN 53687091200 ELSE 107374182400 * (1 + (d.i + k.k) % 5) END, 512, 512, 'Virtual disk', 0, 1,
  CASE WHEN k.k = 0 AND h.r % 10 < 3 THEN 'gpt' ELSE 'mbr' END, printf('%08x', d.i * 31 + k.k),
  CASE WHEN k.k = 0 THEN 'grub2' END, 'ok'
 FROM ndisks d JOIN h ON h.i = d.i
 JOIN (WITH RECURSIVE kk(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM kk WHERE k < 23) SELECT k FROM kk) k ON k.k < d.n;
INSERT INTO disks (scan_id, name, path, kind, probe_status)
 SELECT i, 'sr0', '/dev/sr0', 'optical', 'ok' FROM h WHERE s BETWEEN 20 AND 39;
INSERT INTO partitions (scan_id, disk, number, name, start_bytes, size_bytes, type, type_name, fstype, fs_uuid)
 SELECT i, 'sda', 1, 'sda1', 1048576, 1073741824, CASE WHEN r % 10 < 3 THEN 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b' ELSE '0x83' END,
  CASE WHEN r % 10 < 3 THEN 'EFI System' ELSE 'Linux' END, CASE WHEN r % 10 < 3 THEN 'vfat' ELSE 'xfs' END, printf('b-%d', i) FROM h;
INSERT INTO partitions (scan_id, disk, number, name, start_bytes, size_bytes, type, type_name, fstype)
 SELECT i, 'sda', 2, 'sda2', 1074790400, 52612300800, '0x8e', 'Linux LVM', 'LVM2_member' FROM h;
INSERT INTO partitions (scan_id, disk, number, name, start_bytes, size_bytes, type, type_name, fstype)
 SELECT d.scan_id, d.name, 1, d.name || '1', 1048576, d.size_bytes - 2097152, '0x83', 'Linux', 'xfs'
 FROM disks d WHERE d.name <> 'sda' AND d.kind = 'disk';
-- LVM: a volume group on sda2 (and sdb on 2% of the hosts, spanning /)
INSERT INTO volumes (scan_id, name, kind, display_name, uuid, size_bytes)
 SELECT i, 'vg0', 'lvm-vg', 'vg0', printf('vg-%d', i), 52612300800 FROM h;
INSERT INTO volumes (scan_id, name, kind, display_name, uuid, size_bytes, fstype, fs_uuid)
 SELECT i, 'dm-0', 'lvm-lv', 'vg0-root', printf('lv-%d', i), 42949672960, 'xfs', printf('r-%d', i) FROM h;
INSERT INTO volumes (scan_id, name, kind, display_name, uuid, size_bytes, fstype)
 SELECT i, 'dm-1', 'lvm-lv', 'vg0-swap', printf('sw-%d', i), 4294967296, 'swap' FROM h;
INSERT INTO block_links (scan_id, holder, member) SELECT i, 'dm-0', 'sda2' FROM h;
INSERT INTO block_links (scan_id, holder, member) SELECT i, 'dm-1', 'sda2' FROM h;
INSERT INTO block_links (scan_id, holder, member)
 SELECT d.i, 'dm-0', 'sdb1' FROM ndisks d JOIN h ON h.i = d.i WHERE d.n >= 2 AND h.s BETWEEN 40 AND 59;

-- filesystems: /, /boot (or /boot/efi), /tmp on some, /data on hosts with sdb, NFS on some
INSERT INTO mounts (scan_id, mountpoint, source, device, fstype, options, network, size_bytes, free_bytes,
  avail_bytes, inodes, inodes_free, stat_status)
 SELECT i, '/', '/dev/mapper/vg0-root', 'dm-0', CASE WHEN s % 50 = 7 THEN 'reiserfs' ELSE 'xfs' END, 'rw,relatime', 0,
  42949672960, CASE WHEN r % 25 = 0 THEN 104857600 ELSE 21474836480 END,
  CASE WHEN r % 25 = 0 THEN 104857600 ELSE 21474836480 END, 20971520, 18000000, 'ok' FROM h;
INSERT INTO mounts (scan_id, mountpoint, source, device, fstype, options, network, size_bytes, free_bytes,
  avail_bytes, stat_status)
 SELECT i, CASE WHEN r % 10 < 3 THEN '/boot/efi' ELSE '/boot' END, '/dev/sda1', 'sda1',
  CASE WHEN r % 10 < 3 THEN 'vfat' ELSE 'xfs' END, 'rw,relatime', 0, 1073741824,
  CASE WHEN s % 40 = 3 THEN 20971520 ELSE 700000000 END, CASE WHEN s % 40 = 3 THEN 20971520 ELSE 700000000 END, 'ok' FROM h;
INSERT INTO mounts (scan_id, mountpoint, source, device, fstype, options, network, size_bytes, free_bytes,
  avail_bytes, stat_status)
 SELECT i, '/tmp', 'tmpfs', NULL, 'tmpfs', CASE WHEN r % 20 = 1 THEN 'rw,nosuid,nodev,noexec' ELSE 'rw,nosuid,nodev' END,
  0, 2147483648, 2000000000, 2000000000, 'ok' FROM h WHERE r % 5 = 1;
INSERT INTO mounts (scan_id, mountpoint, source, device, fstype, options, network, size_bytes, free_bytes,
  avail_bytes, stat_status)
 SELECT d.i, '/data', '/dev/sdb1', 'sdb1', 'xfs', 'rw,relatime', 0, 107374182400, 50000000000, 50000000000, 'ok'
 FROM ndisks d WHERE d.n >= 2;
INSERT INTO mounts (scan_id, mountpoint, source, device, fstype, options, network, stat_status)
 SELECT i, '/mnt/share', 'nas01:/export/share', NULL, 'nfs4', 'rw,relatime,vers=4.1', 1, 'ok' FROM h WHERE s % 10 = 4;
INSERT INTO fstab (scan_id, line, spec, spec_kind, device, mountpoint, fstype, options, nofail, noexec, network)
 SELECT i, 9, '/dev/mapper/vg0-root', 'lvm', 'dm-0', '/', 'xfs', 'defaults', 0, 0, 0 FROM h;
INSERT INTO fstab (scan_id, line, spec, spec_kind, device, mountpoint, fstype, options, nofail, noexec, network)
 SELECT i, 10, CASE WHEN s % 8 = 0 THEN '/dev/sda1' ELSE printf('UUID=b-%d', i) END,
  CASE WHEN s % 8 = 0 THEN 'devname' ELSE 'uuid' END, 'sda1', '/boot', 'xfs', 'defaults', 0, 0, 0 FROM h;
INSERT INTO fstab (scan_id, line, spec, spec_kind, device, mountpoint, fstype, options, nofail, noexec, network)
 SELECT i, 11, '/dev/mapper/vg0-swap', 'lvm', 'dm-1', 'swap', 'swap', 'defaults', 0, 0, 0 FROM h;
INSERT INTO fstab (scan_id, line, spec, spec_kind, device, mountpoint, fstype, options, nofail, noexec, network)
 SELECT i, 12, 'nas01:/export/share', 'network', NULL, '/mnt/share', 'nfs4', '_netdev', 0, 0, 1 FROM h WHERE s % 10 = 4;

INSERT INTO boot (scan_id, firmware, firmware_evidence, secure_boot, secure_boot_evidence, loader, loader_evidence,
  loader_config, boot_disk, boot_partition, default_entry, default_kernel, dual_boot, dual_boot_evidence)
 SELECT i, CASE WHEN r % 10 < 3 THEN 'uefi' ELSE 'bios' END, 'sys/firmware/efi',
  CASE WHEN r % 10 < 3 THEN (s % 10 = 9) ELSE NULL END, 'efivars SecureBoot',
  CASE WHEN s % 100 = 17 THEN 'syslinux' WHEN id = 'centos' AND vid = '6' THEN 'grub-legacy' ELSE 'grub2' END,
  'boot/grub2/grub.cfg', 'boot/grub2/grub.cfg', 'sda', 'sda1', '0', '/vmlinuz-' || krel, s % 333 = 1,
  CASE WHEN s % 333 = 1 THEN 'menuentry Windows' END FROM h;
INSERT INTO boot_entries (scan_id, idx, title, kernel, initrd, os_kind, is_default)
 SELECT i, 0, name || ' (' || krel || ')', '/vmlinuz-' || krel, '/initramfs-' || krel || '.img', 'linux', 1 FROM h;
INSERT INTO boot_entries (scan_id, idx, title, kernel, initrd, os_kind, is_default)
 SELECT i, 1, name || ' rescue', '/vmlinuz-0-rescue', '/initramfs-0-rescue.img', 'linux', 0 FROM h;

-- packages: the ones the rules ask about (most hosts have them), then filler
INSERT INTO package_dbs (scan_id, kind, path, status, reason, packages)
 SELECT i, CASE WHEN pkg = 'deb' THEN 'dpkg' ELSE 'rpm-sqlite' END,
  CASE WHEN pkg = 'deb' THEN 'var/lib/dpkg/status' ELSE 'var/lib/rpm/rpmdb.sqlite' END,
  CASE WHEN s = 500 THEN 'partial' ELSE 'ok' END, CASE WHEN s = 500 THEN '2 headers could not be decoded' END, 300 FROM h;
CREATE TEMP TABLE rulepkgs(name, deb, rpm, pct);
INSERT INTO rulepkgs VALUES ('dhclient', 'isc-dhcp-client', 'dhclient', 95), ('lvm2', 'lvm2', 'lvm2', 100),
 ('grub2-pc-modules', 'grub-pc', 'grub2-pc-modules', 60), ('make', 'make', 'make', 70), ('gcc', 'gcc', 'gcc', 50),
 ('perl', 'perl', 'perl', 99), ('tar', 'tar', 'tar', 100), ('gawk', 'gawk', 'gawk', 99), ('rpm', 'rpm', 'rpm', 90),
 ('openssh-server', 'openssh-server', 'openssh-server', 100), ('python3', 'python3', 'python3', 97),
 ('elfutils-libelf-devel', 'libelf-dev', 'elfutils-libelf-devel', 40), ('fapolicyd', 'fapolicyd', 'fapolicyd', 10),
 ('bash', 'bash', 'bash', 100), ('coreutils', 'coreutils', 'coreutils', 100), ('systemd', 'systemd', 'systemd', 100);
INSERT INTO packages (scan_id, name, version, release, epoch, arch, source)
 SELECT h.i, CASE WHEN h.pkg = 'deb' THEN p.deb ELSE p.rpm END,
  CASE WHEN p.name = 'lvm2' THEN CASE WHEN h.id = 'rhel' AND h.vid = '9.2' THEN '2.03.17' ELSE '2.03.23' END ELSE '1.2.' || (h.s % 10) END,
  CASE WHEN h.pkg = 'deb' THEN '1ubuntu1' ELSE '1.el' || substr(h.vid, 1, 1) END, NULL, 'x86_64',
  CASE WHEN h.pkg = 'deb' THEN 'dpkg' ELSE 'rpm-sqlite' END
 FROM h JOIN rulepkgs p ON (h.r + h.s + length(p.name)) % 100 < p.pct;
INSERT INTO packages (scan_id, name, version, release, epoch, arch, source)
 SELECT h.i, printf('lib%s-%03d', CASE WHEN h.pkg = 'deb' THEN 'deb' ELSE 'rpm' END, k.k), '1.' || (k.k % 7), '1', NULL,
  'x86_64', CASE WHEN h.pkg = 'deb' THEN 'dpkg' ELSE 'rpm-sqlite' END
 FROM h JOIN (WITH RECURSIVE kk(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM kk WHERE k < 299) SELECT k FROM kk) k;

INSERT INTO init_system (scan_id, init, evidence, default_target)
 SELECT i, CASE WHEN id = 'centos' AND vid = '6' THEN 'upstart' ELSE 'systemd' END, 'sbin/init', 'multi-user.target' FROM h;
CREATE TEMP TABLE svcs(service);
INSERT INTO svcs VALUES ('sshd'), ('crond'), ('rsyslog'), ('chronyd'), ('auditd'), ('firewalld'), ('NetworkManager'),
 ('tuned'), ('irqbalance'), ('kdump'), ('postfix'), ('sssd'), ('polkit'), ('dbus'), ('systemd-journald'),
 ('getty@'), ('lvm2-monitor'), ('rpcbind'), ('nfs-client'), ('httpd'), ('mariadb'), ('clamd'), ('fapolicyd'),
 ('falcon-sensor'), ('snmpd'), ('zabbix-agent'), ('ntpd'), ('cups'), ('atd'), ('smartd');
INSERT INTO services (scan_id, name, service, manager, state, path, evidence)
 SELECT h.i, v.service || '.service', v.service, 'systemd',
  CASE WHEN v.service = 'sshd' THEN CASE WHEN h.s % 50 = 11 THEN 'disabled' ELSE 'enabled' END
   WHEN v.service IN ('clamd', 'fapolicyd', 'falcon-sensor') THEN CASE WHEN (h.r + length(v.service)) % 10 = 0 THEN 'enabled' ELSE 'disabled' END
   WHEN (h.r + length(v.service)) % 7 = 0 THEN 'disabled' ELSE 'enabled' END,
  'usr/lib/systemd/system/' || v.service || '.service', 'etc/systemd/system/multi-user.target.wants'
 FROM h CROSS JOIN svcs v;
INSERT INTO sshd (scan_id, ports, source) SELECT i, '22', 'default' FROM h;
INSERT INTO firewalls (scan_id, kind, present, config, enabled, enabled_evidence, rules_allow_ssh, ssh_allowed, evidence)
 SELECT h.i, f.column1, f.column1 = 'firewalld', CASE WHEN f.column1 = 'firewalld' THEN 'etc/firewalld/zones/public.xml' END,
  CASE WHEN f.column1 = 'firewalld' THEN 1 END, NULL,
  CASE WHEN f.column1 = 'firewalld' THEN h.s % 30 <> 2 END, CASE WHEN f.column1 = 'firewalld' THEN h.s % 30 <> 2 END,
  'zone public: service ssh'
 FROM h CROSS JOIN (VALUES ('firewalld'), ('iptables'), ('nftables'), ('ufw')) f;
INSERT INTO kernel_headers (scan_id, release, release_source, present, path, symlink, evidence)
 SELECT i, krel, 'uname', r % 3 <> 0, CASE WHEN r % 3 <> 0 THEN 'usr/src/kernels/' || krel END, s % 100 = 3, 'usr/src/kernels' FROM h
 WHERE r >= 30;
INSERT INTO host_files (scan_id, role, path, present, kind, symlink, version, evidence)
 SELECT i, 'python', 'usr/bin/python3', s % 40 <> 1, 'file', 0, CASE WHEN s % 40 <> 1 THEN '3.6.8' END, 'ELF' FROM h WHERE r >= 30;
INSERT INTO host_files (scan_id, role, path, present, kind, symlink, evidence)
 SELECT i, 'dhclient', 'usr/sbin/dhclient', 1, 'file', 0, 'ELF' FROM h WHERE r >= 30;
COMMIT;
PRAGMA journal_mode = WAL;
EOF
