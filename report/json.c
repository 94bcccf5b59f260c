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
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/jsontext.h"
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
 * gigabytes): each value is written as json_dumpf would write it inside the
 * whole document, with DUMP_FLAGS, its lines indented to its depth.
 *
 * Written here rather than by json_dump_callback, which hands every token
 * to a callback (and whose indenting, sorting and stdio calls took most of
 * a fleet report's time), into a buffer written out in large blocks.  The
 * bytes are jansson 2.14's (dump.c): "{" or "[", then each member on a new
 * line indented two spaces deeper, "key": value, members separated by ",",
 * the closing bracket on a line of its own; "{}" and "[]" when empty; keys
 * sorted by their bytes (memcmp, then the shorter first); integers by
 * JSON_INTEGER_FORMAT.  A string of printable ASCII without '"' or '\' is
 * written as it is, as jansson would; any other string, and every real, is
 * dumped by jansson itself, so the two cannot differ.
 */
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENSURE_ASCII)
#define OUT_BLOCK (1 << 20)	/* bytes gathered before each fwrite */

struct json_writer {
	FILE *out;
	struct buf b;
	int depth;	/* in indents of 2 */
	int err;
	size_t hosts;
};

static void out_flush(struct json_writer *w)
{
	if (w->b.len && fwrite(w->b.data, 1, w->b.len, w->out) != w->b.len)
		w->err = 1;
	buf_clear(&w->b);
}

/* a newline, then depth levels of indent */
static void out_indent(struct json_writer *w, int depth)
{
	size_t n = 1 + 2 * (size_t)depth;

	buf_grow(&w->b, n);
	w->b.data[w->b.len] = '\n';
	memset(w->b.data + w->b.len + 1, ' ', n - 1);
	buf_setlen(&w->b, w->b.len + n);
}

/* the dump of v by jansson (a real, a string that needs escapes) */
static void out_jansson(struct json_writer *w, const json_t *v)
{
	char *s = json_dumps(v, DUMP_FLAGS | JSON_ENCODE_ANY);

	if (!s) {
		w->err = 1;
		return;
	}
	buf_adds(&w->b, s);
	free(s);
}

static int plain_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c > 0x7e || c == '"' || c == '\\')
			return 0;
	}
	return 1;
}

static void out_string(struct json_writer *w, const char *s, size_t n, const json_t *v)
{
	if (!plain_ascii(s, n)) {
		json_t *tmp = v ? NULL : json_stringn_nocheck(s, n);
		out_jansson(w, v ? v : tmp);
		json_decref(tmp);
		return;
	}
	buf_grow(&w->b, n + 2);
	w->b.data[w->b.len] = '"';
	memcpy(w->b.data + w->b.len + 1, s, n);
	w->b.data[w->b.len + 1 + n] = '"';
	buf_setlen(&w->b, w->b.len + n + 2);
}

struct key {
	const char *s;
	size_t n;
	json_t *v;
};

static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);

	return c ? c : (x->n > y->n) - (x->n < y->n);
}

/*
 * Deferred values (REPORT_DEFER): a placeholder array, and the function
 * that writes what it stands for when the writer reaches it (json_defer,
 * jsonutil.h).  The entries are the host's being built, forgotten once it
 * is written: a placeholder's address is never looked up after it is freed.
 */
#define DEFER_MAX 16

static struct deferred {
	json_t *ph;
	json_defer_fn *fn;
	void *arg;
	void (*release)(void *arg);
} deferred[DEFER_MAX];
static size_t ndeferred;

json_t *json_defer(json_defer_fn *fn, void *arg, void (*release)(void *arg))
{
	json_t *ph;

	if (ndeferred == DEFER_MAX)
		return NULL;
	ph = json_array();
	deferred[ndeferred++] = (struct deferred){ ph, fn, arg, release };
	return ph;
}

static void deferred_clear(void)
{
	for (size_t i = 0; i < ndeferred; i++)
		if (deferred[i].release)
			deferred[i].release(deferred[i].arg);
	ndeferred = 0;
}

static void out_value(struct json_writer *w, json_t *v, int depth);

static const struct deferred *deferred_of(const json_t *v)
{
	for (size_t i = 0; i < ndeferred; i++)
		if (deferred[i].ph == v)
			return &deferred[i];
	return NULL;
}

struct col {
	const char *name;
	size_t len;
	int i, is_bool;
};

/* as cmp_key; columns of one name in their order */
static int cmp_col(const void *a, const void *b)
{
	const struct col *x = a, *y = b;
	int c = memcmp(x->name, y->name, x->len < y->len ? x->len : y->len);

	if (c)
		return c;
	return x->len != y->len ? (x->len > y->len) - (x->len < y->len) : x->i - y->i;
}

