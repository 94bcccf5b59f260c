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
 * Writes the JSON report (format 1) of the latest scan of every host in db
 * to out.  Returns 0, or <0 after printing the reason.
 */
int report_json(sqlite3 *db, FILE *out);

/*
 * The report's tree, host by host (json.c): brings the dependency analysis
 * up to date, then calls fn with the object each host has in the JSON
 * report, in host-key order.  The object is borrowed for the call (fn takes
 * a reference to keep it).  fn returns 0 to go on, <0 (after printing) to
 * stop.  Returns 0, or <0 after printing the reason.  Both the JSON and the
 * HTML report are built from it, so they never disagree.
 */
int report_hosts(sqlite3 *db, int (*fn)(json_t *host, void *arg), void *arg);

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

#endif
