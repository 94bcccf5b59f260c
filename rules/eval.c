/*
 * eval.c - evaluating the packs over the store, storing findings and verdicts
 *
 * Set-based, for fleets: the scans under assessment go into the temporary
 * table target_scans, and each rule's check runs once over all of them.
 * The collector runs are read once.  Results are kept in memory (a status
 * byte per rule and scan, details only for what did not pass) and written
 * in one transaction, scan by scan, in the order of the findings' key.
 *
 * Status of a rule for a scan: unknown if a required collector did not run
 * ok (the reason names it and what it recorded); else fail if the check
 * returned a row with unknown_reason NULL (a violation); else unknown if it
 * returned rows with unknown_reason set (their reasons, joined); else pass.
 *
 * A check runs under a budget of SQLite virtual machine steps (the
 * progress handler, sqlite3_progress_handler(3)), so that a check that
 * never ends (an unbounded WITH RECURSIVE) ends: when it has spent its
 * budget the statement is interrupted, and the rule is unknown, "check ran
 * out of its budget (N steps)", for every scan it had not found failing
 * (a row already returned is a violation whatever the rest would say).
 *
 * Verdict of a host for a profile (DESIGN.md): not-ready if a blocker
 * fails; else unknown if a blocker is unknown; else ready-with-conditions
 * if a warning fails or is unknown; else ready.  Info rules are reported
 * and never change a verdict.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>

#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/jsontext.h"
#include "../scanner/version.h"
#include "rules.h"
#include "../scanner/banned.h"

#define EVIDENCE_MAX 50		/* rows of evidence kept per finding */
#define PROGRESS_PERIOD 1000	/* VM steps between two calls of the progress handler */

enum crun_status {
	CRUN_MISSING,		/* no collector_runs row: it did not run in this scan */
	CRUN_OK,
	CRUN_NOT_APPLICABLE,
	CRUN_FAILED,
	CRUN_SKIPPED,
};

struct crun {
	unsigned char status;
	char *reason;		/* NULL for ok */
};

/* what a finding has beyond its status: only findings that did not pass */
struct detail {
	size_t target;
	struct buf rows;	/* the evidence rows as JSON text, while the check runs */
	char *evidence;		/* then the whole array */
	struct buf reason;
	size_t nrows;
	int by_collector;	/* unknown because of a collector: the check is not read */
};

struct rule_eval {
	const struct rule *rule;
	const struct rule_pack *pack;
	size_t *req;		/* indexes into the collector names */
	char **keys;		/* per column of the check: its evidence key as JSON, with ':' */
	int ncols;
	unsigned char *status;	/* per target */
	struct detail *details;	/* sorted by target */
	size_t ndetails, alloc;
	size_t cursor;		/* while writing */
};

struct eval {
	sqlite3 *db;
	const struct rule_set *rs;
	size_t n;			/* targets */
	sqlite3_int64 *scans;		/* sorted */
	char **keys;			/* host key per target */
	const char **colls;		/* collector names any rule requires */
	size_t ncolls;
	struct crun *cruns;		/* n * ncolls */
	struct rule_eval *re;
	size_t nre;
	const struct rule_pack **packs;	/* the packs assessed */
	size_t npacks;
	ptrdiff_t *slot;		/* per target: its detail in the running rule, or -1 */
	unsigned long long budget;	/* VM steps a check may take */
	unsigned long long used;	/* by the running check */
	unsigned long long most;	/* the most any check took */
	const char *most_id;		/* and its rule */
};

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static ptrdiff_t find_target(const struct eval *ev, sqlite3_int64 scan)
{
	size_t lo = 0, hi = ev->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ev->scans[mid] < scan)
			lo = mid + 1;
		else if (ev->scans[mid] > scan)
			hi = mid;
		else
			return (ptrdiff_t)mid;
	}
	return -1;
}