/* column c of the current row as col_json would make it; 0 when it makes none */
static int write_col(struct json_writer *w, sqlite3_stmt *st, const struct col *c)
{
	json_t *v;

	switch (sqlite3_column_type(st, c->i)) {
	case SQLITE_INTEGER:
		if (c->is_bool)
			buf_adds(&w->b, sqlite3_column_int64(st, c->i) ? "true" : "false");
		else
			buf_addf(&w->b, "%" JSON_INTEGER_FORMAT,
				 (json_int_t)sqlite3_column_int64(st, c->i));
		return 1;
	case SQLITE_FLOAT:
		/* json_real refuses an infinity or NaN: the key is then absent */
		v = json_real(sqlite3_column_double(st, c->i));
		if (!v)
			return 0;
		out_jansson(w, v);
		json_decref(v);
		return 1;
	case SQLITE_NULL:
		buf_add(&w->b, "null", 4);
		return 1;
	default: {
		const char *t = (const char *)sqlite3_column_text(st, c->i);
		size_t n = (size_t)sqlite3_column_bytes(st, c->i);
		if (t && plain_ascii(t, n)) {
			out_string(w, t, n, NULL);
		} else {
			v = json_text(t ? t : "", t ? n : 0);
			out_jansson(w, v);
			json_decref(v);
		}
		return 1;
	}
	}
}

struct rows_arg {
	sqlite3 *db;
	const char *sql;
	sqlite3_int64 scan;
	const char *const *bools;
};

/* the rows a stands for, as rows() would have made them, the array at depth */
static void write_rows(struct json_writer *w, int depth, void *arg)
{
	const struct rows_arg *a = arg;
	sqlite3_stmt *st = prep_scan(a->db, a->sql, a->scan);
	struct col cols[32];
	int n, rc;
	size_t nrows = 0;

	if (!st || (n = sqlite3_column_count(st)) > 32) {
		w->err = 1;
		stmt_done(st);
		return;
	}
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		cols[i] = (struct col){ name, strlen(name), i, 0 };
		for (const char *const *b = a->bools; b && *b; b++)
			if (!strcmp(*b, name))
				cols[i].is_bool = 1;
	}
	qsort(cols, (size_t)n, sizeof(*cols), cmp_col);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t mark;
		int keys = 0;
		buf_addc(&w->b, nrows++ ? ',' : '[');
		out_indent(w, depth + 1);
		buf_addc(&w->b, '{');
		for (int k = 0; k < n; k++) {
			/* of columns of one name, the last one's value, as row_into keeps */
			if (k + 1 < n && cols[k].len == cols[k + 1].len &&
			    !memcmp(cols[k].name, cols[k + 1].name, cols[k].len))
				continue;
			mark = w->b.len;
			if (keys)
				buf_addc(&w->b, ',');
			out_indent(w, depth + 2);
			out_string(w, cols[k].name, cols[k].len, NULL);
			buf_add(&w->b, ": ", 2);
			if (write_col(w, st, &cols[k]))
				keys++;
			else
				buf_setlen(&w->b, mark);
		}
		if (keys)
			out_indent(w, depth + 1);
		buf_addc(&w->b, '}');
	}
	if (rc != SQLITE_DONE) {
		scan_error("report: cannot read the store: %s", sqlite3_errmsg(a->db));
		w->err = 1;
	}
	stmt_done(st);
	if (!nrows) {
		buf_add(&w->b, "[]", 2);
		return;
	}
	out_indent(w, depth);
	buf_addc(&w->b, ']');
}

json_t *rows_deferred(sqlite3 *db, const char *sql, sqlite3_int64 scan,
		      const char *const *bools, int *err)
{
	struct rows_arg *a = xmalloc(sizeof(*a));
	json_t *ph;

	*a = (struct rows_arg){ db, sql, scan, bools };
	ph = json_defer(write_rows, a, free);
	if (ph)
		return ph;
	free(a);
	return rows(db, sql, scan, bools, err);
}

/* the writer's side of json_defer, for the functions it calls */
void jw_value(struct json_writer *w, json_t *v, int depth)
{
	out_value(w, v, depth);
}

void jw_key(struct json_writer *w, const char *key, int depth, int first)
{
	if (!first)
		buf_addc(&w->b, ',');
	out_indent(w, depth);
	out_string(w, key, strlen(key), NULL);
	buf_add(&w->b, ": ", 2);
}

