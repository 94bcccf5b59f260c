/*
 * main.c - the verb table and the command line
 *
 * premig [VERB] [OPTIONS]; with no verb it runs the main job: scan this host
 * read-only and write premig-<hostname>.db, .json and .html.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "../collectors/collectors.h"
#include "../collectors/lib/decode.h"
#include "../collectors/lib/livecap.h"
#include "../report/deps.h"
#include "../report/diff.h"
#include "../report/export.h"
#include "../report/report.h"
#include "../report/attrs.h"
#include "../report/push.h"
#include "../rules/rules.h"
#include "buf.h"
#include "cli.h"
#include "db.h"
#include "err.h"
#include "exitcodes.h"
#include "merge.h"
#include "scan.h"
#include "version.h"
#include "str.h"
#include "banned.h"

#define SCAN_LIMITS_DEFAULT { .timeout_s = WATCH_TIMEOUT_S, .max_memory_mib = WATCH_MAX_MEMORY_MIB }

struct verb {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static int cmd_run(int argc, char **argv);
static int cmd_scan(int argc, char **argv);
static int cmd_assess(int argc, char **argv);
static int cmd_report(int argc, char **argv);
static int cmd_deps(int argc, char **argv);
static int cmd_diff(int argc, char **argv);
static int cmd_merge(int argc, char **argv);
static int assess_db(sqlite3 *db, const char *dbpath, const char *dir, const char *profile,
		     const char *host, char **sets, int nsets, int quiet,
		     enum rule_verdict *worst, double *times, unsigned long long check_steps);

static const struct verb verbs[] = {
	{ "run", cmd_run, "scan this host, assess it and write its database and reports (the default)" },
	{ "scan", cmd_scan, "collect facts into a database" },
	{ "assess", cmd_assess, "judge migration readiness with the rule packs" },
	{ "report", cmd_report, "write a report from a database" },
	{ "deps", cmd_deps, "network dependencies and application groups from a database" },
	{ "diff", cmd_diff, "what changed between two scans of a host: verdicts, then facts" },
	{ "merge", cmd_merge, "combine per-host databases into one fleet database" },
	{ "plan", plan_cli, "the migration wave plan of a fleet database, and why" },
	{ "export", export_cli, "files for AWS: Migration Hub import CSV, MGN import file, API attributes" },
	{ "push", push_main, "send the fleet's hosts to AWS Migration Hub (signed API calls)" },
};

static void usage_main(FILE *f)
{
	fprintf(f, "usage: premig [VERB] [OPTIONS]\n\n"
		"Read-only discovery and AWS migration readiness for Linux servers.\n"
		"With no verb, premig scans this host, assesses it against the rule packs\n"
		"and writes premig-<hostname>.db, .json and .html (the reports) in the\n"
		"current directory.\n\nverbs:\n");
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
		fprintf(f, "  %-8s %s\n", verbs[i].name, verbs[i].summary);
	fprintf(f, "\n'premig VERB --help' describes a verb; 'man premig' the rest.\n"
		"exit status: 0 ok, 1 fatal error, 2 usage, 3 partial (a collector failed),\n"
		"4 database error, 5 unusable input (or a bad rule pack), 6 a verdict at\n"
		"or worse than assess --fail-on, 130 interrupted (Ctrl-C)\n");
}

static void usage_collectors(FILE *f)
{
	size_t n;
	const struct collector *c = collector_table(&n);

	fprintf(f, "\ncollectors (in run order):\n");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-12s %s\n", c[i].name, c[i].help);
}

#define STR_(x) #x
#define STR(x) STR_(x)
#define SAMPLE_MAX_S 86400		/* --sample: a day */
#define SAMPLE_INTERVAL_S 5		/* --interval default */
#define LIMITS_USAGE \
	"  --collector-timeout SECONDS\n" \
	"                 a collector still running after SECONDS is stopped and\n" \
	"                 fails with the reason; the scan goes on (default " \
	STR(WATCH_TIMEOUT_S) ", 0: none)\n" \
	"  --max-memory MIB\n" \
	"                 the scan's address space; a collector that needs more\n" \
	"                 fails alone with the reason (default " STR(WATCH_MAX_MEMORY_MIB) ", 0: none)\n"

