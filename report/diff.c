/*
 * diff.c - what changed between two scans of a host: premig diff
 *
 * A reader of the store.  The comparison is driven by one table, areas[]:
 * each area is a query that reads one scan's rows (?1 is the scan id),
 * how many of its leading columns identify a row (the key), how many
 * after them describe the row without being compared (labels, such as a
 * rule's title), and how many of the compared columns that follow are
 * printed on the + and - lines of the text.  Every column after the
 * labels is compared.  Adding a table to the diff is adding a row.
 *
 * The rows of the two scans are matched by key (a key repeated in one
 * scan is matched in order): a row only in the old scan is removed, only
 * in the new one added, in both with a compared column that differs
 * changed.  NULL is a value, "unknown", so that a change from a value to
 * unknown shows.  An area whose collector did not run ok in a scan (for
 * the verdicts: a scan that was not assessed) is unknown there and its
 * rows are not compared, since they would show facts as gone that were
 * only not read; the change is then from known to unknown, with the
 * reason.  The verdict areas come first: the question is what changed
 * since a host was judged ready.
 *
 * The result is built as JSON (the documented structure of --format
 * json, README "premig diff"); the text is written from it.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/str.h"
#include "../scanner/version.h"
#include "diff.h"
#include "jsonutil.h"
#include "../scanner/banned.h"

enum diff_group {
	DIFF_VERDICTS,	/* known when the scan was assessed */
	DIFF_FACTS,	/* known when the collector ran ok (or always, with none) */
};

struct diff_area {
	const char *name;
	enum diff_group group;
	const char *collector;	/* facts: whose run says the rows are known; NULL: always */
	int nkeys;		/* the first nkeys columns identify a row */
	int nlabels;		/* the next nlabels describe it, not compared */
	int nshown;		/* the first nshown compared columns are printed on + and - */
	const char *sql;	/* ?1: the scan; the rows of that scan */
};

/*
 * One row per area; a table of one row per scan is read from scans with a
 * LEFT JOIN, so that a scan without its row compares as all unknown.
 * Columns that move on their own between two scans of an unchanged host
 * (free space to the byte, timestamps, process ids, flows) are left out
 * or rounded: a filesystem's free space is compared to a tenth of a GiB.
 */
#define PKG_VERSION \
	"CASE WHEN version IS NOT NULL THEN coalesce(epoch || ':', '') || version" \
	" || coalesce('-' || release, '') END"
#define GIB(col) "round(" col " / 1073741824.0, 1)"

