/*
 * attrs.c - the attribute set of each host for Migration Hub (attrs.h),
 * and premig export attributes
 *
 * Normative source: botocore's mgh 2017-05-31 model as summarised in
 * ../shared/reference/aws-spec.md sections 2.2 and 2.3: ResourceAttribute
 * types and value formats (IPV4 x.x.x.x, IPV6 y:y:y:y:y:y:y:y, MAC
 * ^([0-9A-Fa-f]{2}[:-]){5}([0-9A-Fa-f]{2})$, FQDN ^[^<>{}\\/?,=\p{Cntrl}]{1,256}$),
 * "provide as many as you know in separate type/value pairs", and
 * "each call replaces the stored attributes, so always send the full set".
 *
 * What a Linux guest knows: its FQDN (or hostname), the DMI product UUID
 * (BIOS_ID), its NICs' MACs and addresses.  It cannot know its vCenter's
 * id, so no VM_* attribute is made; the VM rule is still checked.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../scanner/buf.h"
#include "../scanner/cli.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/exitcodes.h"
#include "../scanner/scan.h"
#include "attrs.h"
#include "jsonutil.h"
#include "report.h"
#include "sigv4.h"
#include "../scanner/banned.h"

static const char *const attr_types[] = {
	"IPV4_ADDRESS", "IPV6_ADDRESS", "MAC_ADDRESS", "FQDN", "VM_MANAGER_ID",
	"VM_MANAGED_OBJECT_REFERENCE", "VM_NAME", "VM_PATH", "BIOS_ID",
	"MOTHERBOARD_SERIAL_NUMBER",
};

/*
 * Characters of a UTF-8 string as the model's Java patterns count them;
 * -1 when a byte is not UTF-8, or a character is one that '.' does not
 * match (\n, \r, U+0085, U+2028, U+2029)
 */
static long pattern_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long n = 0;

	while (*p) {
		unsigned c = *p, len, cp;
		if (c < 0x80)
			len = 1, cp = c;
		else if ((c & 0xe0) == 0xc0)
			len = 2, cp = c & 0x1f;
		else if ((c & 0xf0) == 0xe0)
			len = 3, cp = c & 0x0f;
		else if ((c & 0xf8) == 0xf0)
			len = 4, cp = c & 0x07;
		else
			return -1;
		for (unsigned i = 1; i < len; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return -1;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if (cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029)
			return -1;
		p += len;
		n++;
	}
	return n;
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int valid_ipv4(const char *s)
{
	for (int part = 0; part < 4; part++) {
		unsigned v = 0;
		int digits = 0;
		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (!digits || digits > 3 || v > 255)
			return 0;
		if (part < 3 && *s++ != '.')
			return 0;
	}
	return *s == '\0';
}

/* the documented form, eight groups: y:y:y:y:y:y:y:y */
static int valid_ipv6(const char *s)
{
	for (int part = 0; part < 8; part++) {
		int digits = 0;
		while (is_hex(*s) && digits < 5) {
			s++;
			digits++;
		}
		if (!digits || digits > 4)
			return 0;
		if (part < 7 && *s++ != ':')
			return 0;
	}
	return *s == '\0';
}

static int valid_mac(const char *s)
{
	if (strlen(s) != 17)
		return 0;
	for (int i = 0; i < 17; i++) {
		if (i % 3 == 2 ? (s[i] != ':' && s[i] != '-') : !is_hex(s[i]))
			return 0;
	}
	return 1;
}

/* ^[^<>{}\\/?,=\p{Cntrl}]{1,256}$; \p{Cntrl} is U+0000-001F, U+007F-009F */
static int valid_fqdn(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || strchr("<>{}\\/?,=", *p))
			return 0;
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 0;
	}
	return 1;
}

static int known_type(const char *t)
{
	for (size_t i = 0; i < sizeof(attr_types) / sizeof(attr_types[0]); i++)
		if (!strcmp(t, attr_types[i]))
			return 1;
	return 0;
}

