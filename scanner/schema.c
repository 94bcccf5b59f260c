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

const char *const schema_steps[] = {
	step1,
};

const size_t schema_nsteps = sizeof(schema_steps) / sizeof(schema_steps[0]);
