/*
 * schema.c - the store's schema, as migrations from version 1 on
 *
 * Never edit a step that has shipped: add a new one.  Each step runs in its
 * own transaction and sets PRAGMA user_version to its number.  Facts that
 * could not be read are NULL; collector_runs says why.
 */
#include <stddef.h>

#include "schema.h"
#include "banned.h"

static const char step1[] =
	"CREATE TABLE hosts ("
	" id INTEGER PRIMARY KEY,"
	" host_key TEXT NOT NULL UNIQUE,"	/* machine-id, DMI UUID, hostname or --host-id */
	" key_source TEXT NOT NULL,"
	" first_seen TEXT NOT NULL);"
	"CREATE TABLE scans ("
	" id INTEGER PRIMARY KEY,"
	" host_id INTEGER NOT NULL REFERENCES hosts(id),"
	" started_at TEXT NOT NULL,"
	" finished_at TEXT,"
	" premig_version TEXT NOT NULL,"
	" mode TEXT NOT NULL CHECK (mode IN ('live','root','image')),"
	" root TEXT NOT NULL,"
	" as_root INTEGER NOT NULL,"
	" status TEXT);"
	"CREATE INDEX scans_host ON scans(host_id);"
	"CREATE TABLE collector_runs ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" collector TEXT NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN ('ok','not-applicable','failed','skipped')),"
	" reason TEXT,"
	" duration_us INTEGER,"
	" PRIMARY KEY (scan_id, collector));"
	"CREATE TABLE os ("
	" scan_id INTEGER PRIMARY KEY REFERENCES scans(id),"
	" id TEXT, version_id TEXT, version TEXT, name TEXT, pretty_name TEXT,"
	" codename TEXT, family TEXT, id_like TEXT, source TEXT);"
	"CREATE TABLE kernel ("
	" scan_id INTEGER PRIMARY KEY REFERENCES scans(id),"
	" release TEXT, version TEXT, arch TEXT, bits INTEGER,"
	" release_source TEXT, arch_source TEXT,"
	" distro_kernel INTEGER, distro_kernel_evidence TEXT,"
	" initramfs_path TEXT, initramfs_compression TEXT,"
	" initramfs_readable INTEGER, initramfs_reason TEXT);"
	"CREATE TABLE kernel_drivers ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" driver TEXT NOT NULL,"
	" in_initramfs INTEGER,"	/* NULL: the initramfs could not be read */
	" builtin INTEGER,"		/* NULL: modules.builtin could not be read */
	" PRIMARY KEY (scan_id, driver));"
	"CREATE TABLE hardware ("
	" scan_id INTEGER PRIMARY KEY REFERENCES scans(id),"
	" cpu_model TEXT, cpu_sockets INTEGER, cpu_cores INTEGER, cpu_threads INTEGER,"
	" ram_mib INTEGER, dmi_vendor TEXT, dmi_product TEXT, dmi_serial TEXT,"
	" dmi_uuid TEXT, bios_vendor TEXT, virtualization TEXT, virt_evidence TEXT);"
	"CREATE TABLE identity ("
	" scan_id INTEGER PRIMARY KEY REFERENCES scans(id),"
	" hostname TEXT, hostname_source TEXT, fqdn TEXT, fqdn_source TEXT,"
	" machine_id TEXT);"
	"CREATE TABLE nics ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" name TEXT NOT NULL, mac TEXT, mtu INTEGER, driver TEXT, state TEXT,"
	" kind TEXT, virtual INTEGER, master TEXT,"
	" config TEXT CHECK (config IN ('dhcp','static','unknown')),"
	" config_source TEXT,"
	" PRIMARY KEY (scan_id, name));"
	"CREATE TABLE nic_addresses ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" nic TEXT NOT NULL, family INTEGER NOT NULL, address TEXT NOT NULL,"
	" prefix INTEGER, source TEXT NOT NULL);"
	"CREATE INDEX nic_addresses_scan ON nic_addresses(scan_id, nic);";

/*
 * Step 2: storage and boot.  Every block device is named by its kernel name
 * (sda, sda1, nvme0n1p2, dm-0, md127); the disks of --image are image0,
 * image1, ... and their partitions image0p1, ...  block_links records
 * the stacking (a holder built on a member: dm-0 on sda2, md0 on sda1 and
 * sdb1); partitions record which disk they are on.  device_disks walks both
 * down to the physical disks.
 */
