/*
 * diff.h - what changed between two scans of a host (premig diff)
 */
#ifndef PREMIG_DIFF_H
#define PREMIG_DIFF_H

#include <stdio.h>
#include <sqlite3.h>

#define DIFF_JSON_FORMAT 1

struct diff_opts {
	const char *format;		/* "text" or "json" */
	const char *host;		/* a host key or hostname; NULL: every host */
	sqlite3_int64 scan_a, scan_b;	/* both 0: each host's two latest scans */
};

/*
 * Writes the differences to out.  Returns 0; -1 when the store cannot be
 * read; -2 when the input names what the store does not
 * hold (no such scan or host, a scan of another host than o->host, no
 * scanned host); -3 when out cannot be written.  The reason is printed.
 */
int diff_write(sqlite3 *db, const char *dbpath, FILE *out, const struct diff_opts *o);

#endif
