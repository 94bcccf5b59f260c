/*
 * export.h - premig export SUBCOMMAND (export.c: the subcommand table and
 * what the exporters share; export_hub.c, export_mgn.c) and premig plan
 * (plan.c)
 */
#ifndef PREMIG_EXPORT_H
#define PREMIG_EXPORT_H

#include <sqlite3.h>

#include "waves.h"

/* premig export SUBCOMMAND ARGS (argv[0] is "export"): the exit status */
int export_cli(int argc, char **argv);

/* premig plan ARGS (argv[0] is "plan"): the exit status */
int plan_cli(int argc, char **argv);

/* ---- shared by export*.c, plan.c and push.c ---- */

/* a Region name as AWS spells them: us-east-1, ap-southeast-2, us-gov-west-1 */
int aws_region_ok(const char *s);

struct export_opts {
	const char *db, *out, *apps, *account, *region;
	unsigned int wave_size;
};

#define EXPORT_OPT_OUT 1u	/* -o FILE */
#define EXPORT_OPT_MGN 2u	/* --account ID, --region R */

/*
 * Parses the options of verb (flags: which beyond --db, --wave-size and
 * --applications); -1 to go on, else the exit status (--help: EXIT_OK).
 */
int export_args(const char *verb, int argc, char **argv, unsigned int flags, const char *usage,
		struct export_opts *o);

/*
 * Opens the store read-only, reads --applications and the fleet with its
 * wave plan into f; EXIT_OK, or the exit status after the message (f and
 * *db then hold nothing).  The caller closes *db and releases f.
 */
int export_open(const char *verb, const struct export_opts *o, sqlite3 **db, struct fleet *f);

int export_hub_csv(int argc, char **argv);
int export_mgn_import(int argc, char **argv);

#endif
