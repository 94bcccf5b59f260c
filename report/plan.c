/*
 * plan.c - premig plan: the wave plan (waves.c) and why
 *
 * Exit status: 0 printed, 1 cannot write, 2 usage (--wave-size over 200,
 * MGN's job limit), 4 database error, 5 unusable --applications file.
 */
#include <stdio.h>

#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/exitcodes.h"
#include "export.h"
#include "../scanner/banned.h"

static const char plan_usage[] =
	"usage: premig plan [--db FILE] [--wave-size N] [--applications FILE]\n\n"
	"Prints the migration wave plan of the fleet database and why: which\n"
	"applications each wave holds, which dependency kept applications\n"
	"together, which dependencies cross waves.  Applications are premig's\n"
	"application groups (premig deps), hosts without a dependency alone, or\n"
	"the --applications file's names; each stays whole in one wave.  Waves\n"
	"hold at most N servers and go by readiness (the MGN verdict); an\n"
	"application with a not-ready server waits in the last wave, 'Remediate\n"
	"first', its blockers shown.  premig export hub-csv and mgn-import write\n"
	"the same plan.\n\n"
	"  --db FILE      the database (default premig-<hostname>.db)\n"
	"  --wave-size N  servers a wave holds, 1 to 200 (MGN runs at most 200\n"
	"                 source servers in one job; default 50)\n"
	"  --applications FILE\n"
	"                 application names: lines HOST,APPLICATION, HOST a host\n"
	"                 key or hostname\n\n"
	"exit status: 0 printed, 1 cannot write, 2 usage, 4 database error,\n"
	"5 unusable --applications file\n";

int plan_cli(int argc, char **argv)
{
	struct export_opts o;
	struct fleet f;
	sqlite3 *db;
	int rc = export_args("plan", argc, argv, 0, plan_usage, &o);

	if (rc >= 0)
		return rc;
	if ((rc = export_open("plan", &o, &db, &f)) != EXIT_OK)
		return rc;
	if (fleet_print_plan(&f, stdout) < 0 || fflush(stdout) != 0) {
		scan_error("plan: write failure on standard output");
		rc = EXIT_FATAL;
	}
	fleet_release(&f);
	db_close(db);
	return rc;
}
