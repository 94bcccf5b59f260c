/*
 * load.c - rule packs from their data files into structs, strictly
 *
 * Each file is JSON (RFC 8259), read with jansson, duplicate keys
 * rejected.  Anything unexpected is an error that names the file, the line
 * (jansson's json_error_t for syntax; for a bad or unknown key, the line of
 * that key in the text) and the rule: an unknown key, a missing or empty
 * field, a bad severity, a parameter of the wrong type, a duplicate id, a
 * file not named by its id, a check that does not compile against the
 * store (sqlite3_prepare), that is not one read-only statement, or whose
 * parameters are not the declared ones.  Every bad file is reported, then
 * the load fails as a whole: an assessment never runs on part of a pack.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>

#include "../collectors/collectors.h"
#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "rules.h"
#include "../scanner/str.h"
#include "../scanner/banned.h"

#define RULE_FILES_MAX 4096		/* files in one --rules directory tree */

static const char *const severity_names[] = {
	[RULE_BLOCKER] = "blocker",
	[RULE_WARNING] = "warning",
	[RULE_INFO] = "info",
};

static const char *const status_names[] = {
	[RULE_PASS] = "pass",
	[RULE_FAIL] = "fail",
	[RULE_UNKNOWN] = "unknown",
};

static const char *const verdict_names[] = {
	[VERDICT_READY] = "ready",
	[VERDICT_CONDITIONS] = "ready-with-conditions",
	[VERDICT_UNKNOWN] = "unknown",
	[VERDICT_NOT_READY] = "not-ready",
};

const char *rule_severity_name(enum rule_severity s)
{
	return severity_names[s];
}

const char *rule_status_name(enum rule_status s)
{
	return status_names[s];
}

const char *rule_verdict_name(enum rule_verdict v)
{
	return verdict_names[v];
}

/* ---- where a key is in the text ---------------------------------------- */

/*
 * The line of a key in valid JSON text: the top-level key k1 (k2 NULL,
 * idx < 0), the key k2 of the object that is k1's value, or the idx-th
 * string of the array that is k1's value.  0 when it is not found.  The
 * text has parsed, so a plain scan of strings and brackets is exact.
 */
static int text_line(const char *t, size_t n, const char *k1, const char *k2, int idx)
{
	char key1[128] = "";
	int line = 1, depth = 0, count = 0;

	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		size_t s, e, j;
		int sline, is_key;

		if (c == '\n') {
			line++;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			depth--;
		} else if (c == '"') {
			sline = line;
			s = i + 1;
			for (i = s; i < n && t[i] != '"'; i++) {
				if (t[i] == '\\')
					i++;
				else if (t[i] == '\n')
					line++;
			}
			e = i < n ? i : n;
			for (j = e + 1; j < n && isspace((unsigned char)t[j]); j++)
				;
			is_key = j < n && t[j] == ':';
			if (is_key && depth == 1) {
				size_t len = e - s < sizeof(key1) - 1 ? e - s : sizeof(key1) - 1;
				memcpy(key1, t + s, len);
				key1[len] = '\0';
				if (!k2 && idx < 0 && !strcmp(key1, k1))
					return sline;
			} else if (depth == 2 && !strcmp(key1, k1)) {
				if (is_key && k2 && strlen(k2) == e - s && !memcmp(t + s, k2, e - s))
					return sline;
				if (!is_key && idx >= 0 && count++ == idx)
					return sline;
			}
		}
	}
	return 0;
}

/* ---- messages ----------------------------------------------------------- */

struct parse {
	const struct rule_file *f;
	const char *id;		/* the rule's id once known, for messages */
	struct buf *err;	/* rules_check_file: the message, not printed */
	int anywhere;		/* rules_check_file: the file's name and directory not checked */
};

/* "file:line[:col]: rule 'ID': reason"; returns -1 */
__attribute__((format(printf, 5, 6)))
static int file_error(const struct parse *p, int line, int col, const char *k1, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	buf_adds(&b, p->f->name);
	if (line <= 0 && k1)
		line = text_line(p->f->text, p->f->len, k1, NULL, -1);
	if (line > 0)
		buf_addf(&b, ":%d", line);
	if (line > 0 && col > 0)
		buf_addf(&b, ":%d", col);
	buf_adds(&b, ": ");
	if (p->id)
		buf_addf(&b, "rule '%s': ", p->id);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (p->err)
		buf_adds(p->err, b.data);
	else
		scan_error("%s", b.data);
	buf_release(&b);
	return -1;
}

