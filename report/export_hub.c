/*
 * export_hub.c - premig export hub-csv: the Migration Hub import template
 * (Application Discovery Service StartImportTask), aws-spec section 1
 *
 * The 34 columns of the template, in the order of the documentation table
 * (aws-spec 1.2), one row per server, matched on ExternalId, the stable
 * host key (1.3).  Written from the store (waves.c):
 *
 *   ExternalId            the host key
 *   SMBiosId              the DMI product UUID
 *   IPAddress             every address but loopback, link-local,
 *                         unspecified and those two current hosts hold
 *                         (they would match the wrong servers, 1.3), as
 *                         a quoted comma list (1.2)
 *   MACAddress            every MAC of a NIC that is not virtual, likewise
 *   HostName              the FQDN where known, else the hostname
 *   CPU.NumberOfProcessors / NumberOfCores / NumberOfLogicalCores
 *                         sockets, physical cores, hardware threads
 *   OS.Name, OS.Version   os-release NAME (else ID), VERSION_ID (else VERSION)
 *   RAM.TotalSizeInMB     the RAM, MiB
 *   Applications          the server's one application (waves.c)
 *   ApplicationWave       its wave in the plan (waves.c)
 *   Tags                  premig-<profile>:<verdict>, premig-blocker-N:<rule>,
 *                         at most 30 (1.1)
 *
 * VMware.MoRefId, VMware.VCenterId and VMware.VMName are left empty: a
 * guest cannot know its managed object reference, its vCenter or the name
 * vCenter gives it, and the pair must come together or not at all (1.1).
 * The utilisation columns and ServerId are empty too (a scan is one
 * moment; ServerId is Migration Hub's own).
 *
 * File rules (1.1): no comma inside a value (replaced by ';', with a
 * warning); a text cell that starts with = + - @ TAB or CR is prefixed
 * with ' (csv_field, formula injection); at most 10 MB a file: a larger
 * export is split into numbered files of whole rows, each with the header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/exitcodes.h"
#include "export.h"
#include "report.h"
#include "../scanner/banned.h"

/*
 * 10 MB a file (aws-spec 1.1), read as 10,000,000 bytes, the smaller of
 * the two readings of "MB"
 */
#define HUB_FILE_MAX 10000000u

static const char *const hub_columns[] = {
	"ExternalId", "SMBiosId", "IPAddress", "MACAddress", "HostName",
	"VMware.MoRefId", "VMware.VCenterId", "CPU.NumberOfProcessors", "CPU.NumberOfCores",
	"CPU.NumberOfLogicalCores", "OS.Name", "OS.Version", "VMware.VMName",
	"RAM.TotalSizeInMB", "RAM.UsedSizeInMB.Avg", "RAM.UsedSizeInMB.Max",
	"CPU.UsagePct.Avg", "CPU.UsagePct.Max", "DiskReadsPerSecondInKB.Avg",
	"DiskWritesPerSecondInKB.Avg", "DiskReadsPerSecondInKB.Max", "DiskWritesPerSecondInKB.Max",
	"DiskReadsOpsPerSecond.Avg", "DiskWritesOpsPerSecond.Avg", "DiskReadsOpsPerSecond.Max",
	"DiskWritesOpsPerSecond.Max", "NetworkReadsPerSecondInKB.Avg",
	"NetworkWritesPerSecondInKB.Avg", "NetworkReadsPerSecondInKB.Max",
	"NetworkWritesPerSecondInKB.Max", "Applications", "ApplicationWave", "Tags", "ServerId",
};
#define HUB_NCOLUMNS (sizeof(hub_columns) / sizeof(hub_columns[0]))
#define HUB_UTILISATION 16	/* RAM.UsedSizeInMB.Avg .. NetworkWritesPerSecondInKB.Max */

