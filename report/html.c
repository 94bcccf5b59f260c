/*
 * html.c - the HTML report: one self-contained file for one host or fifty
 * thousand
 *
 * It says what the JSON report says of each host (report/json*.c), read
 * otherwise: a handful of queries over every host's current scan walked
 * side by side, not report_hosts' two dozen queries per host, which took
 * half a minute at 50,000 hosts (see "the data blocks' JSON text" below;
 * tests/cases/html.sh checks that the two agree).  The document is a
 * libxml2 tree serialised by its HTML writer: every value from a host goes
 * in as a text node or an attribute value, which the serialiser escapes,
 * never as markup.  What the script needs (the host table, each host's
 * findings and facts) goes in a <script type="application/json"> data
 * block, with every '<' written as \u003c so that no "</script" can end
 * the block early (HTML Living Standard, "Restrictions for contents of
 * script elements").  The style and the script are report/html.css and
 * report/html.js, built into the binary; the Content-Security-Policy allows
 * exactly those two by their SHA-256 (CSP Level 3, "hash-source") and
 * nothing else: no request leaves the page.
 *
 * The data block is compact: the rules' texts once (not once per host),
 * and every other value interned in one table V, referred to by index, so
 * 50,000 hosts of a fleet that share their CPUs, kernels and findings cost
 * little more than their names.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <openssl/evp.h>

#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/jsontext.h"
#include "../scanner/smap.h"
#include "../scanner/err.h"
#include "../scanner/version.h"
#include "deps.h"
#include "html_assets.h"
#include "jsonutil.h"
#include "report.h"
#include "../scanner/banned.h"

#define TOP_BLOCKERS 15
#define TOP_CAUSES 15
/* a collector's reason, as much as a cause shows of it */
#define CAUSE_MAX 160
/* a group with more members is listed, not drawn */
#define GROUP_DRAW_MAX 150

/* an interning table of JSON values: equal values get one index */
struct itab {
	json_t *index;	/* compact text of the value -> its index */
	json_t *values;	/* the values, by index */
};

/* the same for values written as JSON text: the script's V */
struct vtab {
	struct smap index;	/* a value's key (its text, canonical) -> its index */
	struct buf text;	/* the values' texts, comma-separated */
	size_t n;
};

/* a rule's stored evidence as the report writes it (json_assess.c's col_parsed) */
struct evidence {
	struct smap index;	/* the stored text -> its index in text and key */
	char **text;		/* dumped as the data block has it, '<' escaped */
	char **key;		/* dumped with its keys sorted: what tells values apart */
	size_t n, cap;
};

struct html {
	struct vtab v;		/* every interned value of the hosts (the script's V) */
	struct itab rules;	/* [profile, id, severity, title, remediation, rationale, source] */
	struct smap rule_seen;	/* rule_key -> its index in rules + 1, or 0: no texts */
	struct rule_set {	/* an assessment's rules: whether it stored their texts */
		long long aid;
		struct smap rules;	/* rule id -> 1 or 0 */
		struct rule_set *next;
	} *sets, *last_set;
	struct buf scratch;
	struct evidence ev;
	struct buf hosts;	/* one array per host, what the table shows (see html.js, H_*) */
	struct buf details;	/* one array per host, what its details show (html.js, X_*) */
	char *title;		/* the name of the first host */
	json_t *verdicts;	/* profile -> verdict -> hosts */
	json_t *blockers;	/* rule index -> hosts it blocks */
	json_t *causes;		/* cause of unknowns -> hosts */
	json_t *infra;		/* "server port/proto" -> {server, port, service, clients{}} */
	json_t *infra_seen;	/* dependency ids already counted */
	json_t *names;		/* host key -> hostname */
	size_t nhosts;
};

static void itab_init(struct itab *t)
{
	t->index = json_object();
	t->values = json_array();
}

static void itab_release(struct itab *t)
{
	json_decref(t->index);
	json_decref(t->values);
}

/*
 * The key of v in an itab: its compact JSON text for an array or an
 * object; for a scalar a cheaper text that still tells every value apart
 * (a string is '"' and its bytes, unescaped; no such key starts with '[' or
 * '{'), as a fleet has some forty scalars per host.  *len is its length.
 */
static char *itab_key(json_t *v, size_t *len)
{
	char *k;

	switch (json_typeof(v)) {
	case JSON_STRING:
		*len = json_string_length(v) + 1;
		k = xmalloc(*len + 1);
		k[0] = '"';
		memcpy(k + 1, json_string_value(v), *len - 1);
		k[*len] = '\0';
		return k;
	case JSON_INTEGER:
		k = xasprintf("i%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		k = xasprintf("r%.17g", json_real_value(v));
		break;
	case JSON_TRUE:
		k = xstrdup("t");
		break;
	case JSON_FALSE:
		k = xstrdup("f");
		break;
	case JSON_NULL:
		k = xstrdup("n");
		break;
	default:
		k = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
		if (!k)
			return NULL;
	}
	*len = strlen(k);
	return k;
}

/* the index of v (stolen) in t, adding it if new */
static json_int_t itab_add(struct itab *t, json_t *v)
{
	size_t len = 0;
	char *key = itab_key(v, &len);
	json_t *i = key ? json_object_getn(t->index, key, len) : NULL;
	json_int_t n;

	if (i) {
		n = json_integer_value(i);
	} else {
		n = (json_int_t)json_array_size(t->values);
		json_array_append(t->values, v);
		if (key)
			json_object_setn_new_nocheck(t->index, key, len, json_integer(n));
	}
	free(key);
	json_decref(v);
	return n;
}

static void bump(json_t *counts, const char *key)
{
	json_t *n = json_object_get(counts, key);

	json_object_set_new(counts, key, json_integer(n ? json_integer_value(n) + 1 : 1));
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int verdict_code(const char *v)
{
	static const char *const names[] = { "ready", "ready-with-conditions", "unknown", "not-ready" };
	size_t i;

	for (i = 0; v && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(v, names[i]))
			return (int)i;
	return 2;
}

/* infrastructure services, listed apart from the groups: who serves, how many clients */
static void note_infra(struct html *h, json_t *d)
{
	char *key;
	json_t *s, *id = json_object_get(d, "id");
	const char *server = str(d, "server_host") ? str(d, "server_host") : str(d, "server_ip");
	const char *client = str(d, "client_host") ? str(d, "client_host") : str(d, "client_ip");

	if (!json_is_true(json_object_get(d, "infrastructure")) || !server)
		return;
	if (json_is_integer(id)) {
		char ids[32];
		snprintf(ids, sizeof(ids), "%lld", (long long)json_integer_value(id));
		if (json_object_get(h->infra_seen, ids))
			return;
		json_object_set_new(h->infra_seen, ids, json_true());
	}
	key = xasprintf("%s %lld/%s", server, (long long)json_integer_value(json_object_get(d, "port")),
			str(d, "protocol") ? str(d, "protocol") : "");
	s = json_object_get(h->infra, key);
	if (!s) {
		s = json_pack("{s:s, s:O, s:O, s:O, s:O, s:{}}", "server", server,
			      "port", json_object_get(d, "port") ? json_object_get(d, "port") : json_null(),
			      "protocol", json_object_get(d, "protocol") ? json_object_get(d, "protocol") : json_null(),
			      "service", json_object_get(d, "service") ? json_object_get(d, "service") : json_null(),
			      "why", json_object_get(d, "infrastructure_reason") ? json_object_get(d, "infrastructure_reason") : json_null(),
			      "clients");
		json_object_set_new(h->infra, key, s);
	}
	if (client)
		json_object_set_new(json_object_get(s, "clients"), client, json_true());
	free(key);
}

/*
 * Why a host has unknowns, in words a lead acts on: a scan without root,
 * a collector that did not run ok and that an unknown rule's reason names
 * ("disks: no sys/block under the root ..."), else the rule that could not
 * decide.
 */
static void note_causes(struct html *h, int not_root, json_t *collectors, json_t *unknown_rules)
{
	json_t *seen = json_object(), *alike = json_object(), *c, *r;
	const char *k;
	size_t i, j;

	if (!json_array_size(unknown_rules))
		goto out;
	if (not_root)
		json_object_set_new(seen, "not root: scanned without root", json_true());
	json_array_foreach(unknown_rules, j, r) {
		const char *reason = str(r, "reason") ? str(r, "reason") : "";
		int named = 0;
		json_array_foreach(collectors, i, c) {
			const char *name = str(c, "name"), *status = str(c, "status"), *p;
			size_t n = name ? strlen(name) : 0;
			json_t *names;
			if (!name || !status || !strcmp(status, "ok"))
				continue;
			for (p = strstr(reason, name); p; p = strstr(p + 1, name))
				if ((p == reason || (p >= reason + 2 && p[-2] == ';')) && p[n] == ':')
					break;
			if (!p)
				continue;
			named = 1;
			/* collectors that failed alike on a host are one cause */
			k = xasprintf("%s: %.*s%s", status, CAUSE_MAX, str(c, "reason") ? str(c, "reason") : "",
				      str(c, "reason") && strlen(str(c, "reason")) > CAUSE_MAX ? "..." : "");
			names = json_object_get(alike, k);
			if (!names) {
				names = json_object();
				json_object_set_new(alike, k, names);
			}
			json_object_set_new(names, name, json_true());
			free((char *)k);
		}
		if (!named) {
			k = xasprintf("%s could not decide (%s)", str(r, "id") ? str(r, "id") : "?",
				      str(r, "title") ? str(r, "title") : "");
			json_object_set_new(seen, k, json_true());
			free((char *)k);
		}
	}
	json_object_foreach(alike, k, c) {
		struct buf b = BUF_INIT;
		const char *name;
		char *cause;
		json_t *t;
		json_object_foreach(c, name, t)
			buf_addf_sep(&b, ", ", "%s", name);
		cause = xasprintf("collector%s %s %s", json_object_size(c) > 1 ? "s" : "", b.data, k);
		json_object_set_new(seen, cause, json_true());
		free(cause);
		buf_release(&b);
	}
	json_object_foreach(seen, k, c)
		bump(h->causes, k);
out:
	json_decref(seen);
	json_decref(alike);
}

/* ---- the data blocks' JSON text ---------------------------------------- */

/*
 * The data blocks are written as text, never built as a tree: a JSON
 * writer that escapes every string it is given (hw_*), fed by a handful of
 * queries, each over the current scans of every host in the table's order
 * and walked in step with it (a merge join on the host's position), so
 * that 50,000 hosts cost a handful of statements, not a million.  The text
 * is what jansson's json_dumps(JSON_COMPACT | JSON_ENSURE_ASCII) wrote of
 * the tree before, byte for byte, with every '<' as \u003c.
 */

/*
 * The length of the UTF-8 sequence at s[i] (n bytes in all), or 0 when it
 * is invalid: json_text's decoding (scanner/jsontext.c), which makes each
 * byte of an invalid sequence U+FFFD; NUL is invalid too
 */
static size_t utf8_seq(const char *s, size_t i, size_t n)
{
	unsigned char c = (unsigned char)s[i], d;
	size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;

	if (!len || i + len > n || !c)
		return 0;
	for (size_t k = 1; k < len; k++)
		if (((unsigned char)s[i + k] & 0xc0) != 0x80)
			return 0;
	if (len == 1)
		return 1;
	/* overlong forms and surrogates are invalid too */
	d = (unsigned char)s[i + 1];
	if ((c == 0xc0 || c == 0xc1) || (c == 0xe0 && d < 0xa0) || (c == 0xed && d >= 0xa0) ||
	    (c == 0xf0 && d < 0x90) || (c == 0xf4 && d >= 0x90) || c > 0xf4)
		return 0;
	return len;
}

/*
 * s (n bytes, any bytes) as a JSON string: each byte of an invalid UTF-8
 * sequence as U+FFFD (scanner/jsontext.c), what is not printable ASCII as
 * \u escapes, and '<' as \u003c, so that no value can end the script
 * element that holds it (HTML Living Standard, "Restrictions for contents
 * of script elements")
 */
static void hw_str(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i = 0, run;
	char e[32];

	buf_addc(b, '"');
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t len;
		unsigned long cp;

		for (run = i; run < n; run++) {
			c = (unsigned char)s[run];
			if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<')
				break;
		}
		if (run > i) {
			buf_add(b, s + i, run - i);
			i = run;
			continue;
		}
		if (c < 0x80 && c) {
			const char *t = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\b' ? "\\b" :
					c == '\f' ? "\\f" : c == '\n' ? "\\n" : c == '\r' ? "\\r" :
					c == '\t' ? "\\t" : c == '<' ? "\\u003c" : NULL;
			if (t) {
				buf_adds(b, t);
			} else {
				memcpy(e, "\\u00", 4);
				e[4] = hex[c >> 4];
				e[5] = hex[c & 15];
				buf_add(b, e, 6);
			}
			i++;
			continue;
		}
		len = utf8_seq(s, i, n);
		if (!len) {
			buf_adds(b, "\\uFFFD");
			i++;
			continue;
		}
		cp = c & (len == 2 ? 0x1f : len == 3 ? 0x0f : 0x07);
		for (size_t k = 1; k < len; k++)
			cp = cp << 6 | ((unsigned char)s[i + k] & 0x3f);
		if (cp < 0x10000) {
			snprintf(e, sizeof(e), "\\u%04lX", cp);
		} else {
			cp -= 0x10000;
			snprintf(e, sizeof(e), "\\u%04lX\\u%04lX", 0xd800 | (cp >> 10), 0xdc00 | (cp & 0x3ff));
		}
		buf_adds(b, e);
		i += len;
	}
	buf_addc(b, '"');
}

static void hw_cstr(struct buf *b, const char *s)
{
	hw_str(b, s, strlen(s));
}

static void hw_int(struct buf *b, long long v)
{
	char t[24], *p = t + sizeof(t);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(t + sizeof(t) - p));
}

