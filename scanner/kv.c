/*
 * kv.c - the shell-style assignment subset of os-release(5)
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "kv.h"
#include "banned.h"

static void add(struct kvlist *l, const char *k, size_t klen, char *val)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n].key = xstrndup(k, klen);
	l->v[l->n].val = val;
	l->n++;
}

/* parses one value from p up to the end of line; returns it malloc'd */
static char *parse_value(const char *p, const char *eol)
{
	struct buf b = BUF_INIT;

	while (p < eol) {
		if (*p == '"') {
			for (p++; p < eol && *p != '"'; p++) {
				if (*p == '\\' && p + 1 < eol && strchr("\"\\$`", p[1]))
					p++;
				buf_addc(&b, *p);
			}
			if (p < eol)
				p++;
		} else if (*p == '\'') {
			for (p++; p < eol && *p != '\''; p++)
				buf_addc(&b, *p);
			if (p < eol)
				p++;
		} else if (*p == '\\' && p + 1 < eol) {
			buf_addc(&b, p[1]);
			p += 2;
		} else if (isspace((unsigned char)*p)) {
			/* an unquoted blank ends the value ("X=1 # note") */
			break;
		} else {
			buf_addc(&b, *p++);
		}
	}
	return buf_detach(&b);
}

void kv_parse(const char *text, struct kvlist *out)
{
	const char *p = text;

	while (*p) {
		const char *eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		const char *s = p;
		while (s < eol && isspace((unsigned char)*s))
			s++;
		if (eol - s > 7 && !strncmp(s, "export", 6) && isspace((unsigned char)s[6])) {
			s += 7;
			while (s < eol && isspace((unsigned char)*s))
				s++;
		}
		const char *k = s;
		while (s < eol && (isalnum((unsigned char)*s) || *s == '_'))
			s++;
		if (s > k && s < eol && *s == '=' && *k != '#') {
			const char *ve = eol;
			/* tolerate CRLF files */
			if (ve > s + 1 && ve[-1] == '\r')
				ve--;
			add(out, k, (size_t)(s - k), parse_value(s + 1, ve));
		}
		p = *eol ? eol + 1 : eol;
	}
}

const char *kv_get(const struct kvlist *l, const char *key)
{
	for (size_t i = l->n; i-- > 0;)
		if (!strcmp(l->v[i].key, key))
			return l->v[i].val;
	return NULL;
}

const char *kv_get_nonempty(const struct kvlist *l, const char *key)
{
	const char *v = kv_get(l, key);

	return v && *v ? v : NULL;
}

void kvlist_release(struct kvlist *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].val);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
