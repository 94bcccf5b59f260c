/*
 * dpkgstatus.h - used by the packages collector and the dpkg-status decoder
 *
 * The installed packages of dpkg's status file
 */
#ifndef PREMIG_DPKGSTATUS_H
#define PREMIG_DPKGSTATUS_H

#include <stddef.h>
#include <stdint.h>

#include "rpmdb.h"
#include "../../scanner/buf.h"

#define DPKG_MAX_PACKAGES RPMDB_MAX_PACKAGES	/* one cap for every package database */

/* one installed package; strings are the callback's to read, not to keep */
struct dpkg_pkg {
	const char *name;
	const char *version;	/* upstream version, epoch and revision apart; NULL none */
	const char *release;	/* the Debian revision; NULL for native packages */
	const char *arch;	/* NULL when absent */
	int has_epoch;
	uint64_t epoch;
};

/* <0 stops the walk */
typedef int (*dpkg_pkg_fn)(void *arg, const struct dpkg_pkg *p);

struct dpkg_result {
	size_t count;		/* installed packages handed on */
	size_t bad;		/* lines neither fields nor continuations */
	size_t badver;		/* versions whose epoch is malformed (kept whole) */
	size_t capped;		/* installed packages over DPKG_MAX_PACKAGES */
	size_t noname;		/* stanzas with a Status or Version but no Package */
	unsigned long first_bad;	/* the line of the first bad line */
	const char *status;	/* "ok", "partial" or "unknown" (not a status file) */
	struct buf why;		/* what was odd, "; "-joined */
};

void dpkg_result_init(struct dpkg_result *r);
void dpkg_result_release(struct dpkg_result *r);

/*
 * Walks the len bytes of a status file, calling fn for every installed
 * package.  Returns 0 (res says what was found) or -1 when fn returned <0.
 */
int dpkg_status_parse(const char *text, size_t len, dpkg_pkg_fn fn, void *arg,
		      struct dpkg_result *res);

#endif