/* 0 when value is a valid value of type, else 1 with *why */
static int valid_value(const char *type, const char *value, char **why)
{
	long n = pattern_chars(value);

	if (n < 1 || n > ATTR_VALUE_MAX) {
		*why = xasprintf("%s value must be 1 to %d characters, without line breaks",
				 type, ATTR_VALUE_MAX);
		return 1;
	}
	if ((!strcmp(type, "IPV4_ADDRESS") && !valid_ipv4(value)) ||
	    (!strcmp(type, "IPV6_ADDRESS") && !valid_ipv6(value)) ||
	    (!strcmp(type, "MAC_ADDRESS") && !valid_mac(value)) ||
	    (!strcmp(type, "FQDN") && !valid_fqdn(value))) {
		*why = xasprintf("%s value '%s' is not in the documented format", type, value);
		return 1;
	}
	return 0;
}

int attrs_validate(const json_t *list, char **why)
{
	size_t i, n = json_array_size(list);
	const json_t *a;
	int vm = 0, manager = 0;

	*why = NULL;
	if (!json_is_array(list) || n < 1 || n > ATTRS_MAX) {
		*why = xasprintf("ResourceAttributeList must hold 1 to %d attributes, not %zu",
				 ATTRS_MAX, n);
		return 1;
	}
	json_array_foreach(list, i, a) {
		const char *t = json_string_value(json_object_get(a, "Type"));
		const char *v = json_string_value(json_object_get(a, "Value"));
		if (!t || !v || json_object_size(a) != 2) {
			*why = xasprintf("attribute %zu must be {\"Type\": ..., \"Value\": ...}", i + 1);
			return 1;
		}
		if (!known_type(t)) {
			*why = xasprintf("attribute %zu: unknown Type '%s'", i + 1, t);
			return 1;
		}
		if (valid_value(t, v, why))
			return 1;
		if (!strcmp(t, "VM_MANAGER_ID"))
			manager = 1;
		else if (!strncmp(t, "VM_", 3))
			vm = 1;
	}
	if (vm && !manager) {
		*why = xstrdup("VM_* attributes are sent only with VM_MANAGER_ID"
			       " (without it Migration Hub discards them)");
		return 1;
	}
	return 0;
}

int attrs_valid_task_name(const char *s, char **why)
{
	long n = pattern_chars(s);

	*why = NULL;
	if (n < 1 || n > TASK_NAME_MAX || strpbrk(s, ":|")) {
		*why = xasprintf("MigrationTaskName '%s' must be 1 to %d characters without ':' or '|'",
				 s, TASK_NAME_MAX);
		return 1;
	}
	return 0;
}

int attrs_valid_stream(const char *s, char **why)
{
	long n = pattern_chars(s);

	*why = NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || strchr("/:|", *p))
			n = -1;
	if (n < 1 || n > STREAM_NAME_MAX) {
		*why = xasprintf("progress update stream '%s' must be 1 to %d characters without"
				 " '/', ':', '|' or control characters", s, STREAM_NAME_MAX);
		return 1;
	}
	return 0;
}

char *attrs_task_name(const char *host_key)
{
	char hex[65], *why = NULL, *name;
	struct buf b = BUF_INIT;
	size_t keep;

	if (!attrs_valid_task_name(host_key, &why))
		return xstrdup(host_key);
	free(why);
	sigv4_sha256_hex(host_key, strlen(host_key), hex);
	/* room for "-" and 8 hex digits; cut at a character's first byte */
	keep = strlen(host_key);
	if (keep > TASK_NAME_MAX - 9) {
		keep = TASK_NAME_MAX - 9;
		while (keep > 0 && ((unsigned char)host_key[keep] & 0xc0) == 0x80)
			keep--;
	}
	for (size_t i = 0; i < keep; i++) {
		unsigned char c = (unsigned char)host_key[i];
		buf_addc(&b, c == ':' || c == '|' || c == '\n' || c == '\r' ? '-' : (char)c);
	}
	buf_addf(&b, "-%.8s", hex);
	name = buf_detach(&b);
	return name;
}