static const struct diff_area areas[] = {
	{ "verdicts", DIFF_VERDICTS, NULL, 1, 0, 1,
	  "SELECT profile, verdict, blockers, warnings, unknowns FROM verdicts"
	  " WHERE scan_id = ?1" },
	{ "rules", DIFF_VERDICTS, NULL, 2, 2, 1,
	  "SELECT f.profile, f.rule_id, f.severity, r.title, f.status, f.reason, f.evidence"
	  " FROM findings f LEFT JOIN assessment_rules r"
	  "  ON r.assessment_id = f.assessment_id AND r.rule_id = f.rule_id"
	  " WHERE f.scan_id = ?1" },
	{ "os", DIFF_FACTS, "os", 0, 0, 0,
	  "SELECT o.id, o.version_id, o.version, o.name, o.pretty_name, o.codename, o.family,"
	  " o.id_like FROM scans s LEFT JOIN os o ON o.scan_id = s.id WHERE s.id = ?1" },
	{ "kernel", DIFF_FACTS, "kernel", 0, 0, 0,
	  "SELECT k.release, k.version, k.arch, k.bits, k.distro_kernel, k.initramfs_path,"
	  " k.initramfs_compression, k.initramfs_readable"
	  " FROM scans s LEFT JOIN kernel k ON k.scan_id = s.id WHERE s.id = ?1" },
	{ "kernel_drivers", DIFF_FACTS, "kernel", 1, 0, 2,
	  "SELECT driver, in_initramfs, builtin FROM kernel_drivers WHERE scan_id = ?1" },
	{ "hardware", DIFF_FACTS, "hardware", 0, 0, 0,
	  "SELECT h.cpu_model, h.cpu_sockets, h.cpu_cores, h.cpu_threads, h.ram_mib,"
	  " h.dmi_vendor, h.dmi_product, h.dmi_serial, h.dmi_uuid, h.bios_vendor, h.virtualization"
	  " FROM scans s LEFT JOIN hardware h ON h.scan_id = s.id WHERE s.id = ?1" },
	{ "identity", DIFF_FACTS, "identity", 0, 0, 0,
	  "SELECT i.hostname, i.fqdn, i.machine_id"
	  " FROM scans s LEFT JOIN identity i ON i.scan_id = s.id WHERE s.id = ?1" },
	{ "boot", DIFF_FACTS, "boot", 0, 0, 0,
	  "SELECT b.firmware, b.secure_boot, b.loader, b.loader_config, b.boot_disk,"
	  " b.boot_partition, b.default_entry, b.default_kernel, b.dual_boot"
	  " FROM scans s LEFT JOIN boot b ON b.scan_id = s.id WHERE s.id = ?1" },
	{ "boot_entries", DIFF_FACTS, "boot", 2, 0, 1,
	  "SELECT title, kernel, is_default, initrd, os_kind FROM boot_entries"
	  " WHERE scan_id = ?1 ORDER BY idx" },
	{ "disks", DIFF_FACTS, "disks", 1, 0, 3,
	  "SELECT name, size_bytes, pt_type, model, kind, sector_size, physical_sector_size,"
	  " serial, removable, rotational, image_format, pt_uuid, pmbr, fstype, fs_uuid,"
	  " fs_label, boot_code, probe_status FROM disks WHERE scan_id = ?1" },
	{ "partitions", DIFF_FACTS, "disks", 2, 0, 4,
	  "SELECT disk, number, name, size_bytes, type_name, fstype, start_bytes, type, flags,"
	  " part_uuid, part_label, fs_uuid, fs_label, fs_version"
	  " FROM partitions WHERE scan_id = ?1" },
	{ "volumes", DIFF_FACTS, "volumes", 2, 0, 3,
	  "SELECT name, kind, display_name, size_bytes, fstype, uuid, level, version, fs_uuid,"
	  " fs_label FROM volumes WHERE scan_id = ?1" },
	{ "mounts", DIFF_FACTS, "filesystems", 1, 0, 2,
	  "SELECT mountpoint, source, fstype, device, options, network,"
	  " " GIB("size_bytes") " AS size_gib, " GIB("avail_bytes") " AS avail_gib"
	  " FROM mounts WHERE scan_id = ?1 ORDER BY rowid" },
	{ "fstab", DIFF_FACTS, "filesystems", 1, 0, 2,
	  "SELECT mountpoint, spec, fstype, options, nofail, noexec, network"
	  " FROM fstab WHERE scan_id = ?1 ORDER BY line" },
	{ "nics", DIFF_FACTS, "nics", 1, 0, 2,
	  "SELECT name, mac, state, mtu, driver, kind, virtual, master, config, ipv6_dynamic"
	  " FROM nics WHERE scan_id = ?1" },
	{ "nic_addresses", DIFF_FACTS, "nics", 2, 0, 1,
	  "SELECT nic, address, prefix FROM nic_addresses WHERE scan_id = ?1" },
	/* a name may repeat (multilib, installonly kernels): the versions of a name and arch */
	{ "packages", DIFF_FACTS, "packages", 2, 0, 1,
	  "SELECT name, arch, group_concat(v, ' ') AS version FROM (SELECT name, arch,"
	  " " PKG_VERSION " AS v FROM packages WHERE scan_id = ?1 ORDER BY name, arch, v)"
	  " GROUP BY name, arch" },
	{ "package_dbs", DIFF_FACTS, "packages", 1, 0, 2,
	  "SELECT path, kind, status, reason FROM package_dbs WHERE scan_id = ?1" },
	{ "init_system", DIFF_FACTS, "services", 0, 0, 0,
	  "SELECT i.init, i.default_target, i.default_runlevel"
	  " FROM scans s LEFT JOIN init_system i ON i.scan_id = s.id WHERE s.id = ?1" },
	{ "services", DIFF_FACTS, "services", 2, 0, 1,
	  "SELECT manager, name, state, type FROM services WHERE scan_id = ?1" },
	{ "firewalls", DIFF_FACTS, "firewall", 1, 0, 2,
	  "SELECT kind, present, enabled, ssh_allowed, rules_allow_ssh"
	  " FROM firewalls WHERE scan_id = ?1" },
	{ "sshd", DIFF_FACTS, "firewall", 0, 0, 0,
	  "SELECT d.ports FROM scans s LEFT JOIN sshd d ON d.scan_id = s.id WHERE s.id = ?1" },
	{ "host_files", DIFF_FACTS, "hostfiles", 2, 0, 1,
	  "SELECT role, path, present, kind, target, version FROM host_files WHERE scan_id = ?1" },
	{ "collectors", DIFF_FACTS, NULL, 1, 0, 1,
	  "SELECT collector, status, reason FROM collector_runs WHERE scan_id = ?1" },
};