static int exec_sql(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		scan_error("assess: store: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* fills target_scans with the latest scan of each host (or of host) */
static int load_targets(struct eval *ev, const char *host)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	if (exec_sql(ev->db, "DELETE FROM target_scans") < 0)
		return -1;
	/* the report's choice: the latest finished scan, else the latest */
	st = db_prepare(ev->db,
		"INSERT INTO target_scans (scan_id, host_id, host_key)"
		" SELECT scan, id, host_key FROM (SELECT h.id, h.host_key,"
		"  (SELECT s.id FROM scans s WHERE s.host_id = h.id"
		"   ORDER BY s.finished_at IS NULL, s.started_at DESC, s.id DESC LIMIT 1) AS scan"
		"  FROM hosts h WHERE ?1 IS NULL OR h.host_key = ?1"
		/* the key of a host folded into this one names it too */
		"   OR h.id IN (SELECT host_id FROM host_aliases WHERE alias_key = ?1))"
		" WHERE scan IS NOT NULL");
	if (!st)
		return -1;
	if (host)
		sqlite3_bind_text(st, 1, host, -1, SQLITE_TRANSIENT);
	if (db_step_done(ev->db, st) < 0)
		return -1;
	st = db_prepare(ev->db, "SELECT scan_id, host_key FROM target_scans ORDER BY scan_id");
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ev->n == alloc) {
			alloc = alloc ? 2 * alloc : 256;
			ev->scans = xrealloc(ev->scans, alloc * sizeof(*ev->scans));
			ev->keys = xrealloc(ev->keys, alloc * sizeof(*ev->keys));
		}
		ev->scans[ev->n] = sqlite3_column_int64(st, 0);
		ev->keys[ev->n] = xstrdup((const char *)sqlite3_column_text(st, 1));
		ev->n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return scan_error("assess: store: %s", sqlite3_errmsg(ev->db));
	return 0;
}

static size_t coll_index(struct eval *ev, const char *name, int add)
{
	for (size_t i = 0; i < ev->ncolls; i++)
		if (!strcmp(ev->colls[i], name))
			return i;
	if (!add)
		return (size_t)-1;
	ev->colls = xrealloc(ev->colls, (ev->ncolls + 1) * sizeof(*ev->colls));
	ev->colls[ev->ncolls] = name;
	return ev->ncolls++;
}

static int load_collector_runs(struct eval *ev)
{
	sqlite3_stmt *st;
	int rc;

	ev->cruns = xcalloc(ev->n * ev->ncolls + 1, sizeof(*ev->cruns));
	st = db_prepare(ev->db, "SELECT c.scan_id, c.collector, c.status, c.reason"
			" FROM collector_runs c JOIN target_scans t ON t.scan_id = c.scan_id");
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ptrdiff_t t = find_target(ev, sqlite3_column_int64(st, 0));
		size_t c = coll_index(ev, (const char *)sqlite3_column_text(st, 1), 0);
		const char *status = (const char *)sqlite3_column_text(st, 2);
		const char *reason = db_col_text(st, 3);
		struct crun *cr;

		if (t < 0 || c == (size_t)-1)
			continue;
		cr = &ev->cruns[(size_t)t * ev->ncolls + c];
		cr->status = !strcmp(status, "ok") ? CRUN_OK :
			     !strcmp(status, "not-applicable") ? CRUN_NOT_APPLICABLE :
			     !strcmp(status, "skipped") ? CRUN_SKIPPED : CRUN_FAILED;
		free(cr->reason);
		cr->reason = cr->status != CRUN_OK && reason ? xstrdup(reason) : NULL;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return scan_error("assess: store: %s", sqlite3_errmsg(ev->db));
	return 0;
}

static struct detail *detail_for(struct eval *ev, struct rule_eval *re, size_t t)
{
	struct detail *d;

	if (ev->slot[t] >= 0)
		return &re->details[ev->slot[t]];
	if (re->ndetails == re->alloc) {
		re->alloc = re->alloc ? 2 * re->alloc : 64;
		re->details = xrealloc(re->details, re->alloc * sizeof(*re->details));
	}
	d = &re->details[re->ndetails];
	memset(d, 0, sizeof(*d));
	buf_init(&d->rows);
	buf_init(&d->reason);
	d->target = t;
	ev->slot[t] = (ptrdiff_t)re->ndetails++;
	return d;
}

static void add_reason(struct detail *d, const char *reason)
{
	/* the same reason from several rows is said once */
	if (d->reason.len && strstr(d->reason.data, reason))
		return;
	if (d->reason.len)
		buf_adds(&d->reason, "; ");
	buf_adds(&d->reason, reason);
}

