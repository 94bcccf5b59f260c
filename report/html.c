/*
 * html.c - the HTML report: one self-contained file for one host or fifty
 * thousand
 *
 * Built from the same per-host trees as the JSON report (report_hosts), so
 * the two never disagree.  The document is a libxml2 tree serialised by its
 * HTML writer: every value from a host goes in as a text node or an
 * attribute value, which the serialiser escapes, never as markup.  What the
 * script needs (the host table, each host's findings and facts) goes in a
 * <script type="application/json"> data block, with every '<' written as
 * \u003c so that no "</script" can end the block early (HTML Living
 * Standard, "Restrictions for contents of script elements").  The style and
 * the script are report/html.css and report/html.js, built into the binary;
 * the Content-Security-Policy allows exactly those two by their SHA-256
 * (CSP Level 3, "hash-source") and nothing else: no request leaves the page.
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
#include "../scanner/err.h"
#include "../scanner/version.h"
#include "deps.h"
#include "html_assets.h"
#include "report.h"
#include "../scanner/banned.h"

#define TOP_BLOCKERS 15
#define TOP_CAUSES 15
/* a collector's reason, as much as a cause shows of it */
#define CAUSE_MAX 160
/* a group with more members is listed, not drawn */
#define GROUP_DRAW_MAX 150

/* an interning table: equal values get one index */
struct itab {
	json_t *index;	/* compact text of the value -> its index */
	json_t *values;	/* the values, by index */
};

struct html {
	struct itab v;		/* every interned value of the hosts (the script's V) */
	struct itab rules;	/* [profile, id, severity, title, remediation, rationale, source] */
	json_t *rule_seen;	/* rule_key -> [its index in rules, the texts keyed] */
	json_t *hosts;		/* one array per host, what the table shows (see html.js, H_*) */
	json_t *details;	/* one array per host, what its details show (html.js, X_*) */
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

/* [o[k] for k in keys], each value copied */
static json_t *pick(json_t *o, const char *const *keys)
{
	json_t *a = json_array();

	for (; *keys; keys++) {
		json_t *v = json_object_get(o, *keys);
		json_array_append(a, v ? v : json_null());
	}
	return a;
}

/* the facts the detail view shows, section and key (html.js FACTS) */
static const char *const fact_keys[][2] = {
	{ "", "hostname" }, { "", "fqdn" }, { "", "host_id" }, { "", "machine_id" },
	{ "scan", "started_at" }, { "scan", "mode" }, { "scan", "root" }, { "scan", "as_root" },
	{ "scan", "status" }, { "scan", "premig_version" },
	{ "os", "pretty_name" }, { "os", "id" }, { "os", "version_id" }, { "os", "family" },
	{ "kernel", "release" }, { "kernel", "arch" }, { "kernel", "distro_kernel" },
	{ "hardware", "cpu_model" }, { "hardware", "cpu_sockets" }, { "hardware", "cpu_cores" },
	{ "hardware", "cpu_threads" }, { "hardware", "ram_mib" }, { "hardware", "ram_available_mib" },
	{ "hardware", "virtualization" }, { "hardware", "dmi_vendor" }, { "hardware", "dmi_product" },
	{ "boot", "firmware" }, { "boot", "secure_boot" }, { "boot", "loader" },
	{ "boot", "boot_disk" }, { "boot", "default_kernel" },
	{ "init_system", "init" }, { "package_db", "kind" }, { "package_db", "packages" },
	{ "sshd", "ports" },
	/* json_coverage.c: the collectors that ran fully, partly, not at all */
	{ "coverage", "full" }, { "coverage", "partial" }, { "coverage", "none" },
	{ "coverage", "denied_reads" },
};

static const char *const disk_keys[] = { "name", "size_bytes", "partition_table", "model",
					 "boot_code", "probe_status", NULL };
static const char *const fs_keys[] = { "mountpoint", "fstype", "source", "size_bytes",
				       "avail_bytes", "options", NULL };
static const char *const coll_keys[] = { "name", "status", "reason", NULL };
static const char *const listener_keys[] = { "protocol", "address", "port", "process", NULL };

static int verdict_code(const char *v)
{
	static const char *const names[] = { "ready", "ready-with-conditions", "unknown", "not-ready" };
	size_t i;

	for (i = 0; v && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(v, names[i]))
			return (int)i;
	return 2;
}

/* a dependency as the detail view shows it: [peer, port, protocol, service, confidence, infra] */
static json_t *dep_row(json_t *d, const char *peer_host, const char *peer_ip)
{
	json_t *a = json_array();
	json_t *p = json_object_get(d, peer_host);

	json_array_append(a, json_is_string(p) ? p : json_object_get(d, peer_ip));
	json_array_append(a, json_object_get(d, "port"));
	json_array_append(a, json_object_get(d, "protocol"));
	json_array_append(a, json_object_get(d, "service"));
	json_array_append(a, json_object_get(d, "confidence"));
	json_array_append(a, json_object_get(d, "infrastructure"));
	return a;
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
			      "why", json_object_get(d, "infra_reason") ? json_object_get(d, "infra_reason") : json_null(),
			      "clients");
		json_object_set_new(h->infra, key, s);
	}
	if (client)
		json_object_set_new(json_object_get(s, "clients"), client, json_true());
	free(key);
}

