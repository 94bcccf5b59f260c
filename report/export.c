/*
 * export.c - premig export: the subcommand table, and the options and the
 * reading of the fleet that the exporters share
 *
 * Exporters: hub-csv (export_hub.c: the Migration Hub import template,
 * aws-spec section 1), mgn-import (export_mgn.c: the MGN import file with
 * applications and waves, aws-spec section 8).  Each reads the store
 * through waves.c (servers, applications, wave plan) and writes files
 * whole or not at all (report_write_with).
 *
 * Exit status: 0 written, 1 an output could not be written, 2 usage (a bad
 * option; --wave-size over 200, MGN's job limit), 4 the database cannot be
 * opened or read, 5 the --applications file is missing or unusable.
 */
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../scanner/buf.h"
#include "../scanner/cli.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/exitcodes.h"
#include "../scanner/scan.h"
#include "../scanner/smap.h"
#include "attrs.h"
#include "export.h"
#include "../scanner/banned.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} subcommands[] = {
	{ "hub-csv", export_hub_csv, "the Migration Hub import CSV (Application Discovery Service)" },
	{ "mgn-import", export_mgn_import, "the MGN import file: applications, waves, source servers" },
	{ "attributes", export_attributes, "the Migration Hub PutResourceAttributes request bodies, validated" },
};

static void export_usage(FILE *f)
{
	fputs("usage: premig export SUBCOMMAND [OPTIONS]\n\n"
	      "Exports the fleet database for AWS migration tooling; reads the\n"
	      "database only.\n\nsubcommands:\n", f);
	for (size_t i = 0; i < ARRAY_LEN(subcommands); i++)
		fprintf(f, "  %-12s %s\n", subcommands[i].name, subcommands[i].summary);
	fputs("\n'premig export SUBCOMMAND --help' describes one.\n", f);
}

int export_cli(int argc, char **argv)
{
	if (argc < 2) {
		scan_error("export: which export? (see 'premig export --help')");
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		export_usage(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < ARRAY_LEN(subcommands); i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].fn(argc - 1, argv + 1);
	scan_error("export: unknown export '%s' (see 'premig export --help')", argv[1]);
	return EXIT_USAGE;
}

/* an AWS account id: 12 digits */
static int account_ok(const char *s)
{
	size_t n = strlen(s);

	return n == 12 && strspn(s, "0123456789") == n;
}

int aws_region_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 4 || n > 32 || strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") != n ||
	    !strchr(s, '-') || s[0] < 'a' || s[0] > 'z')
		return 0;
	i = (size_t)(strrchr(s, '-') - s) + 1;
	return s[i] && strspn(s + i, "0123456789") == n - i && !strstr(s, "--");
}

int export_args(const char *verb, int argc, char **argv, unsigned int flags, const char *usage,
		struct export_opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "wave-size", required_argument, NULL, 'w' },
		{ "applications", required_argument, NULL, 'a' },
		{ "account", required_argument, NULL, 'A' },
		{ "region", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli cl = CLI_INIT(verb, usage, ":ho:", longopts, argc, argv);
	unsigned int v;
	int c;

	memset(o, 0, sizeof(*o));
	o->wave_size = WAVE_SIZE_DEFAULT;
	while ((c = cli_next(&cl)) >= 0) {
		if ((c == 'o' && !(flags & EXPORT_OPT_OUT)) ||
		    ((c == 'A' || c == 'R') && !(flags & EXPORT_OPT_MGN))) {
			/* another subcommand's option (optind is past its value) */
			scan_error("%s: unknown option '%s' (see 'premig %s --help')", verb,
				   c == 'o' ? "-o" : c == 'A' ? "--account" : "--region", verb);
			return EXIT_USAGE;
		}
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'o': o->out = optarg; break;
		case 'a': o->apps = optarg; break;
		case 'w':
			if (cli_uint(verb, "--wave-size", optarg, 1, 0, UINT_MAX, &v) < 0)
				return EXIT_USAGE;
			if (v > WAVE_SIZE_MAX) {
				scan_error("%s: --wave-size %u: MGN takes at most %d source servers in"
					   " one job (its service quota), so a wave holds at most %d",
					   verb, v, WAVE_SIZE_MAX, WAVE_SIZE_MAX);
				return EXIT_USAGE;
			}
			if (!v) {
				scan_error("%s: --wave-size 0: a wave holds at least one server", verb);
				return EXIT_USAGE;
			}
			o->wave_size = (unsigned int)v;
			break;
		case 'A':
			if (!account_ok(optarg)) {
				scan_error("%s: --account '%s': an AWS account id is 12 digits", verb, optarg);
				return EXIT_USAGE;
			}
			o->account = optarg;
			break;
		case 'R':
			if (!aws_region_ok(optarg)) {
				scan_error("%s: --region '%s': not a Region name (such as us-east-1)",
					   verb, optarg);
				return EXIT_USAGE;
			}
			o->region = optarg;
			break;
		}
	}
	if (c != CLI_END)
		return cli_exit(c);
	if (cli_extra_operands(&cl))
		return EXIT_USAGE;
	return -1;
}

int export_open(const char *verb, const struct export_opts *o, sqlite3 **db, struct fleet *f)
{
	struct appmap map = APPMAP_INIT;
	char *defdb = NULL;
	const char *path = o->db;
	int rc;

	*db = NULL;
	memset(f, 0, sizeof(*f));
	if (o->apps && appmap_load(o->apps, &map) < 0) {
		appmap_release(&map);
		return EXIT_INPUT;
	}
	path = cli_db_path(path, &defdb);
	if (db_open(path, DB_READ, db) < 0) {
		rc = EXIT_STORE;
		goto out;
	}
	rc = fleet_load(*db, o->apps ? &map : NULL, o->wave_size, f) < 0 ? EXIT_STORE : EXIT_OK;
	if (rc != EXIT_OK) {
		fleet_release(f);
		db_close(*db);
		*db = NULL;
	}
out:
	if (o->apps && rc == EXIT_OK) {
		/* a line that names no host of the store is likely a typing error */
		struct smap names = SMAP_INIT;
		for (size_t k = 0; k < f->ns; k++) {
			smap_put(&names, f->s[k].key, k);
			if (f->s[k].hostname)
				smap_put(&names, f->s[k].hostname, k);
			if (f->s[k].fqdn)
				smap_put(&names, f->s[k].fqdn, k);
		}
		for (size_t i = 0; i < map.n; i++)
			if (smap_get(&names, map.v[i].host) == SMAP_NONE)
				scan_warn("%s: %s:%u: no host '%s' in the store", verb, o->apps,
					  map.v[i].line, map.v[i].host);
		smap_release(&names);
	}
	appmap_release(&map);
	free(defdb);
	return rc;
}