static void crun_reason(struct detail *d, const char *name, const struct crun *cr)
{
	struct buf b = BUF_INIT;

	switch (cr->status) {
	case CRUN_MISSING:
		buf_addf(&b, "%s: did not run in this scan", name);
		break;
	case CRUN_SKIPPED:
		buf_addf(&b, "%s: skipped%s%s", name, cr->reason ? ": " : "",
			 cr->reason ? cr->reason : "");
		break;
	case CRUN_NOT_APPLICABLE:
		buf_addf(&b, "%s: %s", name, cr->reason ? cr->reason : "not applicable");
		break;
	default:
		buf_addf(&b, "%s: %s", name, cr->reason ? cr->reason : "failed");
		break;
	}
	add_reason(d, b.data);
	buf_release(&b);
}

/*
 * Evidence is JSON text written here as it goes, byte for byte what
 * jansson's json_dumps(JSON_COMPACT | JSON_ENSURE_ASCII) makes of the
 * array of objects (one per row, keyed by column name, in column order)
 * that eval.c used to build: building those objects took a fifth of a
 * fleet's assessment.  Text of printable ASCII without '"' or '\' is
 * written as it is, as jansson would; any other value (such bytes, a
 * real, a bad UTF-8 sequence) is still dumped by jansson itself, so that
 * the two cannot differ.
 */
#define EVIDENCE_FLAGS (JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ENCODE_ANY)

/* appends the dump of v and takes it; 0 when jansson refused to make it */
static int add_dumped(struct buf *b, json_t *v)
{
	char *s;

	if (!v)
		return 0;
	s = json_dumps(v, EVIDENCE_FLAGS);
	json_decref(v);
	if (!s)
		return 0;
	buf_adds(b, s);
	free(s);
	return 1;
}

static int plain_text(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e || s[i] == '"' || s[i] == '\\')
			return 0;
	return 1;
}

/* the keys of the evidence objects: NULL for scan_id, unknown_reason and a name jansson refuses */
static void evidence_keys(struct rule_eval *re)
{
	sqlite3_stmt *st = re->rule->stmt;

	re->ncols = sqlite3_column_count(st);
	re->keys = xcalloc((size_t)re->ncols + 1, sizeof(*re->keys));
	for (int c = 1; c < re->ncols; c++) {
		struct buf k = BUF_INIT;
		const char *name = sqlite3_column_name(st, c);
		if (c == re->rule->unknown_col || !name || !add_dumped(&k, json_string(name))) {
			buf_release(&k);
			continue;
		}
		buf_addc(&k, ':');
		re->keys[c] = buf_detach(&k);
	}
}

/* one row of the check, minus scan_id and unknown_reason, as an object appended to rows */
static void evidence_row(struct buf *rows, const struct rule_eval *re, sqlite3_stmt *st)
{
	int first = 1;

	buf_addc(rows, rows->len ? ',' : '[');
	buf_addc(rows, '{');
	for (int c = 1; c < re->ncols; c++) {
		size_t mark = rows->len;
		const unsigned char *t;
		size_t n;
		if (!re->keys[c])
			continue;
		if (!first)
			buf_addc(rows, ',');
		buf_adds(rows, re->keys[c]);
		switch (sqlite3_column_type(st, c)) {
		case SQLITE_INTEGER:
			buf_addf(rows, "%" JSON_INTEGER_FORMAT, (json_int_t)sqlite3_column_int64(st, c));
			break;
		case SQLITE_FLOAT:
			/* json_real refuses an infinity, and the key is then left out */
			if (!add_dumped(rows, json_real(sqlite3_column_double(st, c)))) {
				buf_setlen(rows, mark);
				continue;
			}
			break;
		case SQLITE_NULL:
			buf_adds(rows, "null");
			break;
		default:
			t = sqlite3_column_text(st, c);
			n = (size_t)sqlite3_column_bytes(st, c);
			if (plain_text(t, n)) {
				buf_addc(rows, '"');
				buf_add(rows, t, n);
				buf_addc(rows, '"');
			} else {
				add_dumped(rows, json_text((const char *)t, n));
			}
			break;
		}
		first = 0;
	}
	buf_addc(rows, '}');
}