static const char scan_usage[] =
	"usage: premig scan [--root DIR] [--db FILE] [--only LIST] [--skip LIST]\n"
	"                   [--host-id ID] [--image FILE]... [--pcap FILE]... [--flows FILE]...\n"
	"                   [--capture IFACE|any [--seconds N] [--filter BPF] [--syn-only]]\n"
	"                   [--sample SECONDS [--interval SECONDS]] [--quiet]\n"
	"                   [--collector-timeout SECONDS] [--max-memory MIB]\n\n"
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
	"  --pcap FILE    a capture file (pcap or pcapng, plain or gzip) whose flows\n"
	"                 are recorded; repeatable; given alone, only the captures\n"
	"                 are read (add --root / to scan this host with them)\n"
	"  --flows FILE   a Zeek conn.log (ASCII or JSON, plain or gzip): its\n"
	"                 connections, folded by client, server and port; repeatable\n"
	"  --capture IFACE  capture this host's traffic on IFACE (any: all) with\n"
	"                 libpcap for --seconds N (60), headers only; --filter BPF\n"
	"                 narrows it; --syn-only keeps TCP SYN, SYN-ACK and UDP (the\n"
	"                 light mode for busy hosts); Ctrl-C ends it, keeping the flows\n"
	"  --sample SECONDS  repeat the snapshot of this host's sockets for SECONDS\n"
	"                 (at most " STR(SAMPLE_MAX_S) "), every --interval SECONDS (" STR(SAMPLE_INTERVAL_S) ", or\n"
	"                 SECONDS if shorter), to catch connections that come and go;\n"
	"                 each socket counts the snapshots that saw it; Ctrl-C ends\n"
	"                 it, keeping what was seen, and stops the scan (exit 130)\n"
	"  --quiet        do not print warnings\n"
	LIMITS_USAGE;