/* a real as jansson writes it (reals are rare in the store: its own formatter) */
static void hw_real(struct buf *b, double d)
{
	json_t *r = json_real(d);
	char *t = r ? json_dumps(r, JSON_ENCODE_ANY) : NULL;

	buf_adds(b, t ? t : "null");
	free(t);
	json_decref(r);
}

/* column i of the current row as report/jsonutil.c's col_json has it */
static void hw_col(struct buf *b, sqlite3_stmt *st, int i, int isbool)
{
	const char *s;

	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		if (isbool)
			buf_adds(b, sqlite3_column_int64(st, i) ? "true" : "false");
		else
			hw_int(b, (long long)sqlite3_column_int64(st, i));
		return;
	case SQLITE_FLOAT:
		hw_real(b, sqlite3_column_double(st, i));
		return;
	case SQLITE_NULL:
		buf_adds(b, "null");
		return;
	default:
		s = (const char *)sqlite3_column_text(st, i);
		hw_str(b, s ? s : "", s ? (size_t)sqlite3_column_bytes(st, i) : 0);
	}
}

/* col_json gives a string for a text or a blob */
static int col_is_text(sqlite3_stmt *st, int i)
{
	int t = sqlite3_column_type(st, i);

	return t == SQLITE_TEXT || t == SQLITE_BLOB;
}

/* jansson's own dump of v, '<' escaped; v is stolen */
static char *dump_escaped(json_t *v, size_t flags)
{
	char *text = v ? json_dumps(v, flags | JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ENCODE_ANY) : NULL;
	struct buf b = BUF_INIT;

	json_decref(v);
	if (!text)
		return NULL;
	for (const char *p = text; *p; p++) {
		if (*p == '<')
			buf_adds(&b, "\\u003c");
		else
			buf_addc(&b, *p);
	}
	free(text);
	return buf_detach(&b);
}

/* the index of the value whose key (canonical text) is key and whose text is text */
static size_t vt_add(struct vtab *t, const char *key, const char *text)
{
	size_t i = smap_get(&t->index, key);

	if (i != SMAP_NONE)
		return i;
	if (t->n)
		buf_addc(&t->text, ',');
	buf_adds(&t->text, text);
	smap_put(&t->index, key, t->n);
	return t->n++;
}

/* the value written in b (cleared), interned */
static size_t vt_take(struct vtab *t, struct buf *b)
{
	size_t i = vt_add(t, b->data, b->data);

	buf_clear(b);
	return i;
}

static void ev_release(struct evidence *e)
{
	for (size_t i = 0; i < e->n; i++) {
		if (e->key[i] != e->text[i])
			free(e->key[i]);
		free(e->text[i]);
	}
	free(e->text);
	free(e->key);
	smap_release(&e->index);
}

/*
 * A rule's evidence column as col_parsed reads it (JSON text written by
 * premig, else the text as a string), dumped: its text (*key: the text
 * with its keys sorted, which tells values apart as the tree's interning
 * did); one parse per distinct text, as a fleet's hosts share evidence.
 */
static const char *ev_text(struct evidence *e, sqlite3_stmt *st, int i, const char **key)
{
	const char *s = db_col_text(st, i);
	size_t k;
	json_t *v;

	if (!s) {
		*key = "null";
		return "null";
	}
	k = smap_get(&e->index, s);
	if (k == SMAP_NONE) {
		if (e->n == e->cap) {
			e->cap = e->cap ? 2 * e->cap : 256;
			e->text = xrealloc(e->text, e->cap * sizeof(*e->text));
			e->key = xrealloc(e->key, e->cap * sizeof(*e->key));
		}
		v = json_loads(s, JSON_DECODE_ANY, NULL);
		if (!v)
			v = json_text(s, strlen(s));
		e->text[e->n] = dump_escaped(json_incref(v), 0);
		e->key[e->n] = dump_escaped(v, JSON_SORT_KEYS);
		if (!e->text[e->n])
			e->text[e->n] = xstrdup("null");
		if (!e->key[e->n] || !strcmp(e->key[e->n], e->text[e->n])) {
			free(e->key[e->n]);
			e->key[e->n] = e->text[e->n];
		}
		smap_put(&e->index, s, e->n);
		k = e->n++;
	}
	*key = e->key[k];
	return e->text[k];
}

/* SQLite's BINARY collation: the order of the queries' ORDER BY */
static int binary_cmp(const void *a, size_t na, const void *b, size_t nb)
{
	int c = memcmp(a, b, na < nb ? na : nb);

	return c ? c : (na > nb) - (na < nb);
}

/* what jansson takes as a string (json_sprintf gives NULL otherwise) */
static int utf8_valid(const char *s)
{
	size_t n = strlen(s), i, len;

	for (i = 0; i < n; i += len)
		if (!(len = utf8_seq(s, i, n)))
			return 0;
	return 1;
}

/* ---- the hosts, from the store ----------------------------------------- */

/*
 * The facts the detail view shows (html.js FACTS): section and key, and
 * the column of the host query that holds each (c: the host list, s: its
 * scan, i: identity, o: os, k: kernel, w: hardware, b: boot, t: init_system,
 * d: sshd); NULL: a value of another query
 */
