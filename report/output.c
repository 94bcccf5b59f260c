/*
 * output.c - writing a report file safely: temporary file, checks, rename
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "../scanner/buf.h"
#include "../scanner/err.h"
#include "../scanner/str.h"
#include "report.h"
#include "../scanner/banned.h"

static int close_checked(FILE *f, const char *name)
{
	int bad = fflush(f) != 0 || ferror(f);
	int e = errno;

	if (f == stdout) {
		if (bad)
			return scan_error_errno(e, "report: write failure on standard output");
		return 0;
	}
	if (fclose(f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (bad)
		return scan_error_errno(e, "report: cannot write '%s'", name);
	return 0;
}

/*
 * The temporary file being written, removed by a signal that ends the
 * process (Ctrl-C, kill, a closed terminal) so that none is left behind;
 * unlink(2) is async-signal-safe.  The signal is then raised again with
 * its default action, so the exit status still tells which one it was.
 */
static const char *volatile writing;
static const int end_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

static void remove_partial(int sig)
{
	const char *t = writing;

	if (t)
		unlink(t);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void guard_partial(const char *tmp, struct sigaction *saved)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = remove_partial;
	sigemptyset(&sa.sa_mask);
	writing = tmp;
	for (i = 0; i < ARRAY_SIZE(end_signals); i++)
		sigaction(end_signals[i], &sa, &saved[i]);
}

static void unguard_partial(const struct sigaction *saved)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(end_signals); i++)
		sigaction(end_signals[i], &saved[i], NULL);
	writing = NULL;
}

struct with_db {
	sqlite3 *db;
	int (*fn)(sqlite3 *db, FILE *out);
};

static int call_with_db(void *arg, FILE *out)
{
	struct with_db *w = arg;

	return w->fn(w->db, out);
}

int report_write_file(const char *path, sqlite3 *db,
		      int (*write_fn)(sqlite3 *db, FILE *out))
{
	struct with_db w = { db, write_fn };

	return report_write_with(path, call_with_db, &w);
}

int report_write_with(const char *path, int (*write_fn)(void *arg, FILE *out), void *arg)
{
	struct sigaction saved[ARRAY_SIZE(end_signals)];
	struct stat st;
	char *tmp;
	FILE *f;
	int rc;

	if (!strcmp(path, "-")) {
		rc = write_fn(arg, stdout);
		if (close_checked(stdout, "-") < 0)
			rc = -1;
		return rc;
	}
	/*
	 * A device or a pipe (-o /dev/null, a FIFO) is written in place:
	 * renaming a file over it would replace /dev/null for everyone
	 */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode))
			return scan_error("report: cannot write '%s': Is a directory", path);
		f = fopen(path, "w");
		if (!f)
			return scan_error_errno(errno, "report: cannot open '%s'", path);
		rc = write_fn(arg, f);
		if (close_checked(f, path) < 0)
			rc = -1;
		return rc;
	}
	tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	f = fopen(tmp, "wx");
	if (!f) {
		rc = scan_error_errno(errno, "report: cannot create '%s'", tmp);
		goto out;
	}
	guard_partial(tmp, saved);
	rc = write_fn(arg, f);
	if (close_checked(f, tmp) < 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) < 0)
		rc = scan_error_errno(errno, "report: cannot rename '%s' to '%s'", tmp, path);
	if (rc < 0)
		unlink(tmp);
	unguard_partial(saved);
out:
	free(tmp);
	return rc;
}