static const struct option scan_longopts[] = {
	{ "root", required_argument, NULL, 'r' },
	{ "db", required_argument, NULL, 'd' },
	{ "only", required_argument, NULL, 'O' },
	{ "skip", required_argument, NULL, 'S' },
	{ "host-id", required_argument, NULL, 'H' },
	{ "image", required_argument, NULL, 'i' },
	{ "pcap", required_argument, NULL, 'P' },
	{ "flows", required_argument, NULL, 'F' },
	{ "capture", required_argument, NULL, 'C' },
	{ "seconds", required_argument, NULL, 'E' },
	{ "filter", required_argument, NULL, 'B' },
	{ "syn-only", no_argument, NULL, 'Y' },
	{ "sample", required_argument, NULL, 'A' },
	{ "interval", required_argument, NULL, 'I' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "collector-timeout", required_argument, NULL, 'T' },
	{ "max-memory", required_argument, NULL, 'M' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

#define MAX_IMAGES 64
#define MAX_PCAPS 64

/* parses the scan options shared by run and scan; returns <0 on usage error, 1 for --help */
static int parse_scan_opts(int argc, char **argv, struct scan_opts *o,
			   const char *verb, const char *usage)
{
	int c;

	struct cli cl = CLI_INIT(verb, NULL, ":hq", scan_longopts, argc, argv);

	while ((c = cli_next(&cl)) >= 0) {
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
		case 'P':
			if (o->npcaps == MAX_PCAPS) {
				scan_error("%s: at most %d --pcap options", verb, MAX_PCAPS);
				return -1;
			}
			o->pcaps[o->npcaps++] = optarg;
			break;
		case 'F':
			if (o->nflowlogs == MAX_PCAPS) {
				scan_error("%s: at most %d --flows options", verb, MAX_PCAPS);
				return -1;
			}
			o->flowlogs[o->nflowlogs++] = optarg;
			break;
		case 'C': o->capture = optarg; break;
		case 'E':
			if (cli_uint(verb, "--seconds", optarg, 0, 1, WATCH_TIMEOUT_MAX, &o->capture_s) < 0)
				return -1;
			break;
		case 'A':
			if (cli_uint(verb, "--sample", optarg, 0, 1, SAMPLE_MAX_S, &o->sample_s) < 0)
				return -1;
			break;
		case 'I':
			if (cli_uint(verb, "--interval", optarg, 0, 1, SAMPLE_MAX_S,
				       &o->sample_interval_s) < 0)
				return -1;
			break;
		case 'B': o->capture_filter = optarg; break;
		case 'Y': o->syn_only = 1; break;
		case 'q': err_set_quiet(1); break;
		case 'T':
			if (cli_uint(verb, "--collector-timeout", optarg, 1, 1, WATCH_TIMEOUT_MAX,
					&o->limits.timeout_s) < 0)
				return -1;
			break;
		case 'M':
			if (cli_uint(verb, "--max-memory", optarg, 1, WATCH_MEMORY_MIN,
					WATCH_MEMORY_MAX, &o->limits.max_memory_mib) < 0)
				return -1;
			break;
		case 'h':
			fputs(usage, stdout);
			if (watch_memory_unlimitable())
				fputs("\n--max-memory is not enforced in this AddressSanitizer build:\n"
				      "its shadow memory reserves terabytes of address space.\n", stdout);
			usage_collectors(stdout);
			return 1;
		}
	}
	if (c != CLI_END)
		return -1;
	if (cli_extra_operands(&cl))
		return -1;
	if (!o->capture && (o->capture_s || o->capture_filter || o->syn_only)) {
		scan_error("%s: --seconds, --filter and --syn-only go with --capture IFACE", verb);
		return -1;
	}
	if (o->capture && !o->capture_s)
		o->capture_s = 60;
	if (o->sample_interval_s && !o->sample_s) {
		scan_error("%s: --interval goes with --sample SECONDS", verb);
		return -1;
	}
	if (o->sample_interval_s > o->sample_s) {
		scan_error("%s: --interval %u is longer than --sample %u", verb,
			   o->sample_interval_s, o->sample_s);
		return -1;
	}
	if (o->sample_s && !o->sample_interval_s)
		o->sample_interval_s = o->sample_s < SAMPLE_INTERVAL_S ? o->sample_s : SAMPLE_INTERVAL_S;
	if (o->capture_filter) {
		char why[256];
		if (livecap_check_filter(o->capture_filter, why, sizeof(why)) < 0) {
			scan_error("%s: --filter '%s': %s", verb, o->capture_filter, why);
			return -1;
		}
	}
	if (o->host_id && !*o->host_id) {
		scan_error("%s: --host-id must not be empty", verb);
		return -1;
	}
	return 0;
}

static int cmd_scan(int argc, char **argv)
{
	const char *images[MAX_IMAGES], *pcaps[MAX_PCAPS], *flowlogs[MAX_PCAPS];
	struct scan_opts o = { .images = images, .pcaps = pcaps, .flowlogs = flowlogs,
			       .limits = SCAN_LIMITS_DEFAULT };
	char *db = NULL;
	int rc = parse_scan_opts(argc, argv, &o, "scan", scan_usage);

	if (rc)
		return rc < 0 ? EXIT_USAGE : EXIT_OK;
	o.db = cli_db_path(o.db, &db);
	/*
	 * The scan stores facts and flows only: the dependency analysis runs
	 * when it is first read (deps_refresh: premig deps, the reports,
	 * merge, plan, export, redact)
	 */
	rc = scan_run(&o);
	free(db);
	return rc;
}

static const char run_usage[] =
	"usage: premig [run] [--root DIR] [--image FILE]... [--only LIST] [--skip LIST]\n"
	"                    [--host-id ID] [--collector-timeout SECONDS] [--max-memory MIB]\n\n"
	"The main job: scans this host (or --root DIR) read-only into\n"
	"premig-<hostname>.db, assesses it against every rule pack built in\n"
	"(see 'premig assess --help'), and writes the reports\n"
	"premig-<hostname>.json and premig-<hostname>.html, all in the current\n"
	"directory.\n";

static int cmd_run(int argc, char **argv)
{
	const char *images[MAX_IMAGES], *pcaps[MAX_PCAPS], *flowlogs[MAX_PCAPS];
	struct scan_opts o = { .images = images, .pcaps = pcaps, .flowlogs = flowlogs,
			       .limits = SCAN_LIMITS_DEFAULT };
	char *stem, *db, *json, *html;
	sqlite3 *h = NULL;
	int rc = parse_scan_opts(argc, argv, &o, "run", run_usage);

	if (rc)
		return rc < 0 ? EXIT_USAGE : EXIT_OK;
	stem = scan_default_stem();
	db = xasprintf("%s.db", stem);
	json = xasprintf("%s.json", stem);
	html = xasprintf("%s.html", stem);
	o.db = db;
	o.reopen = 1;
	rc = scan_run(&o);
	if (rc == EXIT_OK || rc == EXIT_PARTIAL) {
		enum rule_verdict worst;
		int arc;

		if (db_open(db, DB_WRITE, &h) < 0) {
			rc = EXIT_STORE;
		} else if ((arc = assess_db(h, db, NULL, NULL, NULL, NULL, 0, 0, &worst, NULL, 0)) != EXIT_OK) {
			rc = arc;
		} else if (report_write_file(json, h, report_json) < 0 ||
			   report_write_file(html, h, report_html) < 0) {
			rc = EXIT_FATAL;
		} else {
			printf("premig: wrote %s, %s and %s\n", db, json, html);
		}
		db_close(h);
	}
	free(stem);
	free(db);
	free(json);
	free(html);
	return rc;
}

/* ---- assess ------------------------------------------------------------- */

#define MAX_SETS 64

struct label_sort {
	char **names;
	const char **keys;
};

/* orders the labels' indexes by name, then host key (qsort_r) */
static int cmp_label(const void *a, const void *b, void *arg)
{
	const struct label_sort *ls = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(ls->names[x], ls->names[y]);

	return c ? c : strcmp(ls->keys[x], ls->keys[y]);
}

/*
 * What the table calls each row's host: the hostname its latest scan read
 * (its host key when none did), with the host key after it when two hosts
 * of the table share the name.  Returns n malloc'd labels.
 */
static char **host_labels(sqlite3 *db, const struct assess_summary *sum)
{
	char **names = xcalloc(sum->n ? sum->n : 1, sizeof(*names));
	const char **keys = xcalloc(sum->n ? sum->n : 1, sizeof(*keys));
	size_t *order = xcalloc(sum->n ? sum->n : 1, sizeof(*order));
	sqlite3_stmt *st = db_prepare(db,
		"SELECT i.hostname FROM hosts h JOIN scans s ON s.host_id = h.id"
		" JOIN identity i ON i.scan_id = s.id WHERE h.host_key = ? AND i.hostname IS NOT NULL"
		" ORDER BY s.finished_at IS NULL, s.started_at DESC, s.id DESC LIMIT 1");

	for (size_t i = 0; i < sum->n; i++) {
		keys[i] = sum->rows[i].host_key;
		order[i] = i;
		if (i && !strcmp(keys[i], keys[i - 1])) {
			names[i] = xstrdup(names[i - 1]);
			continue;
		}
		if (st) {
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, keys[i], -1, SQLITE_TRANSIENT);
			if (sqlite3_step(st) == SQLITE_ROW)
				names[i] = xstrdup((const char *)sqlite3_column_text(st, 0));
		}
		if (!names[i])
			names[i] = xstrdup(keys[i]);
	}
	sqlite3_finalize(st);
	struct label_sort ls = { names, keys };
	qsort_r(order, sum->n, sizeof(*order), cmp_label, &ls);
	for (size_t a = 0, b; a < sum->n; a = b) {
		int shared = 0;
		for (b = a + 1; b < sum->n && !strcmp(names[order[a]], names[order[b]]); b++)
			if (strcmp(keys[order[a]], keys[order[b]]))
				shared = 1;
		for (size_t k = a; shared && k < b; k++) {
			char *l = xasprintf("%s (%s)", names[order[k]], keys[order[k]]);
			if (strcmp(names[order[k]], keys[order[k]])) {
				free(names[order[k]]);
				names[order[k]] = l;
			} else {
				free(l);
			}
		}
	}
	free(order);
	free(keys);
	return names;
}