static const char step2[] =
	"CREATE TABLE disks ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" name TEXT NOT NULL,"			/* sda, nvme0n1, image0 */
	" path TEXT,"				/* the device node or image file read */
	" kind TEXT NOT NULL CHECK (kind IN ('disk','optical')),"
	" size_bytes INTEGER, sector_size INTEGER, physical_sector_size INTEGER,"
	" model TEXT, serial TEXT, removable INTEGER, rotational INTEGER,"
	" image_format TEXT,"			/* raw, vmdk-flat, vhd-fixed (--image) */
	" pt_type TEXT,"			/* mbr, gpt, none, or a libblkid name; NULL unknown */
	" pt_uuid TEXT,"
	" pmbr TEXT,"				/* GPT disks: protective, hybrid, none (no MBR) */
	" fstype TEXT, fs_uuid TEXT, fs_label TEXT, fs_version TEXT,"	/* a filesystem on the whole disk */
	" boot_code TEXT,"			/* grub2, grub-legacy, syslinux, lilo, windows, none, unknown */
	" probe_status TEXT NOT NULL CHECK (probe_status IN ('ok','unknown')),"
	" probe_reason TEXT,"
	" PRIMARY KEY (scan_id, name));"
	"CREATE TABLE partitions ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" disk TEXT NOT NULL, number INTEGER NOT NULL,"
	" name TEXT,"				/* sda1 */
	" start_bytes INTEGER, size_bytes INTEGER,"
	" type TEXT,"				/* 0x83, or a GPT type GUID */
	" type_name TEXT,"			/* Linux, EFI System, BIOS boot, Linux LVM, ... */
	" flags TEXT,"				/* boot (MBR active), ... */
	" part_uuid TEXT, part_label TEXT,"
	" fstype TEXT, fs_uuid TEXT, fs_label TEXT, fs_version TEXT,"
	" probe_reason TEXT,"
	" PRIMARY KEY (scan_id, disk, number));"
	"CREATE TABLE volumes ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" name TEXT NOT NULL,"			/* dm-0, md0, sda2; the VG name for kind lvm-vg */
	/* lvm-lv, lvm-vg, lvm-pv, md, md-member, raid-member, crypt, crypt-member, zfs-member, multipath, dm, other */
	" kind TEXT NOT NULL,"
	" display_name TEXT,"			/* vg-root, the md name, luks-UUID, the VG of a PV */
	" uuid TEXT, size_bytes INTEGER, level TEXT,"	/* raid1, ... */
	" version TEXT,"			/* md metadata 1.2, LUKS2, LVM2 001 */
	" fstype TEXT, fs_uuid TEXT, fs_label TEXT,"	/* what is on it; a member's signature */
	" probe_reason TEXT,"			/* why fstype is unknown */
	" PRIMARY KEY (scan_id, name, kind));"
	"CREATE TABLE block_links ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" holder TEXT NOT NULL, member TEXT NOT NULL,"
	" PRIMARY KEY (scan_id, holder, member));"
	"CREATE TABLE mounts ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" mountpoint TEXT NOT NULL, source TEXT, device TEXT,"	/* device: kernel name */
	" fstype TEXT, options TEXT, network INTEGER,"
	" size_bytes INTEGER, free_bytes INTEGER, avail_bytes INTEGER,"
	" inodes INTEGER, inodes_free INTEGER,"
	" stat_status TEXT CHECK (stat_status IN ('ok','unknown')), stat_reason TEXT);"
	"CREATE INDEX mounts_scan ON mounts(scan_id, mountpoint);"
	"CREATE TABLE fstab ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" line INTEGER NOT NULL, spec TEXT NOT NULL,"
	" spec_kind TEXT,"			/* uuid, label, partuuid, partlabel, by-id, by-path, by-uuid, by-label, devname, lvm, dm, md, network, other */
	" device TEXT,"				/* kernel name when resolvable */
	" mountpoint TEXT, fstype TEXT, options TEXT,"
	" nofail INTEGER, noexec INTEGER, network INTEGER,"
	" PRIMARY KEY (scan_id, line));"
	"CREATE TABLE boot ("
	" scan_id INTEGER PRIMARY KEY REFERENCES scans(id),"
	" firmware TEXT CHECK (firmware IN ('bios','uefi')), firmware_evidence TEXT,"
	" secure_boot INTEGER, secure_boot_evidence TEXT,"
	" loader TEXT,"				/* grub2, grub-legacy, systemd-boot, lilo, syslinux, none */
	" loader_evidence TEXT, loader_config TEXT,"
	" boot_disk TEXT, boot_partition TEXT,"
	" default_entry TEXT, default_kernel TEXT,"
	" default_source TEXT,"			/* what set the default: set default=, grubenv saved_entry=, ... */
	" dual_boot INTEGER, dual_boot_evidence TEXT);"
	"CREATE TABLE boot_entries ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" idx INTEGER NOT NULL, title TEXT, kernel TEXT, initrd TEXT,"
	" os_kind TEXT,"			/* linux, windows, other */
	" is_default INTEGER,"
	" PRIMARY KEY (scan_id, idx));"
	/* every device with the physical disks under it (a disk is its own) */
	"CREATE VIEW device_disks AS"
	" WITH RECURSIVE down(scan_id, device, node) AS ("
	"  SELECT scan_id, name, name FROM disks"
	"  UNION SELECT scan_id, name, disk FROM partitions WHERE name IS NOT NULL"
	"  UNION SELECT scan_id, holder, member FROM block_links"
	"  UNION SELECT d.scan_id, d.device, p.disk FROM down d"
	"   JOIN partitions p ON p.scan_id = d.scan_id AND p.name = d.node"
	"  UNION SELECT d.scan_id, d.device, l.member FROM down d"
	"   JOIN block_links l ON l.scan_id = d.scan_id AND l.holder = d.node)"
	" SELECT DISTINCT down.scan_id, down.device, down.node AS disk FROM down"
	" JOIN disks k ON k.scan_id = down.scan_id AND k.name = down.node;";