json_t *attrs_request(const struct push_host *h, const char *stream)
{
	json_t *o = json_object();

	json_object_set_new(o, "ProgressUpdateStream", json_string(stream));
	json_object_set_new(o, "MigrationTaskName", json_string(h->task_name));
	json_object_set_new(o, "ResourceAttributeList", json_deep_copy(h->attributes));
	return o;
}

/* ---- reading the store ---- */

struct attr_build {
	json_t *list;
	const char *host;
	unsigned dropped, cut;
};

static void add_attr(struct attr_build *ab, const char *type, const char *value)
{
	char *why = NULL;
	size_t i;
	json_t *a;

	if (!value || !*value)
		return;
	if (valid_value(type, value, &why)) {
		scan_warn("export: host '%s': %s: left out", ab->host, why);
		free(why);
		ab->dropped++;
		return;
	}
	json_array_foreach(ab->list, i, a)
		if (!strcmp(json_string_value(json_object_get(a, "Type")), type) &&
		    !strcmp(json_string_value(json_object_get(a, "Value")), value))
			return;
	if (json_array_size(ab->list) >= ATTRS_MAX) {
		ab->cut++;
		return;
	}
	a = json_object();
	json_object_set_new(a, "Type", json_string(type));
	json_object_set_new(a, "Value", json_string(value));
	json_array_append_new(ab->list, a);
}