static void print_verdicts(sqlite3 *db, const struct rule_set *rs, const struct assess_summary *sum)
{
	char **labels = host_labels(db, sum);
	int w = 4;

	for (size_t i = 0; i < sum->n; i++) {
		int len = (int)strlen(labels[i]);
		if (len > w)
			w = len < 80 ? len : 80;
	}
	printf("%-*s  %-8s %-22s %8s %8s %8s\n", w, "HOST", "PROFILE", "VERDICT", "BLOCKERS",
	       "WARNINGS", "UNKNOWNS");
	for (size_t i = 0; i < sum->n; i++) {
		const struct assess_row *r = &sum->rows[i];
		printf("%-*.*s  %-8s %-22s %8d %8d %8d\n", w, w, labels[i], r->profile,
		       rule_verdict_name(r->verdict), r->blockers, r->warnings, r->unknowns);
		free(labels[i]);
	}
	free(labels);
	if (rs->today_overridden)
		printf("override: today=%s\n", rs->today);
	for (size_t p = 0; p < rs->npacks; p++)
		for (size_t i = 0; i < rs->packs[p].nrules; i++) {
			const struct rule *r = &rs->packs[p].rules[i];
			for (size_t k = 0; k < r->nparams; k++)
				if (r->params[k].overridden)
					printf("override: %s=%s (%s)\n", r->params[k].name,
					       r->params[k].text, r->id);
		}
}

/*
 * Loads the packs (built in, or dir), applies the overrides and assesses
 * profile (NULL: every pack) for host (NULL: every host) in the open
 * store.  Prints the table unless quiet.  Returns an exit status; *worst
 * is the gravest verdict.  With times (--stats), stores the seconds of the
 * checks and of storing there, and prints the check that took the most
 * steps; check_steps is --check-steps (0: the default budget).
 */
static int assess_db(sqlite3 *db, const char *dbpath, const char *dir, const char *profile,
		     const char *host, char **sets, int nsets, int quiet,
		     enum rule_verdict *worst, double *times, unsigned long long check_steps)
{
	struct rule_set rs;
	struct assess_summary sum;
	struct assess_opts ao = { .profile = profile, .host = host, .check_steps = check_steps };
	int rc;