static void bind_params(const struct eval *ev, const struct rule *r)
{
	sqlite3_stmt *st = r->stmt;

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	for (size_t k = 0; k < r->nparams; k++) {
		const struct rule_param *pm = &r->params[k];
		char colon[80];
		int i;

		snprintf(colon, sizeof(colon), ":%s", pm->name);
		i = sqlite3_bind_parameter_index(st, colon);
		if (pm->type == SQLITE_INTEGER)
			sqlite3_bind_int64(st, i, pm->i);
		else if (pm->type == SQLITE_FLOAT)
			sqlite3_bind_double(st, i, pm->d);
		else
			sqlite3_bind_text(st, i, pm->s, -1, SQLITE_TRANSIENT);
	}
	if (r->today_index)
		sqlite3_bind_text(st, r->today_index, ev->rs->today, -1, SQLITE_TRANSIENT);
}

/* the progress handler: non-zero interrupts the check */
static int check_progress(void *arg)
{
	struct eval *ev = arg;

	ev->used += PROGRESS_PERIOD;
	return ev->used >= ev->budget;
}

/*
 * The check was cut short: unknown for every scan it has not found
 * failing, and for which it was read at all
 */
static void out_of_budget(struct eval *ev, struct rule_eval *re)
{
	struct buf why = BUF_INIT;

	buf_addf(&why, "check ran out of its budget (%llu steps)", ev->budget);
	for (size_t t = 0; t < ev->n; t++) {
		struct detail *d;
		if (re->status[t] == RULE_FAIL)
			continue;
		d = detail_for(ev, re, t);
		if (d->by_collector)
			continue;
		re->status[t] = RULE_UNKNOWN;
		add_reason(d, why.data);
	}
	buf_release(&why);
}

static int cmp_detail(const void *a, const void *b)
{
	size_t x = ((const struct detail *)a)->target, y = ((const struct detail *)b)->target;

	return x < y ? -1 : x > y;
}

static int eval_rule(struct eval *ev, struct rule_eval *re)
{
	const struct rule *r = re->rule;
	sqlite3_stmt *st = r->stmt;
	int rc;

	re->status = xcalloc(ev->n + 1, 1);
	evidence_keys(re);
	/* the collectors first: a scan missing one is unknown, whatever the check says */
	for (size_t t = 0; t < ev->n; t++) {
		for (size_t k = 0; k < r->nrequires; k++) {
			const struct crun *cr = &ev->cruns[t * ev->ncolls + re->req[k]];
			struct detail *d;
			if (cr->status == CRUN_OK)
				continue;
			d = detail_for(ev, re, t);
			d->by_collector = 1;
			re->status[t] = RULE_UNKNOWN;
			crun_reason(d, r->requires[k], cr);
		}
	}
	bind_params(ev, r);
	ev->used = 0;
	sqlite3_progress_handler(ev->db, PROGRESS_PERIOD, check_progress, ev);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ptrdiff_t t;
		struct detail *d;

		if (sqlite3_column_type(st, 0) == SQLITE_NULL)
			continue;
		t = find_target(ev, sqlite3_column_int64(st, 0));
		/* rows of scans not under assessment are not this run's business */
		if (t < 0)
			continue;
		d = detail_for(ev, re, (size_t)t);
		if (d->by_collector)
			continue;
		if (r->unknown_col >= 0 && sqlite3_column_type(st, r->unknown_col) != SQLITE_NULL) {
			if (re->status[t] != RULE_FAIL) {
				re->status[t] = RULE_UNKNOWN;
				add_reason(d, (const char *)sqlite3_column_text(st, r->unknown_col));
			}
			continue;
		}
		if (re->status[t] != RULE_FAIL) {
			/* a violation outweighs what else is unknown */
			re->status[t] = RULE_FAIL;
			buf_clear(&d->reason);
		}
		if (d->nrows++ < EVIDENCE_MAX)
			evidence_row(&d->rows, re, st);
	}
	sqlite3_progress_handler(ev->db, 0, NULL, NULL);
	if (ev->used > ev->most || !ev->most_id) {
		ev->most = ev->used;
		ev->most_id = r->id;
	}
	if (rc == SQLITE_INTERRUPT && ev->used >= ev->budget) {
		/* a read-only statement: the interrupt leaves the transaction as it was */
		out_of_budget(ev, re);
	} else if (rc != SQLITE_DONE) {
		scan_error("%s: rule '%s': the check failed: %s", r->file, r->id, sqlite3_errmsg(ev->db));
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < re->ndetails; i++) {
		struct detail *d = &re->details[i];
		ev->slot[d->target] = -1;
		if (d->rows.len) {
			buf_addc(&d->rows, ']');
			d->evidence = buf_detach(&d->rows);
		}
		if (d->nrows > EVIDENCE_MAX) {
			buf_clear(&d->reason);
			buf_addf(&d->reason, "evidence shows %d of %zu rows", EVIDENCE_MAX, d->nrows);
		}
	}
	if (re->ndetails)
		qsort(re->details, re->ndetails, sizeof(*re->details), cmp_detail);
	return 0;
}