static const struct fact {
	const char *section, *key, *col;
	int isbool;
} facts[] = {
	{ "", "hostname", "i.hostname", 0 }, { "", "fqdn", "i.fqdn", 0 },
	{ "", "host_id", "c.key", 0 }, { "", "machine_id", "i.machine_id", 0 },
	{ "scan", "started_at", "s.started_at", 0 }, { "scan", "mode", "s.mode", 0 },
	{ "scan", "root", "s.root", 0 }, { "scan", "as_root", "s.as_root", 1 },
	{ "scan", "status", "s.status", 0 }, { "scan", "premig_version", "s.premig_version", 0 },
	{ "os", "pretty_name", "o.pretty_name", 0 }, { "os", "id", "o.id", 0 },
	{ "os", "version_id", "o.version_id", 0 }, { "os", "family", "o.family", 0 },
	{ "kernel", "release", "k.release", 0 }, { "kernel", "arch", "k.arch", 0 },
	{ "kernel", "distro_kernel", "k.distro_kernel", 1 },
	{ "hardware", "cpu_model", "w.cpu_model", 0 }, { "hardware", "cpu_sockets", "w.cpu_sockets", 0 },
	{ "hardware", "cpu_cores", "w.cpu_cores", 0 }, { "hardware", "cpu_threads", "w.cpu_threads", 0 },
	{ "hardware", "ram_mib", "w.ram_mib", 0 }, { "hardware", "ram_available_mib", "w.ram_available_mib", 0 },
	{ "hardware", "virtualization", "w.virtualization", 0 }, { "hardware", "dmi_vendor", "w.dmi_vendor", 0 },
	{ "hardware", "dmi_product", "w.dmi_product", 0 },
	{ "boot", "firmware", "b.firmware", 0 }, { "boot", "secure_boot", "b.secure_boot", 1 },
	{ "boot", "loader", "b.loader", 0 }, { "boot", "boot_disk", "b.boot_disk", 0 },
	{ "boot", "default_kernel", "b.default_kernel", 0 },
	{ "init_system", "init", "t.init", 0 },
	/* json_software.c: the database most packages come from */
	{ "package_db", "kind", NULL, 0 }, { "package_db", "packages", NULL, 0 },
	{ "sshd", "ports", "d.ports", 0 },
	/* json_coverage.c: the collectors that ran fully, partly, not at all */
	{ "coverage", "full", NULL, 0 }, { "coverage", "partial", NULL, 0 },
	{ "coverage", "none", NULL, 0 }, { "coverage", "denied_reads", NULL, 0 },
};
#define NFACTS (sizeof(facts) / sizeof(facts[0]))

/* the host query's columns: 0 the position, 1 .. NFACTS the facts, then these */
enum { HQ_NAME = NFACTS + 1, HQ_KEY, HQ_PRETTY, HQ_OSID, HQ_OSVID, HQ_FIRMWARE, HQ_RAM, HQ_AS_ROOT };

/* the hosts in the table's order: the latest scan of each (report.h), by host key */
#define HOSTS_TABLE "temp.premig_html_hosts"

/*
 * The queries, each over every host's current scan, ordered by the host's
 * position (column 0) and then as report/json*.c orders a host's rows;
 * CROSS JOIN keeps the host list the outer loop, so that no query sorts
 * more than one host's rows at a time.
 */
enum { Q_HOST, Q_PKGDB, Q_COLL, Q_PKGS, Q_SVCS, Q_DISKS, Q_NICS, Q_ADDRS, Q_MOUNTS, Q_FSTAB, Q_VERD,
       Q_FIND, Q_IN, Q_OUT, Q_LIS, NQ };

/*
 * Filesystems (json_boot.c): what is mounted, with its fstab line (the last
 * one for the mount point), then the fstab lines not mounted; each query
 * ordered as json_boot.c orders their union (mountpoint, mounted first,
 * fstab spec), merged by fs_cmp.  Columns: the position, mountpoint, fstype,
 * source, size_bytes, avail_bytes, options, mounted, fstab spec.
 */
static const char mounts_sql[] =
	"SELECT c.ord, m.mountpoint, coalesce(m.fstype, f.fstype), coalesce(m.source, f.spec),"
	" m.size_bytes, m.avail_bytes, m.options, m.fstype IS NOT NULL, f.spec"
	" FROM " HOSTS_TABLE " c CROSS JOIN mounts m ON m.scan_id = c.scan"
	" LEFT JOIN fstab f ON f.scan_id = m.scan_id AND f.line ="
	"  (SELECT max(line) FROM fstab x WHERE x.scan_id = m.scan_id"
	"   AND x.mountpoint = m.mountpoint)"
	" ORDER BY 1, 2, 8 DESC, 9";
static const char fstab_sql[] =
	"SELECT c.ord, f.mountpoint, f.fstype, f.spec, NULL, NULL, f.options, 0, f.spec"
	" FROM " HOSTS_TABLE " c CROSS JOIN fstab f ON f.scan_id = c.scan WHERE NOT EXISTS"
	"  (SELECT 1 FROM mounts m WHERE m.scan_id = f.scan_id AND m.mountpoint = f.mountpoint)"
	" ORDER BY 1, 2, 9";

/* a dependency's columns for the detail view and note_infra */
#define DEP_SQL(peer, me)                                                            \
	"SELECT c.ord, d." peer "_host, d." peer "_ip, d.port, d.protocol, d.service,"   \
	" d.confidence, d.infrastructure, d.client_host, d.client_ip, d.server_host,"    \
	" d.server_ip, d.infra_reason FROM " HOSTS_TABLE " c CROSS JOIN dependencies d"  \
	" ON d." me "_host = c.key ORDER BY c.ord, d.id"

static const char *const queries[NQ] = {
	[Q_PKGDB] = "SELECT c.ord, p.kind, p.packages FROM " HOSTS_TABLE " c CROSS JOIN package_dbs p"
		" ON p.scan_id = c.scan WHERE p.status != 'ignored'"
		" ORDER BY c.ord, p.status IN ('ok', 'partial') DESC, p.packages DESC, p.path",
	[Q_COLL] = "SELECT c.ord, r.collector, r.status, r.reason, r.denied FROM " HOSTS_TABLE " c"
		" CROSS JOIN collector_runs r ON r.scan_id = c.scan ORDER BY c.ord, r.rowid",
	[Q_PKGS] = "SELECT c.ord, count(*) FROM " HOSTS_TABLE " c CROSS JOIN packages p"
		" ON p.scan_id = c.scan GROUP BY c.ord ORDER BY c.ord",
	[Q_SVCS] = "SELECT c.ord, count(*) FROM " HOSTS_TABLE " c CROSS JOIN services v"
		" ON v.scan_id = c.scan GROUP BY c.ord ORDER BY c.ord",
	[Q_DISKS] = "SELECT c.ord, d.name, d.size_bytes, d.pt_type, d.model, d.boot_code, d.probe_status"
		" FROM " HOSTS_TABLE " c CROSS JOIN disks d ON d.scan_id = c.scan AND d.kind = 'disk'"
		" ORDER BY c.ord, d.rowid",
	[Q_NICS] = "SELECT c.ord, n.name, n.mac, n.state FROM " HOSTS_TABLE " c CROSS JOIN nics n"
		" ON n.scan_id = c.scan ORDER BY c.ord, n.name",
	[Q_ADDRS] = "SELECT c.ord, a.nic, a.address || coalesce('/' || a.prefix, '') FROM " HOSTS_TABLE " c"
		" CROSS JOIN nic_addresses a ON a.scan_id = c.scan ORDER BY c.ord, a.nic, a.family, a.address",
	[Q_MOUNTS] = mounts_sql,
	[Q_FSTAB] = fstab_sql,
	/* json_assess.c: a verdict with its assessment and pack */
	[Q_VERD] = "SELECT c.ord, v.profile, v.verdict, v.blockers, v.warnings, v.unknowns"
		" FROM " HOSTS_TABLE " c CROSS JOIN verdicts v ON v.scan_id = c.scan"
		" JOIN assessments a ON a.id = v.assessment_id"
		" JOIN assessment_packs p ON p.assessment_id = v.assessment_id AND p.profile = v.profile"
		" ORDER BY c.ord, v.profile",
	/* every rule's result: the ones that pass are counted (host_assessments) */
	[Q_FIND] = "SELECT c.ord, f.profile, f.rule_id, f.severity, f.status, f.evidence, f.reason,"
		" f.assessment_id FROM " HOSTS_TABLE " c CROSS JOIN findings f ON f.scan_id = c.scan"
		" ORDER BY c.ord, f.profile, f.rule_id",
	[Q_IN] = DEP_SQL("client", "server"),
	[Q_OUT] = DEP_SQL("server", "client"),
	[Q_LIS] = "SELECT c.ord, k.proto, k.local_ip, k.local_port, k.process FROM " HOSTS_TABLE " c"
		" CROSS JOIN sockets k ON k.scan_id = c.scan WHERE k.kind = 'listener'"
		" ORDER BY c.ord, k.proto, k.local_port, k.local_ip",
};

struct cursor {
	sqlite3_stmt *st;	/* its column 0: the host's position */
	int row;		/* st is on a row */
	int err;
};

static void cur_next(struct cursor *c)
{
	int rc = sqlite3_step(c->st);

	c->row = rc == SQLITE_ROW;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		c->err = 1;
}

/* whether c is on a row of the host at ord, passing rows of hosts before it */
static int cur_at(struct cursor *c, sqlite3_int64 ord)
{
	while (c->row && sqlite3_column_int64(c->st, 0) < ord)
		cur_next(c);
	return c->row && sqlite3_column_int64(c->st, 0) == ord;
}

/* the same, on a row whose text column col is (s, n) under BINARY, passing rows before it */
static int cur_at_text(struct cursor *c, sqlite3_int64 ord, int col, const char *s, size_t n)
{
	while (cur_at(c, ord)) {
		const char *t = (const char *)sqlite3_column_text(c->st, col);
		int cmp = binary_cmp(t ? t : "", t ? (size_t)sqlite3_column_bytes(c->st, col) : 0, s, n);
		if (cmp >= 0)
			return cmp == 0;
		cur_next(c);
	}
	return 0;
}

