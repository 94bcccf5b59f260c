/*
 * json_assess.c - the readiness assessment of a host: per profile the
 * verdict, its counts, the pack that judged (version, documentation date),
 * the --set overrides, and every rule's result with its evidence
 *
 * A scan never assessed has no "assessments" key, so reports of scans
 * alone are unchanged.  The columns holding JSON text (evidence, source,
 * overrides) are written as JSON values.
 */
#include <string.h>
#include <jansson.h>

#include "../scanner/db.h"
#include "../scanner/jsontext.h"
#include "jsonutil.h"
#include "report.h"
#include "../scanner/banned.h"

static json_t *profile_rules(sqlite3 *db, sqlite3_int64 scan, const char *profile,
			     unsigned flags, int *err)
{
	json_t *a = json_array();
	sqlite3_stmt *st = prep_scan(db,
		"SELECT f.rule_id, f.severity, f.status, r.title, f.evidence, f.reason,"
		" r.remediation, r.rationale, r.source"
		" FROM findings f JOIN assessment_rules r"
		"  ON r.assessment_id = f.assessment_id AND r.rule_id = f.rule_id"
		" WHERE f.scan_id = ? AND f.profile = ? ORDER BY f.rule_id", scan);
	int rc;

	if (!st) {
		*err = 1;
		return a;
	}
	sqlite3_bind_text(st, 2, profile, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *r = json_object();
		const char *status = db_col_text(st, 2);
		if ((flags & REPORT_BRIEF) && status && !strcmp(status, "pass")) {
			json_object_set_new(r, "status", json_string("pass"));
			json_array_append_new(a, r);
			continue;
		}
		json_object_set_new(r, "id", col_json(st, 0, NULL));
		json_object_set_new(r, "severity", col_json(st, 1, NULL));
		json_object_set_new(r, "status", col_json(st, 2, NULL));
		json_object_set_new(r, "title", col_json(st, 3, NULL));
		json_object_set_new(r, "evidence", col_parsed(st, 4));
		json_object_set_new(r, "reason", col_json(st, 5, NULL));
		json_object_set_new(r, "remediation", col_json(st, 6, NULL));
		json_object_set_new(r, "rationale", col_json(st, 7, NULL));
		/* one rule's source, the same for every host: parsed once */
		json_object_set_new(r, "source", col_parsed_shared(st, 8));
		json_array_append_new(a, r);
	}
	if (rc != SQLITE_DONE)
		*err = 1;
	stmt_done(st);
	return a;
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
		json_object_set_new(o, "rules", profile_rules(db, scan, profile, flags, err));
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