/*
 * Step (software): installed packages, services, the host firewall and the
 * files MGN's installer looks for.  An unknown fact is NULL and the run's
 * reason in collector_runs says why.
 */
static const char step_software[] =
	/* every package database found; status says whether it was read */
	"CREATE TABLE package_dbs ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" kind TEXT NOT NULL CHECK (kind IN ('dpkg','rpm-sqlite','rpm-bdb','rpm-ndb')),"
	" path TEXT NOT NULL,"			/* root-relative: var/lib/rpm/rpmdb.sqlite */
	" status TEXT NOT NULL CHECK (status IN ('ok','partial','unknown','ignored')),"
	" reason TEXT,"				/* why partial, unknown or ignored */
	" packages INTEGER,"			/* packages read from it */
	" PRIMARY KEY (scan_id, path));"
	/* installed packages; a name may repeat (multilib, installonly kernels) */
	"CREATE TABLE packages ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" name TEXT NOT NULL,"
	" version TEXT,"			/* upstream version */
	" release TEXT,"			/* rpm release, Debian revision */
	" epoch INTEGER,"			/* NULL when the package has none */
	" arch TEXT,"
	" source TEXT NOT NULL);"		/* package_dbs.kind it came from */
	"CREATE INDEX packages_scan ON packages(scan_id, name);"
	/*
	 * The packages the rule packs ask about, by role, whatever each
	 * distribution calls them (aws-spec.md 5.2 and 5.3).
	 */
	"CREATE VIEW package_roles AS"
	" SELECT * FROM (SELECT scan_id, CASE"
	"  WHEN name = 'lvm2' THEN 'lvm2'"
	"  WHEN name IN ('dhclient','dhcp-client','isc-dhcp-client') THEN 'dhclient'"
	"  WHEN name IN ('grub2-pc-modules','grub-pc','grub2-i386-pc') THEN 'grub2-pc-modules'"
	"  WHEN name IN ('kernel-devel','kernel-headers','kernel-uek-devel','kernel-default-devel')"
	"   OR name GLOB 'linux-headers-*' THEN 'kernel-headers'"
	"  WHEN name IN ('python','platform-python') OR (name GLOB 'python[0-9]*'"
	"   AND name NOT GLOB '*-*') THEN 'python'"
	"  WHEN name IN ('fapolicyd','openssh-server','cloud-init') THEN name"
	"  END AS role, name, version, release, epoch, arch, source FROM packages)"
	" WHERE role IS NOT NULL;"
	/* the init system that starts services at boot */
	"CREATE TABLE init_system ("
	" scan_id INTEGER PRIMARY KEY REFERENCES scans(id),"
	" init TEXT CHECK (init IN ('systemd','upstart','sysv')),"	/* NULL: unknown */
	" evidence TEXT,"
	" default_target TEXT,"			/* systemd: multi-user.target */
	" default_runlevel INTEGER);"		/* SysV and upstart: from inittab */
	/* services of the init system in use (and SysV scripts it runs) */
	"CREATE TABLE services ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" name TEXT NOT NULL,"			/* sshd.service, ssh.socket, sshd (SysV), ssh (upstart) */
	" service TEXT NOT NULL,"		/* the name without .service: sshd, ssh.socket */
	" manager TEXT NOT NULL CHECK (manager IN ('systemd','sysv','upstart')),"
	" state TEXT CHECK (state IN ('enabled','disabled','masked','static')),"	/* NULL: unknown */
	" path TEXT,"				/* the unit file, init script or job */
	" evidence TEXT,"			/* the links or stanzas that decide the state */
	" PRIMARY KEY (scan_id, manager, name));"
	/* the ports sshd listens on, from sshd_config(5) */
	"CREATE TABLE sshd ("
	" scan_id INTEGER PRIMARY KEY REFERENCES scans(id),"
	" ports TEXT,"				/* "22" or "22,2222" */
	" source TEXT);"			/* the file and line, or "default" */
	/* one row per firewall kind, present or not */
	"CREATE TABLE firewalls ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" kind TEXT NOT NULL CHECK (kind IN ('firewalld','iptables','nftables','ufw')),"
	" present INTEGER NOT NULL,"
	" config TEXT,"				/* the files read */
	" enabled INTEGER,"			/* started at boot; NULL unknown */
	" enabled_evidence TEXT,"
	" rules_allow_ssh INTEGER,"		/* what the rules say of tcp to sshd's port */
	" ssh_allowed INTEGER,"			/* 1 unless enabled and the rules refuse; NULL unknown */
	" evidence TEXT,"
	" PRIMARY KEY (scan_id, kind));"
	/* the running kernel release the header checks were made for */
	"CREATE TABLE kernel_headers ("
	" scan_id INTEGER PRIMARY KEY REFERENCES scans(id),"
	" release TEXT, release_source TEXT,"
	" present INTEGER,"			/* headers for the release found */
	" path TEXT,"				/* where */
	" symlink INTEGER,"			/* the headers directory or its parent is a link */
	" evidence TEXT);"
	/* the files and directories checked, one row each */
	"CREATE TABLE host_files ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" role TEXT NOT NULL CHECK (role IN ('python','dhclient','kernel_headers','headers_parent')),"
	" path TEXT NOT NULL,"
	" present INTEGER,"			/* NULL: could not tell */
	" kind TEXT CHECK (kind IN ('file','dir','symlink','other')),"
	" symlink INTEGER,"
	" target TEXT,"				/* a link's target, as written */
	" target_present INTEGER,"
	" version TEXT,"			/* python: 2.7, 3.9.18 */
	" running_kernel INTEGER,"		/* kernel_headers: for the running release */
	" evidence TEXT,"
	" PRIMARY KEY (scan_id, path));";