	*worst = VERDICT_READY;
	if (times)
		times[0] = times[1] = 0;
	if ((dir ? rules_load_dir(db, dir, &rs) : rules_load_builtin(db, &rs)) < 0) {
		scan_error("assess: the rule packs are not usable; nothing was assessed");
		return EXIT_INPUT;
	}
	if (profile && !rules_find_pack(&rs, profile)) {
		struct buf have = BUF_INIT;
		for (size_t p = 0; p < rs.npacks; p++)
			buf_addf(&have, "%s%s", p ? ", " : "", rs.packs[p].profile);
		scan_error("assess: --profile '%s': no such pack (%s, or all)", profile, have.data);
		buf_release(&have);
		rule_set_release(&rs);
		return EXIT_USAGE;
	}
	for (int i = 0; i < nsets; i++)
		if (rules_set_param(&rs, sets[i]) < 0) {
			rule_set_release(&rs);
			return EXIT_USAGE;
		}
	rc = rules_assess(db, &rs, &ao, &sum);
	if (rc > 0) {
		if (host)
			scan_error("assess: no host '%s' in '%s'", host, dbpath);
		else
			scan_error("assess: no scanned host in '%s'", dbpath);
		rule_set_release(&rs);
		return EXIT_INPUT;
	}
	if (rc < 0) {
		scan_error("assess: nothing was stored");
		rule_set_release(&rs);
		return rc == -2 ? EXIT_INPUT : EXIT_STORE;
	}
	for (size_t i = 0; i < sum.n; i++)
		if (sum.rows[i].verdict > *worst)
			*worst = sum.rows[i].verdict;
	if (times) {
		times[0] = sum.eval_s;
		times[1] = sum.write_s;
		if (sum.most_rule)
			fprintf(stderr, "premig: assess: the longest check: %s, %llu steps\n",
				sum.most_rule, sum.most_steps);
	}
	if (!quiet)
		print_verdicts(db, &rs, &sum);
	assess_summary_release(&sum);
	rule_set_release(&rs);
	return EXIT_OK;
}

static const char assess_usage[] =
	"usage: premig assess [--db FILE] [--profile mgn|sms|all] [--rules DIR]\n"
	"                     [--set NAME=VALUE]... [--host ID] [--check-steps N]\n"
	"                     [--fail-on not-ready|unknown|conditions] [--quiet] [--stats]\n\n"
	"Judges the latest scan of every host in the database against the rule\n"
	"packs, stores each rule's result (pass, fail, unknown, with evidence and\n"
	"reason) and each host's verdict per profile, and prints them:\n"
	"not-ready (a blocker fails), unknown (a blocker is unknown),\n"
	"ready-with-conditions (a warning fails or is unknown), ready.\n\n"
	"  --db FILE        the database (default premig-<hostname>.db)\n"
	"  --profile P      mgn, sms or all (default all)\n"
	"  --rules DIR      load the packs from DIR/<profile>/*.json instead of\n"
	"                   the ones built in\n"
	"  --set NAME=VALUE override a rule parameter for this run, such as\n"
	"                   max_volumes=50, or today=YYYY-MM-DD (the date deadlines\n"
	"                   are judged against); the report records it\n"
	"  --host ID        assess only this host (its host key)\n"
	"  --check-steps N  the SQLite steps each rule's check may take (default\n"
	"                   10,000,000 plus 100,000 per host assessed); a check cut\n"
	"                   short leaves its rule unknown, with that reason\n"
	"  --fail-on LEVEL  exit 6 when a host's verdict is LEVEL or worse:\n"
	"                   conditions < unknown < not-ready\n"
	"  --quiet          print no table\n"
	"  --stats          print the run time and peak memory on standard error\n\n"
	"exit status: 0 assessed (whatever the verdicts), 2 usage, 4 database error,\n"
	"5 a rule pack is bad (file:line: reason; nothing is stored) or no such\n"
	"host, 6 a verdict at or worse than --fail-on\n";

