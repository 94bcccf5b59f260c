/*
 * registry.c - the collectors, one row each, in run order
 *
 * A row's .after names the collectors whose facts it reads from the store
 * (collectors.h); they are earlier rows, which collector_table_check()
 * holds the table to at the start of every scan.
 */
#include <string.h>

#include "collectors.h"
#include "../scanner/str.h"
#include "../scanner/banned.h"


static const struct collector collectors[] = {
	{ .name = "identity", .collect = collect_identity,
	  .help = "hostname, FQDN (from local files, no DNS), machine-id" },
	{ .name = "os", .collect = collect_os,
	  .help = "distribution from os-release(5) or the legacy release files" },
	{ .name = "kernel", .collect = collect_kernel, .flags = COLL_NEEDS_ROOT, .help = "kernel release, architecture, distribution package, initramfs drivers" },
	{ .name = "hardware", .collect = collect_hardware, .flags = COLL_NEEDS_ROOT, .help = "CPU topology, RAM, DMI identity, virtualization" },
	{ .name = "nics", .collect = collect_nics, .help = "network interfaces, addresses, DHCP or static configuration" },
	{ .name = "disks", .collect = collect_disks, .flags = COLL_NEEDS_ROOT | COLL_IMAGE,
	  .help = "disks and optical drives, partition tables, partitions, filesystems, boot code (libblkid)" },
	/* disks: their signatures, else it probes the disks itself */
	{ .name = "volumes", .collect = collect_volumes, .flags = COLL_NEEDS_ROOT | COLL_IMAGE,
	  .after = "disks",
	  .help = "LVM, md RAID, dm-crypt/LUKS, multipath: the stacking from disks to volumes" },
	/*
	 * hardware: RAM, the default size of a tmpfs; disks, volumes: the
	 * devices that fstab names by UUID or label (fs_resolve_spec)
	 */
	{ .name = "filesystems", .collect = collect_filesystems,
	  .after = "hardware,disks,volumes",
	  .help = "mounts (type, device, statvfs sizes with a deadline) and etc/fstab line by line" },
	/*
	 * disks: the boot disk, its boot code and partitions; volumes: what
	 * /boot sits on (device_disks); filesystems: the mounts and fstab
	 * rows of / and /boot, else it reads them itself
	 */
	{ .name = "boot", .collect = collect_boot, .flags = COLL_IMAGE,
	  .after = "disks,volumes,filesystems",
	  .help = "firmware (BIOS/UEFI), Secure Boot, bootloader and menu, boot disk, dual boot" },
	{ .name = "packages", .collect = collect_packages,
	  .help = "installed packages from the dpkg status file or the rpm database (sqlite, Berkeley DB, ndb)" },
	{ .name = "services", .collect = collect_services,
	  .help = "init system and the services it starts at boot (systemd, SysV, upstart)" },
	/* asks the init system itself (services.h), not the services rows */
	{ .name = "firewall", .collect = collect_firewall, .flags = COLL_NEEDS_ROOT,
	  .help = "host firewall (firewalld, iptables, nftables, ufw) and whether it lets SSH in" },
	/*
	 * kernel: the running release, else it reads it itself; packages:
	 * the version of the python package
	 */
	{ .name = "hostfiles", .collect = collect_hostfiles,
	  .after = "kernel,packages",
	  .help = "python, dhclient, kernel headers for the running kernel (MGN installer prerequisites)" },
	{ .name = "connections", .collect = collect_connections, .flags = COLL_LIVE_ONLY,
	  .help = "listening sockets and connections (/proc/net), with the process holding each" },
	{ .name = "flows", .collect = collect_flows, .flags = COLL_CAPTURE,
	  .help = "network flows from capture files (--pcap: pcap, pcapng, gzip) and Zeek conn.log (--flows)" },
};

const struct collector *collector_table(size_t *count)
{
	*count = ARRAY_SIZE(collectors);
	return collectors;
}

const struct collector *collector_find(const char *name)
{
	return collector_findn(name, strlen(name));
}

const struct collector *collector_findn(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(collectors); i++)
		if (!strncmp(collectors[i].name, name, len) && !collectors[i].name[len])
			return &collectors[i];
	return NULL;
}

const char *collector_list_next(const char **p, size_t *len)
{
	const char *s = *p, *comma;

	if (!s || !*s)
		return NULL;
	comma = strchr(s, ',');
	*len = comma ? (size_t)(comma - s) : strlen(s);
	*p = comma ? comma + 1 : s + *len;
	return s;
}

int collector_table_check(const struct collector *table, size_t n, struct buf *why)
{
	for (size_t i = 0; i < n; i++) {
		const char *p = table[i].after, *name;
		size_t len, count = 0;

		while ((name = collector_list_next(&p, &len))) {
			size_t j = 0;

			while (j < n && (strncmp(table[j].name, name, len) || table[j].name[len]))
				j++;
			if (j >= i) {
				buf_addf(why, "%s: its input '%.*s' %s", table[i].name, (int)len, name,
					 j == i ? "is itself" : j < n ? "comes after it" :
					 "is not a collector");
				return -1;
			}
			if (++count > COLL_AFTER_MAX) {
				buf_addf(why, "%s: more than %d inputs", table[i].name, COLL_AFTER_MAX);
				return -1;
			}
		}
	}
	return 0;
}