/* an address as the documented form wants it, or NULL when not worth sending */
static int shape_address(int family, const char *addr, char *out, size_t outlen)
{
	unsigned char b[16];

	if (family == 4) {
		if (inet_pton(AF_INET, addr, b) != 1)
			return -1;
		/* loopback, unspecified and link-local name no machine on the network */
		if (b[0] == 127 || b[0] == 0 || (b[0] == 169 && b[1] == 254))
			return 1;
		snprintf(out, outlen, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
		return 0;
	}
	if (inet_pton(AF_INET6, addr, b) != 1)
		return -1;
	{
		static const unsigned char loop[16] = { [15] = 1 }, any[16] = { 0 };
		if (!memcmp(b, loop, 16) || !memcmp(b, any, 16) ||
		    (b[0] == 0xfe && (b[1] & 0xc0) == 0x80))
			return 1;
	}
	snprintf(out, outlen, "%x:%x:%x:%x:%x:%x:%x:%x",
		 b[0] << 8 | b[1], b[2] << 8 | b[3], b[4] << 8 | b[5], b[6] << 8 | b[7],
		 b[8] << 8 | b[9], b[10] << 8 | b[11], b[12] << 8 | b[13], b[14] << 8 | b[15]);
	return 0;
}

static int host_attributes(sqlite3 *db, sqlite3_int64 scan, struct attr_build *ab)
{
	sqlite3_stmt *st;
	int rc;

	/* the FQDN where the host knows it, else its hostname (a valid FQDN value) */
	st = prep_scan(db, "SELECT coalesce(fqdn, hostname) FROM identity WHERE scan_id = ?", scan);
	if (!st)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		add_attr(ab, "FQDN", db_col_text(st, 0));
	stmt_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;

	st = prep_scan(db, "SELECT dmi_uuid FROM hardware WHERE scan_id = ?", scan);
	if (!st)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		add_attr(ab, "BIOS_ID", db_col_text(st, 0));
	stmt_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;

	st = prep_scan(db, "SELECT DISTINCT upper(mac) FROM nics WHERE scan_id = ? AND mac IS NOT NULL"
		       " AND mac <> '00:00:00:00:00:00' AND coalesce(kind, '') <> 'loopback'"
		       /* a virtual NIC's MAC is made up (veth, tun) or a member's (bond, bridge) */
		       " AND NOT coalesce(virtual, 0) ORDER BY name", scan);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		add_attr(ab, "MAC_ADDRESS", db_col_text(st, 0));
	stmt_done(st);
	if (rc != SQLITE_DONE)
		return -1;

	st = prep_scan(db, "SELECT family, address FROM nic_addresses WHERE scan_id = ?"
		       " AND family IN (4, 6) ORDER BY family, nic, address", scan);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char a[64];
		const char *addr = db_col_text(st, 1);
		int family = sqlite3_column_int(st, 0);
		int s = shape_address(family, addr ? addr : "", a, sizeof(a));
		if (s == 0)
			add_attr(ab, family == 4 ? "IPV4_ADDRESS" : "IPV6_ADDRESS", a);
		else if (s < 0) {
			scan_warn("export: host '%s': address '%s' is not an IPv%d address: left out",
				  ab->host, addr ? addr : "", family);
			ab->dropped++;
		}
	}
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* "premig: mgn ready (0 blockers, 0 warnings, 1 unknown); sms ..." or "not assessed" */
static char *status_detail(sqlite3 *db, sqlite3_int64 scan, int *err)
{
	struct buf b = BUF_INIT;
	sqlite3_stmt *st = prep_scan(db, "SELECT profile, verdict, blockers, warnings, unknowns"
				     " FROM verdicts WHERE scan_id = ? ORDER BY profile", scan);
	int rc;

	buf_adds(&b, "premig:");
	if (!st) {
		*err = 1;
		return buf_detach(&b);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_addf(&b, "%s %s %s (%d blockers, %d warnings, %d unknown)",
			 b.len > 7 ? ";" : "", db_col_text(st, 0), db_col_text(st, 1),
			 sqlite3_column_int(st, 2), sqlite3_column_int(st, 3), sqlite3_column_int(st, 4));
	}
	if (rc != SQLITE_DONE)
		*err = 1;
	stmt_done(st);
	if (b.len == 7)
		buf_adds(&b, " not assessed");
	if (b.len > STATUS_DETAIL_MAX) {
		/* ASCII only (profile names and verdicts are premig's own) */
		buf_setlen(&b, STATUS_DETAIL_MAX - 3);
		buf_adds(&b, "...");
	}
	return buf_detach(&b);
}

static void push_host_release(struct push_host *h)
{
	free(h->host_key);
	free(h->task_name);
	json_decref(h->attributes);
	free(h->status_detail);
	free(h->problem);
	memset(h, 0, sizeof(*h));
}

int attrs_each_host(sqlite3 *db, int (*fn)(const struct push_host *h, void *arg), void *arg)
{
	sqlite3_stmt *hs = db_prepare(db, REPORT_LATEST_SCANS_SQL " ORDER BY h.host_key");
	int rc = SQLITE_DONE, err = 0, frc = 0;

	if (!hs)
		return -1;
	while (!err && !frc && (rc = sqlite3_step(hs)) == SQLITE_ROW) {
		struct push_host h = { 0 };
		struct attr_build ab = { 0 };
		char *why = NULL;

		h.host_key = xstrdup(db_col_text(hs, 0));
		h.task_name = attrs_task_name(h.host_key);
		ab.list = json_array();
		ab.host = h.host_key;
		if (host_attributes(db, sqlite3_column_int64(hs, 2), &ab) < 0)
			err = 1;
		h.attributes = ab.list;
		h.status_detail = status_detail(db, sqlite3_column_int64(hs, 2), &err);
		if (ab.cut)
			scan_warn("export: host '%s': %u attributes left out: a request holds at most %d",
				  h.host_key, ab.cut, ATTRS_MAX);
		if (!json_array_size(h.attributes))
			h.problem = xstrdup("no attribute to send (no FQDN, BIOS id, MAC or address"
					    " in its scan)");
		else if (attrs_validate(h.attributes, &why) || attrs_valid_task_name(h.task_name, &why))
			h.problem = why;
		if (!err)
			frc = fn(&h, arg);
		push_host_release(&h);
	}
	if (!err && !frc && rc != SQLITE_DONE)
		err = 1;
	sqlite3_finalize(hs);
	stmt_cache_release();	/* host_attributes' and status_detail's statements */
	if (err)
		return scan_error("export: cannot read the store: %s", sqlite3_errmsg(db));
	return frc < 0 ? -1 : 0;
}

/* ---- premig export attributes ---- */

static const char attributes_usage[] =
	"usage: premig export attributes [--db FILE] [--stream NAME] [-o FILE]\n\n"
	"The body of Migration Hub's PutResourceAttributes request for each host\n"
	"(its latest scan), one JSON object per line, exactly as premig push sends\n"
	"it: the FQDN (or hostname), the DMI product UUID as BIOS_ID, every MAC\n"
	"and every IPv4 and IPv6 address but loopback and link-local.  Each is\n"
	"checked against the API's constraints first (1 to 100 attributes, values\n"
	"1 to 256 characters in the documented formats, VM_* only with\n"
	"VM_MANAGER_ID, MigrationTaskName 1 to 256 characters without ':' or '|').\n\n"
	"  --db FILE      the database (default premig-<hostname>.db)\n"
	"  --stream NAME  the progress update stream named in the bodies (premig)\n"
	"  -o, --output FILE  write there instead of standard output\n\n"
	"exit status: 0 every host written, 2 usage, 4 database error, 5 a host\n"
	"could not be exported (the others are written; stderr says why)\n";

struct attrs_out {
	FILE *f;
	const char *stream;
	unsigned bad;
};

static int write_host(const struct push_host *h, void *arg)
{
	struct attrs_out *o = arg;
	json_t *body;

	if (h->problem) {
		scan_error("export: host '%s': %s", h->host_key, h->problem);
		o->bad++;
		return 0;
	}
	body = attrs_request(h, o->stream);
	json_dumpf(body, o->f, JSON_COMPACT | JSON_ENSURE_ASCII);
	fputc('\n', o->f);
	json_decref(body);
	return 0;
}

int export_attributes(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "stream", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct attrs_out o = { stdout, "premig", 0 };
	const char *dbpath = NULL, *outpath = NULL;
	char *defdb = NULL, *why = NULL;
	sqlite3 *db = NULL;
	int c, rc = EXIT_OK;

	struct cli cl = CLI_INIT("export attributes", attributes_usage, ":ho:", longopts, argc, argv);

	while ((c = cli_next(&cl)) >= 0) {
		switch (c) {
		case 'd': dbpath = optarg; break;
		case 's': o.stream = optarg; break;
		case 'o': outpath = optarg; break;
		}
	}
	if (c != CLI_END)
		return cli_exit(c);
	if (cli_extra_operands(&cl))
		return EXIT_USAGE;
	if (attrs_valid_stream(o.stream, &why)) {
		scan_error("export attributes: %s", why);
		free(why);
		return EXIT_USAGE;
	}
	dbpath = cli_db_path(dbpath, &defdb);
	if (db_open(dbpath, DB_READ, &db) < 0) {
		free(defdb);
		return EXIT_STORE;
	}
	if (outpath && strcmp(outpath, "-")) {
		o.f = fopen(outpath, "we");
		if (!o.f) {
			scan_error_errno(errno, "export attributes: cannot write '%s'", outpath);
			rc = EXIT_FATAL;
			goto out;
		}
	}
	if (attrs_each_host(db, write_host, &o) < 0)
		rc = EXIT_STORE;
	else if (o.bad)
		rc = EXIT_INPUT;
	if (fflush(o.f) || ferror(o.f)) {
		scan_error("export attributes: cannot write the output");
		rc = EXIT_FATAL;
	}
	if (o.f != stdout && fclose(o.f)) {
		scan_error("export attributes: cannot write '%s'", outpath);
		rc = EXIT_FATAL;
	}
out:
	db_close(db);
	free(defdb);
	return rc;
}