static int cmd_assess(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "profile", required_argument, NULL, 'p' },
		{ "rules", required_argument, NULL, 'r' },
		{ "set", required_argument, NULL, 's' },
		{ "host", required_argument, NULL, 'H' },
		{ "check-steps", required_argument, NULL, 'B' },
		{ "fail-on", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "stats", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbpath = NULL, *profile = NULL, *dir = NULL, *host = NULL, *failon = NULL;
	char *sets[MAX_SETS], *defdb = NULL, *end;
	unsigned long long check_steps = 0;
	int nsets = 0, quiet = 0, stats = 0, c, rc, level = -1;
	enum rule_verdict worst;
	struct timespec t0, t1;
	double times[2];
	sqlite3 *db = NULL;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct cli cl = CLI_INIT("assess", assess_usage, ":hq", longopts, argc, argv);

	while ((c = cli_next(&cl)) >= 0) {
		switch (c) {
		case 'd': dbpath = optarg; break;
		case 'p': profile = optarg; break;
		case 'r': dir = optarg; break;
		case 'H': host = optarg; break;
		case 'f': failon = optarg; break;
		case 'q': quiet = 1; break;
		case 'S': stats = 1; break;
		case 'B':
			errno = 0;
			check_steps = strtoull(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-' || !check_steps) {
				scan_error("assess: --check-steps '%s': expected a positive number", optarg);
				return EXIT_USAGE;
			}
			break;
		case 's':
			if (nsets == MAX_SETS) {
				scan_error("assess: at most %d --set options", MAX_SETS);
				return EXIT_USAGE;
			}
			sets[nsets++] = optarg;
			break;
		}
	}
	if (c != CLI_END)
		return cli_exit(c);
	if (cli_extra_operands(&cl))
		return EXIT_USAGE;
	if (profile && !strcmp(profile, "all"))
		profile = NULL;
	if (failon) {
		if (!strcmp(failon, "not-ready"))
			level = VERDICT_NOT_READY;
		else if (!strcmp(failon, "unknown"))
			level = VERDICT_UNKNOWN;
		else if (!strcmp(failon, "conditions"))
			level = VERDICT_CONDITIONS;
		else {
			scan_error("assess: --fail-on '%s': expected not-ready, unknown or conditions",
				   failon);
			return EXIT_USAGE;
		}
	}
	dbpath = cli_db_path(dbpath, &defdb);
	/* the store must exist and be ours; then open it to write the results */
	if (db_open(dbpath, DB_READ, &db) < 0) {
		free(defdb);
		return EXIT_STORE;
	}
	db_close(db);
	if (db_open(dbpath, DB_WRITE, &db) < 0) {
		free(defdb);
		return EXIT_STORE;
	}
	rc = assess_db(db, dbpath, dir, profile, host, sets, nsets, quiet, &worst,
		       stats ? times : NULL, check_steps);
	if (db_close(db) != SQLITE_OK && rc == EXIT_OK)
		rc = EXIT_STORE;
	if (rc == EXIT_OK && level >= 0 && (int)worst >= level)
		rc = EXIT_VERDICT;
	if (stats) {
		struct rusage ru;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		getrusage(RUSAGE_SELF, &ru);
		fprintf(stderr, "premig: assess: %.3f s (checks %.3f s, storing %.3f s), "
			"cpu %.3f s, peak memory %.1f MiB\n",
			(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
			times[0], times[1],
			(double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
			(double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6,
			(double)ru.ru_maxrss / 1024.0);
	}
	free(defdb);
	return rc;
}

static const char report_usage[] =
	"usage: premig report --format json|html|csv [--db FILE] [-o FILE|DIR]\n"
	"                     [--redact [--redact-key FILE]]\n\n"
	"Writes a report from a database; collects nothing.\n\n"
	"  --format json  the JSON report (format 1; report/schema.json describes it)\n"
	"  --format html  the HTML report: one self-contained file to open in a\n"
	"                 browser, with no request to anywhere\n"
	"  --format csv   hosts.csv (one row per host) and findings.csv (one row per\n"
	"                 failing or unknown rule per host) for spreadsheets\n"
	"  --db FILE      the database (default premig-<hostname>.db)\n"
	"  -o FILE        json, html: where to write; '-' or no -o for standard output\n"
	"  -o DIR         csv: the directory to write into (default: the current one);\n"
	"                 it must exist (exit 1 otherwise)\n"
	"  --redact       replace hostnames, FQDNs, IP and MAC addresses, serial\n"
	"                 numbers, UUIDs, machine-ids and host keys with pseudonyms,\n"
	"                 for sharing the report outside the company\n"
	"  --redact-key FILE\n"
	"                 the key of the pseudonyms (implies --redact): one key gives\n"
	"                 a host the same pseudonyms in every report; made (random,\n"
	"                 mode 0600) when FILE does not exist.  Default: the\n"
	"                 database's name with .redact-key, beside it\n";

static int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "db", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "redact", no_argument, NULL, 'R' },
		{ "redact-key", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = NULL, *dbpath = NULL, *outpath = NULL, *keypath = NULL;
	int (*write_fn)(sqlite3 *db, FILE *out) = NULL;
	char *defdb = NULL;
	sqlite3 *db = NULL, *copy = NULL;
	int c, rc, redact = 0;

	struct cli cl = CLI_INIT("report", report_usage, ":ho:", longopts, argc, argv);

	while ((c = cli_next(&cl)) >= 0) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'd': dbpath = optarg; break;
		case 'o': outpath = optarg; break;
		case 'R': redact = 1; break;
		case 'K': redact = 1; keypath = optarg; break;
		}
	}
	if (c != CLI_END)
		return cli_exit(c);
	if (cli_extra_operands(&cl))
		return EXIT_USAGE;
	if (!format) {
		scan_error("report: --format is required (json, html, csv)");
		return EXIT_USAGE;
	}
	if (!strcmp(format, "json")) {
		write_fn = report_json;
	} else if (!strcmp(format, "html")) {
		write_fn = report_html;
	} else if (strcmp(format, "csv")) {
		scan_error("report: unknown format '%s' (json, html, csv)", format);
		return EXIT_USAGE;
	}
	dbpath = cli_db_path(dbpath, &defdb);
	if (db_open(dbpath, DB_READ, &db) < 0) {
		free(defdb);
		return EXIT_STORE;
	}
	if (redact && report_redact(db, dbpath, keypath, &copy) < 0)
		rc = EXIT_FATAL;
	else if (!write_fn)
		rc = report_csv(copy ? copy : db, outpath ? outpath : ".") < 0 ? EXIT_FATAL : EXIT_OK;
	else
		rc = report_write_file(outpath ? outpath : "-", copy ? copy : db, write_fn) < 0 ?
		     EXIT_FATAL : EXIT_OK;
	db_close(copy);
	db_close(db);
	free(defdb);
	return rc;
}