/* ---- fields ------------------------------------------------------------- */

static int check_keys(const struct parse *p, json_t *obj, const char *parent,
		      const char *const *known)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		const char *const *k;
		for (k = known; *k && strcmp(*k, key); k++)
			;
		if (*k)
			continue;
		if (parent)
			return file_error(p, text_line(p->f->text, p->f->len, parent, key, -1), 0,
					  parent, "unknown key '%s' in '%s'", key, parent);
		return file_error(p, 0, 0, key, "unknown key '%s'", key);
	}
	return 0;
}

/* a required non-empty string; *out is a copy */
static int get_string(const struct parse *p, json_t *obj, const char *key, const char *parent,
		      char **out)
{
	json_t *v = json_object_get(obj, key);
	int line = parent ? text_line(p->f->text, p->f->len, parent, key, -1) :
		   text_line(p->f->text, p->f->len, key, NULL, -1);

	*out = NULL;
	if (!v)
		return file_error(p, parent ? text_line(p->f->text, p->f->len, parent, NULL, -1) : 1,
				  0, NULL, "missing key '%s'%s%s", key, parent ? " in " : "",
				  parent ? parent : "");
	if (!json_is_string(v))
		return file_error(p, line, 0, NULL, "'%s' must be a string", key);
	if (!json_string_length(v))
		return file_error(p, line, 0, NULL, "'%s' must not be empty", key);
	if (strlen(json_string_value(v)) != json_string_length(v))
		return file_error(p, line, 0, NULL, "'%s' holds a NUL character", key);
	*out = xstrdup(json_string_value(v));
	return 0;
}

static int is_date(const char *s)
{
	int y, m, d;
	char tail;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return 0;
	return y >= 1970 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* MGN-BOOT-001: upper-case words and digits joined by '-', at least two */
static int is_rule_id(const char *s)
{
	int parts = 1;

	if (!isupper((unsigned char)*s))
		return 0;
	for (const char *c = s; *c; c++) {
		if (*c == '-') {
			if (c[1] == '-' || c[1] == '\0')
				return 0;
			parts++;
		} else if (!isupper((unsigned char)*c) && !isdigit((unsigned char)*c)) {
			return 0;
		}
	}
	return parts >= 2 && strlen(s) <= 64;
}

/* a parameter or profile name: [a-z][a-z0-9_]* ('-' too for profiles) */
static int is_name(const char *s, int dash)
{
	if (!islower((unsigned char)*s) || strlen(s) > 64)
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_' &&
		    !(dash && *s == '-'))
			return 0;
	return 1;
}

/* the directory part of a file name, as a new string ("" if none) */
static char *dir_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? xstrndup(path, (size_t)(s - path)) : xstrdup("");
}

/* ---- one rule ----------------------------------------------------------- */

static void param_release(struct rule_param *pm)
{
	free(pm->name);
	free(pm->s);
	free(pm->text);
}

static void rule_release(struct rule *r)
{
	free(r->id);
	free(r->profile);
	free(r->title);
	free(r->rationale);
	free(r->remediation);
	free(r->source);
	free(r->file);
	for (size_t i = 0; i < r->nrequires; i++)
		free(r->requires[i]);
	free(r->requires);
	for (size_t i = 0; i < r->nparams; i++)
		param_release(&r->params[i]);
	free(r->params);
	free(r->check);
	sqlite3_finalize(r->stmt);
	memset(r, 0, sizeof(*r));
}

static void param_set_text(struct rule_param *pm)
{
	free(pm->text);
	if (pm->type == SQLITE_INTEGER)
		pm->text = xasprintf("%lld", (long long)pm->i);
	else if (pm->type == SQLITE_FLOAT)
		pm->text = xasprintf("%.17g", pm->d);
	else
		pm->text = xstrdup(pm->s);
}

