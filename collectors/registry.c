/*
 * registry.c - the collectors, one row each, in run order
 */
#include <string.h>

#include "collectors.h"
#include "../scanner/banned.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

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
	{ .name = "volumes", .collect = collect_volumes, .flags = COLL_NEEDS_ROOT | COLL_IMAGE,
	  .help = "LVM, md RAID, dm-crypt/LUKS, multipath: the stacking from disks to volumes" },
	{ .name = "filesystems", .collect = collect_filesystems,
	  .help = "mounts (type, device, statvfs sizes with a deadline) and etc/fstab line by line" },
	{ .name = "boot", .collect = collect_boot, .flags = COLL_IMAGE,
	  .help = "firmware (BIOS/UEFI), Secure Boot, bootloader and menu, boot disk, dual boot" },
	{ .name = "packages", .collect = collect_packages,
	  .help = "installed packages from the dpkg status file or the rpm database (sqlite, Berkeley DB, ndb)" },
	{ .name = "services", .collect = collect_services,
	  .help = "init system and the services it starts at boot (systemd, SysV, upstart)" },
	{ .name = "firewall", .collect = collect_firewall, .flags = COLL_NEEDS_ROOT,
	  .help = "host firewall (firewalld, iptables, nftables, ufw) and whether it lets SSH in" },
	{ .name = "hostfiles", .collect = collect_hostfiles,
	  .help = "python, dhclient, kernel headers for the running kernel (MGN installer prerequisites)" },
};

const struct collector *collector_table(size_t *count)
{
	*count = ARRAY_SIZE(collectors);
	return collectors;
}

const struct collector *collector_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(collectors); i++)
		if (!strcmp(collectors[i].name, name))
			return &collectors[i];
	return NULL;
}
