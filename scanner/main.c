/*
 * main.c - the verb table and the command line
 *
 * premig [VERB] [OPTIONS]; with no verb it runs the main job: scan this host
 * read-only and write premig-<hostname>.db and premig-<hostname>.json.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../collectors/collectors.h"
#include "../report/report.h"
#include "buf.h"
#include "db.h"
#include "err.h"
#include "exitcodes.h"
#include "scan.h"
#include "version.h"
#include "banned.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct verb {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static int cmd_run(int argc, char **argv);
static int cmd_scan(int argc, char **argv);
static int cmd_report(int argc, char **argv);

static const struct verb verbs[] = {
	{ "run", cmd_run, "scan this host and write its database and reports (the default)" },
	{ "scan", cmd_scan, "collect facts into a database" },
	{ "report", cmd_report, "write a report from a database" },
};

static void usage_main(FILE *f)
{
	fprintf(f, "usage: premig [VERB] [OPTIONS]\n\n"
		"Read-only discovery and AWS migration readiness for Linux servers.\n"
		"With no verb, premig scans this host and writes premig-<hostname>.db\n"
		"and premig-<hostname>.json in the current directory.\n\nverbs:\n");
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
		fprintf(f, "  %-8s %s\n", verbs[i].name, verbs[i].summary);
	fprintf(f, "\n'premig VERB --help' describes a verb; 'man premig' the rest.\n"
		"exit status: 0 ok, 1 fatal error, 2 usage, 3 partial (a collector failed),\n"
		"4 database error, 5 unusable input\n");
}

static void usage_collectors(FILE *f)
{
	size_t n;
	const struct collector *c = collector_table(&n);

	fprintf(f, "\ncollectors (in run order):\n");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-10s %s\n", c[i].name, c[i].help);
}

static const char scan_usage[] =
	"usage: premig scan [--root DIR] [--db FILE] [--only LIST] [--skip LIST]\n"
	"                   [--host-id ID] [--image FILE]... [--quiet]\n\n"
	"Collects facts about a host into a SQLite database (created if missing,\n"
	"appended to if present).  Nothing on the scanned system is written.\n\n"
	"  --root DIR     scan the system mounted or copied at DIR instead of this host\n"
	"  --db FILE      the database (default premig-<hostname>.db)\n"
	"  --only LIST    run only these collectors (comma-separated)\n"
	"  --skip LIST    do not run these collectors\n"
	"  --host-id ID   record the scan under this host key\n"
	"  --image FILE   a raw disk image (or VMware flat VMDK, fixed VHD) of the\n"
	"                 machine; repeat for each disk, in order; with --image the\n"
	"                 live host is not scanned (add --root DIR for its files)\n"
	"  --quiet        do not print warnings\n";

static const struct option scan_longopts[] = {
	{ "root", required_argument, NULL, 'r' },
	{ "db", required_argument, NULL, 'd' },
	{ "only", required_argument, NULL, 'O' },
	{ "skip", required_argument, NULL, 'S' },
	{ "host-id", required_argument, NULL, 'H' },
	{ "image", required_argument, NULL, 'i' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

#define MAX_IMAGES 64

/* parses the scan options shared by run and scan; returns <0 on usage error, 1 for --help */
static int parse_scan_opts(int argc, char **argv, struct scan_opts *o,
			   const char *verb, const char *usage)
{
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hq", scan_longopts, NULL)) != -1) {
		switch (c) {
		case 'r': o->root = optarg; break;
		case 'd': o->db = optarg; break;
		case 'O': o->only = optarg; break;
		case 'S': o->skip = optarg; break;
		case 'H': o->host_id = optarg; break;
		case 'i':
			if (o->nimages == MAX_IMAGES) {
				scan_error("%s: at most %d --image options", verb, MAX_IMAGES);
				return -1;
			}
			o->images[o->nimages++] = optarg;
			break;
		case 'q': err_set_quiet(1); break;
		case 'h':
			fputs(usage, stdout);
			usage_collectors(stdout);
			return 1;
		case ':':
			scan_error("%s: option '%s' needs a value", verb, argv[optind - 1]);
			return -1;
		default:
			scan_error("%s: unknown option '%s' (see 'premig %s --help')", verb,
				   argv[optind - 1], verb);
			return -1;
		}
	}
	if (optind < argc) {
		scan_error("%s: unexpected argument '%s'", verb, argv[optind]);
		return -1;
	}
	if (o->host_id && !*o->host_id) {
		scan_error("%s: --host-id must not be empty", verb);
		return -1;
	}
	return 0;
}