/* a text column under BINARY, NULL first: ORDER BY's order */
static int col_cmp(sqlite3_stmt *a, sqlite3_stmt *b, int i)
{
	int na = sqlite3_column_type(a, i) == SQLITE_NULL, nb = sqlite3_column_type(b, i) == SQLITE_NULL;
	const char *x, *y;

	if (na || nb)
		return nb - na;
	x = (const char *)sqlite3_column_text(a, i);
	y = (const char *)sqlite3_column_text(b, i);
	return binary_cmp(x ? x : "", x ? (size_t)sqlite3_column_bytes(a, i) : 0,
			  y ? y : "", y ? (size_t)sqlite3_column_bytes(b, i) : 0);
}

/* json_boot.c's order of filesystems: mountpoint, mounted first, fstab spec */
static int fs_cmp(sqlite3_stmt *a, sqlite3_stmt *b)
{
	int c = col_cmp(a, b, 1);

	if (!c)
		c = sqlite3_column_int(b, 7) - sqlite3_column_int(a, 7);
	return c ? c : col_cmp(a, b, 8);
}

/* the walk's state for one host */
struct host {
	sqlite3_int64 ord;
	struct buf row, x, val, key, list;
	json_t *colls;		/* the collectors that did not run ok: {name, status, reason} */
	json_t *unknown;	/* the unknown rules: {id, title, reason} */
	long long coverage[4];	/* full, partial, none, denied_reads */
	int conn;		/* the connections collector: 0 no row, 1 ok, 2 not ok */
	char *conn_reason;	/* listeners_reason when it did not run ok, or NULL */
	long long ndisks, disk_bytes;
};

/*
 * The collectors of a host: coverage counts (json_coverage.c), the ones that
 * did not run ok (their text in h->val; in o->colls too when causes, for
 * note_causes), the connections collector's status (depsout.c, the
 * listeners)
 */
static void host_collectors(struct cursor *q, struct host *o, int causes)
{
	struct buf *b = &o->val;
	double denied = 0;
	int n = 0, real = 0;

	memset(o->coverage, 0, sizeof(o->coverage));
	o->conn = 0;
	free(o->conn_reason);
	o->conn_reason = NULL;
	buf_addc(b, '[');
	for (; cur_at(&q[Q_COLL], o->ord); cur_next(&q[Q_COLL])) {
		sqlite3_stmt *st = q[Q_COLL].st;
		const char *name = db_col_text(st, 1), *status = db_col_text(st, 2);
		int ok = status && !strcmp(status, "ok");

		/* json_coverage.c's count(*) FILTER and coalesce(sum(denied), 0) */
		o->coverage[0] += ok && sqlite3_column_type(st, 3) == SQLITE_NULL;
		o->coverage[1] += ok && sqlite3_column_type(st, 3) != SQLITE_NULL;
		o->coverage[2] += status && !strcmp(status, "failed");
		if (sqlite3_column_type(st, 4) == SQLITE_INTEGER) {
			o->coverage[3] += sqlite3_column_int64(st, 4);
		} else if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
			denied += sqlite3_column_double(st, 4);
			real = 1;
		}
		if (name && !strcmp(name, "connections") && !o->conn) {
			o->conn = ok ? 1 : 2;
			if (!ok && status) {
				const char *r = db_col_text(st, 3);
				char *t = xasprintf("the connections collector did not run ok: %s%s%s", status,
						    r ? ": " : "", r ? r : "");
				if (utf8_valid(t))
					o->conn_reason = t;
				else
					free(t);
			}
		}
		if (ok)
			continue;
		if (n++)
			buf_addc(b, ',');
		buf_addc(b, '[');
		hw_col(b, st, 1, 0);
		buf_addc(b, ',');
		hw_col(b, st, 2, 0);
		buf_addc(b, ',');
		hw_col(b, st, 3, 0);
		buf_addc(b, ']');
		if (causes)
			json_array_append_new(o->colls, json_pack("{s:o, s:o, s:o}",
				"name", col_json(st, 1, NULL), "status", col_json(st, 2, NULL),
				"reason", col_json(st, 3, NULL)));
	}
	buf_addc(b, ']');
	if (real)
		o->coverage[3] = (long long)((double)o->coverage[3] + denied);
}

/*
 * Whether the assessment of finding f stored its rule's texts
 * (report_rule_texts), asked once per assessment and rule: the rules that
 * pass are 90% of a fleet's findings
 */
static int has_texts(struct html *h, sqlite3 *db, sqlite3_stmt *f, int *err)
{
	long long aid = sqlite3_column_int64(f, 7);
	const char *id = db_col_text(f, 2);
	struct rule_set *rs = h->last_set;
	size_t v;

	if (!rs || rs->aid != aid) {
		for (rs = h->sets; rs && rs->aid != aid; rs = rs->next)
			;
		if (!rs) {
			rs = xcalloc(1, sizeof(*rs));
			rs->aid = aid;
			rs->next = h->sets;
			h->sets = rs;
		}
		h->last_set = rs;
	}
	v = smap_get(&rs->rules, id ? id : "");
	if (v == SMAP_NONE) {
		v = report_rule_texts(db, aid, id ? id : "", err) != NULL;
		smap_put(&rs->rules, id ? id : "", v);
	}
	return (int)v;
}

/*
 * The index in h->rules of a failing or unknown rule of profile: its texts
 * as the assessment that judged stored them, shared by the hosts it judged;
 * -1 when the assessment has no such rule (json_assess.c leaves it out)
 */
static long long rule_index(struct html *h, sqlite3 *db, const char *profile, sqlite3_stmt *f, int *err)
{
	const char *id = db_col_text(f, 2), *sev = db_col_text(f, 3);
	long long aid = sqlite3_column_int64(f, 7);
	size_t ri;
	char *key;
	json_t *t;

	/* assessment, rule, profile, severity: each length-prefixed, so that no two read alike */
	buf_clear(&h->scratch);
	buf_addf(&h->scratch, "%lld:%zu:%s%zu:%s%d:%s", aid, strlen(id ? id : ""), id ? id : "",
		 strlen(profile), profile, sqlite3_column_type(f, 3), sev ? sev : "");
	key = h->scratch.data;
	ri = smap_get(&h->rule_seen, key);
	if (ri != SMAP_NONE)
		goto out;
	t = report_rule_texts(db, aid, id ? id : "", err);
	ri = 0;
	if (t)
		ri = (size_t)itab_add(&h->rules, json_pack("[s,o,o,O,O,O,O]", profile,
			col_json(f, 2, NULL), col_json(f, 3, NULL), json_array_get(t, 0),
			json_array_get(t, 1), json_array_get(t, 2), json_array_get(t, 3))) + 1;
	smap_put(&h->rule_seen, h->scratch.data, ri);
out:
	return (long long)ri - 1;
}

/*
 * A host's verdicts (for the table) and findings (for its details, as V
 * indexes in o->list), and the summary's counts: json_assess.c's reading
 * (a verdict with its pack; a rule without texts left out)
 */
static void host_assessments(struct html *h, sqlite3 *db, struct cursor *q, struct host *o, int *err)
{
	struct cursor *v = &q[Q_VERD], *f = &q[Q_FIND];
	int nprof = 0, nfind = 0;

	buf_addc(&o->row, '{');
	buf_addc(&o->list, '[');
	for (; cur_at(v, o->ord); cur_next(v)) {
		const char *profile = db_col_text(v->st, 1), *verdict = db_col_text(v->st, 2);
		size_t plen = (size_t)sqlite3_column_bytes(v->st, 1);
		json_t *counts;
		long long npass = 0;

		if (!profile)
			continue;
		counts = json_object_get(h->verdicts, profile);
		if (!counts) {
			counts = json_object();
			json_object_set_new(h->verdicts, profile, counts);
		}
		bump(counts, verdict ? verdict : "unknown");
		for (; cur_at_text(f, o->ord, 1, profile, plen); cur_next(f)) {
			sqlite3_stmt *st = f->st;
			const char *status = db_col_text(st, 4), *sev = db_col_text(st, 3), *evkey, *evtext;
			long long ri;
			size_t vi, mid;

			/* a rule that passes is counted, never shown; one without texts is left out */
			if (status && !strcmp(status, "pass")) {
				npass += has_texts(h, db, st, err);
				continue;
			}
			ri = rule_index(h, db, profile, st, err);
			if (ri < 0)
				continue;
			evtext = ev_text(&h->ev, st, 5, &evkey);
			/* the key is the text with the evidence's keys sorted */
			buf_addc(&o->val, '[');
			hw_int(&o->val, ri);
			buf_addc(&o->val, ',');
			hw_col(&o->val, st, 4, 0);
			buf_addc(&o->val, ',');
			buf_add(&o->key, o->val.data, o->val.len);
			buf_adds(&o->key, evkey);
			buf_adds(&o->val, evtext);
			mid = o->val.len;
			buf_addc(&o->val, ',');
			hw_col(&o->val, st, 6, 0);
			buf_addc(&o->val, ']');
			buf_add(&o->key, o->val.data + mid, o->val.len - mid);
			vi = vt_add(&h->v, o->key.data, o->val.data);
			buf_clear(&o->val);
			buf_clear(&o->key);
			if (nfind++)
				buf_addc(&o->list, ',');
			hw_int(&o->list, (long long)vi);
			if (status && !strcmp(status, "fail") && sev && !strcmp(sev, "blocker")) {
				char ris[32];
				snprintf(ris, sizeof(ris), "%lld", ri);
				bump(h->blockers, ris);
			}
			if (status && !strcmp(status, "unknown"))
				json_array_append_new(o->unknown, json_pack("{s:o, s:O, s:o}",
					"id", col_json(st, 2, NULL),
					"title", json_array_get(json_array_get(h->rules.values, (size_t)ri), 3),
					"reason", col_json(st, 6, NULL)));
		}
		if (nprof++)
			buf_addc(&o->row, ',');
		hw_str(&o->row, profile, plen);
		buf_addc(&o->row, ':');
		buf_addc(&o->row, '[');
		hw_int(&o->row, verdict_code(verdict));
		buf_addc(&o->row, ',');
		hw_int(&o->row, npass);
		for (int i = 3; i <= 5; i++) {
			buf_addc(&o->row, ',');
			hw_col(&o->row, v->st, i, 0);
		}
		buf_addc(&o->row, ']');
	}
	buf_addc(&o->row, '}');
	buf_addc(&o->list, ']');
}

