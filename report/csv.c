/*
 * csv.c - the CSV reports, for spreadsheets: hosts.csv, one row per host
 * (its latest scan: key facts and each profile's verdict and counts), and
 * findings.csv, one row per rule that failed or is unknown, per host and
 * profile
 *
 * RFC 4180: records end in CRLF; a text field is quoted, its quotes
 * doubled; an unknown fact is an empty field.  A text cell that starts
 * with '=', '+', '-', '@', a tab or a carriage return is prefixed with a
 * single quote, so that a spreadsheet shows it as text and never
 * evaluates it as a formula (OWASP, "CSV Injection").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "report.h"
#include "../scanner/banned.h"

/* a spreadsheet cell holds at most 32,767 characters (Excel's limit) */
#define CSV_CELL_MAX 32000

void csv_field(FILE *out, const char *s)
{
	size_t len, n;

	if (!s)
		return;
	len = strlen(s);
	n = len;
	if (n > CSV_CELL_MAX) {
		n = CSV_CELL_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;	/* cut at a UTF-8 character's first byte */
	}
	fputc('"', out);
	if (*s && strchr("=+-@\t\r", *s))
		fputc('\'', out);
	/* the text in runs up to each quote, which is written twice */
	for (const char *p = s, *end = s + n, *q; p < end; p = q + 1) {
		q = memchr(p, '"', (size_t)(end - p));
		if (!q) {
			fwrite(p, 1, (size_t)(end - p), out);
			break;
		}
		fwrite(p, 1, (size_t)(q - p) + 1, out);
		fputc('"', out);
	}
	if (n < len)
		fprintf(out, " [cut: %zu more bytes]", len - n);
	fputc('"', out);
}

/* column i as a CSV field: an integer as digits, text quoted, NULL empty */
static void col_field(FILE *out, sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		break;
	case SQLITE_INTEGER:
		fprintf(out, "%lld", (long long)sqlite3_column_int64(st, i));
		break;
	default:
		csv_field(out, db_col_text(st, i));
	}
}

/* the current row, every column, as one record */
static void row_record(FILE *out, sqlite3_stmt *st, int from)
{
	for (int i = from; i < sqlite3_column_count(st); i++) {
		if (i > from)
			fputc(',', out);
		col_field(out, st, i);
	}
}

/* the profiles assessed in the store, in order */
static int profiles(sqlite3 *db, char ***names, size_t *n)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT DISTINCT profile FROM verdicts ORDER BY profile");
	int rc;

	*names = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*names = xrealloc(*names, (*n + 1) * sizeof(**names));
		(*names)[(*n)++] = xstrdup(db_col_text(st, 0));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Key facts of the latest scan; disks and their size only when the disks
 * collector ran ok (an unread disk list is unknown, not zero disks).
 */
static const char hosts_sql[] =
	"WITH latest AS (" REPORT_LATEST_SCANS_SQL ")"
	" SELECT l.scan, i.hostname, l.host_key, i.fqdn,"
	" coalesce(o.pretty_name, trim(coalesce(o.name, '') || ' ' || coalesce(o.version_id, ''))),"
	" o.id, o.version_id, k.release, k.arch, b.firmware,"
	" CASE WHEN d.status = 'ok' THEN (SELECT count(*) FROM disks WHERE scan_id = l.scan"
	"  AND kind = 'disk') END,"
	" CASE WHEN d.status = 'ok' THEN (SELECT sum(size_bytes) FROM disks WHERE scan_id = l.scan"
	"  AND kind = 'disk') END,"
	" hw.ram_mib, hw.cpu_threads, hw.virtualization, s.mode, s.status, s.finished_at"
	" FROM latest l JOIN scans s ON s.id = l.scan"
	" LEFT JOIN identity i ON i.scan_id = l.scan LEFT JOIN os o ON o.scan_id = l.scan"
	" LEFT JOIN kernel k ON k.scan_id = l.scan LEFT JOIN boot b ON b.scan_id = l.scan"
	" LEFT JOIN hardware hw ON hw.scan_id = l.scan"
	" LEFT JOIN collector_runs d ON d.scan_id = l.scan AND d.collector = 'disks'"
	" ORDER BY i.hostname IS NULL, i.hostname, l.host_key";