/*
 * Step (assessment): what the rule packs judged.  An assessment is one run
 * of `premig assess` (or of the main job): the packs it used, their
 * versions and documentation dates, the --set overrides, and the rules as
 * they were then (title, rationale, remediation), so that a report reads
 * everything from the store.  findings and verdicts hold the latest
 * result of each scan and profile; an assessment replaces what an earlier
 * one said of the same scans and profiles.
 */
static const char step_assess[] =
	"CREATE TABLE assessments ("
	" id INTEGER PRIMARY KEY,"
	" started_at TEXT NOT NULL,"
	" premig_version TEXT NOT NULL,"
	" today TEXT NOT NULL,"			/* the date deadlines were judged against */
	" rules_origin TEXT NOT NULL,"		/* built-in, or the --rules directory */
	" overrides TEXT NOT NULL);"		/* JSON object: --set NAME=VALUE */
	"CREATE TABLE assessment_packs ("
	" assessment_id INTEGER NOT NULL REFERENCES assessments(id),"
	" profile TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL,"
	" documentation_date TEXT NOT NULL,"
	" sources TEXT NOT NULL,"		/* JSON array of {ref, title, url} */
	" overrides TEXT NOT NULL,"		/* JSON object: the --set that apply to this pack */
	" PRIMARY KEY (assessment_id, profile));"
	"CREATE TABLE assessment_rules ("
	" assessment_id INTEGER NOT NULL REFERENCES assessments(id),"
	" rule_id TEXT NOT NULL, profile TEXT NOT NULL,"
	" severity TEXT NOT NULL CHECK (severity IN ('blocker','warning','info')),"
	" title TEXT NOT NULL, rationale TEXT NOT NULL,"
	" source TEXT NOT NULL,"		/* JSON {guide, url, quote} */
	" remediation TEXT NOT NULL,"
	" requires TEXT NOT NULL,"		/* JSON array of collector names */
	" params TEXT NOT NULL,"		/* JSON object: the values used */
	" PRIMARY KEY (assessment_id, rule_id));"
	"CREATE TABLE findings ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" profile TEXT NOT NULL, rule_id TEXT NOT NULL,"
	" assessment_id INTEGER NOT NULL REFERENCES assessments(id),"
	/* OR, not IN: SQLite builds a table for an IN list on every row inserted */
	" severity TEXT NOT NULL CHECK (severity = 'blocker' OR severity = 'warning'"
	"  OR severity = 'info'),"
	" status TEXT NOT NULL CHECK (status = 'pass' OR status = 'fail' OR status = 'unknown'),"
	" evidence TEXT,"			/* JSON array: the check's rows for this scan */
	" reason TEXT,"				/* why unknown (or that evidence was cut short) */
	" PRIMARY KEY (scan_id, profile, rule_id)) WITHOUT ROWID;"
	"CREATE TABLE verdicts ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" profile TEXT NOT NULL,"
	" assessment_id INTEGER NOT NULL REFERENCES assessments(id),"
	" verdict TEXT NOT NULL CHECK (verdict = 'ready' OR verdict = 'ready-with-conditions'"
	"  OR verdict = 'unknown' OR verdict = 'not-ready'),"
	" blockers INTEGER NOT NULL,"		/* blocker rules that failed */
	" warnings INTEGER NOT NULL,"		/* warning rules that failed */
	" unknowns INTEGER NOT NULL,"		/* rules of any severity that are unknown */
	" PRIMARY KEY (scan_id, profile)) WITHOUT ROWID;"
	"CREATE INDEX verdicts_assessment ON verdicts(assessment_id);";