/* a dependency as the detail view shows it: [peer, port, protocol, service, confidence, infra] */
static void host_deps_rows(struct html *h, struct cursor *q, struct host *o, const char *name)
{
	struct buf *b = &o->val;
	int n = 0;

	hw_cstr(b, name);
	buf_adds(b, ":[");
	for (; cur_at(q, o->ord); cur_next(q)) {
		sqlite3_stmt *st = q->st;
		if (n++)
			buf_addc(b, ',');
		buf_addc(b, '[');
		hw_col(b, st, col_is_text(st, 1) ? 1 : 2, 0);
		for (int i = 3; i <= 6; i++) {
			buf_addc(b, ',');
			hw_col(b, st, i, 0);
		}
		buf_adds(b, sqlite3_column_int(st, 7) ? ",true]" : ",false]");
		if (sqlite3_column_int(st, 7)) {
			/* what note_infra reads of a dependency (depsout.c's keys) */
			json_t *d = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o}",
				"client_host", col_json(st, 8, NULL), "client_ip", col_json(st, 9, NULL),
				"server_host", col_json(st, 10, NULL), "server_ip", col_json(st, 11, NULL),
				"port", col_json(st, 3, NULL), "protocol", col_json(st, 4, NULL),
				"service", col_json(st, 5, NULL), "infrastructure", 1,
				"infrastructure_reason", col_json(st, 12, NULL));
			note_infra(h, d);
			json_decref(d);
		}
	}
	buf_adds(b, "],");
}

/*
 * A host's dependencies in and out and its listeners (depsout.c's
 * deps_host_json, as the detail view has them): in h->val.  observed:
 * whether the store holds any flow or socket table
 */
static void host_deps(struct html *h, struct cursor *q, struct host *o, int observed)
{
	struct buf *b = &o->val;
	int n = 0;

	buf_addc(b, '{');
	if (observed) {
		host_deps_rows(h, &q[Q_IN], o, "in");
		host_deps_rows(h, &q[Q_OUT], o, "out");
	}
	if (o->conn == 1) {
		buf_adds(b, "\"listeners\":[");
		for (; cur_at(&q[Q_LIS], o->ord); cur_next(&q[Q_LIS])) {
			if (n++)
				buf_addc(b, ',');
			buf_addc(b, '[');
			for (int i = 1; i <= 4; i++) {
				if (i > 1)
					buf_addc(b, ',');
				hw_col(b, q[Q_LIS].st, i, 0);
			}
			buf_addc(b, ']');
		}
		buf_adds(b, "],");
	}
	buf_adds(b, "\"reason\":");
	if (observed)
		buf_adds(b, "null");
	else
		hw_cstr(b, "no capture, flow log or socket table was read"
			" (premig scan --pcap, --flows, --capture, or a live scan with the connections collector)");
	buf_adds(b, ",\"listeners_reason\":");
	if (o->conn == 1 || (o->conn == 2 && !o->conn_reason))
		buf_adds(b, "null");
	else if (o->conn == 2)
		hw_cstr(b, o->conn_reason);
	else
		hw_cstr(b, "the connections collector did not run in this scan");
	buf_addc(b, '}');
}

/* one host: its row of the table in h->hosts, its details in h->details */
static void add_host(struct html *h, sqlite3 *db, struct cursor *q, struct host *o, int observed, int *err)
{
	sqlite3_stmt *hs = q[Q_HOST].st;
	json_t *name = col_json(hs, HQ_NAME, NULL), *key = col_json(hs, HQ_KEY, NULL);
	const char *ns = json_string_value(name), *ks = json_string_value(key);
	struct buf *b = &o->val;
	size_t i;
	int n;

	buf_clear(&o->row);
	buf_clear(&o->x);
	buf_clear(&o->list);
	o->colls = json_array();
	o->unknown = json_array();
	host_assessments(h, db, q, o, err);
	host_collectors(q, o, json_array_size(o->unknown) > 0);
	/* interned after the facts, as the tree was */
	{
		char *colls = buf_detach(b);

		note_causes(h, sqlite3_column_type(hs, HQ_AS_ROOT) == SQLITE_INTEGER &&
			    !sqlite3_column_int64(hs, HQ_AS_ROOT), o->colls, o->unknown);
		buf_addc(&o->x, '[');
		buf_add(&o->x, o->list.data, o->list.len);
		buf_adds(&o->x, ",[");
		for (i = 0; i < NFACTS; i++) {
			if (facts[i].col) {
				hw_col(b, hs, (int)i + 1, facts[i].isbool);
			} else if (!strcmp(facts[i].section, "package_db")) {
				/* the first row is the database: json_software.c's LIMIT 1 */
				if (cur_at(&q[Q_PKGDB], o->ord))
					hw_col(b, q[Q_PKGDB].st, !strcmp(facts[i].key, "kind") ? 1 : 2, 0);
				else
					buf_adds(b, "null");
			} else {
				hw_int(b, o->coverage[i - (NFACTS - 4)]);
			}
			if (i)
				buf_addc(&o->x, ',');
			hw_int(&o->x, (long long)vt_take(&h->v, b));
		}
		/* package_count, service_count */
		hw_int(b, cur_at(&q[Q_PKGS], o->ord) ? (long long)sqlite3_column_int64(q[Q_PKGS].st, 1) : 0);
		buf_addc(&o->x, ',');
		hw_int(&o->x, (long long)vt_take(&h->v, b));
		hw_int(b, cur_at(&q[Q_SVCS], o->ord) ? (long long)sqlite3_column_int64(q[Q_SVCS].st, 1) : 0);
		buf_addc(&o->x, ',');
		hw_int(&o->x, (long long)vt_take(&h->v, b));
		buf_addc(&o->x, ']');

		/* disks: name, size_bytes, partition_table, model, boot_code, probe_status */
		o->ndisks = o->disk_bytes = 0;
		buf_addc(b, '[');
		for (n = 0; cur_at(&q[Q_DISKS], o->ord); cur_next(&q[Q_DISKS])) {
			sqlite3_stmt *st = q[Q_DISKS].st;
			o->ndisks++;
			if (sqlite3_column_type(st, 2) == SQLITE_INTEGER)
				o->disk_bytes += sqlite3_column_int64(st, 2);
			buf_adds(b, n++ ? ",[" : "[");
			for (int c = 1; c <= 6; c++) {
				if (c > 1)
					buf_addc(b, ',');
				hw_col(b, st, c, 0);
			}
			buf_addc(b, ']');
		}
		buf_addc(b, ']');
		buf_addc(&o->x, ',');
		hw_int(&o->x, (long long)vt_take(&h->v, b));

		/* network interfaces: name, MAC, state, the addresses in one string */
		buf_addc(b, '[');
		for (n = 0; cur_at(&q[Q_NICS], o->ord); cur_next(&q[Q_NICS])) {
			sqlite3_stmt *st = q[Q_NICS].st;
			const char *nic = (const char *)sqlite3_column_text(st, 1);
			size_t nlen = nic ? (size_t)sqlite3_column_bytes(st, 1) : 0;
			int na = 0;

			buf_adds(b, n++ ? ",[" : "[");
			for (int c = 1; c <= 3; c++) {
				hw_col(b, st, c, 0);
				buf_addc(b, ',');
			}
			buf_clear(&o->key);
			for (; cur_at_text(&q[Q_ADDRS], o->ord, 1, nic ? nic : "", nlen); cur_next(&q[Q_ADDRS])) {
				const char *a = (const char *)sqlite3_column_text(q[Q_ADDRS].st, 2);
				if (na++)
					buf_addc(&o->key, ' ');
				if (a)
					buf_add(&o->key, a, (size_t)sqlite3_column_bytes(q[Q_ADDRS].st, 2));
			}
			hw_str(b, o->key.data, o->key.len);
			buf_clear(&o->key);
			buf_addc(b, ']');
		}
		buf_addc(b, ']');
		buf_addc(&o->x, ',');
		hw_int(&o->x, (long long)vt_take(&h->v, b));

		/* filesystems: mountpoint, fstype, source, size_bytes, avail_bytes, options */
		buf_addc(b, '[');
		for (n = 0;; n++) {
			int m = cur_at(&q[Q_MOUNTS], o->ord), f = cur_at(&q[Q_FSTAB], o->ord);
			struct cursor *c = m && (!f || fs_cmp(q[Q_MOUNTS].st, q[Q_FSTAB].st) <= 0) ?
					   &q[Q_MOUNTS] : f ? &q[Q_FSTAB] : NULL;
			if (!c)
				break;
			buf_adds(b, n ? ",[" : "[");
			for (int k = 1; k <= 6; k++) {
				if (k > 1)
					buf_addc(b, ',');
				hw_col(b, c->st, k, 0);
			}
			buf_addc(b, ']');
			cur_next(c);
		}
		buf_addc(b, ']');
		buf_addc(&o->x, ',');
		hw_int(&o->x, (long long)vt_take(&h->v, b));

		buf_adds(b, colls);
		free(colls);
		buf_addc(&o->x, ',');
		hw_int(&o->x, (long long)vt_take(&h->v, b));
	}
	host_deps(h, q, o, observed);
	buf_addc(&o->x, ',');
	hw_int(&o->x, (long long)vt_take(&h->v, b));
	buf_addc(&o->x, ']');

	/* the table's row: name, key, OS, OS short, boot, disks, disk bytes, RAM, verdicts */
	if (h->nhosts) {
		buf_addc(&h->hosts, ',');
		buf_addc(&h->details, ',');
	}
	/* a host with no known name (a capture's) goes by its key */
	buf_addc(&h->hosts, '[');
	hw_cstr(&h->hosts, ns ? ns : ks ? ks : "");
	buf_addc(&h->hosts, ',');
	hw_cstr(&h->hosts, ks ? ks : "");
	buf_addc(&h->hosts, ',');
	if (col_is_text(hs, HQ_PRETTY))
		hw_col(&h->hosts, hs, HQ_PRETTY, 0);
	else
		buf_adds(&h->hosts, "\"\"");
	buf_addc(&h->hosts, ',');
	buf_clear(b);
	if (col_is_text(hs, HQ_OSID))
		buf_add(b, sqlite3_column_text(hs, HQ_OSID), (size_t)sqlite3_column_bytes(hs, HQ_OSID));
	else
		buf_addc(b, '?');
	buf_addc(b, ' ');
	if (col_is_text(hs, HQ_OSVID))
		buf_add(b, sqlite3_column_text(hs, HQ_OSVID), (size_t)sqlite3_column_bytes(hs, HQ_OSVID));
	hw_str(&h->hosts, b->data, b->len);
	buf_clear(b);
	buf_addc(&h->hosts, ',');
	hw_col(&h->hosts, hs, HQ_FIRMWARE, 0);
	buf_addc(&h->hosts, ',');
	hw_int(&h->hosts, o->ndisks);
	buf_addc(&h->hosts, ',');
	hw_int(&h->hosts, o->disk_bytes);
	buf_addc(&h->hosts, ',');
	hw_col(&h->hosts, hs, HQ_RAM, 0);
	buf_addc(&h->hosts, ',');
	buf_add(&h->hosts, o->row.data, o->row.len);
	buf_addc(&h->hosts, ']');
	buf_add(&h->details, o->x.data, o->x.len);

	if (!h->nhosts)
		h->title = xstrdup(ns ? ns : ks ? ks : "");
	if (ks)
		json_object_set_new(h->names, ks, json_string(ns ? ns : ks));
	h->nhosts++;
	json_decref(name);
	json_decref(key);
	json_decref(o->colls);
	json_decref(o->unknown);
}

