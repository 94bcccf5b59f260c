/*
 * json_assess.c - the readiness assessment of a host: per profile the
 * verdict, its counts, the pack that judged (version, documentation date),
 * the --set overrides, and every rule's result with its evidence
 *
 * A scan never assessed has no "assessments" key, so reports of scans
 * alone are unchanged.  The columns holding JSON text (evidence, source,
 * overrides) are written as JSON values.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/jsontext.h"
#include "jsonutil.h"
#include "report.h"
#include "../scanner/banned.h"

/* jsonutil.h */
json_t *report_rule_texts(sqlite3 *db, sqlite3_int64 assessment, const char *rule, int *err)
{
	char *key = xasprintf("rule:%lld:%s", (long long)assessment, rule);
	json_t *t = json_object_get(report_memo(), key);
	sqlite3_stmt *st;

	if (t)
		goto out;
	st = stmt_cached(db, "SELECT title, remediation, rationale, source FROM assessment_rules"
			 " WHERE assessment_id = ? AND rule_id = ?");
	if (!st) {
		*err = 1;
		goto out;
	}
	sqlite3_bind_int64(st, 1, assessment);
	sqlite3_bind_text(st, 2, rule, -1, SQLITE_TRANSIENT);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		t = json_pack("[oooo]", col_json(st, 0, NULL), col_json(st, 1, NULL),
			      col_json(st, 2, NULL), col_parsed(st, 3));
		break;
	case SQLITE_DONE:
		t = json_false();
		break;
	default:
		*err = 1;
	}
	stmt_done(st);
	if (t)
		json_object_set_new_nocheck(report_memo(), key, t);
out:
	free(key);
	return json_is_array(t) ? t : NULL;
}

static json_t *profile_rules(sqlite3 *db, sqlite3_int64 scan, const char *profile,
			     unsigned flags, int *err)
{
	json_t *a = json_array();
	/* in the primary key's order: no sort */
	sqlite3_stmt *st = prep_scan(db,
		"SELECT rule_id, severity, status, evidence, reason, assessment_id"
		" FROM findings WHERE scan_id = ? AND profile = ? ORDER BY rule_id", scan);
	int rc;

	if (!st) {
		*err = 1;
		return a;
	}
	sqlite3_bind_text(st, 2, profile, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = db_col_text(st, 0);
		json_t *r, *t = report_rule_texts(db, sqlite3_column_int64(st, 5), id ? id : "", err);
		if (!t)
			continue;	/* as the join with assessment_rules had it */
		r = json_object();
		json_object_set_new(r, "id", col_json(st, 0, NULL));
		json_object_set_new(r, "severity", col_json(st, 1, NULL));
		json_object_set_new(r, "status", col_json(st, 2, NULL));
		json_object_set(r, "title", json_array_get(t, 0));
		json_object_set_new(r, "evidence", col_parsed(st, 3));
		json_object_set_new(r, "reason", col_json(st, 4, NULL));
		json_object_set(r, "remediation", json_array_get(t, 1));
		json_object_set(r, "rationale", json_array_get(t, 2));
		json_object_set(r, "source", json_array_get(t, 3));
		json_array_append_new(a, r);
	}
	if (rc != SQLITE_DONE)
		*err = 1;
	stmt_done(st);
	return a;
}

/*
 * A profile's rules for the JSON report's writer (REPORT_DEFER): written
 * from the findings as they are read, each rule's object with its keys in
 * sorted order, as profile_rules builds it and the writer dumps it.
 */
struct rules_arg {
	sqlite3 *db;
	sqlite3_int64 scan;
	char *profile;
};

static void rules_arg_free(void *arg)
{
	struct rules_arg *a = arg;

	free(a->profile);
	free(a);
}

/*
 * A rule's keys in sorted order, as profile_rules sets them: a column of
 * the findings query, one of report_rule_texts' values, or the parsed evidence
 */
enum { RK_COLUMN, RK_TEXT, RK_PARSED };

static const struct rule_key {
	const char *key;
	int from, i;
} rule_keys[] = {
	{ "evidence", RK_PARSED, 3 },
	{ "id", RK_COLUMN, 0 },
	{ "rationale", RK_TEXT, 2 },
	{ "reason", RK_COLUMN, 4 },
	{ "remediation", RK_TEXT, 1 },
	{ "severity", RK_COLUMN, 1 },
	{ "source", RK_TEXT, 3 },
	{ "status", RK_COLUMN, 2 },
	{ "title", RK_TEXT, 0 },
};

