/*
 * osrelease.h - os-release(5) files, for the os collector (and `premig
 * debug decode os-release`): the distribution they and the legacy release
 * files (relfile.h) name
 *
 * Ids are os-release ids (rhel, centos, ol, sles, amzn, ...).  Ownership:
 * a struct osinfo owns its strings; osinfo_release frees them.
 */
#ifndef PREMIG_OSRELEASE_H
#define PREMIG_OSRELEASE_H

#include <stddef.h>

#include "../../scanner/buf.h"

struct osinfo {
	char *id, *version_id, *version, *name, *pretty, *codename, *id_like;
	const char *family;	/* set when the files, not the id, tell it */
	struct buf source;	/* the files read, ","-joined (the collector's) */
};

void osinfo_release(struct osinfo *o);

/* sets *dst to a copy of val (NULL for NULL or ""), or of its n bytes (NULL for 0) */
void osinfo_set(char **dst, const char *val);
void osinfo_setn(char **dst, const char *val, size_t n);

/*
 * Reads os-release text (NUL-terminated, white space at its end trimmed)
 * into o: 0, or 1 when it has neither ID= nor NAME= (o unchanged).
 */
int osrel_parse(const char *text, struct osinfo *o);

/* the family: the id's own, else the first known ID_LIKE word, else the id */
const char *osrel_family(const struct osinfo *o);

#endif
