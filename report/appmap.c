/*
 * appmap.c - the --applications mapping file (appmap.h says its format)
 *
 * A decoder: bytes in, entries or a reason out; it never touches the store,
 * so premig debug decode applications FILE runs it alone and
 * build-fuzz/fuzz-applications fuzzes it.  Caps: APPMAP_FILE_CAP bytes,
 * APPMAP_ENTRIES_MAX entries, APPMAP_NAME_MAX characters a field.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../scanner/buf.h"
#include "../scanner/err.h"
#include "appmap.h"
#include "../scanner/banned.h"

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

/* characters (UTF-8 code points, counting each byte that starts one) of s */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/*
 * One field from *p (up to end of line at e): quoted ("..", "" for a
 * quote) or bare up to the next comma; blanks around it dropped.  The
 * field goes to f; *p is left at the comma or e.  0, or -1 with *why.
 */
static int field(const char **p, const char *e, struct buf *f, const char **why)
{
	const char *s = *p;

	buf_clear(f);
	while (s < e && blank(*s))
		s++;
	if (s < e && *s == '"') {
		for (s++;; s++) {
			if (s >= e) {
				*why = "a quoted field is not closed on its line";
				return -1;
			}
			if (*s == '"') {
				if (s + 1 < e && s[1] == '"') {
					buf_addc(f, '"');
					s++;
					continue;
				}
				s++;
				break;
			}
			buf_addc(f, *s);
		}
		while (s < e && blank(*s))
			s++;
		if (s < e && *s != ',') {
			*why = "text after a quoted field";
			return -1;
		}
	} else {
		const char *c = memchr(s, ',', (size_t)(e - s));
		const char *t = c ? c : e;
		if (memchr(s, '"', (size_t)(t - s))) {
			*why = "a quote inside a bare field (quote the whole field, doubling its quotes)";
			return -1;
		}
		while (t > s && blank(t[-1]))
			t--;
		buf_add(f, s, (size_t)(t - s));
		s = c ? c : e;
	}
	*p = s;
	return 0;
}

int appmap_parse(const char *data, size_t len, struct appmap *m, char **why, unsigned int *line)
{
	struct buf host = BUF_INIT, app = BUF_INIT;
	const char *p = data, *end = data + len, *reason = NULL;
	char *msg = NULL;
	unsigned int n = 0;
	int rc = -1;

	*why = NULL;
	*line = 0;
	if (len > APPMAP_FILE_CAP) {
		*why = xasprintf("the file is larger than %u bytes", APPMAP_FILE_CAP);
		return -1;
	}
	if (len && memchr(data, '\0', len)) {
		*why = xstrdup("the file holds a NUL byte: not a text file");
		return -1;
	}
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p)), *q, *s;
		size_t i;

		if (!e)
			e = end;
		n++;
		q = p;
		p = e < end ? e + 1 : end;
		if (e > q && e[-1] == '\r')
			e--;	/* CRLF, as spreadsheets save CSV */
		for (s = q; s < e && blank(*s); s++)
			;
		if (s == e || *s == '#')
			continue;
		if (field(&q, e, &host, &reason) < 0)
			goto bad;
		if (q == e) {
			reason = "expected HOST,APPLICATION";
			goto bad;
		}
		q++;
		if (field(&q, e, &app, &reason) < 0)
			goto bad;
		if (q != e) {
			reason = "more than two fields (quote an application name that holds a comma)";
			goto bad;
		}
		if (n == 1 && !strcasecmp(host.data, "host") && !strcasecmp(app.data, "application"))
			continue;	/* the header line */
		if (!host.len || !app.len) {
			reason = !host.len ? "the host is empty" : "the application is empty";
			goto bad;
		}
		if (utf8_chars(host.data) > APPMAP_NAME_MAX || utf8_chars(app.data) > APPMAP_NAME_MAX) {
			msg = xasprintf("the %s is longer than %d characters (MGN's limit on a name)",
					utf8_chars(host.data) > APPMAP_NAME_MAX ? "host" : "application",
					APPMAP_NAME_MAX);
			goto bad;
		}
		if ((i = smap_get(&m->idx, host.data)) != SMAP_NONE) {
			if (strcmp(m->v[i].app, app.data)) {
				msg = xasprintf("host '%s' is already in application '%s' (line %u): a server"
						" belongs to one application", host.data, m->v[i].app,
						m->v[i].line);
				goto bad;
			}
			continue;
		}
		if (m->n >= APPMAP_ENTRIES_MAX) {
			msg = xasprintf("more than %d servers", APPMAP_ENTRIES_MAX);
			goto bad;
		}
		m->v = xrealloc(m->v, (m->n + 1) * sizeof(*m->v));
		m->v[m->n].host = buf_detach(&host);
		m->v[m->n].app = buf_detach(&app);
		m->v[m->n].line = n;
		smap_put(&m->idx, m->v[m->n].host, m->n);
		m->n++;
	}
	rc = 0;
	goto out;
bad:
	*line = n;
	*why = msg ? msg : xstrdup(reason);
out:
	buf_release(&host);
	buf_release(&app);
	return rc;
}

int appmap_load(const char *path, struct appmap *m)
{
	struct buf b = BUF_INIT;
	char chunk[65536], *why = NULL;
	unsigned int line;
	size_t got;
	FILE *f = fopen(path, "r");
	int rc = -1;

	if (!f)
		return scan_error_errno(errno, "--applications '%s': cannot open", path);
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_add(&b, chunk, got);
		if (b.len > APPMAP_FILE_CAP)
			break;	/* appmap_parse says why */
	}
	if (ferror(f)) {
		rc = scan_error_errno(errno, "--applications '%s': cannot read", path);
		goto out;
	}
	if (appmap_parse(b.data, b.len, m, &why, &line) < 0) {
		if (line)
			scan_error("%s:%u: %s", path, line, why);
		else
			scan_error("%s: %s", path, why);
		goto out;
	}
	rc = 0;
out:
	fclose(f);
	free(why);
	buf_release(&b);
	return rc;
}

const char *appmap_get(const struct appmap *m, const char *host)
{
	size_t i = host ? smap_get(&m->idx, host) : SMAP_NONE;

	return i == SMAP_NONE ? NULL : m->v[i].app;
}

void appmap_release(struct appmap *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].host);
		free(m->v[i].app);
	}
	free(m->v);
	smap_release(&m->idx);
	m->v = NULL;
	m->n = 0;
}
