/*
 * exitcodes.h - the exit statuses of premig, documented in README and premig.1
 */
#ifndef PREMIG_EXITCODES_H
#define PREMIG_EXITCODES_H

enum premig_exit {
	EXIT_OK = 0,		/* everything ran */
	EXIT_FATAL = 1,		/* an internal or system error stopped the run */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_PARTIAL = 3,	/* some collectors failed; the store and report were written */
	EXIT_STORE = 4,		/* the database cannot be opened, read or written */
	EXIT_INPUT = 5,		/* an input (--root, --image, a file given, a rule pack) is missing or unusable */
	EXIT_VERDICT = 6,	/* assess --fail-on LEVEL: a host's verdict is at or worse than LEVEL */
	EXIT_INTERRUPTED = 130,	/* scan: Ctrl-C (128 + SIGINT, as a shell reports it) */
};

#endif
