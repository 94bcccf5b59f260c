/*
 * json.c - the JSON report, format 1
 *
 * {"format": 1, "generator": "premig X.Y.Z", "hosts": [...]}: one object per
 * host, from its latest scan.  A fact the store holds as NULL is written as
 * null, never as a made-up value.  Keys, once shipped, are never renamed.
 * Built with jansson: values are created with the _new setters and never
 * touched after they are stolen.
 */
#include <stdio.h>
#include <string.h>
#include <jansson.h>

#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/version.h"
#include "deps.h"
#include "jsonutil.h"
#include "report.h"
#include "../scanner/banned.h"

static const char *const nic_bools[] = { "virtual", "ipv6_dynamic", NULL };
static const char *const kernel_bools[] = { "distro_kernel", "initramfs_readable", NULL };
static const char *const scan_bools[] = { "as_root", NULL };

static json_t *host_nics(sqlite3 *db, sqlite3_int64 scan, int *err)
{
	json_t *nics = rows(db,
		"SELECT name, mac, mtu, driver, state, kind, virtual, master, config, config_source,"
		" ipv6_dynamic"
		" FROM nics WHERE scan_id = ? ORDER BY name", scan, nic_bools, err);
	size_t i;
	json_t *nic;

	json_array_foreach(nics, i, nic) {
		sqlite3_stmt *st = stmt_cached(db,
			"SELECT address || coalesce('/' || prefix, '') FROM nic_addresses"
			" WHERE scan_id = ? AND nic = ? ORDER BY family, address");
		json_t *addrs = json_array();
		if (!st) {
			*err = 1;
		} else {
			sqlite3_bind_int64(st, 1, scan);
			sqlite3_bind_text(st, 2, json_string_value(json_object_get(nic, "name")),
					  -1, SQLITE_TRANSIENT);
			while (sqlite3_step(st) == SQLITE_ROW)
				json_array_append_new(addrs, col_json(st, 0, NULL));
			stmt_done(st);
		}
		json_object_set_new(nic, "addresses", addrs);
	}
	return nics;
}

static json_t *host_kernel(sqlite3 *db, sqlite3_int64 scan, unsigned flags, int *err)
{
	json_t *k = one_row(db,
		"SELECT release, version, arch, bits, release_source, arch_source,"
		" distro_kernel, distro_kernel_evidence, initramfs_path, initramfs_compression,"
		" initramfs_readable, initramfs_reason FROM kernel WHERE scan_id = ?",
		scan, kernel_bools, err);

	if (flags & REPORT_BRIEF)
		return k;
	json_object_set_new(k, "initramfs_drivers", list_or_null(db,
		"SELECT driver FROM kernel_drivers WHERE scan_id = ? AND in_initramfs ORDER BY driver",
		scan, "SELECT count(*) FROM kernel_drivers WHERE scan_id = ? AND in_initramfs IS NOT NULL",
		err));
	json_object_set_new(k, "builtin_drivers", list_or_null(db,
		"SELECT driver FROM kernel_drivers WHERE scan_id = ? AND builtin ORDER BY driver",
		scan, "SELECT count(*) FROM kernel_drivers WHERE scan_id = ? AND builtin IS NOT NULL",
		err));
	return k;
}

static json_t *host_json(sqlite3 *db, sqlite3_stmt *h, unsigned flags, int *err)
{
	sqlite3_int64 scan = sqlite3_column_int64(h, 2);
	json_t *o = json_object();
	json_t *id;

	json_object_set_new(o, "host_id", col_json(h, 0, NULL));
	json_object_set_new(o, "host_key_source", col_json(h, 1, NULL));
	json_object_set_new(o, "scan", one_row(db,
		"SELECT id, started_at, finished_at, premig_version, mode, root, as_root, status"
		" FROM scans WHERE id = ?", scan, scan_bools, err));
	id = one_row(db, "SELECT hostname, hostname_source, fqdn, fqdn_source, machine_id"
		     " FROM identity WHERE scan_id = ?", scan, NULL, err);
	json_object_update(o, id);
	json_decref(id);
	json_object_set_new(o, "os", one_row(db,
		"SELECT id, version_id, version, name, pretty_name, codename, family, id_like, source"
		" FROM os WHERE scan_id = ?", scan, NULL, err));
	json_object_set_new(o, "kernel", host_kernel(db, scan, flags, err));
	json_object_set_new(o, "hardware", one_row(db,
		"SELECT cpu_model, cpu_sockets, cpu_cores, cpu_threads, ram_mib, dmi_vendor,"
		" dmi_product, dmi_serial, dmi_uuid, bios_vendor, virtualization, virt_evidence,"
		" ram_available_mib, ram_available_source, ram_available_reason"
		" FROM hardware WHERE scan_id = ?", scan, NULL, err));
	json_object_set_new(o, "nics", host_nics(db, scan, err));
	report_json_disks(db, scan, flags, o, err);
	report_json_boot(db, scan, flags, o, err);
	report_json_software(db, scan, flags, o, err);
	report_json_assess(db, scan, flags, o, err);
	json_object_set_new(o, "dependencies", deps_host_json(db, scan, db_col_text(h, 0), err));
	json_object_set_new(o, "collectors", rows(db,
		"SELECT collector AS name, status, reason FROM collector_runs"
		" WHERE scan_id = ? ORDER BY rowid", scan, NULL, err));
	report_json_coverage(db, scan, o, err);
	return o;
}