/*
 * Every host's row and details, from the latest scan of each (report.h),
 * in the order of their host keys: the host list is a temporary table, and
 * every query walks it.  Returns 0, or <0 after printing.
 */
static int html_hosts(struct html *h, sqlite3 *db)
{
	struct cursor q[NQ];
	struct host o = { .row = BUF_INIT, .x = BUF_INIT, .val = BUF_INIT, .key = BUF_INIT,
			  .list = BUF_INIT };
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	int err = 0, observed = 0, began = 0, made = 0, i;

	memset(q, 0, sizeof(q));
	if (deps_refresh(db) < 0)
		return -1;
	/* one read transaction: one snapshot */
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	began = 1;
	if (sqlite3_exec(db, "DROP TABLE IF EXISTS " HOSTS_TABLE ";"
			 " CREATE TABLE " HOSTS_TABLE " (ord INTEGER PRIMARY KEY, scan INTEGER, key TEXT);"
			 " INSERT INTO " HOSTS_TABLE " (scan, key) SELECT scan, host_key FROM ("
			 REPORT_LATEST_SCANS_SQL " ORDER BY h.host_key)", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	made = 1;
	st = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM flows) OR EXISTS (SELECT 1 FROM collector_runs"
			" WHERE collector = 'connections' AND status = 'ok')");
	if (!st)
		goto fail;
	if (sqlite3_step(st) == SQLITE_ROW)
		observed = sqlite3_column_int(st, 0);
	else
		err = 1;
	sqlite3_finalize(st);

	buf_adds(&sql, "SELECT c.ord");
	for (size_t f = 0; f < NFACTS; f++)
		buf_addf(&sql, ", %s", facts[f].col ? facts[f].col : "NULL");
	buf_addf(&sql, ", i.hostname, c.key, o.pretty_name, o.id, o.version_id, b.firmware, w.ram_mib,"
		 " s.as_root FROM " HOSTS_TABLE " c CROSS JOIN scans s ON s.id = c.scan"
		 " LEFT JOIN identity i ON i.scan_id = c.scan LEFT JOIN os o ON o.scan_id = c.scan"
		 " LEFT JOIN kernel k ON k.scan_id = c.scan LEFT JOIN hardware w ON w.scan_id = c.scan"
		 " LEFT JOIN boot b ON b.scan_id = c.scan LEFT JOIN init_system t ON t.scan_id = c.scan"
		 " LEFT JOIN sshd d ON d.scan_id = c.scan ORDER BY c.ord");
	for (i = 0; i < NQ; i++) {
		q[i].st = db_prepare(db, i == Q_HOST ? sql.data : queries[i]);
		if (!q[i].st)
			goto fail;
		cur_next(&q[i]);
	}
	for (; !err && q[Q_HOST].row; cur_next(&q[Q_HOST])) {
		o.ord = sqlite3_column_int64(q[Q_HOST].st, 0);
		add_host(h, db, q, &o, observed, &err);
	}
	for (i = 0; i < NQ; i++)
		err |= q[i].err;
	if (err)
		goto fail;
	goto out;
fail:
	err = 1;
	scan_error("report: cannot read the store: %s", sqlite3_errmsg(db));
out:
	for (i = 0; i < NQ; i++)
		sqlite3_finalize(q[i].st);
	stmt_cache_release();
	if (made)
		sqlite3_exec(db, "DROP TABLE IF EXISTS " HOSTS_TABLE, NULL, NULL, NULL);
	if (began)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	buf_release(&o.row);
	buf_release(&o.x);
	buf_release(&o.val);
	buf_release(&o.key);
	buf_release(&o.list);
	free(o.conn_reason);
	buf_release(&sql);
	return err ? -1 : 0;
}

/* ---- the document ------------------------------------------------------ */

static xmlNodePtr el(xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);

	if (text)
		xmlAddChild(n, xmlNewText(BAD_CAST text));
	return n;
}

static void attr(xmlNodePtr n, const char *name, const char *value)
{
	xmlNewProp(n, BAD_CAST name, BAD_CAST value);
}

static xmlNodePtr elf(xmlNodePtr parent, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static xmlNodePtr elf(xmlNodePtr parent, const char *name, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	xmlNodePtr n;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	n = el(parent, name, b.data ? b.data : "");
	buf_release(&b);
	return n;
}

/* 'sha256-<base64>' of s, for the Content-Security-Policy */
static char *csp_hash(const char *s)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];

	if (!EVP_Digest(s, strlen(s), md, &mdlen, EVP_sha256(), NULL))
		return NULL;
	EVP_EncodeBlock((unsigned char *)b64, md, (int)mdlen);
	return xasprintf("'sha256-%s'", b64);
}

static const char *const verdict_names[] = { "ready", "ready-with-conditions", "unknown", "not-ready" };

static void verdict_badge(xmlNodePtr parent, const char *verdict)
{
	xmlNodePtr s = el(parent, "span", verdict);
	char *c = xasprintf("v v-%s", verdict);

	attr(s, "class", c);
	free(c);
}

static int by_count_desc(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_array_get(*(json_t *const *)a, 1));
	json_int_t y = json_integer_value(json_array_get(*(json_t *const *)b, 1));
	int c = (x < y) - (x > y);

	return c ? c : strcmp(json_string_value(json_array_get(*(json_t *const *)a, 0)),
			      json_string_value(json_array_get(*(json_t *const *)b, 0)));
}

/* the entries of counts as [key, n] arrays, most first; caller frees the array */
static json_t **sorted_counts(json_t *counts, size_t *n)
{
	json_t **v = xcalloc(json_object_size(counts) + 1, sizeof(*v));
	const char *k;
	json_t *c;

	*n = 0;
	json_object_foreach(counts, k, c)
		v[(*n)++] = json_pack("[s,O]", k, c);
	qsort(v, *n, sizeof(*v), by_count_desc);
	return v;
}