static json_t *host_deps(struct html *h, json_t *deps)
{
	json_t *o = json_object(), *in = json_object_get(deps, "inbound");
	json_t *out = json_object_get(deps, "outbound"), *lis = json_object_get(deps, "listeners");
	json_t *d, *a;
	size_t i;

	if (json_is_array(in)) {
		a = json_array();
		json_array_foreach(in, i, d) {
			json_array_append_new(a, dep_row(d, "client_host", "client_ip"));
			note_infra(h, d);
		}
		json_object_set_new(o, "in", a);
	}
	if (json_is_array(out)) {
		a = json_array();
		json_array_foreach(out, i, d) {
			json_array_append_new(a, dep_row(d, "server_host", "server_ip"));
			note_infra(h, d);
		}
		json_object_set_new(o, "out", a);
	}
	if (json_is_array(lis)) {
		a = json_array();
		json_array_foreach(lis, i, d)
			json_array_append_new(a, pick(d, listener_keys));
		json_object_set_new(o, "listeners", a);
	}
	json_object_set(o, "reason", json_object_get(deps, "reason") ? json_object_get(deps, "reason") : json_null());
	json_object_set(o, "listeners_reason", json_object_get(deps, "listeners_reason") ?
			json_object_get(deps, "listeners_reason") : json_null());
	return o;
}

/*
 * Why a host has unknowns, in words a lead acts on: a scan without root,
 * a collector that did not run ok and that an unknown rule's reason names
 * ("disks: no sys/block under the root ..."), else the rule that could not
 * decide.
 */