/* integer columns that are yes/no facts: true and false in the output */
static const char *const diff_bools[] = {
	"distro_kernel", "initramfs_readable", "in_initramfs", "builtin", "secure_boot",
	"dual_boot", "is_default", "removable", "rotational", "network", "nofail", "noexec",
	"virtual", "ipv6_dynamic", "present", "enabled", "ssh_allowed", "rules_allow_ssh", NULL,
};

/* columns holding JSON text written by premig: their value, parsed */
static const char *const diff_json_cols[] = { "evidence", NULL };

/*
 * The run's statements, each prepared once and reset for each scan: a
 * fleet's diff reads every area of two scans per host
 */
struct diff_ctx {
	sqlite3 *db;
	sqlite3_stmt *area[ARRAY_SIZE(areas)];
	sqlite3_stmt *run, *assessed;
};

static void diff_ctx_release(struct diff_ctx *c)
{
	for (size_t i = 0; i < ARRAY_SIZE(areas); i++)
		sqlite3_finalize(c->area[i]);
	sqlite3_finalize(c->run);
	sqlite3_finalize(c->assessed);
	memset(c, 0, sizeof(*c));
}

/* *slot, prepared from sql the first time, reset, with scan bound to ?1; NULL after printing */
static sqlite3_stmt *cached(struct diff_ctx *c, sqlite3_stmt **slot, const char *sql,
			    sqlite3_int64 scan)
{
	if (!*slot && !(*slot = db_prepare(c->db, sql)))
		return NULL;
	sqlite3_reset(*slot);
	sqlite3_clear_bindings(*slot);
	sqlite3_bind_int64(*slot, 1, scan);
	return *slot;
}

/* rows read from one area of one scan; a cap keeps a broken store from eating memory */
#define DIFF_MAX_ROWS 2000000

struct drow {
	json_t *v;		/* an array, one value per column */
	size_t seq;		/* the order read, for a key that repeats */
};

struct dset {
	struct drow *rows;
	size_t n, alloc;
	int ncol;
	json_t *names;		/* the column names */
};

static void dset_release(struct dset *s)
{
	for (size_t i = 0; i < s->n; i++)
		json_decref(s->rows[i].v);
	free(s->rows);
	json_decref(s->names);
	memset(s, 0, sizeof(*s));
}

static int in_list(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (!strcmp(*list, name))
			return 1;
	return 0;
}

static json_t *diff_col(sqlite3_stmt *st, int i)
{
	if (in_list(diff_json_cols, sqlite3_column_name(st, i)))
		return col_parsed(st, i);
	return col_json(st, i, diff_bools);
}

/* orders two key values: null first, numbers by value, strings by bytes */
static int value_cmp(const json_t *a, const json_t *b)
{
	if (json_is_null(a) || json_is_null(b))
		return json_is_null(b) - json_is_null(a);
	if (json_is_number(a) && json_is_number(b)) {
		double x = json_number_value(a), y = json_number_value(b);
		return (x > y) - (x < y);
	}
	if (json_is_string(a) && json_is_string(b))
		return strcmp(json_string_value(a), json_string_value(b));
	if (json_is_boolean(a) && json_is_boolean(b))
		return json_is_true(a) - json_is_true(b);
	/* values of different types: an order that is at least stable */
	return (int)json_typeof(a) - (int)json_typeof(b);
}

static int key_cmp(const json_t *a, const json_t *b, int nkeys)
{
	for (int k = 0; k < nkeys; k++) {
		int c = value_cmp(json_array_get(a, (size_t)k), json_array_get(b, (size_t)k));
		if (c)
			return c;
	}
	return 0;
}

