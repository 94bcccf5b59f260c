/*
 * smap.c - a string-keyed hash table of indexes (smap.h)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "smap.h"
#include "banned.h"

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 14695981039346656037ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static size_t smap_slot(const struct smap *m, const char *k)
{
	size_t i = (size_t)fnv1a(k) & (m->cap - 1);

	while (m->key[i] && strcmp(m->key[i], k))
		i = (i + 1) & (m->cap - 1);
	return i;
}

size_t smap_get(const struct smap *m, const char *k)
{
	size_t i;

	if (!m->cap)
		return SMAP_NONE;
	i = smap_slot(m, k);
	return m->key[i] ? m->val[i] : SMAP_NONE;
}

void smap_put(struct smap *m, const char *k, size_t v)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		struct smap g = { NULL, NULL, m->cap ? m->cap * 2 : 256, 0 };
		g.key = xcalloc(g.cap, sizeof(*g.key));
		g.val = xcalloc(g.cap, sizeof(*g.val));
		for (size_t j = 0; j < m->cap; j++)
			if (m->key[j]) {
				size_t s = smap_slot(&g, m->key[j]);
				g.key[s] = m->key[j];
				g.val[s] = m->val[j];
				g.n++;
			}
		free(m->key);
		free(m->val);
		*m = g;
	}
	i = smap_slot(m, k);
	if (!m->key[i]) {
		m->key[i] = xstrdup(k);
		m->n++;
	}
	m->val[i] = v;
}

void smap_release(struct smap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->key[i]);
	free(m->key);
	free(m->val);
}
