/*
 * report.h - readers of the store that write reports
 */
#ifndef PREMIG_REPORT_H
#define PREMIG_REPORT_H

#include <stdio.h>
#include <jansson.h>
#include <sqlite3.h>

#define REPORT_JSON_FORMAT 1

/*
 * The hosts a report covers, each with the scan it reports: its latest
 * finished scan, else its latest (columns host_key, key_source, scan).
 */
#define REPORT_LATEST_SCANS_SQL                                                    \
	"SELECT h.host_key, h.key_source,"                                         \
	" (SELECT s.id FROM scans s WHERE s.host_id = h.id"                        \
	"  ORDER BY s.finished_at IS NULL, s.started_at DESC, s.id DESC LIMIT 1) AS scan" \
	" FROM hosts h WHERE scan IS NOT NULL"

/*
 * Writes the JSON report (format 1) of the latest scan of every host in db
 * to out.  Returns 0, or <0 after printing the reason.
 */
int report_json(sqlite3 *db, FILE *out);

/*
 * The CSV reports (csv.c), RFC 4180 with formula injection neutralised:
 * hosts.csv (one row per host) and findings.csv (one row per failing or
 * unknown rule per host and profile).  report_csv writes both into dir,
 * which must exist, each through report_write_file.  0, or <0 after printing.
 */
int report_csv(sqlite3 *db, const char *dir);
int report_csv_hosts(sqlite3 *db, FILE *out);
int report_csv_findings(sqlite3 *db, FILE *out);

/*
 * One CSV field: s quoted (quotes doubled), prefixed with ' when it starts
 * with = + - @ TAB or CR, cut at 32,000 bytes with a note; nothing for NULL.
 */
void csv_field(FILE *out, const char *s);

/*
 * A redacted copy of db for the report writers (redact.c): a temporary
 * database in which every identifying value is replaced by its keyed
 * pseudonym.  key_path is the key file, read, or made (random, mode 0600)
 * when it does not exist; NULL: db_path with ".redact-key".  On success
 * *copy is the caller's to close; 0, or <0 after printing.
 */
int report_redact(sqlite3 *db, const char *db_path, const char *key_path, sqlite3 **copy);

/*
 * The report's tree, host by host (json.c): brings the dependency analysis
 * up to date, then calls fn with the object each host has in the JSON
 * report, in host-key order.  The object is borrowed for the call (fn takes
 * a reference to keep it).  fn returns 0 to go on, <0 (after printing) to
 * stop.  Returns 0, or <0 after printing the reason.  The JSON report is
 * built from it; the HTML report reads the same tables its own way, a few
 * queries for all hosts (html.c), and a test checks that the two agree.
 */
int report_hosts(sqlite3 *db, unsigned flags, int (*fn)(json_t *host, void *arg), void *arg);

/*
 * report_hosts flags.  REPORT_DEFER: the JSON report's own (json.c): the largest lists of rows
 * (packages, services) are placeholders that its writer fills from the
 * store as it writes them (rows_deferred, jsonutil.h): the same bytes.
 */
#define REPORT_DEFER 2u

/*
 * Writes the HTML report (html.c): one self-contained file, no external
 * request (its Content-Security-Policy forbids them), every value from the
 * store placed by libxml2's tree builder or as JSON in a data block.
 * Returns 0, or <0 after printing the reason.
 */
int report_html(sqlite3 *db, FILE *out);

/*
 * Writes a report to path ("-" for standard output) through write_fn, via a
 * temporary file renamed into place so that a failed run never leaves half
 * a report.  Checks fflush/ferror/fclose.  Returns 0 or <0 after printing.
 */
int report_write_file(const char *path, sqlite3 *db,
		      int (*write_fn)(sqlite3 *db, FILE *out));
/* the same, for a writer that takes its own argument */
int report_write_with(const char *path, int (*write_fn)(void *arg, FILE *out), void *arg);

#endif