void jw_col(struct json_writer *w, sqlite3_stmt *st, int i)
{
	struct col c = { sqlite3_column_name(st, i), 0, i, 0 };

	/* a real that jansson refuses never comes from the text columns this writes */
	if (!write_col(w, st, &c))
		buf_add(&w->b, "null", 4);
}

void jw_raw(struct json_writer *w, const char *s)
{
	buf_adds(&w->b, s);
}

void jw_indent(struct json_writer *w, int depth)
{
	out_indent(w, depth);
}

void jw_fail(struct json_writer *w)
{
	w->err = 1;
}

static void out_value(struct json_writer *w, json_t *v, int depth)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		size_t n = json_object_size(v), i = 0, len;
		struct key stack[32], *keys = n <= 32 ? stack : xmalloc(n * sizeof(*keys));
		const char *k;
		json_t *m;
		if (!n) {
			buf_add(&w->b, "{}", 2);
			break;
		}
		json_object_keylen_foreach(v, k, len, m) {
			keys[i].s = k;
			keys[i].n = len;
			keys[i++].v = m;
		}
		qsort(keys, n, sizeof(*keys), cmp_key);
		buf_addc(&w->b, '{');
		for (i = 0; i < n; i++) {
			if (i)
				buf_addc(&w->b, ',');
			out_indent(w, depth + 1);
			out_string(w, keys[i].s, keys[i].n, NULL);
			buf_add(&w->b, ": ", 2);
			out_value(w, keys[i].v, depth + 1);
		}
		out_indent(w, depth);
		buf_addc(&w->b, '}');
		if (keys != stack)
			free(keys);
		break;
	}
	case JSON_ARRAY: {
		size_t n = json_array_size(v);
		const struct deferred *d;
		if (!n && ndeferred && (d = deferred_of(v))) {
			d->fn(w, depth, d->arg);
			break;
		}
		if (!n) {
			buf_add(&w->b, "[]", 2);
			break;
		}
		buf_addc(&w->b, '[');
		for (size_t i = 0; i < n; i++) {
			if (i)
				buf_addc(&w->b, ',');
			out_indent(w, depth + 1);
			out_value(w, json_array_get(v, i), depth + 1);
		}
		out_indent(w, depth);
		buf_addc(&w->b, ']');
		break;
	}
	case JSON_STRING:
		out_string(w, json_string_value(v), json_string_length(v), v);
		break;
	case JSON_INTEGER:
		buf_addf(&w->b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_TRUE:
		buf_add(&w->b, "true", 4);
		break;
	case JSON_FALSE:
		buf_add(&w->b, "false", 5);
		break;
	case JSON_NULL:
		buf_add(&w->b, "null", 4);
		break;
	default:
		out_jansson(w, v);
		break;
	}
}

static int dump_nested(json_t *v, struct json_writer *w)
{
	out_value(w, v, w->depth);
	if (w->b.len >= OUT_BLOCK)
		out_flush(w);
	return w->err ? -1 : 0;
}

static int write_host(json_t *host, void *arg)
{
	struct json_writer *w = arg;
	int rc;

	buf_adds(&w->b, w->hosts++ ? ",\n    " : "[\n    ");
	rc = dump_nested(host, w);
	deferred_clear();	/* the host's placeholders go with it */
	if (rc < 0)
		return scan_error("report: cannot write JSON");
	return 0;
}

int report_json(sqlite3 *db, FILE *out)
{
	struct json_writer w = { .out = out, .depth = 1 };
	json_t *groups, *gen = json_string("premig " PREMIG_VERSION);
	int err = 0, rc;

	buf_init(&w.b);
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
	buf_adds(&w.b, "{\n  \"application_groups\": ");
	dump_nested(groups, &w);
	buf_addf(&w.b, ",\n  \"format\": %d,\n  \"generator\": ", REPORT_JSON_FORMAT);
	dump_nested(gen, &w);
	buf_adds(&w.b, ",\n  \"hosts\": ");
	rc = w.err ? -1 : 0;
	json_decref(groups);
	json_decref(gen);
	if (rc < 0) {
		buf_release(&w.b);
		return scan_error("report: cannot write JSON");
	}
	w.depth = 2;
	rc = report_hosts(db, REPORT_DEFER, write_host, &w);
	deferred_clear();
	if (rc < 0) {
		buf_release(&w.b);
		return -1;
	}
	buf_adds(&w.b, w.hosts ? "\n  ]\n}\n" : "[]\n}\n");
	out_flush(&w);
	buf_release(&w.b);
	if (w.err)
		return scan_error("report: cannot write JSON");
	return 0;
}
