/*
 * appmap.h - the --applications mapping file of premig export and premig
 * plan (appmap.c); also the "applications" decoder of premig debug decode
 *
 * The file is text, one server per line: HOST,APPLICATION, where HOST is a
 * host key or a hostname (or FQDN) of the store.  Blanks around a field are
 * dropped; a field may be quoted as in RFC 4180 ("a ""b"""); a line that is
 * empty or starts with # is skipped, and so is a first line
 * "host,application".  A server belongs to one application (aws-spec 8.2):
 * a host named twice with two applications is an error.
 */
#ifndef PREMIG_APPMAP_H
#define PREMIG_APPMAP_H

#include <stddef.h>

#include "../scanner/smap.h"

#define APPMAP_FILE_CAP (8u << 20)	/* bytes of the file */
#define APPMAP_ENTRIES_MAX 200000	/* lines that name a server */
#define APPMAP_NAME_MAX 256		/* characters of a name: MGN's limit (aws-spec 8.2) */

struct appmap_entry {
	char *host;		/* as written, trimmed */
	char *app;
	unsigned int line;
};

struct appmap {
	struct appmap_entry *v;
	size_t n;
	struct smap idx;	/* host -> index in v */
};

#define APPMAP_INIT { NULL, 0, SMAP_INIT }

/*
 * Reads len bytes of text into m (empty on entry).  0, or -1 with *why (a
 * malloc'd reason, owned by the caller) and *line (1-based; 0: the whole
 * file); m then holds the lines before the bad one.
 */
int appmap_parse(const char *data, size_t len, struct appmap *m, char **why, unsigned int *line);

/* reads path (at most APPMAP_FILE_CAP bytes); 0, or <0 after printing "path:line: reason" */
int appmap_load(const char *path, struct appmap *m);

/* the application of host (as written in the file), borrowed from m, or NULL */
const char *appmap_get(const struct appmap *m, const char *host);

void appmap_release(struct appmap *m);

#endif