static int row_cmp(const void *pa, const void *pb, void *arg)
{
	const struct drow *a = pa, *b = pb;
	int c = key_cmp(a->v, b->v, *(const int *)arg);

	if (c)
		return c;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* reads the area's rows of scan into s, sorted by key; <0 after printing */
static int dset_load(struct diff_ctx *c, size_t ai, sqlite3_int64 scan, struct dset *s)
{
	const struct diff_area *a = &areas[ai];
	sqlite3_stmt *st = cached(c, &c->area[ai], a->sql, scan);
	int rc;

	memset(s, 0, sizeof(*s));
	if (!st)
		return -1;
	s->ncol = sqlite3_column_count(st);
	s->names = json_array();
	for (int i = 0; i < s->ncol; i++)
		json_array_append_new(s->names, json_string(sqlite3_column_name(st, i)));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row = json_array();

		if (s->n == DIFF_MAX_ROWS) {
			json_decref(row);
			sqlite3_reset(st);
			return scan_error("diff: %s of scan %lld: more than %d rows", a->name,
					  (long long)scan, DIFF_MAX_ROWS);
		}
		for (int i = 0; i < s->ncol; i++)
			json_array_append_new(row, diff_col(st, i));
		if (s->n == s->alloc) {
			s->alloc = s->alloc ? 2 * s->alloc : 64;
			s->rows = xrealloc(s->rows, s->alloc * sizeof(*s->rows));
		}
		s->rows[s->n].v = row;
		s->rows[s->n].seq = s->n;
		s->n++;
	}
	if (rc != SQLITE_DONE) {
		scan_error("diff: cannot read %s of scan %lld: %s", a->name, (long long)scan,
			   sqlite3_errmsg(c->db));
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	if (s->n > 1)
		qsort_r(s->rows, s->n, sizeof(*s->rows), row_cmp, (void *)&a->nkeys);
	return 0;
}

/* an object of the columns [from, to) of row */
static json_t *cols_obj(const struct dset *s, const json_t *row, int from, int to)
{
	json_t *o = json_object();

	for (int i = from; i < to; i++)
		json_object_set(o, json_string_value(json_array_get(s->names, (size_t)i)),
				json_array_get(row, (size_t)i));
	return o;
}

/* one change: old or new may be NULL (added, removed) */
static json_t *change_new(const struct diff_area *a, const struct dset *s,
			  const json_t *old, const json_t *new)
{
	const json_t *any = new ? new : old;
	int first = a->nkeys + a->nlabels;
	json_t *c = json_object();

	json_object_set_new(c, "change", json_string(!old ? "added" : !new ? "removed" : "changed"));
	json_object_set_new(c, "key", cols_obj(s, any, 0, a->nkeys));
	if (a->nlabels)
		json_object_set_new(c, "labels", cols_obj(s, any, a->nkeys, first));
	json_object_set_new(c, "old", old ? cols_obj(s, old, first, s->ncol) : json_null());
	json_object_set_new(c, "new", new ? cols_obj(s, new, first, s->ncol) : json_null());
	if (old && new) {
		json_t *changed = json_array();
		for (int i = first; i < s->ncol; i++)
			if (!json_equal(json_array_get(old, (size_t)i), json_array_get(new, (size_t)i)))
				json_array_append(changed, json_array_get(s->names, (size_t)i));
		json_object_set_new(c, "changed", changed);
	}
	return c;
}

/*
 * Whether the area's rows are known in scan: 1, or 0 with *why (malloc'd)
 * saying why not; <0 after printing.
 */
static int area_known(struct diff_ctx *c, const struct diff_area *a, sqlite3_int64 scan, char **why)
{
	sqlite3_stmt *st;
	int rc, known = 1;

	*why = NULL;
	if (a->group == DIFF_FACTS && !a->collector)
		return 1;
	if (a->group == DIFF_VERDICTS) {
		st = cached(c, &c->assessed,
			    "SELECT EXISTS (SELECT 1 FROM verdicts WHERE scan_id = ?1)", scan);
		if (!st)
			return -1;
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && !sqlite3_column_int(st, 0)) {
			known = 0;
			*why = xstrdup("the scan was not assessed");
		}
	} else {
		st = cached(c, &c->run, "SELECT status, reason FROM collector_runs"
			    " WHERE scan_id = ?1 AND collector = ?2", scan);
		if (!st)
			return -1;
		sqlite3_bind_text(st, 2, a->collector, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE) {
			known = 0;
			*why = xasprintf("the %s collector did not run", a->collector);
			rc = SQLITE_ROW;
		} else if (rc == SQLITE_ROW) {
			const char *status = db_col_text(st, 0), *reason = db_col_text(st, 1);
			if (strcmp(status, "ok") && strcmp(status, "not-applicable")) {
				known = 0;
				*why = xasprintf("the %s collector %s%s%s", a->collector,
						 !strcmp(status, "skipped") ? "was skipped" : status,
						 reason ? ": " : "", reason ? reason : "");
			}
		}
	}
	if (rc != SQLITE_ROW) {
		free(*why);
		*why = NULL;
		scan_error("diff: cannot read the runs of scan %lld: %s", (long long)scan,
			   sqlite3_errmsg(c->db));
		known = -1;
	}
	sqlite3_reset(st);
	return known;
}

