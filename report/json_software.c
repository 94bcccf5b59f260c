/*
 * json_software.c - the software sections of a host: installed packages and
 * the databases they came from, the init system and its services, sshd's
 * ports, the host firewalls, and the files MGN's installer looks for
 */
#include <jansson.h>

#include "../scanner/db.h"
#include "jsonutil.h"
#include "report.h"
#include "../scanner/banned.h"

static const char *const fw_bools[] = { "present", "enabled", "rules_allow_ssh", "ssh_allowed",
					NULL };
static const char *const file_bools[] = { "present", "symlink", "target_present",
					  "running_kernel", NULL };
static const char *const headers_bools[] = { "present", "symlink", NULL };

#define DB_COLUMNS "kind, path, status, reason, packages"

static json_t *host_files(sqlite3 *db, sqlite3_int64 scan, int *err)
{
	json_t *o = json_object();
	json_t *k = one_row(db,
		"SELECT release, release_source, present, path, symlink, evidence"
		" FROM kernel_headers WHERE scan_id = ?", scan, headers_bools, err);

	json_object_set(o, "kernel_release", json_object_get(k, "release"));
	json_object_set(o, "kernel_release_source", json_object_get(k, "release_source"));
	json_object_del(k, "release");
	json_object_del(k, "release_source");
	json_object_set_new(o, "kernel_headers", k);
	json_object_set_new(o, "paths", rows(db,
		"SELECT role, path, present, kind, symlink, target, target_present, version,"
		" running_kernel, evidence FROM host_files WHERE scan_id = ? ORDER BY role, path",
		scan, file_bools, err));
	return o;
}

void report_json_software(sqlite3 *db, sqlite3_int64 scan, unsigned flags, json_t *host, int *err)
{
	json_object_set_new(host, "packages", (flags & REPORT_DEFER ? rows_deferred : rows)(db,
		"SELECT name, version, release, epoch, arch, source FROM packages"
		" WHERE scan_id = ? ORDER BY name, arch, epoch, version, release, source, rowid",
		scan, NULL, err));
	/* the database the packages mostly come from; package_dbs has them all */
	json_object_set_new(host, "package_db", one_row(db,
		"SELECT " DB_COLUMNS " FROM package_dbs WHERE scan_id = ? AND status != 'ignored'"
		" ORDER BY status IN ('ok', 'partial') DESC, packages DESC, path LIMIT 1",
		scan, NULL, err));
	json_object_set_new(host, "package_dbs", rows(db,
		"SELECT " DB_COLUMNS " FROM package_dbs WHERE scan_id = ? ORDER BY path",
		scan, NULL, err));
	json_object_set_new(host, "init_system", one_row(db,
		"SELECT init, evidence, default_target, default_runlevel FROM init_system"
		" WHERE scan_id = ?", scan, NULL, err));
	json_object_set_new(host, "services", (flags & REPORT_DEFER ? rows_deferred : rows)(db,
		"SELECT name, service, manager, type, state, path, evidence FROM services"
		" WHERE scan_id = ? ORDER BY manager, name", scan, NULL, err));
	json_object_set_new(host, "sshd", one_row(db,
		"SELECT ports, source FROM sshd WHERE scan_id = ?", scan, NULL, err));
	json_object_set_new(host, "firewall", rows(db,
		"SELECT kind, present, config, enabled, enabled_evidence, rules_allow_ssh,"
		" ssh_allowed, evidence FROM firewalls WHERE scan_id = ? ORDER BY kind",
		scan, fw_bools, err));
	json_object_set_new(host, "host_files", host_files(db, scan, err));
}
