/*
 * json_coverage.c - how much of a host its scan could read: per host,
 * how many collectors ran fully (ok, no note), partly (ok with a note of
 * what they could not read), not at all (failed), did not apply or were
 * skipped; the reads refused (EACCES, EPERM: collector_runs.denied); what
 * restricted the scan (not root, a user namespace, SELinux enforcing,
 * proc mounted hidepid); and the unknown findings whose collectors were
 * refused reads that a scan as root on the host would make, so that they
 * say "run as root to answer".
 *
 * Scans stored before the access step have NULL denials and restrictions:
 * their refused reads are 0 and only "not root" can be told.
 */
#include <string.h>
#include <jansson.h>

#include "../scanner/db.h"
#include "jsonutil.h"
#include "../scanner/banned.h"

static void counts(sqlite3 *db, sqlite3_int64 scan, json_t *o, int *err)
{
	sqlite3_stmt *st = prep_scan(db,
		"SELECT count(*) FILTER (WHERE status = 'ok' AND reason IS NULL),"
		" count(*) FILTER (WHERE status = 'ok' AND reason IS NOT NULL),"
		" count(*) FILTER (WHERE status = 'failed'),"
		" count(*) FILTER (WHERE status = 'not-applicable'),"
		" count(*) FILTER (WHERE status = 'skipped'),"
		" coalesce(sum(denied), 0)"
		" FROM collector_runs WHERE scan_id = ?", scan);
	static const char *const keys[] = { "full", "partial", "none", "not_applicable",
					     "skipped", "denied_reads" };

	if (!st || sqlite3_step(st) != SQLITE_ROW) {
		*err = 1;
	} else {
		for (int i = 0; i < 6; i++)
			json_object_set_new(o, keys[i], json_integer(sqlite3_column_int64(st, i)));
	}
	stmt_done(st);
}

static json_t *restricted_by(sqlite3 *db, sqlite3_int64 scan, int *root_helps, int *err)
{
	json_t *a = json_array();
	sqlite3_stmt *st = prep_scan(db,
		"SELECT as_root, coalesce(userns, 0), selinux, proc_hidepid FROM scans WHERE id = ?",
		scan);

	*root_helps = 0;
	if (!st || sqlite3_step(st) != SQLITE_ROW) {
		*err = 1;
		stmt_done(st);
		return a;
	}
	if (!sqlite3_column_int(st, 0))
		json_array_append_new(a, json_string("not root"));
	if (sqlite3_column_int(st, 1))
		json_array_append_new(a, json_string("user namespace: uid 0 is not root on the host"));
	if (db_col_text(st, 2) && !strcmp(db_col_text(st, 2), "enforcing"))
		json_array_append_new(a, json_string("SELinux enforcing"));
	/* hidepid hides nothing from root */
	if (db_col_text(st, 3) && strcmp(db_col_text(st, 3), "0") &&
	    strcmp(db_col_text(st, 3), "off") && !sqlite3_column_int(st, 0))
		json_array_append_new(a, json_pack("s+", "proc hidepid=", db_col_text(st, 3)));
	*root_helps = !sqlite3_column_int(st, 0) || sqlite3_column_int(st, 1);
	stmt_done(st);
	return a;
}

/* the unknown findings that rest on a collector refused reads; rule order */
static json_t *root_answers(sqlite3 *db, sqlite3_int64 scan, int *err)
{
	json_t *a = json_array();
	sqlite3_stmt *st = prep_scan(db,
		"SELECT f.profile, f.rule_id, group_concat(c.collector, ',')"
		" FROM findings f JOIN assessment_rules r"
		"  ON r.assessment_id = f.assessment_id AND r.rule_id = f.rule_id"
		" JOIN json_each(r.requires) j"
		" JOIN collector_runs c ON c.scan_id = f.scan_id AND c.collector = j.value"
		" WHERE f.scan_id = ? AND f.status = 'unknown' AND c.denied > 0"
		" GROUP BY f.profile, f.rule_id ORDER BY f.profile, f.rule_id", scan);
	int rc;

	if (!st) {
		*err = 1;
		return a;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *colls = json_array();
		const char *p = db_col_text(st, 2);

		while (p && *p) {
			size_t n = strcspn(p, ",");
			json_array_append_new(colls, json_stringn(p, n));
			p += n + (p[n] == ',');
		}
		json_array_append_new(a, json_pack("{s:s?, s:s?, s:o}", "profile", db_col_text(st, 0),
						   "rule", db_col_text(st, 1), "collectors", colls));
	}
	if (rc != SQLITE_DONE)
		*err = 1;
	stmt_done(st);
	return a;
}

void report_json_coverage(sqlite3 *db, sqlite3_int64 scan, json_t *host, int *err)
{
	json_t *o = json_object();
	int root_helps;

	counts(db, scan, o, err);
	json_object_set_new(o, "restricted_by", restricted_by(db, scan, &root_helps, err));
	json_object_set_new(o, "run_as_root_to_answer",
			    root_helps ? root_answers(db, scan, err) : json_array());
	json_object_set_new(host, "coverage", o);
}