static void set_reason(json_t *o, const char *key, char *why)
{
	json_object_set_new(o, key, why ? json_string(why) : json_null());
	free(why);
}

/*
 * The area's differences between scans old and new: a new object, or
 * NULL when nothing changed; *err set (after printing) on a store error
 */
static json_t *area_diff(struct diff_ctx *c, size_t ai, sqlite3_int64 old, sqlite3_int64 new,
			 int *err)
{
	const struct diff_area *a = &areas[ai];
	struct dset so, sn;
	json_t *o, *changes;
	char *why_old = NULL, *why_new = NULL;
	int ko = area_known(c, a, old, &why_old);
	int kn = ko < 0 ? -1 : area_known(c, a, new, &why_new);
	size_t i = 0, j = 0;

	if (ko < 0 || kn < 0) {
		if (ko >= 0)
			free(why_old);
		*err = 1;
		return NULL;
	}
	if (!ko || !kn) {
		/* unknown on both sides says nothing new */
		if (!ko && !kn) {
			free(why_old);
			free(why_new);
			return NULL;
		}
		o = json_object();
		json_object_set_new(o, "area", json_string(a->name));
		json_object_set_new(o, "old_known", json_boolean(ko));
		json_object_set_new(o, "new_known", json_boolean(kn));
		set_reason(o, "old_reason", why_old);
		set_reason(o, "new_reason", why_new);
		return o;
	}
	if (dset_load(c, ai, old, &so) < 0) {
		dset_release(&so);
		*err = 1;
		return NULL;
	}
	if (dset_load(c, ai, new, &sn) < 0) {
		dset_release(&so);
		dset_release(&sn);
		*err = 1;
		return NULL;
	}
	changes = json_array();
	while (i < so.n || j < sn.n) {
		int order = i == so.n ? 1 : j == sn.n ? -1 :
			key_cmp(so.rows[i].v, sn.rows[j].v, a->nkeys);

		if (order < 0) {
			json_array_append_new(changes, change_new(a, &so, so.rows[i++].v, NULL));
		} else if (order > 0) {
			json_array_append_new(changes, change_new(a, &sn, NULL, sn.rows[j++].v));
		} else {
			const json_t *ro = so.rows[i++].v, *rn = sn.rows[j++].v;
			for (int k = a->nkeys + a->nlabels; k < so.ncol; k++)
				if (!json_equal(json_array_get(ro, (size_t)k), json_array_get(rn, (size_t)k))) {
					json_array_append_new(changes, change_new(a, &sn, ro, rn));
					break;
				}
		}
	}
	dset_release(&so);
	dset_release(&sn);
	if (!json_array_size(changes)) {
		json_decref(changes);
		return NULL;
	}
	o = json_object();
	json_object_set_new(o, "area", json_string(a->name));
	json_object_set_new(o, "old_known", json_true());
	json_object_set_new(o, "new_known", json_true());
	json_object_set_new(o, "changes", changes);
	return o;
}

static const char *const scan_bools[] = { "assessed", NULL };

/* a scan: id, host_key, hostname, started_at, finished_at, assessed */
static json_t *scan_info(sqlite3 *db, sqlite3_int64 scan, int *err)
{
	return one_row(db,
		"SELECT s.id, h.host_key, i.hostname, s.started_at, s.finished_at,"
		" EXISTS (SELECT 1 FROM verdicts v WHERE v.scan_id = s.id) AS assessed"
		" FROM scans s JOIN hosts h ON h.id = s.host_id"
		" LEFT JOIN identity i ON i.scan_id = s.id WHERE s.id = ?1", scan, scan_bools, err);
}

