/*
 * dpkgstatus.c - dpkg's status file, var/lib/dpkg/status (dpkgstatus.h;
 * used by the packages collector and the dpkg-status decoder)
 *
 * The deb-control(5) stanzas dpkg keeps for every package it knows; a
 * package is installed when the third word of Status is "installed" (or
 * the triggers-awaited/-pending states of an installed package), whatever
 * the wanted action (install, hold, deinstall) says.  Versions split as
 * deb-version(7): [epoch:]upstream[-revision].
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dpkgstatus.h"
#include "../../scanner/banned.h"

struct deb_stanza {
	const char *name, *status, *version, *arch;
	size_t namelen, statuslen, versionlen, archlen;
	unsigned long line;	/* where the stanza starts */
};

/* the value of field (case-insensitive) if line starts "Field:" */
static int field(const char *line, size_t len, const char *name, const char **val,
		 size_t *vlen)
{
	size_t n;

	/* most lines are some other field: told by the first letter (ASCII names) */
	if (!len || (line[0] | 0x20) != (name[0] | 0x20))
		return 0;
	n = strlen(name);
	if (len <= n || strncasecmp(line, name, n) || line[n] != ':')
		return 0;
	line += n + 1;
	len -= n + 1;
	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
		len--;
	*val = line;
	*vlen = len;
	return 1;
}

/* Status: want flag status; installed when status says the files are there */
static int deb_installed(const char *s, size_t n)
{
	static const char *const states[] = { "installed", "triggers-awaited",
					      "triggers-pending" };
	const char *w = s, *end = s + n;
	int word = 0;

	while (w < end) {
		const char *e = w;
		while (e < end && *e != ' ')
			e++;
		if (e > w && ++word == 3) {
			for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
				if ((size_t)(e - w) == strlen(states[i]) &&
				    !strncmp(w, states[i], (size_t)(e - w)))
					return 1;
			return 0;
		}
		w = e + 1;
	}
	return 0;
}

static int deb_add(const struct deb_stanza *d, size_t *bad, dpkg_pkg_fn fn, void *arg)
{
	char *name = xstrndup(d->name, d->namelen);
	char *ver = d->version ? xstrndup(d->version, d->versionlen) : NULL;
	char *arch = d->arch ? xstrndup(d->arch, d->archlen) : NULL;
	char *upstream = ver, *revision = NULL, *colon, *dash;
	uint64_t epoch = 0;
	int has_epoch = 0, rc;

	/* deb-version(7): the epoch is digits before the first colon */
	if (ver && (colon = strchr(ver, ':'))) {
		char *end;
		errno = 0;
		*colon = '\0';
		epoch = strtoull(ver, &end, 10);
		if (end != ver && !*end && !errno && ver[0] != '-' && epoch <= INT32_MAX) {
			has_epoch = 1;
			upstream = colon + 1;
		} else {
			*colon = ':';
			(*bad)++;
		}
	}
	/* the revision follows the last hyphen; none for native packages */
	if (upstream && (dash = strrchr(upstream, '-'))) {
		*dash = '\0';
		revision = dash + 1;
	}
	struct dpkg_pkg p = { name, upstream, revision, arch, has_epoch, epoch };
	rc = fn(arg, &p);
	free(name);
	free(ver);
	free(arch);
	return rc;
}


/* one line of a stanza that is not blank */
static void deb_line(const char *p, size_t len, unsigned long lineno, struct deb_stanza *d,
		     struct dpkg_result *w)
{
	const char *v;
	size_t vl;

	if (*p == ' ' || *p == '\t') {
		/* a continuation line of a multi-line field */
	} else if (field(p, len, "Package", &v, &vl)) {
		d->name = vl ? v : NULL;
		d->namelen = vl;
	} else if (field(p, len, "Status", &v, &vl)) {
		d->status = v;
		d->statuslen = vl;
	} else if (field(p, len, "Version", &v, &vl)) {
		d->version = vl ? v : NULL;
		d->versionlen = vl;
	} else if (field(p, len, "Architecture", &v, &vl)) {
		d->arch = vl ? v : NULL;
		d->archlen = vl;
	} else if (!memchr(p, ':', len) && !w->bad++) {
		w->first_bad = lineno;
	}
}

/* the end of a stanza: hands on its package if installed; <0 when fn says stop */
static int deb_end(struct deb_stanza *d, struct dpkg_result *w, dpkg_pkg_fn fn, void *arg)
{
	int rc = 0;

	if (d->name && d->status && deb_installed(d->status, d->statuslen)) {
		if (w->count >= DPKG_MAX_PACKAGES) {
			w->capped++;
		} else {
			w->count++;
			rc = deb_add(d, &w->badver, fn, arg);
		}
	} else if (!d->name && (d->status || d->version)) {
		w->noname++;
	}
	memset(d, 0, sizeof(*d));
	return rc;
}

void dpkg_result_init(struct dpkg_result *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->why);
}

void dpkg_result_release(struct dpkg_result *r)
{
	buf_release(&r->why);
}

int dpkg_status_parse(const char *text, size_t len, dpkg_pkg_fn fn, void *arg,
		      struct dpkg_result *w)
{
	struct deb_stanza d;
	unsigned long lineno = 0;

	memset(&d, 0, sizeof(d));
	for (const char *p = text, *end = text + len; p;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((eol ? eol : end) - p);

		lineno++;
		if (n && p[n - 1] == '\r')
			n--;
		if (n)
			deb_line(p, n, lineno, &d, w);
		/* a blank line ends a stanza; so does the end of the file */
		if ((n == 0 || !eol) && deb_end(&d, w, fn, arg) < 0)
			return -1;
		p = eol ? eol + 1 : NULL;
	}
	if (w->bad)
		buf_addf(&w->why, "%zu lines are neither fields nor continuations (first: line %lu)",
			 w->bad, w->first_bad);
	if (w->noname)
		buf_addf(&w->why, "%s%zu stanzas without a Package field", w->why.len ? "; " : "",
			 w->noname);
	if (w->badver)
		buf_addf(&w->why, "%s%zu versions with a malformed epoch kept whole",
			 w->why.len ? "; " : "", w->badver);
	if (w->capped)
		buf_addf(&w->why, "%s%zu packages over the limit of %u not recorded",
			 w->why.len ? "; " : "", w->capped, (unsigned)DPKG_MAX_PACKAGES);
	if (!w->count && w->bad) {
		w->status = "unknown";
		buf_adds(&w->why, "; not a dpkg status file");
	} else {
		w->status = w->bad || w->noname || w->capped ? "partial" : "ok";
	}
	return 0;
}