static void eval_release(struct eval *ev)
{
	for (size_t i = 0; i < ev->n; i++)
		free(ev->keys[i]);
	free(ev->keys);
	free(ev->scans);
	for (size_t i = 0; ev->cruns && i < ev->n * ev->ncolls; i++)
		free(ev->cruns[i].reason);
	free(ev->cruns);
	for (size_t i = 0; i < ev->nre; i++) {
		struct rule_eval *re = &ev->re[i];
		for (size_t k = 0; k < re->ndetails; k++) {
			buf_release(&re->details[k].rows);
			free(re->details[k].evidence);
			buf_release(&re->details[k].reason);
		}
		free(re->details);
		free(re->status);
		free(re->req);
		for (int c = 0; re->keys && c < re->ncols; c++)
			free(re->keys[c]);
		free(re->keys);
	}
	free(ev->re);
	free(ev->colls);
	free(ev->packs);
	free(ev->slot);
}

/* ---- writing ------------------------------------------------------------ */

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* the --set overrides that apply to pack (all of them when pack is NULL), as JSON */
static char *overrides_json(const struct rule_set *rs, const struct rule_pack *only)
{
	json_t *o = json_object();
	char *s;

	if (rs->today_overridden)
		json_object_set_new(o, "today", json_string(rs->today));
	for (size_t a = 0; a < rs->npacks; a++) {
		const struct rule_pack *pk = &rs->packs[a];
		if (only && only != pk)
			continue;
		for (size_t i = 0; i < pk->nrules; i++)
			for (size_t k = 0; k < pk->rules[i].nparams; k++) {
				const struct rule_param *pm = &pk->rules[i].params[k];
				if (!pm->overridden)
					continue;
				json_object_set_new(o, pm->name,
					pm->type == SQLITE_INTEGER ? json_integer(pm->i) :
					pm->type == SQLITE_FLOAT ? json_real(pm->d) : json_string(pm->s));
			}
	}
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s ? s : xstrdup("{}");
}

static char *rule_params_json(const struct rule *r)
{
	json_t *o = json_object();
	char *s;

	for (size_t k = 0; k < r->nparams; k++) {
		const struct rule_param *pm = &r->params[k];
		json_object_set_new(o, pm->name,
			pm->type == SQLITE_INTEGER ? json_integer(pm->i) :
			pm->type == SQLITE_FLOAT ? json_real(pm->d) : json_string(pm->s));
	}
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s ? s : xstrdup("{}");
}

static char *requires_json(const struct rule *r)
{
	json_t *a = json_array();
	char *s;

	for (size_t k = 0; k < r->nrequires; k++)
		json_array_append_new(a, json_string(r->requires[k]));
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s ? s : xstrdup("[]");
}

static int step_reset(sqlite3 *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return scan_error("assess: cannot store the results: %s", sqlite3_errmsg(db));
	return 0;
}