/* the differences between scans old and new (0: the host has only new) */
static json_t *host_diff(struct diff_ctx *c, sqlite3_int64 old, sqlite3_int64 new, int *err)
{
	json_t *h = json_object(), *sn = scan_info(c->db, new, err), *list;
	json_t *so = old ? scan_info(c->db, old, err) : json_null();
	json_t *name = json_object_get(sn, "hostname");

	/* the name the newer scan found, else the older one's */
	if (json_is_null(name) && old)
		name = json_object_get(so, "hostname");
	json_object_set(h, "host_key", json_object_get(sn, "host_key"));
	json_object_set(h, "hostname", name);
	json_object_set_new(h, "old", so);
	json_object_set_new(h, "new", sn);
	if (!old) {
		json_object_set_new(h, "note", json_string("only one scan: nothing to compare"));
		return h;
	}
	list = json_array();
	for (size_t i = 0; i < ARRAY_SIZE(areas) && !*err; i++) {
		json_t *a = area_diff(c, i, old, new, err);
		if (a)
			json_array_append_new(list, a);
	}
	json_object_set_new(h, "areas", list);
	return h;
}

/* ---- the text ---------------------------------------------------------- */

#define TEXT_VALUE_MAX 300

/*
 * A string is written bare unless it is empty, reads as the unknown of a
 * NULL, or holds what would confuse a reader or a terminal: it is then a
 * JSON string, in ASCII
 */
static int needs_quotes(const unsigned char *s)
{
	if (!*s || !strcmp((const char *)s, "unknown"))
		return 1;
	for (; *s; s++) {
		if (*s < 0x20 || *s == 0x7f || *s == ' ' || *s == ',' || *s == '"' || *s == '\\')
			return 1;
		/* C1 controls, U+0080..U+009F, which some terminals obey */
		if (*s == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
			return 1;
		/* line separators and bidirectional overrides (U+2028-202E, U+2066-2069) */
		if (*s == 0xe2 && ((s[1] == 0x80 && s[2] >= 0xa8 && s[2] <= 0xae) ||
				   (s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9)))
			return 1;
	}
	return 0;
}

/* a value as text: null is unknown; long values cut, at a character boundary */
static void text_value(struct buf *b, const json_t *v)
{
	char *s = NULL;
	const char *t;
	size_t n;

	if (json_is_null(v)) {
		buf_adds(b, "unknown");
		return;
	}
	if (json_is_string(v) && !needs_quotes((const unsigned char *)json_string_value(v)))
		t = json_string_value(v);
	else
		t = s = json_dumps(v, JSON_ENCODE_ANY | JSON_ENSURE_ASCII | JSON_COMPACT);
	if (!t) {
		buf_adds(b, "?");
		return;
	}
	n = strlen(t);
	if (n > TEXT_VALUE_MAX) {
		n = TEXT_VALUE_MAX;
		while (n && ((unsigned char)t[n] & 0xc0) == 0x80)
			n--;
		buf_add(b, t, n);
		buf_adds(b, "...");
	} else {
		buf_add(b, t, n);
	}
	free(s);
}

/* "mgn MGN-OS-001 (blocker; title)": the key's values, then the labels' */
static void text_label(struct buf *b, const json_t *c)
{
	const char *k;
	const json_t *v;
	int n = 0;

	json_object_foreach((json_t *)json_object_get(c, "key"), k, v) {
		if (n++)
			buf_addc(b, ' ');
		text_value(b, v);
	}
	n = 0;
	json_object_foreach((json_t *)json_object_get(c, "labels"), k, v) {
		buf_adds(b, n++ ? "; " : " (");
		text_value(b, v);
	}
	if (n)
		buf_addc(b, ')');
}

static void text_change(struct buf *b, const struct diff_area *a, const json_t *c)
{
	const char *what = json_string_value(json_object_get(c, "change"));
	struct buf more = BUF_INIT;
	size_t start;
	int n = 0;

	buf_adds(b, "    ");
	buf_addc(b, *what == 'a' ? '+' : *what == 'r' ? '-' : '~');
	buf_addc(b, ' ');
	start = b->len;
	text_label(b, c);
	if (*what != 'c') {
		const json_t *vals = json_object_get(c, *what == 'a' ? "new" : "old");
		const char *k;
		const json_t *v;
		int shown = 0;

		json_object_foreach((json_t *)vals, k, v) {
			if (shown++ == a->nshown)
				break;
			buf_adds(b, n++ ? ", " : b->len > start ? ": " : "");
			buf_addf(b, "%s ", k);
			text_value(b, v);
		}
	} else {
		const json_t *col, *old = json_object_get(c, "old"), *new = json_object_get(c, "new");
		size_t i;

		json_array_foreach(json_object_get(c, "changed"), i, col) {
			const char *k = json_string_value(col);
			const json_t *vo = json_object_get(old, k), *vn = json_object_get(new, k);

			if (json_is_array(vo) || json_is_object(vo) || json_is_array(vn) ||
			    json_is_object(vn)) {
				/* evidence and the like: a line of its own */
				buf_addf(&more, "        %s: ", k);
				text_value(&more, vo);
				buf_adds(&more, " -> ");
				text_value(&more, vn);
				buf_addc(&more, '\n');
				continue;
			}
			buf_adds(b, n++ ? ", " : b->len > start ? ": " : "");
			buf_addf(b, "%s ", k);
			text_value(b, vo);
			buf_adds(b, " -> ");
			text_value(b, vn);
		}
	}
	buf_addc(b, '\n');
	buf_add(b, more.data, more.len);
	buf_release(&more);
}

static const struct diff_area *area_named(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(areas); i++)
		if (!strcmp(areas[i].name, name))
			return &areas[i];
	return NULL;
}