static void write_profile_rules(struct json_writer *w, int depth, void *arg)
{
	const struct rules_arg *a = arg;
	sqlite3_stmt *st = prep_scan(a->db,
		"SELECT rule_id, severity, status, evidence, reason, assessment_id"
		" FROM findings WHERE scan_id = ? AND profile = ? ORDER BY rule_id", a->scan);
	size_t n = 0;
	int rc, err = 0;

	if (!st) {
		jw_fail(w);
		return;
	}
	sqlite3_bind_text(st, 2, a->profile, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = db_col_text(st, 0);
		json_t *t = report_rule_texts(a->db, sqlite3_column_int64(st, 5), id ? id : "", &err);
		if (!t)
			continue;	/* as the join with assessment_rules had it */
		jw_raw(w, n++ ? "," : "[");
		jw_indent(w, depth + 1);
		jw_raw(w, "{");
		for (size_t k = 0; k < sizeof(rule_keys) / sizeof(rule_keys[0]); k++) {
			const struct rule_key *rk = &rule_keys[k];
			jw_key(w, rk->key, depth + 2, k == 0);
			if (rk->from == RK_COLUMN) {
				jw_col(w, st, rk->i);
			} else if (rk->from == RK_TEXT) {
				jw_value(w, json_array_get(t, (size_t)rk->i), depth + 2);
			} else {
				json_t *ev = col_parsed(st, rk->i);
				jw_value(w, ev, depth + 2);
				json_decref(ev);
			}
		}
		jw_indent(w, depth + 1);
		jw_raw(w, "}");
	}
	if (rc != SQLITE_DONE || err) {
		scan_error("report: cannot read the store: %s", sqlite3_errmsg(a->db));
		jw_fail(w);
	}
	stmt_done(st);
	if (!n) {
		jw_raw(w, "[]");
		return;
	}
	jw_indent(w, depth);
	jw_raw(w, "]");
}

static json_t *profile_rules_deferred(sqlite3 *db, sqlite3_int64 scan, const char *profile,
				      unsigned flags, int *err)
{
	struct rules_arg *a = xmalloc(sizeof(*a));
	json_t *ph;

	*a = (struct rules_arg){ db, scan, xstrdup(profile ? profile : "") };
	ph = json_defer(write_profile_rules, a, rules_arg_free);
	if (ph)
		return ph;
	rules_arg_free(a);
	return profile_rules(db, scan, profile, flags, err);
}

void report_json_assess(sqlite3 *db, sqlite3_int64 scan, unsigned flags, json_t *host, int *err)
{
	json_t *all = json_object();
	sqlite3_stmt *st = prep_scan(db,
		"SELECT v.profile, v.verdict, v.blockers, v.warnings, v.unknowns,"
		" a.started_at, a.today, a.rules_origin, p.name, p.version,"
		" p.documentation_date, p.overrides"
		" FROM verdicts v JOIN assessments a ON a.id = v.assessment_id"
		" JOIN assessment_packs p ON p.assessment_id = v.assessment_id AND p.profile = v.profile"
		" WHERE v.scan_id = ? ORDER BY v.profile", scan);
	int rc;

	if (!st) {
		*err = 1;
		json_decref(all);
		return;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *profile = (const char *)sqlite3_column_text(st, 0);
		json_t *o = json_object(), *pack = json_object();

		json_object_set_new(o, "verdict", col_json(st, 1, NULL));
		json_object_set_new(o, "blockers", col_json(st, 2, NULL));
		json_object_set_new(o, "warnings", col_json(st, 3, NULL));
		json_object_set_new(o, "unknowns", col_json(st, 4, NULL));
		json_object_set_new(o, "assessed_at", col_json(st, 5, NULL));
		json_object_set_new(o, "today", col_json(st, 6, NULL));
		json_object_set_new(o, "rules_origin", col_json(st, 7, NULL));
		json_object_set_new(pack, "name", col_json(st, 8, NULL));
		json_object_set_new(pack, "version", col_json(st, 9, NULL));
		json_object_set_new(pack, "documentation_date", col_json(st, 10, NULL));
		json_object_set_new(o, "pack", pack);
		json_object_set_new(o, "overrides", col_parsed(st, 11));
		json_object_set_new(o, "rules", flags & REPORT_DEFER ?
				    profile_rules_deferred(db, scan, profile, flags, err) :
				    profile_rules(db, scan, profile, flags, err));
		json_object_set_new(all, profile, o);
	}
	if (rc != SQLITE_DONE)
		*err = 1;
	stmt_done(st);
	if (json_object_size(all))
		json_object_set_new(host, "assessments", all);
	else
		json_decref(all);
}