static const char deps_usage[] =
	"usage: premig deps [--db FILE] [--format table|json|csv|dot] [--host HOST]\n"
	"                   [--all] [--explain HOST] [--infra FILE]\n\n"
	"The dependencies between hosts that the flows of a database show\n"
	"(premig scan --pcap, --flows, --capture) with the socket tables of its\n"
	"scanned hosts: who is the client, by which method (handshake, listener,\n"
	"port-heuristic, unknown), the service, the processes where a socket\n"
	"table saw them, and the application groups they tie.  DNS, NTP,\n"
	"DHCP, LDAP/Kerberos, syslog, SNMP, monitoring, configuration management\n"
	"and backup are infrastructure, shown only with --all and never in a\n"
	"group.\n\n"
	"  --host HOST    only the dependencies of HOST (a host key, a hostname\n"
	"                 or an address), and their groups\n"
	"  --all          infrastructure dependencies too\n"
	"  --explain HOST why HOST is in its group, one line per dependency\n"
	"  --infra FILE   replace the stored infrastructure rules with FILE's\n"
	"                 (lines: port N[/PROTO], process NAME, address IP, each\n"
	"                 optionally after 'not' to take a default out) and\n"
	"                 analyse again\n";

static int cmd_deps(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "host", required_argument, NULL, 'H' },
		{ "all", no_argument, NULL, 'a' },
		{ "explain", required_argument, NULL, 'e' },
		{ "infra", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct deps_opts o = { "table", 0, NULL, NULL };
	const char *dbpath = NULL, *infra = NULL;
	char *defdb = NULL;
	sqlite3 *db = NULL;
	int c, rc;

	struct cli cl = CLI_INIT("deps", deps_usage, ":h", longopts, argc, argv);

	while ((c = cli_next(&cl)) >= 0) {
		switch (c) {
		case 'd': dbpath = optarg; break;
		case 'f': o.format = optarg; break;
		case 'H': o.host = optarg; break;
		case 'a': o.all = 1; break;
		case 'e': o.explain = optarg; break;
		case 'i': infra = optarg; break;
		}
	}
	if (c != CLI_END)
		return cli_exit(c);
	if (cli_extra_operands(&cl))
		return EXIT_USAGE;
	if (strcmp(o.format, "table") && strcmp(o.format, "json") && strcmp(o.format, "csv") &&
	    strcmp(o.format, "dot")) {
		scan_error("deps: unknown format '%s' (table, json, csv, dot)", o.format);
		return EXIT_USAGE;
	}
	dbpath = cli_db_path(dbpath, &defdb);
	/*
	 * The store must exist and be ours; the analysis is stored when it can
	 * be written (--infra needs that), else kept for this run alone
	 */
	if (db_open(dbpath, DB_READ, &db) < 0) {
		free(defdb);
		return EXIT_STORE;
	}
	if (access(dbpath, W_OK) == 0 || infra) {
		db_close(db);
		if (db_open(dbpath, DB_WRITE, &db) < 0) {
			free(defdb);
			return EXIT_STORE;
		}
	}
	if (infra && deps_set_infra(db, infra) < 0)
		rc = EXIT_INPUT;
	else if (deps_refresh(db) < 0)
		rc = EXIT_STORE;
	else
		rc = deps_write(db, stdout, &o) < 0 || fflush(stdout) ? EXIT_FATAL : EXIT_OK;
	db_close(db);
	free(defdb);
	return rc;
}

static const char diff_usage[] =
	"usage: premig diff [--db FILE] [--host ID] [--format text|json] [SCAN_A SCAN_B]\n\n"
	"What changed between two scans of a host: first the verdicts per profile\n"
	"and the rules whose status changed (with their evidence), then the facts\n"
	"(OS, kernel, hardware, disks, partitions, volumes, filesystems, NICs and\n"
	"addresses, packages, services, boot, firewall, collectors).  With no\n"
	"SCAN ids, each host's two latest scans; SCAN ids are those of the scans\n"
	"table (shown by --format json).  '+' added, '-' removed,\n"
	"'~ old -> new' changed; unknown is a value.\n\n"
	"  --db FILE        the database (default premig-<hostname>.db)\n"
	"  --host ID        only this host: its host key or hostname\n"
	"  --format F       text (default) or json\n\n"
	"exit status: 0 compared (whatever changed), 2 usage, 4 database error\n"
	"(not a premig database), 5 no such scan or host, or a scan of another\n"
	"host than --host\n";