int report_hosts(sqlite3 *db, unsigned flags, int (*fn)(json_t *host, void *arg), void *arg)
{
	sqlite3_stmt *h;
	int err = 0, rc = SQLITE_DONE, frc = 0;

	if (deps_refresh(db) < 0)
		return -1;
	/* the latest finished scan of each host, else its latest scan */
	h = db_prepare(db, REPORT_LATEST_SCANS_SQL " ORDER BY h.host_key");
	if (!h)
		return -1;
	/* one read transaction: one snapshot, and no lock taken per statement */
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_finalize(h);
		return scan_error("report: cannot read the store: %s", sqlite3_errmsg(db));
	}
	while (!err && !frc && (rc = sqlite3_step(h)) == SQLITE_ROW) {
		json_t *host = host_json(db, h, flags, &err);
		if (!err)
			frc = fn(host, arg);
		json_decref(host);
	}
	if (!err && !frc && rc != SQLITE_DONE)
		err = 1;
	sqlite3_finalize(h);
	if (err)
		scan_error("report: cannot read the store: %s", sqlite3_errmsg(db));
	stmt_cache_release();
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return err || frc < 0 ? -1 : 0;
}

/*
 * The report is written host by host, never held whole (a fleet's report is
 * gigabytes): each value is dumped as json_dumpf would dump it inside the
 * whole document, its lines indented to its depth.  jansson writes no raw
 * newline inside a string, so every newline it writes starts a line.
 */
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENSURE_ASCII)

struct nested {
	FILE *out;
	int depth;	/* in indents of 2 */
	size_t hosts;
	struct buf b;	/* the text not yet written: jansson gives it a token at a time */
};

/* a value's text is written in pieces of this much (a fleet's groups are large) */
#define NESTED_FLUSH (64u << 10)

static int nested_flush(struct nested *w)
{
	int rc = w->b.len && fwrite(w->b.data, 1, w->b.len, w->out) != w->b.len ? -1 : 0;

	buf_clear(&w->b);
	return rc;
}

static int nested_write(const char *p, size_t n, void *arg)
{
	static const char spaces[] = "                                ";
	struct nested *w = arg;
	const char *nl;

	while (n && (nl = memchr(p, '\n', n))) {
		size_t k = (size_t)(nl - p) + 1;
		buf_add(&w->b, p, k);
		for (size_t left = 2 * (size_t)w->depth; left; ) {
			size_t m = left < sizeof(spaces) - 1 ? left : sizeof(spaces) - 1;
			buf_add(&w->b, spaces, m);
			left -= m;
		}
		p += k;
		n -= k;
	}
	buf_add(&w->b, p, n);
	return w->b.len >= NESTED_FLUSH ? nested_flush(w) : 0;
}

static int dump_nested(json_t *v, struct nested *w)
{
	int rc = json_dump_callback(v, nested_write, w, DUMP_FLAGS | JSON_ENCODE_ANY);

	return rc == 0 ? nested_flush(w) : rc;
}

static int write_host(json_t *host, void *arg)
{
	struct nested *w = arg;

	if (fputs(w->hosts++ ? ",\n    " : "[\n    ", w->out) < 0 || dump_nested(host, w) < 0)
		return scan_error("report: cannot write JSON");
	return 0;
}

int report_json(sqlite3 *db, FILE *out)
{
	struct nested w = { .out = out, .depth = 1, .b = BUF_INIT };
	json_t *groups, *gen = json_string("premig " PREMIG_VERSION);
	int err = 0, rc;

	/* the keys in JSON_SORT_KEYS order: application_groups, format, generator, hosts */
	if (deps_refresh(db) < 0) {
		json_decref(gen);
		return -1;
	}
	groups = deps_groups_json(db, &err);
	if (err) {
		json_decref(groups);
		json_decref(gen);
		return scan_error("report: cannot read the store: %s", sqlite3_errmsg(db));
	}
	rc = fputs("{\n  \"application_groups\": ", out) < 0 || dump_nested(groups, &w) < 0 ||
	     fprintf(out, ",\n  \"format\": %d,\n  \"generator\": ", REPORT_JSON_FORMAT) < 0 ||
	     dump_nested(gen, &w) < 0 || fputs(",\n  \"hosts\": ", out) < 0 ? -1 : 0;
	json_decref(groups);
	json_decref(gen);
	if (rc < 0) {
		rc = scan_error("report: cannot write JSON");
		goto out;
	}
	w.depth = 2;
	rc = report_hosts(db, 0, write_host, &w) < 0 ? -1 : 0;
	if (rc == 0 && fputs(w.hosts ? "\n  ]\n}\n" : "[]\n}\n", out) < 0)
		rc = scan_error("report: cannot write JSON");
out:
	buf_release(&w.b);
	return rc;
}
