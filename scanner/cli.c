/*
 * cli.c - the option loop and the helpers every verb's command line shares
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "cli.h"
#include "err.h"
#include "exitcodes.h"
#include "scan.h"
#include "banned.h"

int cli_next(struct cli *c)
{
	int o;

	if (!c->started) {
		optind = 1;
		opterr = 0;
		c->started = 1;
	}
	o = getopt_long(c->argc, c->argv, c->shortopts, c->longopts, NULL);
	switch (o) {
	case -1:
		return CLI_END;
	case 'h':
		if (!c->usage)
			return 'h';
		fputs(c->usage, stdout);
		return CLI_HELP;
	case ':':
		scan_error("%s: option '%s' needs a value", c->verb, c->argv[optind - 1]);
		return CLI_BAD;
	case '?':
		scan_error("%s: unknown option '%s' (see 'premig %s --help')", c->verb,
			   c->argv[optind - 1], c->verb);
		return CLI_BAD;
	default:
		return o;
	}
}

int cli_exit(int next)
{
	return next == CLI_HELP ? EXIT_OK : EXIT_USAGE;
}

int cli_extra_operands(const struct cli *c)
{
	if (optind >= c->argc)
		return 0;
	scan_error("%s: unexpected argument '%s'", c->verb, c->argv[optind]);
	return 1;
}

int cli_uint(const char *verb, const char *opt, const char *s, int zero,
	     unsigned int min, unsigned int max, unsigned int *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || *s == '+' || (v < min && (v || !zero)) ||
	    v > max) {
		scan_error("%s: %s '%s': expected %sa whole number from %u to %u", verb, opt, s,
			   zero ? "0 (no limit) or " : "", min, max);
		return -1;
	}
	*out = (unsigned int)v;
	return 0;
}

const char *cli_db_path(const char *given, char **owned)
{
	char *stem;

	*owned = NULL;
	if (given)
		return given;
	stem = scan_default_stem();
	*owned = xasprintf("%s.db", stem);
	free(stem);
	return *owned;
}