static void text_scan(struct buf *b, const json_t *s)
{
	buf_addf(b, "scan %lld (", (long long)json_integer_value(json_object_get(s, "id")));
	text_value(b, json_object_get(s, "started_at"));
	if (!json_is_true(json_object_get(s, "assessed")))
		buf_adds(b, ", not assessed");
	buf_addc(b, ')');
}

static void text_host(struct buf *b, const json_t *h)
{
	const json_t *old = json_object_get(h, "old"), *new = json_object_get(h, "new");
	const json_t *list = json_object_get(h, "areas"), *a;
	size_t i;

	buf_adds(b, "host ");
	text_value(b, json_object_get(h, "hostname"));
	buf_adds(b, " (");
	text_value(b, json_object_get(h, "host_key"));
	buf_adds(b, "): ");
	if (json_is_null(old)) {
		text_scan(b, new);
		buf_adds(b, " is its only scan: nothing to compare\n");
		return;
	}
	text_scan(b, old);
	buf_adds(b, " -> ");
	if (!json_equal(json_object_get(old, "host_key"), json_object_get(new, "host_key"))) {
		buf_adds(b, "host ");
		text_value(b, json_object_get(new, "host_key"));
		buf_addc(b, ' ');
	}
	text_scan(b, new);
	buf_addc(b, '\n');
	if (!json_array_size(list))
		buf_adds(b, "  no change\n");
	json_array_foreach(list, i, a) {
		const char *name = json_string_value(json_object_get(a, "area"));
		const struct diff_area *da = area_named(name);
		const json_t *c;
		size_t k;

		if (!json_is_true(json_object_get(a, "old_known")) ||
		    !json_is_true(json_object_get(a, "new_known"))) {
			int ko = json_is_true(json_object_get(a, "old_known"));
			buf_addf(b, "  %s: %s -> %s: ", name, ko ? "known" : "unknown",
				 ko ? "unknown" : "known");
			text_value(b, json_object_get(a, ko ? "new_reason" : "old_reason"));
			buf_addc(b, '\n');
			continue;
		}
		buf_addf(b, "  %s\n", name);
		json_array_foreach(json_object_get(a, "changes"), k, c)
			text_change(b, da, c);
	}
}

/* ---- choosing the scans ------------------------------------------------ */

/*
 * The hosts.id that ref names: a host key, the key of a host folded into
 * another, or a hostname or FQDN one of its scans recorded.  0 when none;
 * -2 after printing when a name fits several hosts; -1 on a store error.
 */
static sqlite3_int64 host_lookup(sqlite3 *db, const char *ref)
{
	static const char *const sql[] = {
		"SELECT id FROM hosts WHERE host_key = ?1"
		" UNION SELECT host_id FROM host_aliases WHERE alias_key = ?1",
		"SELECT DISTINCT s.host_id FROM scans s JOIN identity i ON i.scan_id = s.id"
		" WHERE i.hostname = ?1 OR i.fqdn = ?1",
	};
	sqlite3_int64 id = 0;

	for (size_t q = 0; q < ARRAY_SIZE(sql) && !id; q++) {
		sqlite3_stmt *st = db_prepare(db, sql[q]);
		int rc, n = 0;

		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_TRANSIENT);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			id = sqlite3_column_int64(st, 0);
			n++;
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return scan_error("diff: cannot read the hosts: %s", sqlite3_errmsg(db));
		if (n > 1) {
			scan_error("diff: --host '%s' names %d hosts; give its host key", ref, n);
			return -2;
		}
	}
	return id;
}