static int parse_params(const struct parse *p, json_t *params, struct rule *r)
{
	const char *name;
	json_t *v;

	if (!params)
		return 0;
	if (!json_is_object(params))
		return file_error(p, 0, 0, "params", "'params' must be an object of name: default");
	r->params = xcalloc(json_object_size(params) + 1, sizeof(*r->params));
	json_object_foreach(params, name, v) {
		struct rule_param *pm = &r->params[r->nparams];
		int line = text_line(p->f->text, p->f->len, "params", name, -1);

		if (!is_name(name, 0) || !strcmp(name, "today") || !strcmp(name, "scan_id"))
			return file_error(p, line, 0, NULL, "bad parameter name '%s' (lower case, "
					  "digits and '_'; 'today' and 'scan_id' are reserved)", name);
		if (json_is_integer(v)) {
			pm->type = SQLITE_INTEGER;
			pm->i = json_integer_value(v);
		} else if (json_is_real(v)) {
			pm->type = SQLITE_FLOAT;
			pm->d = json_real_value(v);
		} else if (json_is_string(v)) {
			pm->type = SQLITE_TEXT;
			pm->s = xstrdup(json_string_value(v));
		} else {
			return file_error(p, line, 0, NULL, "parameter '%s' must default to a number or a string",
					  name);
		}
		pm->name = xstrdup(name);
		param_set_text(pm);
		r->nparams++;
	}
	return 0;
}

static int parse_requires(const struct parse *p, json_t *req, struct rule *r)
{
	size_t i;
	json_t *v;

	if (!req)
		return file_error(p, 1, 0, NULL, "missing key 'requires'");
	if (!json_is_array(req) || !json_array_size(req))
		return file_error(p, 0, 0, "requires",
				  "'requires' must be a non-empty array of collector names");
	r->requires = xcalloc(json_array_size(req), sizeof(*r->requires));
	json_array_foreach(req, i, v) {
		int line = text_line(p->f->text, p->f->len, "requires", NULL, (int)i);
		const char *name = json_string_value(v);

		if (!name)
			return file_error(p, line, 0, NULL, "'requires' must hold collector names");
		if (!collector_find(name))
			return file_error(p, line, 0, NULL, "requires unknown collector '%s' "
					  "(see 'premig scan --help')", name);
		for (size_t k = 0; k < r->nrequires; k++)
			if (!strcmp(r->requires[k], name))
				return file_error(p, line, 0, NULL, "collector '%s' required twice", name);
		r->requires[r->nrequires++] = xstrdup(name);
	}
	return 0;
}

static int parse_source(const struct parse *p, json_t *src, struct rule *r)
{
	static const char *const keys[] = { "guide", "url", "quote", NULL };
	char *s;

	if (!src)
		return file_error(p, 1, 0, NULL, "missing key 'source'");
	if (!json_is_object(src))
		return file_error(p, 0, 0, "source", "'source' must be an object {guide, url, quote}");
	if (check_keys(p, src, "source", keys) < 0)
		return -1;
	for (const char *const *k = keys; *k; k++) {
		if (get_string(p, src, *k, "source", &s) < 0)
			return -1;
		free(s);
	}
	r->source = json_dumps(src, JSON_COMPACT | JSON_SORT_KEYS);
	if (!r->source)
		return file_error(p, 0, 0, "source", "cannot encode 'source'");
	return 0;
}

/* check: one string, or an array of strings (lines, joined by '\n') */
static int parse_check(const struct parse *p, json_t *chk, struct rule *r, size_t **starts,
		       size_t *nstarts)
{
	struct buf b = BUF_INIT;
	size_t i;
	json_t *v;

	*starts = NULL;
	*nstarts = 0;
	if (!chk)
		return file_error(p, 1, 0, NULL, "missing key 'check'");
	if (json_is_string(chk)) {
		buf_adds(&b, json_string_value(chk));
	} else if (json_is_array(chk) && json_array_size(chk)) {
		*starts = xcalloc(json_array_size(chk), sizeof(**starts));
		json_array_foreach(chk, i, v) {
			if (!json_is_string(v)) {
				buf_release(&b);
				return file_error(p, text_line(p->f->text, p->f->len, "check", NULL, -1),
						  0, NULL, "'check' must be a string or an array of strings");
			}
			if (i)
				buf_addc(&b, '\n');
			(*starts)[(*nstarts)++] = b.len;
			buf_adds(&b, json_string_value(v));
		}
	} else {
		return file_error(p, 0, 0, "check", "'check' must be a string or an array of strings");
	}
	if (strspn(b.data, " \t\r\n") == b.len) {
		buf_release(&b);
		return file_error(p, 0, 0, "check", "'check' is empty");
	}
	r->check = buf_detach(&b);
	return 0;
}

