/*
 * jsonutil.h - JSON values from store rows, shared by the report writers
 *
 * Every function returns a new reference.  Failures of the store set *err
 * (and print); the value returned is then still valid JSON (empty or null).
 */
#ifndef PREMIG_JSONUTIL_H
#define PREMIG_JSONUTIL_H

#include <stddef.h>
#include <jansson.h>
#include <sqlite3.h>

/* column i of the current row; columns named in bools become true/false */
json_t *col_json(sqlite3_stmt *st, int i, const char *const *bools);

/* column i, which holds JSON text written by premig, parsed; null for NULL */
json_t *col_parsed(sqlite3_stmt *st, int i);

/* an object for values that repeat across hosts, kept until stmt_cache_release */
json_t *report_memo(void);

/* sets every column of the current row on obj, keyed by its name */
void row_into(json_t *obj, sqlite3_stmt *st, const char *const *bools);

/*
 * sql prepared once per database and kept (reset, bindings cleared, for each
 * use): NULL after printing.  The caller ends each use with stmt_done, never
 * sqlite3_finalize; stmt_cache_release finalizes them all, before the
 * database is closed (report_hosts does at its end).
 */
sqlite3_stmt *stmt_cached(sqlite3 *db, const char *sql);
void stmt_done(sqlite3_stmt *st);
void stmt_cache_release(void);

/* stmt_cached(sql) with scan bound to its first parameter; NULL after printing */
sqlite3_stmt *prep_scan(sqlite3 *db, const char *sql, sqlite3_int64 scan);

/* the single row of sql for scan as an object; all columns null if none */
json_t *one_row(sqlite3 *db, const char *sql, sqlite3_int64 scan,
		const char *const *bools, int *err);

/* one object per row */
json_t *rows(sqlite3 *db, const char *sql, sqlite3_int64 scan,
	     const char *const *bools, int *err);

/*
 * Deferred values, for the JSON report's writer (json.c), which alone
 * passes REPORT_DEFER to report_hosts: json_defer returns an empty array
 * that stands for a value fn writes, at depth, when the writer reaches it,
 * without building it (the same bytes as the value built and dumped);
 * release(arg) when the host has been written.  NULL when a host has too
 * many: build the value then.  The jw_ functions are fn's to write with:
 * a value as the writer dumps it, a member's key (after a comma unless
 * first, on a new line), column i as col_json makes it, text as it is, a
 * new line, and a failure (the report is not written).
 */
struct json_writer;
typedef void json_defer_fn(struct json_writer *w, int depth, void *arg);
json_t *json_defer(json_defer_fn *fn, void *arg, void (*release)(void *arg));
void jw_value(struct json_writer *w, json_t *v, int depth);
void jw_key(struct json_writer *w, const char *key, int depth, int first);
void jw_col(struct json_writer *w, sqlite3_stmt *st, int i);
void jw_raw(struct json_writer *w, const char *s);
void jw_indent(struct json_writer *w, int depth);
void jw_fail(struct json_writer *w);

/* rows() as a deferred value (REPORT_DEFER); rows() itself when it cannot be */
json_t *rows_deferred(sqlite3 *db, const char *sql, sqlite3_int64 scan,
		      const char *const *bools, int *err);

/* the first column of each row, or null when known_sql counts 0 */
json_t *list_or_null(sqlite3 *db, const char *sql, sqlite3_int64 scan,
		     const char *known_sql, int *err);

/*
 * The host sections of the storage issue: disks, volumes, root_disks and
 * boot_disks (json_disks.c); boot and filesystems (json_boot.c).  Each sets
 * its keys on host; flags are report_hosts' (report.h: REPORT_DEFER).
 */
void report_json_disks(sqlite3 *db, sqlite3_int64 scan, unsigned flags, json_t *host, int *err);
void report_json_boot(sqlite3 *db, sqlite3_int64 scan, unsigned flags, json_t *host, int *err);
/* packages, package_db(s), init_system, services, sshd, firewall, host_files */
void report_json_software(sqlite3 *db, sqlite3_int64 scan, unsigned flags, json_t *host, int *err);

/*
 * The readiness assessment (json_assess.c): "assessments", keyed by
 * profile, when the scan was assessed; nothing otherwise.
 */
void report_json_assess(sqlite3 *db, sqlite3_int64 scan, unsigned flags, json_t *host, int *err);

/*
 * A rule's texts as the assessment that judged stored them: [title,
 * remediation, rationale, source], read once per report and shared by
 * every host (a fleet's hosts share their assessments); NULL when the
 * assessment has no such rule.  Borrowed until stmt_cache_release.
 */
json_t *report_rule_texts(sqlite3 *db, sqlite3_int64 assessment, const char *rule, int *err);

/*
 * "coverage": the collectors that ran fully, partly, not at all, the reads
 * refused, what restricted the scan, and the unknown findings a scan as
 * root would answer (json_coverage.c)
 */
void report_json_coverage(sqlite3 *db, sqlite3_int64 scan, json_t *host, int *err);

#endif