static void summary(struct html *h, xmlNodePtr sec)
{
	xmlNodePtr t, tr, cards, card, ol, li;
	const char *profile;
	json_t *counts, **v;
	size_t i, n;

	el(sec, "h2", "Summary");
	if (!h->nhosts) {
		el(sec, "p", "The database holds no host.");
		return;
	}
	card = sec;
	el(card, "h3", "Hosts per verdict");
	if (!json_object_size(h->verdicts)) {
		el(card, "p", "No host has been assessed (premig assess).");
	} else {
		t = el(card, "table", NULL);
		attr(t, "class", "grid");
		attr(t, "id", "verdict-counts");
		tr = el(t, "tr", NULL);
		el(tr, "th", "profile");
		for (i = 0; i < 4; i++)
			verdict_badge(el(tr, "th", NULL), verdict_names[i]);
		el(tr, "th", "not assessed");
		json_object_foreach(h->verdicts, profile, counts) {
			json_int_t sum = 0;
			tr = el(t, "tr", NULL);
			el(tr, "th", profile);
			for (i = 0; i < 4; i++) {
				json_int_t c = json_integer_value(json_object_get(counts, verdict_names[i]));
				sum += c;
				attr(elf(tr, "td", "%lld", (long long)c), "class", "num");
			}
			attr(elf(tr, "td", "%lld", (long long)((json_int_t)h->nhosts - sum)), "class", "num");
		}
	}

	cards = el(sec, "div", NULL);
	attr(cards, "class", "cards");
	card = el(cards, "div", NULL);
	el(card, "h3", "Top blockers");
	v = sorted_counts(h->blockers, &n);
	if (!n)
		el(card, "p", "No blocker fails on any host.");
	ol = n ? el(card, "ol", NULL) : NULL;
	for (i = 0; i < n; i++) {
		if (i < TOP_BLOCKERS) {
			json_t *r = json_array_get(h->rules.values,
				(size_t)strtoull(json_string_value(json_array_get(v[i], 0)), NULL, 10));
			json_int_t c = json_integer_value(json_array_get(v[i], 1));
			li = el(ol, "li", NULL);
			attr(elf(li, "b", "%lld host%s", (long long)c, c == 1 ? "" : "s"), "class", "num");
			elf(li, "span", " %s %s: ", json_string_value(json_array_get(r, 0)),
			    json_string_value(json_array_get(r, 1)) ? json_string_value(json_array_get(r, 1)) : "");
			el(li, "span", json_string_value(json_array_get(r, 3)));
		}
		json_decref(v[i]);
	}
	free(v);

	card = el(cards, "div", NULL);
	el(card, "h3", "Unknowns by cause");
	v = sorted_counts(h->causes, &n);
	if (!n)
		el(card, "p", "No rule is unknown on any host.");
	else
		el(card, "p", "What to re-run so that the rules can decide:");
	t = n ? el(card, "ul", NULL) : NULL;
	for (i = 0; i < n; i++) {
		if (i < TOP_CAUSES) {
			json_int_t c = json_integer_value(json_array_get(v[i], 1));
			elf(t, "li", "%s on %lld host%s", json_string_value(json_array_get(v[i], 0)),
			    (long long)c, c == 1 ? "" : "s");
		}
		json_decref(v[i]);
	}
	free(v);
}

/*
 * A group's drawing: its members on a circle (a group is a few to a few
 * dozen servers; a circle shows every edge without a crossing-minimisation
 * pass), edges as arrows from client to server.
 */
static void group_svg(struct html *h, xmlNodePtr parent, json_t *g)
{
	json_t *members = json_object_get(g, "members"), *edges = json_object_get(g, "edges");
	json_t *pos = json_object();
	size_t n = json_array_size(members), i;
	double R = fmax(60.0, (double)n * 44.0 / (2 * M_PI)), margin = 90.0, size = 2 * (R + margin);
	xmlNodePtr svg, defs, marker, path, m;
	char buf[96], *id;
	json_t *mb, *e;

	svg = el(parent, "svg", NULL);
	attr(svg, "class", "group");
	attr(svg, "xmlns", "http://www.w3.org/2000/svg");
	snprintf(buf, sizeof(buf), "0 0 %.0f %.0f", size, size);
	attr(svg, "viewBox", buf);
	snprintf(buf, sizeof(buf), "%.0f", size);
	attr(svg, "width", buf);
	attr(svg, "role", "img");
	id = xasprintf("arrow-%lld", (long long)json_integer_value(json_object_get(g, "id")));
	defs = el(svg, "defs", NULL);
	marker = el(defs, "marker", NULL);
	attr(marker, "id", id);
	attr(marker, "viewBox", "0 0 10 10");
	attr(marker, "refX", "10");
	attr(marker, "refY", "5");
	attr(marker, "markerWidth", "7");
	attr(marker, "markerHeight", "7");
	attr(marker, "orient", "auto");
	path = el(marker, "path", NULL);
	attr(path, "d", "M0,0 L10,5 L0,10 z");
	attr(path, "fill", "#7d8590");

	json_array_foreach(members, i, mb) {
		double a = -M_PI / 2 + 2 * M_PI * (double)i / (double)(n ? n : 1);
		const char *key = str(mb, "host") ? str(mb, "host") : str(mb, "ip");
		if (key)
			json_object_set_new(pos, key, json_pack("[f,f]", size / 2 + R * cos(a), size / 2 + R * sin(a)));
	}
	json_array_foreach(edges, i, e) {
		const char *c = str(e, "client_host") ? str(e, "client_host") : str(e, "client_ip");
		const char *s = str(e, "server_host") ? str(e, "server_host") : str(e, "server_ip");
		json_t *pc = c ? json_object_get(pos, c) : NULL, *ps = s ? json_object_get(pos, s) : NULL;
		double x1, y1, x2, y2, dx, dy, len;
		xmlNodePtr l, t;
		char *ref;

		if (!pc || !ps || pc == ps)
			continue;
		x1 = json_real_value(json_array_get(pc, 0));
		y1 = json_real_value(json_array_get(pc, 1));
		x2 = json_real_value(json_array_get(ps, 0));
		y2 = json_real_value(json_array_get(ps, 1));
		dx = x2 - x1;
		dy = y2 - y1;
		len = hypot(dx, dy);
		/* stop at the circles' edges (radius 9) */
		x1 += dx / len * 9;
		y1 += dy / len * 9;
		x2 -= dx / len * 11;
		y2 -= dy / len * 11;
		l = el(svg, "line", NULL);
		snprintf(buf, sizeof(buf), "%.1f", x1); attr(l, "x1", buf);
		snprintf(buf, sizeof(buf), "%.1f", y1); attr(l, "y1", buf);
		snprintf(buf, sizeof(buf), "%.1f", x2); attr(l, "x2", buf);
		snprintf(buf, sizeof(buf), "%.1f", y2); attr(l, "y2", buf);
		ref = xasprintf("url(#%s)", id);
		attr(l, "marker-end", ref);
		free(ref);
		el(l, "title", str(e, "why") ? str(e, "why") : "");
		t = elf(svg, "text", "%lld/%s", (long long)json_integer_value(json_object_get(e, "port")),
			str(e, "service") ? str(e, "service") : str(e, "protocol") ? str(e, "protocol") : "");
		attr(t, "class", "edge");
		snprintf(buf, sizeof(buf), "%.1f", (x1 + x2) / 2); attr(t, "x", buf);
		snprintf(buf, sizeof(buf), "%.1f", (y1 + y2) / 2 - 3); attr(t, "y", buf);
		attr(t, "text-anchor", "middle");
	}
	json_array_foreach(members, i, mb) {
		const char *key = str(mb, "host") ? str(mb, "host") : str(mb, "ip");
		json_t *p = key ? json_object_get(pos, key) : NULL;
		const char *label = str(mb, "host") && str(h->names, str(mb, "host")) ?
			str(h->names, str(mb, "host")) : str(mb, "name") ? str(mb, "name") : key;
		double x, y, a = -M_PI / 2 + 2 * M_PI * (double)i / (double)(n ? n : 1);
		xmlNodePtr t;

		if (!p)
			continue;
		x = json_real_value(json_array_get(p, 0));
		y = json_real_value(json_array_get(p, 1));
		m = el(svg, "circle", NULL);
		snprintf(buf, sizeof(buf), "%.1f", x); attr(m, "cx", buf);
		snprintf(buf, sizeof(buf), "%.1f", y); attr(m, "cy", buf);
		attr(m, "r", "9");
		if (!str(mb, "host"))
			attr(m, "class", "outside");
		el(m, "title", str(mb, "ip") ? str(mb, "ip") : key);
		t = el(svg, "text", label);
		snprintf(buf, sizeof(buf), "%.1f", x + 14 * cos(a)); attr(t, "x", buf);
		snprintf(buf, sizeof(buf), "%.1f", y + 14 * sin(a) + 4); attr(t, "y", buf);
		attr(t, "text-anchor", cos(a) > 0.3 ? "start" : cos(a) < -0.3 ? "end" : "middle");
	}
	free(id);
	json_decref(pos);
}