/* the file line of byte off of the check SQL */
static int check_line(const struct parse *p, const size_t *starts, size_t nstarts, int off)
{
	size_t k = 0;

	if (!nstarts || off < 0)
		return text_line(p->f->text, p->f->len, "check", NULL, -1);
	while (k + 1 < nstarts && starts[k + 1] <= (size_t)off)
		k++;
	return text_line(p->f->text, p->f->len, "check", NULL, (int)k);
}

static int prepare_check(const struct parse *p, sqlite3 *db, struct rule *r,
			 const size_t *starts, size_t nstarts)
{
	const char *tail = NULL;
	int ncols, nbind, off = -1;

	if (sqlite3_prepare_v3(db, r->check, -1, SQLITE_PREPARE_PERSISTENT, &r->stmt, &tail) != SQLITE_OK) {
#if SQLITE_VERSION_NUMBER >= 3038000
		off = sqlite3_error_offset(db);
#endif
		return file_error(p, check_line(p, starts, nstarts, off), 0, NULL,
				  "check does not compile: %s", sqlite3_errmsg(db));
	}
	if (!r->stmt)
		return file_error(p, 0, 0, "check", "check holds no SQL statement");
	if (tail && strspn(tail, " \t\r\n;") != strlen(tail)) {
		tail += strspn(tail, " \t\r\n;");
		return file_error(p, check_line(p, starts, nstarts, (int)(tail - r->check)), 0, NULL,
				  "check holds more than one SQL statement");
	}
	if (!sqlite3_stmt_readonly(r->stmt))
		return file_error(p, 0, 0, "check", "check must be a read-only SELECT");
	ncols = sqlite3_column_count(r->stmt);
	if (ncols < 1 || strcmp(sqlite3_column_name(r->stmt, 0), "scan_id"))
		return file_error(p, 0, 0, "check", "the first column of the check must be 'scan_id'");
	r->unknown_col = -1;
	for (int c = 1; c < ncols; c++) {
		const char *name = sqlite3_column_name(r->stmt, c);
		if (!strcmp(name, "scan_id"))
			return file_error(p, 0, 0, "check", "column 'scan_id' returned twice");
		if (!strcmp(name, "unknown_reason"))
			r->unknown_col = c;
		for (int k = 1; k < c; k++)
			if (!strcmp(sqlite3_column_name(r->stmt, k), name))
				return file_error(p, 0, 0, "check", "column '%s' returned twice", name);
	}
	nbind = sqlite3_bind_parameter_count(r->stmt);
	for (int i = 1; i <= nbind; i++) {
		const char *name = sqlite3_bind_parameter_name(r->stmt, i);
		size_t k;

		if (!name || name[0] != ':')
			return file_error(p, 0, 0, "check", "check parameters are written :name "
					  "(parameter %d is '%s')", i, name ? name : "?");
		if (!strcmp(name + 1, "today")) {
			r->today_index = i;
			continue;
		}
		for (k = 0; k < r->nparams && strcmp(r->params[k].name, name + 1); k++)
			;
		if (k == r->nparams)
			return file_error(p, 0, 0, "check", "check uses '%s', which 'params' does not declare",
					  name);
	}
	for (size_t k = 0; k < r->nparams; k++) {
		char colon[80];
		snprintf(colon, sizeof(colon), ":%s", r->params[k].name);
		if (!sqlite3_bind_parameter_index(r->stmt, colon))
			return file_error(p, text_line(p->f->text, p->f->len, "params", r->params[k].name, -1),
					  0, NULL, "parameter '%s' is not used by the check",
					  r->params[k].name);
	}
	return 0;
}