/*
 * Step (available memory): what the kernel estimates new programs can get
 * without swapping, proc/meminfo MemAvailable (Linux 3.14 and later).
 * NULL when the kernel does not say; ram_available_reason then says why.
 */
static const char step_ram_available[] =
	"ALTER TABLE hardware ADD COLUMN ram_available_mib INTEGER;"
	"ALTER TABLE hardware ADD COLUMN ram_available_source TEXT;"	/* proc/meminfo MemAvailable */
	"ALTER TABLE hardware ADD COLUMN ram_available_reason TEXT;";

/* whether etc/fstab was read: no rows in fstab is "none" only when it is absent */
static const char step_fstab_read[] =
	"CREATE TABLE fstab_read ("
	" scan_id INTEGER PRIMARY KEY REFERENCES scans(id),"
	" path TEXT NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN ('ok','absent','unreadable')),"
	" reason TEXT);";

/*
 * Step (source options): under --root the mount of DIR on this machine is
 * not the scanned system's, so the options recorded are the source host's
 * (a captured proc/self/mountinfo in the root, else its etc/fstab line),
 * options_source says which, options_reason why they are unknown, and
 * local_options keeps how this machine mounts it.  A tmpfs line of
 * etc/fstab has the size its options give (or the kernel's default, half
 * of RAM): size_bytes, with size_source saying how it was found and
 * size_reason why it is unknown.  A NIC whose configuration asks for an
 * IPv6 address from DHCPv6 or router advertisements: ipv6_dynamic.
 */
static const char step_source_options[] =
	"ALTER TABLE mounts ADD COLUMN options_source TEXT;"
	"ALTER TABLE mounts ADD COLUMN options_reason TEXT;"
	"ALTER TABLE mounts ADD COLUMN local_options TEXT;"
	"ALTER TABLE fstab ADD COLUMN size_bytes INTEGER;"
	"ALTER TABLE fstab ADD COLUMN size_source TEXT;"
	"ALTER TABLE fstab ADD COLUMN size_reason TEXT;"
	"ALTER TABLE nics ADD COLUMN ipv6_dynamic INTEGER;";

/*
 * Step (one machine, one host): the identities of a scan's disks, and the
 * hosts folded into others.  disk_identities names what identifies a
 * machine's disks whatever path they were read at: the GPT disk GUID or
 * MBR disk signature of each disk, the UUID of each filesystem (or member
 * signature) and the PARTUUID of each partition on them, and the root
 * filesystem as etc/fstab names it (UUID=, PARTUUID=, their /dev/disk/by-*
 * links) or, on the running system, as mounted.  Values are lowercase;
 * all-zero ones (an unset MBR signature) identify nothing and are left out.
 * scanner/hostkey.h says how hosts are matched by them.  host_aliases keeps
 * the key of each host folded into another, so that a later scan under
 * that key lands on the host it joined.
 */