static const char hub_usage[] =
	"usage: premig export hub-csv [--db FILE] [-o FILE] [--applications FILE]\n"
	"                             [--wave-size N]\n\n"
	"Writes the Migration Hub import CSV (the Application Discovery Service\n"
	"import template's 34 columns, in the documented order), one row per\n"
	"server of the database: ExternalId is premig's stable host key, every\n"
	"IP and MAC address as a quoted comma list, the FQDN, CPU, OS and RAM,\n"
	"the server's application and wave (premig plan), and its verdicts as\n"
	"tags (premig-mgn:ready, premig-blocker-1:RULE, at most 30).  A comma\n"
	"inside a value is replaced by ';' (the importer splits on commas) and\n"
	"a value that a spreadsheet would run as a formula gets a leading '.\n"
	"An import file holds at most 10 MB: a larger export is split into\n"
	"FILE-1.csv, FILE-2.csv, ... of whole rows, each with the header.\n\n"
	"  --db FILE      the database (default premig-<hostname>.db)\n"
	"  -o FILE        where to write (default hub-import.csv; '-' standard\n"
	"                 output, which cannot be split)\n"
	"  --applications FILE\n"
	"                 application names: lines HOST,APPLICATION, HOST a host\n"
	"                 key or hostname (else premig's application groups)\n"
	"  --wave-size N  servers a wave holds, 1 to 200 (default 50)\n\n"
	"exit status: 0 written, 1 cannot write, 2 usage (or over 10 MB to\n"
	"standard output), 4 database error, 5 unusable --applications file\n";

/* a text cell of values joined by ", " (the template's lists, aws-spec 1.2) */
static void list_cell(struct fleet *f, FILE *out, const char *host, const char *column,
		      char **v, size_t n)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		char *s = fleet_value(f, host, column, v[i]);
		buf_addf_sep(&b, ", ", "%s", s);
		free(s);
	}
	if (n)
		csv_field(out, b.data);
	buf_release(&b);
}

static void text_cell(struct fleet *f, FILE *out, const char *host, const char *column,
		      const char *s)
{
	char *v = fleet_value(f, host, column, s);

	csv_field(out, v);
	free(v);
}

static void num_cell(FILE *out, long long v)
{
	if (v >= 0)
		fprintf(out, "%lld", v);
}

static void hub_row(struct fleet *f, const struct fleet_server *s, FILE *out)
{
	const struct fleet_app *a = &f->a[s->app];
	char **tags = xcalloc(s->ntags + 1, sizeof(*tags));

	text_cell(f, out, s->key, "ExternalId", s->key);
	fputc(',', out);
	text_cell(f, out, s->key, "SMBiosId", s->smbios);
	fputc(',', out);
	list_cell(f, out, s->key, "IPAddress", s->ips, s->nips);
	fputc(',', out);
	list_cell(f, out, s->key, "MACAddress", s->macs, s->nmacs);
	fputc(',', out);
	text_cell(f, out, s->key, "HostName", s->fqdn ? s->fqdn : s->hostname);
	fputs(",,,", out);		/* VMware.MoRefId, VMware.VCenterId: not known in a guest */
	num_cell(out, s->sockets);
	fputc(',', out);
	num_cell(out, s->cores);
	fputc(',', out);
	num_cell(out, s->threads);
	fputc(',', out);
	text_cell(f, out, s->key, "OS.Name", s->os_name);
	fputc(',', out);
	text_cell(f, out, s->key, "OS.Version", s->os_version);
	fputs(",,", out);		/* VMware.VMName */
	num_cell(out, s->ram_mib);
	for (int i = 0; i < HUB_UTILISATION; i++)
		fputc(',', out);
	fputc(',', out);
	text_cell(f, out, s->key, "Applications", a->name);
	fputc(',', out);
	text_cell(f, out, s->key, "ApplicationWave", f->w[a->wave].name);
	fputc(',', out);
	for (size_t i = 0; i < s->ntags; i++)
		tags[i] = xasprintf("%s:%s", s->tags[i].key, s->tags[i].value);
	list_cell(f, out, s->key, "Tags", tags, s->ntags);
	for (size_t i = 0; i < s->ntags; i++)
		free(tags[i]);
	free(tags);
	fputs(",\r\n", out);		/* ServerId: Migration Hub's own */
}

struct hub_part {
	const char *header, *rows;
	size_t header_len, rows_len;
};

static int write_part(void *arg, FILE *out)
{
	const struct hub_part *p = arg;

	fwrite(p->header, 1, p->header_len, out);
	fwrite(p->rows, 1, p->rows_len, out);
	return 0;
}