static int parse_rule(sqlite3 *db, const struct rule_file *f, const char *profile, struct rule *r,
		      struct parse p)
{
	static const char *const keys[] = {
		"id", "profile", "severity", "title", "rationale", "source", "remediation",
		"requires", "params", "check", NULL,
	};
	json_error_t je;
	json_t *root;
	size_t *starts = NULL, nstarts = 0;
	char *sev = NULL, *expect;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	root = json_loadb(f->text, f->len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return file_error(&p, je.line, je.column, NULL, "invalid JSON: %s", je.text);
	if (!json_is_object(root)) {
		file_error(&p, 1, 0, NULL, "a rule is a JSON object");
		goto out;
	}
	if (json_is_string(json_object_get(root, "id")))
		p.id = json_string_value(json_object_get(root, "id"));
	if (check_keys(&p, root, NULL, keys) < 0 || get_string(&p, root, "id", NULL, &r->id) < 0)
		goto out;
	if (!is_rule_id(r->id)) {
		file_error(&p, 0, 0, "id", "bad id (upper-case words and digits joined by '-', "
			   "such as MGN-BOOT-001)");
		goto out;
	}
	expect = xasprintf("%s.json", r->id);
	if (!p.anywhere && strcmp(str_base_name(f->name), expect)) {
		file_error(&p, 0, 0, "id", "a rule file is named by its id: '%s'", expect);
		free(expect);
		goto out;
	}
	free(expect);
	if (get_string(&p, root, "profile", NULL, &r->profile) < 0)
		goto out;
	if (profile && strcmp(r->profile, profile)) {
		file_error(&p, 0, 0, "profile", "profile '%s' is not its pack's '%s'", r->profile, profile);
		goto out;
	}
	if (get_string(&p, root, "severity", NULL, &sev) < 0)
		goto out;
	if (!strcmp(sev, "blocker")) {
		r->severity = RULE_BLOCKER;
	} else if (!strcmp(sev, "warning")) {
		r->severity = RULE_WARNING;
	} else if (!strcmp(sev, "info")) {
		r->severity = RULE_INFO;
	} else {
		file_error(&p, 0, 0, "severity", "unknown severity '%s' (blocker, warning or info)", sev);
		goto out;
	}
	if (get_string(&p, root, "title", NULL, &r->title) < 0 ||
	    get_string(&p, root, "rationale", NULL, &r->rationale) < 0 ||
	    get_string(&p, root, "remediation", NULL, &r->remediation) < 0 ||
	    parse_source(&p, json_object_get(root, "source"), r) < 0 ||
	    parse_requires(&p, json_object_get(root, "requires"), r) < 0 ||
	    parse_params(&p, json_object_get(root, "params"), r) < 0 ||
	    parse_check(&p, json_object_get(root, "check"), r, &starts, &nstarts) < 0 ||
	    prepare_check(&p, db, r, starts, nstarts) < 0)
		goto out;
	r->file = xstrdup(f->name);
	rc = 0;
out:
	free(sev);
	free(starts);
	json_decref(root);
	if (rc < 0)
		rule_release(r);
	return rc;
}

/* ---- pack.json ---------------------------------------------------------- */

static void pack_release(struct rule_pack *pk)
{
	free(pk->profile);
	free(pk->name);
	free(pk->version);
	free(pk->doc_date);
	free(pk->sources);
	free(pk->file);
	for (size_t i = 0; i < pk->nrules; i++)
		rule_release(&pk->rules[i]);
	free(pk->rules);
	memset(pk, 0, sizeof(*pk));
}

static int parse_pack(const struct rule_file *f, struct rule_pack *pk, struct parse p)
{
	static const char *const keys[] = {
		"profile", "name", "version", "documentation_date", "sources", NULL,
	};
	static const char *const src_keys[] = { "ref", "title", "url", NULL };
	json_error_t je;
	json_t *root, *srcs, *v;
	char *dir = dir_name(f->name), *s;
	size_t i;
	int rc = -1;

	memset(pk, 0, sizeof(*pk));
	root = json_loadb(f->text, f->len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		free(dir);
		return file_error(&p, je.line, je.column, NULL, "invalid JSON: %s", je.text);
	}
	if (!json_is_object(root)) {
		file_error(&p, 1, 0, NULL, "a pack header is a JSON object");
		goto out;
	}
	if (check_keys(&p, root, NULL, keys) < 0 ||
	    get_string(&p, root, "profile", NULL, &pk->profile) < 0 ||
	    get_string(&p, root, "name", NULL, &pk->name) < 0 ||
	    get_string(&p, root, "version", NULL, &pk->version) < 0 ||
	    get_string(&p, root, "documentation_date", NULL, &pk->doc_date) < 0)
		goto out;
	if (!is_name(pk->profile, 1)) {
		file_error(&p, 0, 0, "profile", "bad profile name '%s'", pk->profile);
		goto out;
	}
	if (!p.anywhere && strcmp(str_base_name(dir), pk->profile)) {
		file_error(&p, 0, 0, "profile", "profile '%s' is not its directory's name '%s'",
			   pk->profile, str_base_name(dir));
		goto out;
	}
	if (!is_date(pk->doc_date)) {
		file_error(&p, 0, 0, "documentation_date", "documentation_date must be YYYY-MM-DD");
		goto out;
	}
	srcs = json_object_get(root, "sources");
	if (!json_is_array(srcs) || !json_array_size(srcs)) {
		file_error(&p, srcs ? 0 : 1, 0, "sources", "'sources' must be a non-empty array of "
			   "{ref, title, url}");
		goto out;
	}
	json_array_foreach(srcs, i, v) {
		if (!json_is_object(v)) {
			file_error(&p, 0, 0, "sources", "'sources' must hold objects {ref, title, url}");
			goto out;
		}
		if (check_keys(&p, v, "sources", src_keys) < 0)
			goto out;
		for (const char *const *k = src_keys; *k; k++) {
			if (get_string(&p, v, *k, "sources", &s) < 0)
				goto out;
			free(s);
		}
	}
	pk->sources = json_dumps(srcs, JSON_COMPACT);
	pk->file = xstrdup(f->name);
	rc = 0;
out:
	free(dir);
	json_decref(root);
	if (rc < 0)
		pack_release(pk);
	return rc;
}

/* ---- the set ------------------------------------------------------------ */

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct rule_file *)a)->name, ((const struct rule_file *)b)->name);
}