static const char step_host_identity[] =
	"ALTER TABLE scans ADD COLUMN host_note TEXT;"	/* why the scan is on its host */
	"CREATE TABLE host_aliases ("
	" alias_key TEXT PRIMARY KEY,"		/* the folded host's key: disk:..., image:... */
	" host_id INTEGER NOT NULL REFERENCES hosts(id),"
	" key_source TEXT NOT NULL,"		/* the folded host's key_source */
	" first_seen TEXT NOT NULL,"
	" folded_at TEXT NOT NULL,"
	" reason TEXT NOT NULL);"		/* the identities the two hosts share */
	"CREATE INDEX host_aliases_host ON host_aliases(host_id);"
	"CREATE VIEW disk_identities AS"
	" SELECT scan_id, kind, value, device, source FROM ("
	"  SELECT scan_id, kind, lower(trim(value, '\"')) AS value, device, source FROM ("
	"   SELECT scan_id, CASE pt_type WHEN 'gpt' THEN 'gpt-disk' ELSE 'mbr-disk' END AS kind,"
	"    pt_uuid AS value, name AS device, 'disks' AS source"
	"    FROM disks WHERE pt_type IN ('gpt', 'mbr') AND pt_uuid IS NOT NULL"
	"   UNION ALL SELECT scan_id, 'fs', fs_uuid, name, 'disks' FROM disks"
	"    WHERE fs_uuid IS NOT NULL"
	"   UNION ALL SELECT scan_id, 'fs', fs_uuid, name, 'partitions' FROM partitions"
	"    WHERE fs_uuid IS NOT NULL"
	"   UNION ALL SELECT scan_id, 'part', part_uuid, name, 'partitions' FROM partitions"
	"    WHERE part_uuid IS NOT NULL"
	"   UNION ALL SELECT scan_id, 'fs', fs_uuid, name, 'volumes' FROM volumes"
	"    WHERE fs_uuid IS NOT NULL AND kind <> 'lvm-vg'"
	"   UNION ALL SELECT scan_id,"
	"    CASE WHEN spec_kind = 'partuuid' THEN 'root-part' ELSE 'root-fs' END,"
	"    CASE WHEN spec LIKE '/dev/disk/by-uuid/%' THEN substr(spec, 19)"
	"     WHEN spec LIKE '/dev/disk/by-partuuid/%' THEN substr(spec, 23)"
	"     ELSE substr(spec, instr(spec, '=') + 1) END, device, 'fstab'"
	"    FROM fstab WHERE mountpoint = '/' AND spec_kind IN ('uuid', 'by-uuid', 'partuuid')"
	"   UNION ALL SELECT m.scan_id, 'root-fs', d.fs_uuid, m.device, 'mounts'"
	"    FROM mounts m JOIN scans s ON s.id = m.scan_id AND s.mode = 'live'"
	"    JOIN (SELECT scan_id, name, fs_uuid FROM partitions"
	"     UNION ALL SELECT scan_id, name, fs_uuid FROM volumes WHERE kind NOT IN ('lvm-vg', 'lvm-pv')"
	"     UNION ALL SELECT scan_id, name, fs_uuid FROM disks) d"
	"     ON d.scan_id = m.scan_id AND d.name = m.device"
	"    WHERE m.mountpoint = '/' AND d.fs_uuid IS NOT NULL))"
	" WHERE trim(value, '0-') <> '';";

/*
 * Step (systemd unit states): services holds every systemd unit file with
 * the state systemctl gives it (systemctl(1) list-unit-files), and the
 * unit's type; a SysV script or upstart job is of type service.
 */
static const char step_unit_states[] =
	"CREATE TABLE services_new ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" name TEXT NOT NULL,"			/* sshd.service, ssh.socket, apt-daily.timer, sshd (SysV) */
	" service TEXT NOT NULL,"		/* without .service or .socket: sshd, apt-daily.timer */
	" manager TEXT NOT NULL CHECK (manager IN ('systemd','sysv','upstart')),"
	/* the unit type; a SysV script or upstart job is a service; NULL unknown */
	" type TEXT CHECK (type IN ('service','socket','target','device','mount','automount',"
	"  'swap','timer','path','slice','scope')),"
	" state TEXT CHECK (state IN ('enabled','enabled-runtime','linked','linked-runtime','alias',"
	"  'masked','masked-runtime','static','indirect','disabled','generated','transient','bad')),"
	" path TEXT,"				/* the unit file, init script or job */
	" evidence TEXT,"			/* the links or stanzas that decide the state */
	" PRIMARY KEY (scan_id, manager, name));"
	"INSERT INTO services_new (scan_id, name, service, manager, type, state, path, evidence)"
	" SELECT scan_id, name, service, manager,"
	/* systemd rows were .service and .socket units only */
	"  CASE WHEN manager = 'systemd' AND name GLOB '*.socket' THEN 'socket' ELSE 'service' END,"
	"  state, path, evidence FROM services;"
	"DROP TABLE services;"
	"ALTER TABLE services_new RENAME TO services;";