/* forgets earlier results of these scans and profiles, and what only they used */
static int clear_old(struct eval *ev)
{
	sqlite3_stmt *f, *v;
	int rc = 0;

	f = db_prepare(ev->db, "DELETE FROM findings WHERE profile = ?1"
		       " AND scan_id IN (SELECT scan_id FROM target_scans)");
	v = db_prepare(ev->db, "DELETE FROM verdicts WHERE profile = ?1"
		       " AND scan_id IN (SELECT scan_id FROM target_scans)");
	if (!f || !v)
		rc = -1;
	for (size_t p = 0; rc == 0 && p < ev->npacks; p++) {
		sqlite3_bind_text(f, 1, ev->packs[p]->profile, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(v, 1, ev->packs[p]->profile, -1, SQLITE_TRANSIENT);
		if (step_reset(ev->db, f) < 0 || step_reset(ev->db, v) < 0)
			rc = -1;
	}
	sqlite3_finalize(f);
	sqlite3_finalize(v);
	if (rc == 0)
		rc = exec_sql(ev->db,
			"DELETE FROM assessment_rules WHERE assessment_id NOT IN"
			" (SELECT DISTINCT assessment_id FROM verdicts);"
			"DELETE FROM assessment_packs WHERE assessment_id NOT IN"
			" (SELECT DISTINCT assessment_id FROM verdicts);");
	return rc;
}

static int write_assessment(struct eval *ev, sqlite3_int64 *id)
{
	sqlite3_stmt *st;
	char when[32], *ov = overrides_json(ev->rs, NULL);
	int rc = -1;

	db_now(when);
	st = db_prepare(ev->db, "INSERT INTO assessments (started_at, premig_version, today,"
			" rules_origin, overrides) VALUES (?, ?, ?, ?, ?)");
	if (st) {
		bind_text(st, 1, when);
		bind_text(st, 2, PREMIG_VERSION);
		bind_text(st, 3, ev->rs->today);
		bind_text(st, 4, ev->rs->origin);
		bind_text(st, 5, ov);
		rc = db_step_done(ev->db, st);
	}
	free(ov);
	if (rc < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(ev->db);
	st = db_prepare(ev->db, "INSERT INTO assessment_packs (assessment_id, profile, name, version,"
			" documentation_date, sources, overrides) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	for (size_t p = 0; rc == 0 && p < ev->npacks; p++) {
		const struct rule_pack *pk = ev->packs[p];
		char *o = overrides_json(ev->rs, pk);
		sqlite3_bind_int64(st, 1, *id);
		bind_text(st, 2, pk->profile);
		bind_text(st, 3, pk->name);
		bind_text(st, 4, pk->version);
		bind_text(st, 5, pk->doc_date);
		bind_text(st, 6, pk->sources);
		bind_text(st, 7, o);
		rc = step_reset(ev->db, st);
		free(o);
	}
	sqlite3_finalize(st);
	if (rc < 0)
		return -1;
	st = db_prepare(ev->db, "INSERT INTO assessment_rules (assessment_id, rule_id, profile,"
			" severity, title, rationale, source, remediation, requires, params)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	for (size_t i = 0; rc == 0 && i < ev->nre; i++) {
		const struct rule *r = ev->re[i].rule;
		char *req = requires_json(r), *par = rule_params_json(r);
		sqlite3_bind_int64(st, 1, *id);
		bind_text(st, 2, r->id);
		bind_text(st, 3, r->profile);
		bind_text(st, 4, rule_severity_name(r->severity));
		bind_text(st, 5, r->title);
		bind_text(st, 6, r->rationale);
		bind_text(st, 7, r->source);
		bind_text(st, 8, r->remediation);
		bind_text(st, 9, req);
		bind_text(st, 10, par);
		rc = step_reset(ev->db, st);
		free(req);
		free(par);
	}
	sqlite3_finalize(st);
	return rc;
}

static int cmp_row(const void *a, const void *b)
{
	const struct assess_row *x = a, *y = b;
	int c = strcmp(x->host_key, y->host_key);

	return c ? c : strcmp(x->profile, y->profile);
}

/*
 * Findings are written BATCH rows per INSERT: a multi-row VALUES halves
 * the cost of the 10^5 and more rows of a fleet (measured: 10,000 hosts
 * times 54 rules).  64 rows of 8 values stay under the 999 variables of
 * old SQLite builds.  OR FAIL: a statement that may abort halfway through
 * its rows opens a statement journal and copies into it each page it
 * first changes (https://sqlite.org/lang_conflict.html); FAIL keeps the
 * rows already inserted, and a failure rolls the whole assessment back
 * anyway.  A tenth of the storing at 50,000 hosts.
 */
#define BATCH 64
#define FCOLS 8

struct frow {
	sqlite3_int64 scan;
	const struct rule *rule;
	int status;
	const char *evidence, *reason;	/* borrowed from the details */
};

struct fbatch {
	sqlite3 *db;
	sqlite3_stmt *many, *one;
	sqlite3_int64 assessment;
	struct frow rows[BATCH];
	int n;
};

static const char finding_insert[] = "INSERT OR FAIL INTO findings (scan_id, profile, rule_id,"
	" assessment_id, severity, status, evidence, reason) VALUES ";
static const char finding_values[] = "(?, ?, ?, ?, ?, ?, ?, ?)";

static void bind_frow(sqlite3_stmt *st, int k, const struct frow *f, sqlite3_int64 id)
{
	k = k * FCOLS;
	sqlite3_bind_int64(st, k + 1, f->scan);
	sqlite3_bind_text(st, k + 2, f->rule->profile, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, k + 3, f->rule->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, k + 4, id);
	sqlite3_bind_text(st, k + 5, rule_severity_name(f->rule->severity), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, k + 6, rule_status_name(f->status), -1, SQLITE_STATIC);
	if (f->evidence)
		sqlite3_bind_text(st, k + 7, f->evidence, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, k + 7);
	if (f->reason)
		sqlite3_bind_text(st, k + 8, f->reason, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, k + 8);
}

static int fbatch_flush(struct fbatch *b)
{
	int rc = 0;

	if (b->n == BATCH) {
		for (int k = 0; k < BATCH; k++)
			bind_frow(b->many, k, &b->rows[k], b->assessment);
		rc = step_reset(b->db, b->many);
	} else {
		for (int k = 0; rc == 0 && k < b->n; k++) {
			bind_frow(b->one, 0, &b->rows[k], b->assessment);
			rc = step_reset(b->db, b->one);
		}
	}
	b->n = 0;
	return rc;
}

static int fbatch_add(struct fbatch *b, const struct frow *f)
{
	b->rows[b->n++] = *f;
	return b->n == BATCH ? fbatch_flush(b) : 0;
}

static int fbatch_init(struct fbatch *b, sqlite3 *db, sqlite3_int64 assessment)
{
	struct buf sql = BUF_INIT;

	memset(b, 0, sizeof(*b));
	b->db = db;
	b->assessment = assessment;
	/* constant text only: the values are bound */
	buf_adds(&sql, finding_insert);
	for (int k = 0; k < BATCH; k++)
		buf_addf(&sql, "%s%s", k ? ", " : "", finding_values);
	b->many = db_prepare(db, sql.data);
	buf_clear(&sql);
	buf_adds(&sql, finding_insert);
	buf_adds(&sql, finding_values);
	b->one = db_prepare(db, sql.data);
	buf_release(&sql);
	return b->many && b->one ? 0 : -1;
}

static void fbatch_release(struct fbatch *b)
{
	sqlite3_finalize(b->many);
	sqlite3_finalize(b->one);
}

static int write_results(struct eval *ev, sqlite3_int64 id, struct assess_summary *out)
{
	struct fbatch fb;
	sqlite3_stmt *vs;
	int rc = 0;

	vs = db_prepare(ev->db, "INSERT INTO verdicts (scan_id, profile, assessment_id, verdict,"
			" blockers, warnings, unknowns) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (fbatch_init(&fb, ev->db, id) < 0 || !vs) {
		rc = -1;
		goto out;
	}
	out->rows = xcalloc(ev->n * ev->npacks + 1, sizeof(*out->rows));
	for (size_t t = 0; rc == 0 && t < ev->n; t++) {
		size_t i = 0;
		for (size_t p = 0; rc == 0 && p < ev->npacks; p++) {
			struct assess_row *row = &out->rows[out->n++];
			int bfail = 0, bunk = 0, wfail = 0, wunk = 0, unk = 0;

			row->host_key = xstrdup(ev->keys[t]);
			row->profile = ev->packs[p]->profile;
			/* ev->re holds the rules of packs[0], then of packs[1], ... */
			for (; rc == 0 && i < ev->nre && ev->re[i].pack == ev->packs[p]; i++) {
				struct rule_eval *re = &ev->re[i];
				const struct rule *r = re->rule;
				struct frow f = { .scan = ev->scans[t], .rule = r, .status = re->status[t] };

				while (re->cursor < re->ndetails && re->details[re->cursor].target < t)
					re->cursor++;
				if (re->cursor < re->ndetails && re->details[re->cursor].target == t) {
					const struct detail *d = &re->details[re->cursor];
					f.evidence = d->evidence;
					f.reason = d->reason.len ? d->reason.data : NULL;
				}
				if (f.status == RULE_FAIL) {
					bfail += r->severity == RULE_BLOCKER;
					wfail += r->severity == RULE_WARNING;
				} else if (f.status == RULE_UNKNOWN) {
					unk++;
					bunk += r->severity == RULE_BLOCKER;
					wunk += r->severity == RULE_WARNING;
				}
				rc = fbatch_add(&fb, &f);
			}
			row->verdict = bfail ? VERDICT_NOT_READY : bunk ? VERDICT_UNKNOWN :
				       wfail || wunk ? VERDICT_CONDITIONS : VERDICT_READY;
			row->blockers = bfail;
			row->warnings = wfail;
			row->unknowns = unk;
			if (rc < 0)
				break;
			sqlite3_bind_int64(vs, 1, ev->scans[t]);
			sqlite3_bind_text(vs, 2, row->profile, -1, SQLITE_STATIC);
			sqlite3_bind_int64(vs, 3, id);
			sqlite3_bind_text(vs, 4, rule_verdict_name(row->verdict), -1, SQLITE_STATIC);
			sqlite3_bind_int(vs, 5, bfail);
			sqlite3_bind_int(vs, 6, wfail);
			sqlite3_bind_int(vs, 7, unk);
			rc = step_reset(ev->db, vs);
		}
	}
	if (rc == 0)
		rc = fbatch_flush(&fb);
	if (out->n)
		qsort(out->rows, out->n, sizeof(*out->rows), cmp_row);
out:
	fbatch_release(&fb);
	sqlite3_finalize(vs);
	return rc;
}

void assess_summary_release(struct assess_summary *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->rows[i].host_key);
	free(s->rows);
	memset(s, 0, sizeof(*s));
}

int rules_assess(sqlite3 *db, const struct rule_set *rs, const struct assess_opts *o,
		 struct assess_summary *out)
{
	struct eval ev = { .db = db, .rs = rs };
	double t0 = seconds(), t1;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	ev.packs = xcalloc(rs->npacks + 1, sizeof(*ev.packs));
	for (size_t p = 0; p < rs->npacks; p++)
		if (!o->profile || !strcmp(o->profile, rs->packs[p].profile)) {
			ev.packs[ev.npacks++] = &rs->packs[p];
			ev.nre += rs->packs[p].nrules;
		}
	ev.re = xcalloc(ev.nre + 1, sizeof(*ev.re));
	ev.nre = 0;
	for (size_t p = 0; p < ev.npacks; p++)
		for (size_t i = 0; i < ev.packs[p]->nrules; i++) {
			struct rule_eval *re = &ev.re[ev.nre++];
			const struct rule *r = &ev.packs[p]->rules[i];
			re->rule = r;
			re->pack = ev.packs[p];
			re->req = xcalloc(r->nrequires + 1, sizeof(*re->req));
			for (size_t k = 0; k < r->nrequires; k++)
				re->req[k] = coll_index(&ev, r->requires[k], 1);
		}
	/*
	 * Every key written is one this transaction read (target_scans) or
	 * made (the assessment): checking each of the 10^5 rows against its
	 * parents costs a tenth of the run on a fleet, and proves nothing
	 */
	if (exec_sql(db, "PRAGMA foreign_keys = OFF") < 0)
		goto out;
	/* reads and writes in one transaction: the results match the facts read */
	if (db_begin(db) < 0)
		goto out;
	if (load_targets(&ev, o->host) < 0)
		goto err;
	if (!ev.n) {
		db_rollback(db);
		rc = 1;
		goto out;
	}
	if (load_collector_runs(&ev) < 0)
		goto err;
	/* a fleet's checks have rows for each host */
	ev.budget = o->check_steps ? o->check_steps : RULE_CHECK_STEPS + RULE_CHECK_HOST_STEPS * ev.n;
	ev.slot = xmalloc(ev.n * sizeof(*ev.slot));
	for (size_t t = 0; t < ev.n; t++)
		ev.slot[t] = -1;
	for (size_t i = 0; i < ev.nre; i++)
		if (eval_rule(&ev, &ev.re[i]) < 0) {
			rc = -2;
			goto err;
		}
	t1 = seconds();
	if (clear_old(&ev) < 0 || write_assessment(&ev, &out->assessment_id) < 0 ||
	    write_results(&ev, out->assessment_id, out) < 0 || db_commit(db) < 0)
		goto err;
	out->eval_s = t1 - t0;
	out->most_steps = ev.most;
	out->most_rule = ev.most_id;
	out->write_s = seconds() - t1;
	rc = 0;
	goto out;
err:
	db_rollback(db);
	assess_summary_release(out);
	if (rc != -2)
		rc = -1;
out:
	sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	eval_release(&ev);
	return rc;
}