static int cmp_rule(const void *a, const void *b)
{
	return strcmp(((const struct rule *)a)->id, ((const struct rule *)b)->id);
}

static int cmp_pack(const void *a, const void *b)
{
	return strcmp(((const struct rule_pack *)a)->profile, ((const struct rule_pack *)b)->profile);
}

void rule_set_release(struct rule_set *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->npacks; i++)
		pack_release(&rs->packs[i]);
	free(rs->packs);
	free(rs->origin);
	memset(rs, 0, sizeof(*rs));
}

static void today_utc(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, 11, "%Y-%m-%d", &tm))
		snprintf(out, 11, "1970-01-01");
}

/* the scans under assessment; created here so that checks compile against it */
static int make_targets(sqlite3 *db)
{
	char *msg = NULL;

	if (sqlite3_exec(db, "CREATE TEMP TABLE IF NOT EXISTS target_scans ("
			 " scan_id INTEGER PRIMARY KEY, host_id INTEGER NOT NULL,"
			 " host_key TEXT NOT NULL)", NULL, NULL, &msg) != SQLITE_OK) {
		scan_error("assess: cannot create the table of scans: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int rules_load_files(sqlite3 *db, const struct rule_file *files, size_t n,
		     const char *origin, struct rule_set *out)
{
	struct rule_file *sorted = xcalloc(n + 1, sizeof(*sorted));
	struct rule_set rs = { 0 };
	int bad = 0;

	memset(out, 0, sizeof(*out));
	if (make_targets(db) < 0 || rules_sql_functions(db) < 0) {
		free(sorted);
		return -1;
	}
	memcpy(sorted, files, n * sizeof(*files));
	qsort(sorted, n, sizeof(*sorted), cmp_file);
	rs.packs = xcalloc(n + 1, sizeof(*rs.packs));
	/* one directory at a time: its pack.json, then its rules */
	for (size_t i = 0; i < n;) {
		char *dir = dir_name(sorted[i].name);
		size_t j, nd;
		const struct rule_file *hdr = NULL;
		struct rule_pack pk;
		int have_pack = 0;

		for (j = i; j < n; j++) {
			char *d = dir_name(sorted[j].name);
			int same = !strcmp(d, dir);
			free(d);
			if (!same)
				break;
			if (!strcmp(str_base_name(sorted[j].name), "pack.json"))
				hdr = &sorted[j];
		}
		nd = j - i;
		if (!hdr) {
			scan_error("%s/pack.json: missing: each pack directory has a pack header", dir);
			bad++;
		} else if (parse_pack(hdr, &pk, (struct parse){ .f = hdr }) < 0) {
			bad++;
		} else {
			have_pack = 1;
			pk.rules = xcalloc(nd, sizeof(*pk.rules));
		}
		for (j = i; j < i + nd; j++) {
			struct rule r;
			if (&sorted[j] == hdr)
				continue;
			if (parse_rule(db, &sorted[j], have_pack ? pk.profile : NULL, &r,
				       (struct parse){ .f = &sorted[j] }) < 0) {
				bad++;
				continue;
			}
			if (have_pack)
				pk.rules[pk.nrules++] = r;
			else
				rule_release(&r);
		}
		if (have_pack) {
			if (nd == 1) {
				scan_error("%s: the pack '%s' has no rules", pk.file, pk.profile);
				bad++;
			}
			qsort(pk.rules, pk.nrules, sizeof(*pk.rules), cmp_rule);
			rs.packs[rs.npacks++] = pk;
		}
		free(dir);
		i += nd;
	}
	if (!n) {
		scan_error("assess: %s: no rule packs found (a pack is DIR/<profile>/pack.json "
			   "and its rules beside it)", origin);
		bad++;
	}
	qsort(rs.packs, rs.npacks, sizeof(*rs.packs), cmp_pack);
	/* ids are unique across every pack; profiles across packs */
	for (size_t a = 0; a < rs.npacks; a++) {
		if (a && !strcmp(rs.packs[a].profile, rs.packs[a - 1].profile)) {
			scan_error("%s: profile '%s' is also the profile of %s", rs.packs[a].file,
				   rs.packs[a].profile, rs.packs[a - 1].file);
			bad++;
		}
		for (size_t i = 0; i < rs.packs[a].nrules; i++) {
			const struct rule *r = &rs.packs[a].rules[i];
			for (size_t b = a; b < rs.npacks; b++)
				for (size_t k = b == a ? i + 1 : 0; k < rs.packs[b].nrules; k++) {
					const struct rule *o = &rs.packs[b].rules[k];
					struct rule_file rf = { o->file, NULL, 0 };
					struct parse p = { .f = &rf, .id = o->id };
					if (strcmp(r->id, o->id))
						continue;
					/* the file names differ in their directory only */
					for (size_t f = 0; f < n; f++)
						if (!strcmp(sorted[f].name, o->file))
							rf = sorted[f];
					file_error(&p, 0, 0, "id", "duplicate id: also in %s", r->file);
					bad++;
				}
		}
	}
	free(sorted);
	if (bad) {
		rule_set_release(&rs);
		return -1;
	}
	rs.origin = xstrdup(origin);
	today_utc(rs.today);
	*out = rs;
	return 0;
}

int rules_check_file(sqlite3 *db, const struct rule_file *f, int anywhere,
		     struct rule_check *out, struct buf *why)
{
	struct parse p = { .f = f, .err = why, .anywhere = anywhere };

	memset(out, 0, sizeof(*out));
	if (make_targets(db) < 0 || rules_sql_functions(db) < 0) {
		buf_adds(why, "the store's tables or functions cannot be set up");
		return -1;
	}
	out->is_pack = !strcmp(str_base_name(f->name), "pack.json");
	if (out->is_pack)
		return parse_pack(f, &out->pack, p);
	return parse_rule(db, f, NULL, &out->rule, p);
}

void rules_check_release(struct rule_check *c)
{
	if (c->is_pack)
		pack_release(&c->pack);
	else
		rule_release(&c->rule);
	memset(c, 0, sizeof(*c));
}

int rules_load_builtin(sqlite3 *db, struct rule_set *out)
{
	return rules_load_files(db, rule_builtin_files, rule_builtin_nfiles, "built-in", out);
}

/*
 * reads a pack file into memory, capped; only a regular file: opened
 * without waiting (a FIFO would block the open for ever), then fstat
 */
static int read_file(const char *path, char **text, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[8192];
	struct stat st;
	ssize_t got;
	int fd, rc = -1;

	*text = NULL;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return scan_error_errno(errno, "assess: cannot read '%s'", path);
	if (fstat(fd, &st) < 0) {
		scan_error_errno(errno, "assess: cannot read '%s'", path);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		scan_error("assess: cannot read '%s': not a regular file", path);
		goto out;
	}
	while ((got = read(fd, chunk, sizeof(chunk))) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			scan_error_errno(errno, "assess: cannot read '%s'", path);
			goto out;
		}
		buf_add(&b, chunk, (size_t)got);
		if (b.len > RULE_FILE_MAX) {
			scan_error("assess: cannot read '%s': larger than %d bytes", path,
				   RULE_FILE_MAX);
			goto out;
		}
	}
	*len = b.len;
	*text = buf_detach(&b);
	rc = 0;
out:
	close(fd);
	buf_release(&b);
	return rc;
}

int rules_load_dir(sqlite3 *db, const char *dir, struct rule_set *out)
{
	struct rule_file *files = NULL;
	size_t n = 0;
	DIR *top;
	struct dirent *de;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	top = opendir(dir);
	if (!top)
		return scan_error_errno(errno, "assess: --rules '%s'", dir);
	files = xcalloc(RULE_FILES_MAX, sizeof(*files));
	while ((de = readdir(top))) {
		char *sub;
		DIR *d;
		struct dirent *fe;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		sub = xasprintf("%s/%s", dir, de->d_name);
		if (stat(sub, &st) < 0 || !S_ISDIR(st.st_mode)) {
			free(sub);
			continue;
		}
		d = opendir(sub);
		if (!d) {
			scan_error_errno(errno, "assess: cannot read '%s'", sub);
			free(sub);
			goto out;
		}
		while ((fe = readdir(d))) {
			char *path, *text;
			size_t len;

			if (fe->d_name[0] == '.' || !str_has_stem(fe->d_name, ".json"))
				continue;
			if (n == RULE_FILES_MAX) {
				scan_error("assess: --rules '%s': more than %d files", dir, RULE_FILES_MAX);
				closedir(d);
				free(sub);
				goto out;
			}
			path = xasprintf("%s/%s", sub, fe->d_name);
			if (read_file(path, &text, &len) < 0) {
				free(path);
				closedir(d);
				free(sub);
				goto out;
			}
			files[n].name = path;
			files[n].text = text;
			files[n].len = len;
			n++;
		}
		closedir(d);
		free(sub);
	}
	rc = rules_load_files(db, files, n, dir, out);
out:
	closedir(top);
	for (size_t i = 0; i < n; i++) {
		free((char *)files[i].name);
		free((char *)files[i].text);
	}
	free(files);
	return rc;
}

const struct rule_pack *rules_find_pack(const struct rule_set *rs, const char *profile)
{
	for (size_t i = 0; i < rs->npacks; i++)
		if (!strcmp(rs->packs[i].profile, profile))
			return &rs->packs[i];
	return NULL;
}

/* parses value as pm's type into pm; <0 if it does not parse */
static int param_parse(struct rule_param *pm, const char *value)
{
	char *end;

	errno = 0;
	if (pm->type == SQLITE_INTEGER) {
		long long v = strtoll(value, &end, 10);
		if (!*value || *end || errno)
			return -1;
		pm->i = v;
	} else if (pm->type == SQLITE_FLOAT) {
		double v = strtod(value, &end);
		if (!*value || *end || errno)
			return -1;
		pm->d = v;
	} else {
		free(pm->s);
		pm->s = xstrdup(value);
	}
	param_set_text(pm);
	pm->overridden = 1;
	return 0;
}

int rules_set_param(struct rule_set *rs, const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	char *name;
	int found = 0, rc = 0;

	if (!eq || eq == assignment)
		return scan_error("assess: --set '%s': expected NAME=VALUE", assignment);
	name = xstrndup(assignment, (size_t)(eq - assignment));
	if (!strcmp(name, "today")) {
		if (!is_date(eq + 1)) {
			free(name);
			return scan_error("assess: --set today='%s': expected YYYY-MM-DD", eq + 1);
		}
		snprintf(rs->today, sizeof(rs->today), "%s", eq + 1);
		rs->today_overridden = 1;
		free(name);
		return 0;
	}
	for (size_t a = 0; a < rs->npacks && rc == 0; a++)
		for (size_t i = 0; i < rs->packs[a].nrules && rc == 0; i++) {
			struct rule *r = &rs->packs[a].rules[i];
			for (size_t k = 0; k < r->nparams; k++) {
				if (strcmp(r->params[k].name, name))
					continue;
				found = 1;
				if (param_parse(&r->params[k], eq + 1) < 0)
					rc = scan_error("assess: --set %s='%s': rule %s wants %s", name,
							eq + 1, r->id,
							r->params[k].type == SQLITE_INTEGER ? "an integer" :
							"a number");
			}
		}
	if (!found && rc == 0)
		rc = scan_error("assess: --set: no rule has a parameter '%s'", name);
	free(name);
	return rc;
}