/*
 * Step (mount units): offline, /tmp as the source host's systemd mounts it
 * at boot from tmp.mount when no etc/fstab line overrides it (Debian 13
 * ships it enabled, a tmpfs of half of RAM): the unit file, what its
 * [Mount] section says, the tmpfs size as for fstab, and the evidence.
 */
static const char step_mount_units[] =
	"CREATE TABLE mount_units ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" unit TEXT NOT NULL, path TEXT,"
	" mountpoint TEXT, what TEXT, fstype TEXT, options TEXT,"
	" size_bytes INTEGER, size_source TEXT, size_reason TEXT,"
	" evidence TEXT,"
	" PRIMARY KEY (scan_id, unit));";

/*
 * Step (flows): the capture files a scan read (--pcap), what each held and
 * why a reading stopped, and the flows they showed, both directions of a
 * conversation in one row with its endpoints as stored (side a is the
 * lower address): which side opened it is what the handshake says
 * (syn_from, synack_from), never the order.  Zeek's conn.log records
 * (--flows) are folded by client, server, server port and protocol: side
 * a is Zeek's originator, a_port NULL, with the connections counted and
 * Zeek's conn_state and history kept as the evidence.  Times are ns since
 * the epoch.  sockets: the live host's socket tables (kind listener or
 * connection), each with the process that holds it, or why none is known.
 */
static const char step_flows[] =
	"CREATE TABLE capture_files ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" path TEXT NOT NULL, format TEXT, gzip INTEGER,"
	" packets INTEGER, bytes INTEGER, counted INTEGER, not_ip INTEGER,"
	" ip_without_ports INTEGER, truncated INTEGER, malformed INTEGER,"
	" first_bad TEXT, unknown_link_types TEXT, bad_timestamps INTEGER,"
	" status TEXT NOT NULL, reason TEXT);"
	"CREATE TABLE flows ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" source TEXT NOT NULL, proto TEXT NOT NULL, vlan INTEGER,"
	" a_ip TEXT NOT NULL, a_port INTEGER, b_ip TEXT NOT NULL, b_port INTEGER,"
	" packets_ab INTEGER, bytes_ab INTEGER, packets_ba INTEGER, bytes_ba INTEGER,"
	" first_from TEXT, syn_from TEXT, synack_from TEXT,"
	" tcp_flags_a INTEGER, tcp_flags_b INTEGER,"
	" first_ns INTEGER, last_ns INTEGER,"
	" connections INTEGER, service TEXT, evidence TEXT);"
	"CREATE INDEX flows_scan ON flows(scan_id);"
	/* the live socket tables: who listens, who is connected, which process */
	"CREATE TABLE sockets ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" proto TEXT NOT NULL, kind TEXT NOT NULL,"
	" local_ip TEXT NOT NULL, local_port INTEGER NOT NULL,"
	" remote_ip TEXT, remote_port INTEGER, state TEXT NOT NULL,"
	" uid INTEGER, inode INTEGER,"
	" pid INTEGER, process TEXT, exe TEXT, process_reason TEXT);";

/*
 * Step (dependencies): what the dependency analysis derives from the
 * flows, the sockets and the NIC addresses of every scanned host, stored
 * so that `premig deps` and the reports read one answer.  The analysis is
 * fleet-wide, not per scan: dependency_analysis holds one row, the key of
 * the inputs it was made from (re-run when they change).  infra_rules:
 * the infrastructure list given with --infra (kind port, process or
 * address; infra 0 takes a default out).  dns_names: the names that DNS
 * answers in a capture gave an address.  sockets gain what repeated
 * snapshots (--sample) saw: in how many, first and last.
 */