/* the host of scan: its hosts.id, 0 when there is no such scan, -1 on error */
static sqlite3_int64 scan_host(sqlite3 *db, sqlite3_int64 scan)
{
	sqlite3_stmt *st = prep_scan(db, "SELECT host_id FROM scans WHERE id = ?1", scan);
	sqlite3_int64 id = 0;
	int rc;

	if (!st)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	stmt_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return scan_error("diff: cannot read the scans: %s", sqlite3_errmsg(db));
	return id;
}

/* each host's (or host's) two latest scans, older first; hosts by key */
static int diff_latest(struct diff_ctx *c, sqlite3_int64 host, json_t *hosts, int *err)
{
	sqlite3_stmt *st = db_prepare(c->db,
		"SELECT (SELECT s.id FROM scans s WHERE s.host_id = h.id"
		"  ORDER BY s.finished_at IS NULL, s.started_at DESC, s.id DESC LIMIT 1) AS b,"
		" (SELECT s.id FROM scans s WHERE s.host_id = h.id"
		"  ORDER BY s.finished_at IS NULL, s.started_at DESC, s.id DESC LIMIT 1 OFFSET 1)"
		" FROM hosts h WHERE (?1 = 0 OR h.id = ?1) AND b IS NOT NULL ORDER BY h.host_key");
	int rc = SQLITE_DONE, n = 0;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, host);
	while (!*err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_array_append_new(hosts, host_diff(c, sqlite3_column_int64(st, 1),
						       sqlite3_column_int64(st, 0), err));
		n++;
	}
	if (!*err && rc != SQLITE_DONE) {
		scan_error("diff: cannot read the scans: %s", sqlite3_errmsg(c->db));
		*err = 1;
	}
	sqlite3_finalize(st);
	return n;
}

int diff_write(sqlite3 *db, const char *dbpath, FILE *out, const struct diff_opts *o)
{
	struct diff_ctx c = { .db = db };
	json_t *root, *hosts;
	sqlite3_int64 host = 0;
	int err = 0, rc = 0;

	if (o->host) {
		host = host_lookup(db, o->host);
		if (host < 0)
			return (int)host;
		if (!host) {
			scan_error("diff: no host '%s' in '%s'", o->host, dbpath);
			return -2;
		}
	}
	/* the rows of two scans per host, all over the file: a page cache of 64 MiB */
	sqlite3_exec(db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
	root = json_object();
	hosts = json_array();
	json_object_set_new(root, "format", json_integer(DIFF_JSON_FORMAT));
	json_object_set_new(root, "generator", json_string("premig " PREMIG_VERSION));
	json_object_set_new(root, "hosts", hosts);
	if (o->scan_a) {
		sqlite3_int64 ids[2] = { o->scan_a, o->scan_b };
		for (int i = 0; i < 2; i++) {
			sqlite3_int64 h = scan_host(db, ids[i]);
			if (h < 0) {
				rc = -1;
			} else if (!h) {
				scan_error("diff: no scan %lld in '%s'", (long long)ids[i], dbpath);
				rc = -2;
			} else if (host && h != host) {
				scan_error("diff: scan %lld is not of host '%s'", (long long)ids[i], o->host);
				rc = -2;
			}
			if (rc)
				goto out;
		}
		json_array_append_new(hosts, host_diff(&c, o->scan_a, o->scan_b, &err));
	} else {
		int n = diff_latest(&c, host, hosts, &err);
		if (n < 0) {
			rc = -1;
			goto out;
		}
		if (!n && !err) {
			if (host)
				scan_error("diff: host '%s' has no scan in '%s'", o->host, dbpath);
			else
				scan_error("diff: no scanned host in '%s'", dbpath);
			rc = -2;
			goto out;
		}
	}
	if (err) {
		rc = scan_error("diff: cannot read the store: %s", sqlite3_errmsg(db));
		goto out;
	}
	if (!strcmp(o->format, "json")) {
		if (json_dumpf(root, out, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER) ||
		    fputc('\n', out) == EOF)
			rc = (scan_error("diff: cannot write the JSON"), -3);
	} else {
		struct buf b = BUF_INIT;
		size_t i;
		const json_t *h;

		json_array_foreach(hosts, i, h) {
			if (i)
				buf_addc(&b, '\n');
			text_host(&b, h);
		}
		if (fwrite(b.data, 1, b.len, out) != b.len)
			rc = (scan_error("diff: cannot write the text"), -3);
		buf_release(&b);
	}
out:
	diff_ctx_release(&c);
	stmt_cache_release();	/* scan_host's and scan_info's statements */
	json_decref(root);
	return rc;
}
