/*
 * merge.h - premig merge: per-host stores combined into one fleet store
 *
 * merge_run builds the result in a temporary file beside out (out's own
 * contents first, when out exists) and renames it over out only when every
 * input went in: out is never half-written, and an input refused leaves it
 * untouched.  Inputs are only read; one of an older schema is migrated in
 * memory, never in place.  The rules (what is one host, one scan, what is
 * copied and what recomputed) are at the top of merge.c.
 */
#ifndef PREMIG_MERGE_H
#define PREMIG_MERGE_H

struct merge_opts {
	const char *out;		/* the fleet store, created or replaced */
	char *const *inputs;		/* the per-host (or other fleet) stores */
	int ninputs;
	unsigned int wait_s;		/* how long a locked input is waited for */
	int quiet;			/* no summary line */
};

/*
 * Merges o->inputs into o->out.  Returns an exit status (exitcodes.h):
 * EXIT_OK; EXIT_INPUT when an input is missing, not SQLite, not a premig
 * store, damaged or of a newer schema; EXIT_STORE when an input stays
 * locked past o->wait_s or out cannot be written.  Every refusal is
 * printed, with the file it concerns.  SIGINT, SIGTERM and SIGHUP remove
 * the temporary file and then end premig as the signal would.
 */
int merge_run(const struct merge_opts *o);

#endif