static const char step_dependencies[] =
	"ALTER TABLE sockets ADD COLUMN sightings INTEGER;"
	"ALTER TABLE sockets ADD COLUMN first_seen_ns INTEGER;"
	"ALTER TABLE sockets ADD COLUMN last_seen_ns INTEGER;"
	"CREATE TABLE dns_names ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id),"
	" address TEXT NOT NULL, name TEXT NOT NULL, answers INTEGER NOT NULL,"
	" first_ns INTEGER, last_ns INTEGER,"
	" PRIMARY KEY (scan_id, address, name));"
	"CREATE TABLE infra_rules ("
	" kind TEXT NOT NULL, value TEXT NOT NULL, proto TEXT, label TEXT,"
	" infra INTEGER NOT NULL, origin TEXT);"
	"CREATE TABLE dependency_analysis ("
	" inputs_key TEXT NOT NULL, analysed_at TEXT NOT NULL,"
	" dependency_count INTEGER NOT NULL, group_count INTEGER NOT NULL);"
	"CREATE TABLE dependencies ("
	" id INTEGER PRIMARY KEY,"
	" client_ip TEXT NOT NULL, server_ip TEXT NOT NULL, port INTEGER NOT NULL,"
	" protocol TEXT NOT NULL, service TEXT, method TEXT NOT NULL, confidence TEXT NOT NULL,"
	" connections INTEGER, packets INTEGER, bytes INTEGER, first_ns INTEGER, last_ns INTEGER,"
	" infrastructure INTEGER NOT NULL, infra_reason TEXT, source TEXT NOT NULL,"
	" client_host TEXT, server_host TEXT, client_name TEXT, server_name TEXT,"
	" client_process TEXT, client_pid INTEGER, client_exe TEXT,"
	" server_process TEXT, server_pid INTEGER, server_exe TEXT,"
	" group_id INTEGER);"
	"CREATE INDEX dependencies_client ON dependencies(client_host);"
	"CREATE INDEX dependencies_server ON dependencies(server_host);"
	"CREATE TABLE application_groups ("
	" id INTEGER PRIMARY KEY, members INTEGER NOT NULL, edges INTEGER NOT NULL);"
	"CREATE TABLE group_members ("
	" group_id INTEGER NOT NULL REFERENCES application_groups(id),"
	" member TEXT NOT NULL, host_key TEXT, ip TEXT,"
	" PRIMARY KEY (group_id, member));";

/*
 * Step (scan uid): a scan's own identity, 128 random bits given when it
 * starts, kept by premig merge, so that one scan is one scan in any
 * store and merging a file twice adds nothing.  Scans of older stores
 * have none (NULL); merge.c says how they are told apart.
 */
static const char step_scan_uid[] =
	"ALTER TABLE scans ADD COLUMN uid TEXT;"
	"CREATE UNIQUE INDEX scans_uid ON scans(uid);";

/*
 * Step (push log): what premig push sent to AWS, one row per call that
 * succeeded, so that an interrupted push resumes and sends nothing twice.
 * target is the endpoint URL, task_name '' for the stream's own call;
 * body_sha256 is that of the request body (NotifyMigrationTaskState's
 * without its UpdateDateTime), so a host whose facts changed is sent again.
 */
static const char step_push_log[] =
	"CREATE TABLE push_log ("
	" target TEXT NOT NULL, stream TEXT NOT NULL, task_name TEXT NOT NULL,"
	" operation TEXT NOT NULL, body_sha256 TEXT NOT NULL, host_key TEXT,"
	" pushed_at TEXT NOT NULL,"
	" PRIMARY KEY (target, stream, task_name, operation)) WITHOUT ROWID;";

/*
 * Step (access): what restricted the scan's reads (ctx.h: SELinux
 * enforcing, proc mounted hidepid, uid 0 inside a user namespace) and,
 * per collector run, how many of its reads were refused (EACCES, EPERM),
 * so that the report can say what a root scan would answer.  NULL in
 * older scans: not recorded.
 */
static const char step_access[] =
	"ALTER TABLE scans ADD COLUMN selinux TEXT;"
	"ALTER TABLE scans ADD COLUMN proc_hidepid TEXT;"
	"ALTER TABLE scans ADD COLUMN userns INTEGER;"
	"ALTER TABLE collector_runs ADD COLUMN denied INTEGER;";

/*
 * Step (check indexes): the rule checks look a scan's partitions up by
 * name (the device a mount names, the walk from a volume down to its
 * disks) and its services by service name; the primary keys lead with
 * scan_id and then disk or manager, so each lookup read all of a scan's
 * partitions or services.  Measured on a 50,000-host fleet: a tenth of
 * premig assess's checks.
 */
static const char step_check_indexes[] =
	"CREATE INDEX partitions_name ON partitions(scan_id, name);"
	"CREATE INDEX services_service ON services(scan_id, service);";

const char *const schema_steps[] = {
	step1,
	step2,
	step_software,
	step_assess,
	step_ram_available,
	step_fstab_read,
	step_source_options,
	step_host_identity,
	step_unit_states,
	step_mount_units,
	step_flows,
	step_dependencies,
	step_scan_uid,
	step_push_log,
	step_access,
	step_check_indexes,
};

const size_t schema_nsteps = sizeof(schema_steps) / sizeof(schema_steps[0]);