static int cmd_scan(int argc, char **argv)
{
	const char *images[MAX_IMAGES];
	struct scan_opts o = { .images = images };
	char *db = NULL;
	int rc = parse_scan_opts(argc, argv, &o, "scan", scan_usage);

	if (rc)
		return rc < 0 ? EXIT_USAGE : EXIT_OK;
	if (!o.db) {
		char *stem = scan_default_stem();
		db = xasprintf("%s.db", stem);
		free(stem);
		o.db = db;
	}
	rc = scan_run(&o);
	free(db);
	return rc;
}

static const char run_usage[] =
	"usage: premig [run] [--root DIR] [--image FILE]... [--only LIST] [--skip LIST]\n"
	"                    [--host-id ID]\n\n"
	"The main job: scans this host (or --root DIR) read-only into\n"
	"premig-<hostname>.db and writes the report premig-<hostname>.json,\n"
	"both in the current directory.\n";

static int cmd_run(int argc, char **argv)
{
	const char *images[MAX_IMAGES];
	struct scan_opts o = { .images = images };
	char *stem, *db, *json;
	sqlite3 *h = NULL;
	int rc = parse_scan_opts(argc, argv, &o, "run", run_usage);

	if (rc)
		return rc < 0 ? EXIT_USAGE : EXIT_OK;
	stem = scan_default_stem();
	db = xasprintf("%s.db", stem);
	json = xasprintf("%s.json", stem);
	o.db = db;
	rc = scan_run(&o);
	if (rc == EXIT_OK || rc == EXIT_PARTIAL) {
		if (db_open(db, DB_READ, &h) < 0)
			rc = EXIT_STORE;
		else if (report_write_file(json, h, report_json) < 0)
			rc = EXIT_FATAL;
		else
			printf("premig: wrote %s and %s\n", db, json);
		sqlite3_close(h);
	}
	free(stem);
	free(db);
	free(json);
	return rc;
}

static const char report_usage[] =
	"usage: premig report --format json [--db FILE] [-o FILE|-]\n\n"
	"Writes a report from a database; collects nothing.\n\n"
	"  --format json  the report format (format 1 of the JSON report)\n"
	"  --db FILE      the database (default premig-<hostname>.db)\n"
	"  -o FILE        where to write; '-' or no -o for standard output\n";

static int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "db", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = NULL, *dbpath = NULL, *outpath = "-";
	char *defdb = NULL;
	sqlite3 *db = NULL;
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'd': dbpath = optarg; break;
		case 'o': outpath = optarg; break;
		case 'h':
			fputs(report_usage, stdout);
			return EXIT_OK;
		case ':':
			scan_error("report: option '%s' needs a value", argv[optind - 1]);
			return EXIT_USAGE;
		default:
			scan_error("report: unknown option '%s' (see 'premig report --help')",
				   argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		scan_error("report: unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (!format) {
		scan_error("report: --format is required (json)");
		return EXIT_USAGE;
	}
	if (strcmp(format, "json")) {
		scan_error("report: unknown format '%s' (json)", format);
		return EXIT_USAGE;
	}
	if (!dbpath) {
		char *stem = scan_default_stem();
		defdb = xasprintf("%s.db", stem);
		free(stem);
		dbpath = defdb;
	}
	if (db_open(dbpath, DB_READ, &db) < 0) {
		free(defdb);
		return EXIT_STORE;
	}
	rc = report_write_file(outpath, db, report_json) < 0 ? EXIT_FATAL : EXIT_OK;
	sqlite3_close(db);
	free(defdb);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return cmd_run(argc, argv);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage_main(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("premig %s\n", PREMIG_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
		if (!strcmp(argv[1], verbs[i].name))
			return verbs[i].fn(argc - 1, argv + 1);
	if (argv[1][0] == '-')
		/* "premig --root DIR" is the main job with options */
		return cmd_run(argc, argv);
	scan_error("unknown verb '%s' (see 'premig --help')", argv[1]);
	return EXIT_USAGE;
}