static void note_causes(struct html *h, json_t *host, json_t *unknown_rules)
{
	json_t *seen = json_object(), *alike = json_object(), *c, *r;
	const char *k;
	size_t i, j;

	if (!json_array_size(unknown_rules))
		goto out;
	if (json_is_false(json_object_get(json_object_get(host, "scan"), "as_root")))
		json_object_set_new(seen, "not root: scanned without root", json_true());
	json_array_foreach(unknown_rules, j, r) {
		const char *reason = str(r, "reason") ? str(r, "reason") : "";
		int named = 0;
		json_array_foreach(json_object_get(host, "collectors"), i, c) {
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

/*
 * A key for a failing rule that is cheap to make: its profile, id and
 * severity, and the addresses of its texts, which the report's builder
 * shares among the hosts an assessment judged (json_assess.c); rule_seen
 * holds them, so that no address is reused.  Texts equal but not shared
 * only miss, and go the itab's way.
 */
static char *rule_key(const char *profile, json_t *r, size_t *len)
{
	struct buf b = BUF_INIT;
	static const char *const texts[] = { "title", "remediation", "rationale", "source" };

	buf_add(&b, profile, strlen(profile) + 1);
	buf_add(&b, str(r, "id") ? str(r, "id") : "", strlen(str(r, "id") ? str(r, "id") : "") + 1);
	buf_addf(&b, "%s", str(r, "severity") ? str(r, "severity") : "");
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		buf_addf(&b, " %p", (void *)json_object_get(r, texts[i]));
	*len = b.len;
	return b.data;
}

static json_t *host_assessments(struct html *h, json_t *host, json_t *findings)
{
	json_t *assess = json_object_get(host, "assessments"), *out = json_object();
	json_t *unknown_rules = json_array();
	const char *profile;
	json_t *a;

	json_object_foreach(assess, profile, a) {
		json_t *r, *counts = json_object_get(h->verdicts, profile);
		int pass = 0;
		size_t i;

		if (!counts) {
			counts = json_object();
			json_object_set_new(h->verdicts, profile, counts);
		}
		bump(counts, str(a, "verdict") ? str(a, "verdict") : "unknown");
		json_array_foreach(json_object_get(a, "rules"), i, r) {
			const char *status = str(r, "status");
			json_int_t ri;
			char ris[32], *rk;
			size_t rklen;
			json_t *seen;

			if (status && !strcmp(status, "pass")) {
				pass++;
				continue;
			}
			rk = rule_key(profile, r, &rklen);
			seen = json_object_getn(h->rule_seen, rk, rklen);
			if (seen) {
				ri = json_integer_value(json_array_get(seen, 0));
			} else {
				ri = itab_add(&h->rules, json_pack("[s,O,O,O,O,O,O]", profile,
					json_object_get(r, "id"), json_object_get(r, "severity"),
					json_object_get(r, "title"), json_object_get(r, "remediation"),
					json_object_get(r, "rationale"), json_object_get(r, "source")));
				json_object_setn_new_nocheck(h->rule_seen, rk, rklen, json_pack("[I,O,O,O,O]",
					ri, json_object_get(r, "title") ? json_object_get(r, "title") : json_null(),
					json_object_get(r, "remediation") ? json_object_get(r, "remediation") : json_null(),
					json_object_get(r, "rationale") ? json_object_get(r, "rationale") : json_null(),
					json_object_get(r, "source") ? json_object_get(r, "source") : json_null()));
			}
			free(rk);
			json_array_append_new(findings, json_integer(itab_add(&h->v,
				json_pack("[I,O,O,O]", ri, json_object_get(r, "status"),
					  json_object_get(r, "evidence"), json_object_get(r, "reason")))));
			if (status && !strcmp(status, "fail") && str(r, "severity") &&
			    !strcmp(str(r, "severity"), "blocker")) {
				snprintf(ris, sizeof(ris), "%lld", (long long)ri);
				bump(h->blockers, ris);
			}
			if (status && !strcmp(status, "unknown"))
				json_array_append(unknown_rules, r);
		}
		json_object_set_new(out, profile, json_pack("[i,i,O,O,O]", verdict_code(str(a, "verdict")),
			pass, json_object_get(a, "blockers"), json_object_get(a, "warnings"),
			json_object_get(a, "unknowns")));
	}
	note_causes(h, host, unknown_rules);
	json_decref(unknown_rules);
	return out;
}

/* the fact section/key of host; "" is the host object itself */
static json_t *fact(json_t *host, const char *section, const char *key)
{
	json_t *o = *section ? json_object_get(host, section) : host;
	json_t *v = json_object_get(o, key);

	return v ? v : json_null();
}

/* one host of the data block: see html.js for the positions */
static int add_host(json_t *host, void *arg)
{
	struct html *h = arg;
	json_t *row = json_array(), *facts = json_array(), *findings = json_array();
	json_t *disks = json_object_get(host, "disks"), *d, *a;
	json_t *os = json_object_get(host, "os");
	json_int_t disk_bytes = 0;
	size_t i, ndisks = 0;
	const char *name = str(host, "hostname"), *key = str(host, "host_id");
	char *osshort;

	json_array_foreach(disks, i, d) {
		if (str(d, "kind") && strcmp(str(d, "kind"), "disk"))
			continue;
		ndisks++;
		disk_bytes += json_integer_value(json_object_get(d, "size_bytes"));
	}
	osshort = xasprintf("%s %s", str(os, "id") ? str(os, "id") : "?",
			    str(os, "version_id") ? str(os, "version_id") : "");
	/* a host with no known name (a capture's) goes by its key */
	json_array_append_new(row, json_string(name ? name : key ? key : ""));
	json_array_append_new(row, json_string(key ? key : ""));
	json_array_append_new(row, json_string(str(os, "pretty_name") ? str(os, "pretty_name") : ""));
	json_array_append_new(row, json_string(osshort));
	json_array_append(row, fact(host, "boot", "firmware"));
	json_array_append_new(row, json_integer((json_int_t)ndisks));
	json_array_append_new(row, json_integer(disk_bytes));
	json_array_append(row, fact(host, "hardware", "ram_mib"));
	json_array_append_new(row, host_assessments(h, host, findings));
	/* the rest only when a host is opened: a second data block, parsed then */
	json_array_append_new(h->hosts, row);
	row = json_array();
	json_array_append_new(row, findings);
	for (i = 0; i < sizeof(fact_keys) / sizeof(fact_keys[0]); i++)
		json_array_append_new(facts, json_integer(itab_add(&h->v,
			json_incref(fact(host, fact_keys[i][0], fact_keys[i][1])))));
	json_array_append_new(facts, json_integer(itab_add(&h->v,
		json_incref(fact(host, "", "package_count")))));
	json_array_append_new(facts, json_integer(itab_add(&h->v,
		json_incref(fact(host, "", "service_count")))));
	json_array_append_new(row, facts);

	a = json_array();
	json_array_foreach(disks, i, d)
		json_array_append_new(a, pick(d, disk_keys));
	json_array_append_new(row, json_integer(itab_add(&h->v, a)));
	a = json_array();
	json_array_foreach(json_object_get(host, "nics"), i, d) {
		json_t *addrs = json_object_get(d, "addresses"), *ad;
		struct buf b = BUF_INIT;
		size_t j;
		json_array_foreach(addrs, j, ad)
			buf_addf(&b, "%s%s", j ? " " : "", json_string_value(ad) ? json_string_value(ad) : "");
		json_array_append_new(a, json_pack("[O,O,O,s]", fact(d, "", "name"), fact(d, "", "mac"),
						   fact(d, "", "state"), b.data ? b.data : ""));
		buf_release(&b);
	}
	json_array_append_new(row, json_integer(itab_add(&h->v, a)));
	a = json_array();
	json_array_foreach(json_object_get(host, "filesystems"), i, d)
		json_array_append_new(a, pick(d, fs_keys));
	json_array_append_new(row, json_integer(itab_add(&h->v, a)));
	a = json_array();
	json_array_foreach(json_object_get(host, "collectors"), i, d)
		if (!str(d, "status") || strcmp(str(d, "status"), "ok"))
			json_array_append_new(a, pick(d, coll_keys));
	json_array_append_new(row, json_integer(itab_add(&h->v, a)));
	json_array_append_new(row, json_integer(itab_add(&h->v,
		host_deps(h, json_object_get(host, "dependencies")))));

	if (key)
		json_object_set_new(h->names, key, json_string(name ? name : key));
	json_array_append_new(h->details, row);
	h->nhosts++;
	free(osshort);
	return 0;
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
 * A data block's text (d stolen): JSON with every '<' as \u003c, so it
 * cannot end its element.  Two blocks: the table's (the hosts' rows), read
 * when the page loads, and the details' (the rules, the interned values, each
 * host's findings and facts), placed after the script and read when a host
 * is first opened, so that 50,000 hosts show as soon as their rows are in.
 */
static char *data_text(json_t *d)
{
	char *text, *out, *p, *q;
	size_t lt = 0;

	if (!d)
		return NULL;
	text = json_dumps(d, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(d);
	if (!text)
		return NULL;
	for (p = text; *p; p++)
		lt += *p == '<';
	out = xmalloc(strlen(text) + 5 * lt + 1);
	for (p = text, q = out; *p; p++) {
		if (*p == '<') {
			memcpy(q, "\\u003c", 6);
			q += 6;
		} else {
			*q++ = *p;
		}
	}
	*q = '\0';
	free(text);
	return out;
}

static xmlDocPtr build(struct html *h, json_t *gs)
{
	xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr html, head, body, m, sec, nav, hdr, ctl, s;
	char *csp, *hs = csp_hash(html_css), *hj = csp_hash(html_js), *data, *detail = NULL;
	json_t *facts = json_array();

	for (size_t i = 0; i < sizeof(fact_keys) / sizeof(fact_keys[0]); i++)
		json_array_append_new(facts, json_pack("[s,s]", fact_keys[i][0], fact_keys[i][1]));
	json_array_append_new(facts, json_pack("[s,s]", "", "packages"));
	json_array_append_new(facts, json_pack("[s,s]", "", "services"));
	data = data_text(json_pack("{s:s, s:O}", "generator", "premig " PREMIG_VERSION, "hosts", h->hosts));
	detail = data_text(json_pack("{s:O, s:O, s:O, s:o}", "rules", h->rules.values, "V", h->v.values,
				     "hosts", h->details, "facts", facts));
	if (!hs || !hj || !data || !detail) {
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
	el(head, "title", h->nhosts == 1 && json_array_size(h->hosts) ?
	   json_string_value(json_array_get(json_array_get(h->hosts, 0), 0)) : "premig readiness report");
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
	struct html h = { .hosts = json_array(), .details = json_array(), .verdicts = json_object(), .blockers = json_object(),
			  .causes = json_object(), .infra = json_object(), .infra_seen = json_object(),
			  .names = json_object(), .rule_seen = json_object() };
	xmlOutputBufferPtr ob;
	xmlDocPtr doc = NULL;
	json_t *gs = NULL;
	int rc = -1, err = 0;

	itab_init(&h.v);
	itab_init(&h.rules);
	if (report_hosts(db, REPORT_BRIEF, add_host, &h) < 0)
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
	itab_release(&h.v);
	itab_release(&h.rules);
	json_decref(h.hosts);
	json_decref(h.details);
	json_decref(h.verdicts);
	json_decref(h.blockers);
	json_decref(h.causes);
	json_decref(h.infra);
	json_decref(h.infra_seen);
	json_decref(h.names);
	json_decref(h.rule_seen);
	return rc;
}
