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
	{ .name = "kernel", .collect = collect_kernel, .flags = COLL_NEEDS_ROOT,
	  .help = "kernel release, architecture, distribution package, initramfs drivers" },
	{ .name = "hardware", .collect = collect_hardware, .flags = COLL_NEEDS_ROOT,
	  .help = "CPU topology, RAM, DMI identity, virtualization" },
	{ .name = "nics", .collect = collect_nics,
	  .help = "network interfaces, addresses, DHCP or static configuration" },
	/* disks row here */
	/* volumes row here */
	/* filesystems row here */
	/* boot row here */
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