static const char *const hosts_header[] = {
	"hostname", "host_key", "fqdn", "os", "os_id", "os_version", "kernel", "arch",
	"boot_mode", "disks", "disk_bytes", "ram_mib", "cpu_threads", "virtualization",
	"scan_mode", "scan_status", "scanned_at", NULL
};

int report_csv_hosts(sqlite3 *db, FILE *out)
{
	sqlite3_stmt *h = NULL, *v = NULL;
	char **prof = NULL;
	size_t nprof = 0;
	int rc = -1;

	if (profiles(db, &prof, &nprof) < 0)
		goto out;
	h = db_prepare(db, hosts_sql);
	v = db_prepare(db, "SELECT verdict, blockers, warnings, unknowns FROM verdicts"
		       " WHERE scan_id = ? AND profile = ?");
	if (!h || !v)
		goto out;
	for (const char *const *c = hosts_header; *c; c++)
		fprintf(out, "%s%s", c == hosts_header ? "" : ",", *c);
	for (size_t p = 0; p < nprof; p++)
		fprintf(out, ",%s_verdict,%s_blockers,%s_warnings,%s_unknowns",
			prof[p], prof[p], prof[p], prof[p]);
	fputs("\r\n", out);
	while ((rc = sqlite3_step(h)) == SQLITE_ROW) {
		row_record(out, h, 1);
		for (size_t p = 0; p < nprof; p++) {
			sqlite3_reset(v);
			sqlite3_bind_int64(v, 1, sqlite3_column_int64(h, 0));
			sqlite3_bind_text(v, 2, prof[p], -1, SQLITE_TRANSIENT);
			if (sqlite3_step(v) == SQLITE_ROW) {
				fputc(',', out);
				row_record(out, v, 0);
			} else {
				fputs(",,,,", out);	/* not assessed for this profile */
			}
		}
		fputs("\r\n", out);
	}
	rc = rc == SQLITE_DONE ? 0 : -1;
out:
	if (rc < 0)
		scan_error("report: cannot read the store: %s", sqlite3_errmsg(db));
	sqlite3_finalize(h);
	sqlite3_finalize(v);
	for (size_t p = 0; p < nprof; p++)
		free(prof[p]);
	free(prof);
	return rc;
}

int report_csv_findings(sqlite3 *db, FILE *out)
{
	sqlite3_stmt *st = db_prepare(db,
		"WITH latest AS (" REPORT_LATEST_SCANS_SQL ")"
		" SELECT i.hostname, l.host_key, f.profile, f.rule_id, f.severity, f.status, r.title,"
		" f.reason, f.evidence, r.remediation,"
		/* the source as a person cites it: the guide, then its address */
		" trim(coalesce(json_extract(r.source, '$.guide'), '') || ' '"
		"  || coalesce(json_extract(r.source, '$.url'), ''))"
		" FROM latest l JOIN findings f ON f.scan_id = l.scan"
		" JOIN assessment_rules r ON r.assessment_id = f.assessment_id AND r.rule_id = f.rule_id"
		" LEFT JOIN identity i ON i.scan_id = l.scan"
		" WHERE f.status <> 'pass'"
		" ORDER BY i.hostname IS NULL, i.hostname, l.host_key, f.profile,"
		" f.status = 'unknown', f.severity = 'info', f.severity = 'warning', f.rule_id");
	int rc;

	if (!st)
		return -1;
	fputs("hostname,host_key,profile,rule_id,severity,status,title,reason,evidence,"
	      "remediation,source\r\n", out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_record(out, st, 0);
		fputs("\r\n", out);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return scan_error("report: cannot read the store: %s", sqlite3_errmsg(db));
	return 0;
}

int report_csv(sqlite3 *db, const char *dir)
{
	struct stat sb;
	char *path;
	int rc;

	/* each file is whole or absent (report_write_file); the directory must be there */
	if (stat(dir, &sb) < 0)
		return scan_error_errno(errno, "report: -o '%s': csv writes hosts.csv and findings.csv"
					" into a directory", dir);
	if (!S_ISDIR(sb.st_mode))
		return scan_error("report: -o '%s': not a directory (csv writes hosts.csv and"
				  " findings.csv into one)", dir);
	path = xasprintf("%s/hosts.csv", dir);
	rc = report_write_file(path, db, report_csv_hosts);
	free(path);
	if (rc < 0)
		return rc;
	path = xasprintf("%s/findings.csv", dir);
	rc = report_write_file(path, db, report_csv_findings);
	free(path);
	return rc;
}