/* a scan id operand: a whole number from 1; 0 after the message */
static sqlite3_int64 parse_scan_id(const char *s)
{
	long long v;
	char *end;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || *s == '+' || v < 1) {
		scan_error("diff: scan '%s': expected a scan id (a whole number from 1)", s);
		return 0;
	}
	return v;
}

static int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "host", required_argument, NULL, 'H' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct diff_opts o = { .format = "text" };
	const char *dbpath = NULL;
	char *defdb = NULL;
	sqlite3 *db = NULL;
	int c, rc;

	struct cli cl = CLI_INIT("diff", diff_usage, ":h", longopts, argc, argv);

	while ((c = cli_next(&cl)) >= 0) {
		switch (c) {
		case 'd': dbpath = optarg; break;
		case 'H': o.host = optarg; break;
		case 'f': o.format = optarg; break;
		}
	}
	if (c != CLI_END)
		return cli_exit(c);
	if (strcmp(o.format, "text") && strcmp(o.format, "json")) {
		scan_error("diff: unknown format '%s' (text, json)", o.format);
		return EXIT_USAGE;
	}
	if (argc - optind == 2) {
		o.scan_a = parse_scan_id(argv[optind]);
		o.scan_b = parse_scan_id(argv[optind + 1]);
		if (!o.scan_a || !o.scan_b)
			return EXIT_USAGE;
	} else if (argc != optind) {
		scan_error("diff: give two scan ids (SCAN_A SCAN_B) or none");
		return EXIT_USAGE;
	}
	if (o.host && !*o.host) {
		scan_error("diff: --host must not be empty");
		return EXIT_USAGE;
	}
	dbpath = cli_db_path(dbpath, &defdb);
	if (db_open(dbpath, DB_READ, &db) < 0) {
		free(defdb);
		return EXIT_STORE;
	}
	rc = diff_write(db, dbpath, stdout, &o);
	if (rc == -2)
		rc = EXIT_INPUT;
	else if (rc == -1)
		rc = EXIT_STORE;
	else if (rc < 0 || fflush(stdout) || ferror(stdout))
		rc = EXIT_FATAL;
	else
		rc = EXIT_OK;
	db_close(db);
	free(defdb);
	return rc;
}

static const char merge_usage[] =
	"usage: premig merge [--wait SECONDS] [--quiet] OUT.db IN.db...\n\n"
	"Combines databases of premig scan (one per host, or merged ones) into\n"
	"the fleet database OUT.db, which is created, or added to when it exists.\n"
	"Hosts are matched by their host key; a scan already in OUT.db is not\n"
	"copied again, so merging one input twice changes nothing.  The newest\n"
	"scan of a host is its current one; older scans stay as history.  Each\n"
	"scan keeps its assessments; the dependency analysis is redone over the\n"
	"fleet.  Inputs are only read (an older schema is migrated in memory);\n"
	"OUT.db is written whole, through a temporary file beside it, or not at\n"
	"all.\n\n"
	"  --wait SECONDS  how long to wait for an input that another program has\n"
	"                  locked (default 10)\n"
	"  --quiet         print no summary\n\n"
	"exit status: 0 merged, 2 usage, 4 an input stays locked or OUT.db cannot\n"
	"be written, 5 an input is missing, not SQLite, not a premig database,\n"
	"damaged or truncated, or of a newer schema (nothing is written)\n";

static int cmd_merge(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "wait", required_argument, NULL, 'w' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct merge_opts o = { .wait_s = 10 };
	int c;

	struct cli cl = CLI_INIT("merge", merge_usage, ":hq", longopts, argc, argv);

	while ((c = cli_next(&cl)) >= 0) {
		switch (c) {
		case 'w':
			if (cli_uint("merge", "--wait", optarg, 1, 0, 3600, &o.wait_s) < 0)
				return EXIT_USAGE;
			break;
		case 'q': o.quiet = 1; break;
		}
	}
	if (c != CLI_END)
		return cli_exit(c);
	if (argc - optind < 2) {
		scan_error("merge: expected OUT.db and at least one IN.db (see 'premig merge --help')");
		return EXIT_USAGE;
	}
	o.out = argv[optind];
	o.inputs = argv + optind + 1;
	o.ninputs = argc - optind - 1;
	return merge_run(&o);
}

/* premig export attributes; the other exporters join it here */

int main(int argc, char **argv)
{
	db_init();
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
	/* tools for tests and for reading one file premig got wrong; not in --help */
	if (!strcmp(argv[1], "debug")) {
		if (argc >= 3 && !strcmp(argv[2], "decode"))
			return decode_cli(argc - 2, argv + 2);
		scan_error("usage: premig debug decode FORMAT FILE | --list");
		return EXIT_USAGE;
	}
	if (argv[1][0] == '-')
		/* "premig --root DIR" is the main job with options */
		return cmd_run(argc, argv);
	scan_error("unknown verb '%s' (see 'premig --help')", argv[1]);
	return EXIT_USAGE;
}