/* path with -n before its .csv (or at its end) */
static char *part_path(const char *path, size_t n)
{
	size_t len = strlen(path);

	if (len > 4 && !strcmp(path + len - 4, ".csv"))
		return xasprintf("%.*s-%zu.csv", (int)(len - 4), path, n);
	return xasprintf("%s-%zu", path, n);
}

int export_hub_csv(int argc, char **argv)
{
	struct export_opts o;
	struct fleet f;
	struct buf header = BUF_INIT;
	struct hub_part part;
	sqlite3 *db;
	char *rows = NULL;
	size_t rows_len = 0, *ends = NULL, nparts = 0;
	FILE *mem;
	int rc = export_args("export hub-csv", argc, argv, EXPORT_OPT_OUT, hub_usage, &o);

	if (rc >= 0)
		return rc;
	if (!o.out)
		o.out = "hub-import.csv";
	if ((rc = export_open("export hub-csv", &o, &db, &f)) != EXIT_OK)
		return rc;
	for (size_t i = 0; i < HUB_NCOLUMNS; i++)
		buf_addf(&header, "%s%s", i ? "," : "", hub_columns[i]);
	buf_adds(&header, "\r\n");
	/* the rows in memory, with where each ends, to cut files between rows */
	mem = open_memstream(&rows, &rows_len);
	if (!mem) {
		rc = EXIT_FATAL;
		scan_error("export hub-csv: out of memory");
		goto out;
	}
	ends = xmalloc((f.ns + 1) * sizeof(*ends));
	for (size_t i = 0; i < f.ns; i++) {
		hub_row(&f, &f.s[i], mem);
		fflush(mem);
		ends[i] = rows_len;
	}
	if (fclose(mem) != 0) {
		rc = EXIT_FATAL;
		scan_error("export hub-csv: out of memory");
		goto out;
	}
	part.header = header.data;
	part.header_len = header.len;
	if (header.len + rows_len <= HUB_FILE_MAX) {
		part.rows = rows;
		part.rows_len = rows_len;
		rc = report_write_with(o.out, write_part, &part) < 0 ? EXIT_FATAL : EXIT_OK;
		goto out;
	}
	if (!strcmp(o.out, "-")) {
		scan_error("export hub-csv: %zu bytes, over the 10 MB an import file may hold:"
			   " give -o FILE to have it split into numbered files", header.len + rows_len);
		rc = EXIT_USAGE;
		goto out;
	}
	rc = EXIT_OK;
	for (size_t i = 0, from = 0; i < f.ns && rc == EXIT_OK; nparts++) {
		size_t start = i ? ends[i - 1] : 0;
		char *path;
		/* whole rows while they fit; at least one */
		do
			i++;
		while (i < f.ns && header.len + ends[i] - start <= HUB_FILE_MAX);
		part.rows = rows + start;
		part.rows_len = ends[i - 1] - start;
		path = part_path(o.out, nparts + 1);
		if (report_write_with(path, write_part, &part) < 0)
			rc = EXIT_FATAL;
		else
			fprintf(stderr, "premig: export hub-csv: wrote '%s': servers %zu to %zu,"
				" %zu bytes\n", path, from + 1, i, header.len + part.rows_len);
		from = i;
		free(path);
	}
	if (rc == EXIT_OK) {
		struct stat st;
		char *next = part_path(o.out, nparts + 1);

		scan_warn("export hub-csv: %zu bytes are over the 10 MB an import file may hold:"
			  " split into %zu files (%s), each to be imported", header.len + rows_len,
			  nparts, "numbered -1, -2, ...");
		/* files of an earlier run are the user's: said, never removed */
		if (stat(o.out, &st) == 0)
			scan_warn("export hub-csv: '%s' is from an earlier run: import the numbered"
				  " files only", o.out);
		if (stat(next, &st) == 0)
			scan_warn("export hub-csv: '%s' and any later part are from an earlier run:"
				  " import the first %zu only", next, nparts);
		free(next);
	}
out:
	free(rows);
	free(ends);
	buf_release(&header);
	fleet_release(&f);
	db_close(db);
	return rc;
}
