/*
 * cli.h - what every verb's command line shares: the option loop with
 * --help and the messages for a bad option, numbers within limits, and the
 * default database.  Used by scanner/main.c and by the verbs that live
 * beside their work (report/, the exporters).
 */
#ifndef PREMIG_CLI_H
#define PREMIG_CLI_H

#include <getopt.h>

enum {
	CLI_END = -1,	/* no more options */
	CLI_HELP = -2,	/* --help: the usage is printed */
	CLI_BAD = -3,	/* an unknown option or one without its value: said why */
};

struct cli {
	const char *verb;		/* in messages: "deps: ..." */
	const char *usage;		/* printed for --help; NULL: 'h' is returned */
	const char *shortopts;		/* getopt_long's, starting with ':' */
	const struct option *longopts;	/* with { "help", no_argument, NULL, 'h' } */
	int argc;
	char **argv;
	int started;
};

#define CLI_INIT(verb, usage, shortopts, longopts, argc, argv) \
	{ (verb), (usage), (shortopts), (longopts), (argc), (argv), 0 }

/*
 * The next option, as getopt_long returns it (its value in optarg), or one
 * of CLI_END, CLI_HELP and CLI_BAD; 'h' reaches the caller only when
 * usage is NULL
 */
int cli_next(struct cli *c);

/* the exit status for CLI_HELP (0) and CLI_BAD (2) */
int cli_exit(int next);

/* 1 (after the message) when operands follow the options */
int cli_extra_operands(const struct cli *c);

/*
 * A whole number from min to max (or 0, meaning no limit, when zero is
 * set) for option opt; <0 after the message
 */
int cli_uint(const char *verb, const char *opt, const char *s, int zero,
	     unsigned int min, unsigned int max, unsigned int *out);

/* the database path: given, or premig-<hostname>.db (malloc'd into *owned) */
const char *cli_db_path(const char *given, char **owned);

#endif