static void groups(struct html *h, xmlNodePtr sec, json_t *gs)
{
	xmlNodePtr fig, t, tr, ul;
	json_t *g, *e, *mb;
	size_t i, j;
	const char *k;
	json_t *s;

	el(sec, "h2", "Application groups");
	if (!json_array_size(gs))
		el(sec, "p", "No application group: no dependency between servers was observed "
			     "(premig scan --pcap, --flows, --capture, or a live scan with the connections collector).");
	json_array_foreach(gs, i, g) {
		json_t *members = json_object_get(g, "members");
		elf(sec, "h3", "Group %lld: %zu servers, %zu dependencies",
		    (long long)json_integer_value(json_object_get(g, "id")), json_array_size(members),
		    json_array_size(json_object_get(g, "edges")));
		fig = el(sec, "figure", NULL);
		if (json_array_size(members) <= GROUP_DRAW_MAX)
			group_svg(h, fig, g);
		ul = el(el(fig, "figcaption", NULL), "span", "Members: ");
		json_array_foreach(members, j, mb) {
			const char *key = str(mb, "host");
			const char *name = key && str(h->names, key) ? str(h->names, key) : NULL;
			elf(ul, "span", "%s%s%s%s%s", j ? ", " : "", name ? name : str(mb, "ip") ? str(mb, "ip") : "?",
			    name && str(mb, "ip") ? " (" : "", name && str(mb, "ip") ? str(mb, "ip") : "",
			    name && str(mb, "ip") ? ")" : "");
		}
		t = el(sec, "table", NULL);
		attr(t, "class", "grid");
		tr = el(t, "tr", NULL);
		el(tr, "th", "dependency");
		el(tr, "th", "confidence");
		json_array_foreach(json_object_get(g, "edges"), j, e) {
			tr = el(t, "tr", NULL);
			el(tr, "td", str(e, "why") ? str(e, "why") : "");
			el(tr, "td", str(e, "confidence") ? str(e, "confidence") : "");
		}
	}
	el(sec, "h3", "Infrastructure services");
	if (!json_object_size(h->infra)) {
		el(sec, "p", "None observed.");
		return;
	}
	el(sec, "p", "Shared services (DNS, NTP, directory, monitoring ...) that tie no servers into one group:");
	t = el(sec, "table", NULL);
	attr(t, "class", "grid");
	attr(t, "id", "infra");
	tr = el(t, "tr", NULL);
	el(tr, "th", "server");
	el(tr, "th", "port");
	el(tr, "th", "service");
	el(tr, "th", "clients");
	el(tr, "th", "why infrastructure");
	json_object_foreach(h->infra, k, s) {
		tr = el(t, "tr", NULL);
		el(tr, "td", str(h->names, str(s, "server")) ? str(h->names, str(s, "server")) : str(s, "server"));
		elf(tr, "td", "%lld/%s", (long long)json_integer_value(json_object_get(s, "port")),
		    str(s, "protocol") ? str(s, "protocol") : "");
		el(tr, "td", str(s, "service") ? str(s, "service") : "");
		attr(elf(tr, "td", "%zu", json_object_size(json_object_get(s, "clients"))), "class", "num");
		el(tr, "td", str(s, "why") ? str(s, "why") : "");
	}
}

/*
 * The data blocks' texts.  Two blocks: the table's (the hosts' rows), read
 * when the page loads, and the details' (the rules, the interned values,
 * each host's findings and facts), placed after the script and read when a
 * host is first opened, so that 50,000 hosts show as soon as their rows are
 * in.  Every '<' is \u003c (hw_str, dump_escaped): no "</script" can end a
 * block early.
 */
static char *data_text(struct html *h)
{
	struct buf d = BUF_INIT;

	buf_adds(&d, "{\"generator\":");
	hw_cstr(&d, "premig " PREMIG_VERSION);
	buf_adds(&d, ",\"hosts\":[");
	buf_add(&d, h->hosts.data, h->hosts.len);
	buf_adds(&d, "]}");
	return buf_detach(&d);
}

static char *detail_text(struct html *h)
{
	json_t *labels = json_array();
	char *rules = dump_escaped(json_incref(h->rules.values), 0), *facts_text;
	struct buf d = BUF_INIT;

	for (size_t i = 0; i < NFACTS; i++)
		json_array_append_new(labels, json_pack("[s,s]", facts[i].section, facts[i].key));
	json_array_append_new(labels, json_pack("[s,s]", "", "packages"));
	json_array_append_new(labels, json_pack("[s,s]", "", "services"));
	facts_text = dump_escaped(labels, 0);
	if (!rules || !facts_text) {
		free(rules);
		free(facts_text);
		return NULL;
	}
	buf_adds(&d, "{\"rules\":");
	buf_adds(&d, rules);
	buf_adds(&d, ",\"V\":[");
	buf_add(&d, h->v.text.data, h->v.text.len);
	buf_adds(&d, "],\"hosts\":[");
	buf_add(&d, h->details.data, h->details.len);
	buf_adds(&d, "],\"facts\":");
	buf_adds(&d, facts_text);
	buf_addc(&d, '}');
	free(rules);
	free(facts_text);
	return buf_detach(&d);
}

static xmlDocPtr build(struct html *h, json_t *gs)
{
	xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr html, head, body, m, sec, nav, hdr, ctl, s;
	char *csp, *hs = csp_hash(html_css), *hj = csp_hash(html_js);
	char *data = data_text(h), *detail = detail_text(h);

	/* the writer escapes every '<'; should one be there, no block is written at all */
	if (!hs || !hj || !data || !detail || strchr(data, '<') || strchr(detail, '<')) {
		free(hs);
		free(hj);
		free(data);
		free(detail);
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlCreateIntSubset(doc, BAD_CAST "html", NULL, NULL);
	html = xmlNewNode(NULL, BAD_CAST "html");
	xmlDocSetRootElement(doc, html);
	attr(html, "lang", "en");
	head = el(html, "head", NULL);
	attr(el(head, "meta", NULL), "charset", "utf-8");
	/* nothing from outside: no fetch, image, font, frame or form target */
	csp = xasprintf("default-src 'none'; style-src %s; script-src %s;"
			" base-uri 'none'; form-action 'none'", hs, hj);
	m = el(head, "meta", NULL);
	attr(m, "http-equiv", "Content-Security-Policy");
	attr(m, "content", csp);
	m = el(head, "meta", NULL);
	attr(m, "name", "viewport");
	attr(m, "content", "width=device-width, initial-scale=1");
	el(head, "title", h->nhosts == 1 && h->title ? h->title : "premig readiness report");
	el(head, "style", html_css);

	body = el(html, "body", NULL);
	hdr = el(body, "header", NULL);
	el(hdr, "h1", "Migration readiness");
	attr(elf(hdr, "p", "%zu host%s, premig %s", h->nhosts, h->nhosts == 1 ? "" : "s", PREMIG_VERSION),
	     "class", "muted");
	nav = el(hdr, "nav", NULL);
	attr(el(nav, "a", "Summary"), "href", "#summary");
	attr(el(nav, "a", "Hosts"), "href", "#hosts");
	attr(el(nav, "a", "Application groups"), "href", "#groups");

	sec = el(body, "section", NULL);
	attr(sec, "id", "summary");
	summary(h, sec);

	sec = el(body, "section", NULL);
	attr(sec, "id", "hosts");
	el(sec, "h2", "Hosts");
	ctl = el(sec, "div", NULL);
	attr(ctl, "class", "controls");
	s = el(ctl, "input", NULL);
	attr(s, "id", "q");
	attr(s, "type", "search");
	attr(s, "placeholder", "search hostname, key, OS");
	attr(s, "aria-label", "search");
	s = el(ctl, "select", NULL);
	attr(s, "id", "f-profile");
	attr(s, "aria-label", "profile");
	s = el(ctl, "select", NULL);
	attr(s, "id", "f-verdict");
	attr(s, "aria-label", "verdict");
	s = el(ctl, "select", NULL);
	attr(s, "id", "f-os");
	attr(s, "aria-label", "operating system");
	attr(el(ctl, "span", NULL), "id", "count");
	s = el(sec, "div", NULL);
	attr(s, "id", "table");
	attr(s, "class", "vt");
	attr(el(el(sec, "noscript", NULL), "p", "The host table and the host details need JavaScript;"
		" the summary and the groups do not."), "class", "muted");

	sec = el(body, "section", NULL);
	attr(sec, "id", "detail");
	attr(sec, "hidden", "hidden");

	sec = el(body, "section", NULL);
	attr(sec, "id", "groups");
	groups(h, sec, gs);

	s = el(body, "script", NULL);
	attr(s, "type", "application/json");
	attr(s, "id", "premig-data");
	xmlAddChild(s, xmlNewText(BAD_CAST data));
	el(body, "script", html_js);
	s = el(body, "script", NULL);
	attr(s, "type", "application/json");
	attr(s, "id", "premig-detail");
	xmlAddChild(s, xmlNewText(BAD_CAST detail));

	free(data);
	free(detail);
	free(csp);
	free(hs);
	free(hj);
	return doc;
}

int report_html(sqlite3 *db, FILE *out)
{
	struct html h = { .v = { .index = SMAP_INIT, .text = BUF_INIT }, .rule_seen = SMAP_INIT,
			  .scratch = BUF_INIT, .ev = { .index = SMAP_INIT }, .hosts = BUF_INIT,
			  .details = BUF_INIT, .verdicts = json_object(), .blockers = json_object(),
			  .causes = json_object(), .infra = json_object(), .infra_seen = json_object(),
			  .names = json_object() };
	xmlOutputBufferPtr ob;
	xmlDocPtr doc = NULL;
	json_t *gs = NULL;
	int rc = -1, err = 0;

	itab_init(&h.rules);
	if (html_hosts(&h, db) < 0)
		goto out;
	gs = deps_groups_json(db, &err);
	if (err) {
		scan_error("report: cannot read the store: %s", sqlite3_errmsg(db));
		goto out;
	}
	doc = build(&h, gs);
	if (!doc) {
		scan_error("report: cannot build the HTML document");
		goto out;
	}
	ob = xmlOutputBufferCreateFile(out, NULL);
	if (!ob) {
		scan_error("report: cannot write HTML");
		goto out;
	}
	htmlDocContentDumpFormatOutput(ob, doc, NULL, 0);
	if (xmlOutputBufferClose(ob) < 0) {
		scan_error("report: cannot write HTML");
		goto out;
	}
	fputc('\n', out);
	rc = 0;
out:
	xmlFreeDoc(doc);
	json_decref(gs);
	smap_release(&h.v.index);
	buf_release(&h.v.text);
	itab_release(&h.rules);
	smap_release(&h.rule_seen);
	while (h.sets) {
		struct rule_set *next = h.sets->next;
		smap_release(&h.sets->rules);
		free(h.sets);
		h.sets = next;
	}
	ev_release(&h.ev);
	buf_release(&h.hosts);
	buf_release(&h.details);
	buf_release(&h.scratch);
	free(h.title);
	json_decref(h.verdicts);
	json_decref(h.blockers);
	json_decref(h.causes);
	json_decref(h.infra);
	json_decref(h.infra_seen);
	json_decref(h.names);
	return rc;
}
