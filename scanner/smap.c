/*
 * smap.c - a string-keyed hash table of indexes (smap.h)
 *
 * Linear probing over slots that hold each key's hash beside it, so that a
 * probe reads the key only when the hashes agree; the keys' copies are
 * packed into chunks of CHUNK bytes and freed with them (a table of a
 * million keys is a million lookups of the dependency analysis, and would
 * otherwise be a million allocations and frees).  The hash takes the key 8
 * bytes at a time, each word mixed by a 128-bit multiply folded to 64 bits
 * (wyhash's "mum").
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "smap.h"
#include "banned.h"

#define CHUNK 65536

struct smap_chunk {
	struct smap_chunk *next;
	size_t size;
	char text[];
};

static uint64_t mum(uint64_t x, uint64_t y)
{
	unsigned __int128 m = (unsigned __int128)x * y;

	return (uint64_t)m ^ (uint64_t)(m >> 64);
}

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = mum(h ^ w ^ 0xa0761d6478bd642fULL, 0xe7037ed1a0b428dbULL);
	}
	w = 0;
	memcpy(&w, s, n);
	return mum(h ^ w ^ 0x8ebc6af09c88c6e3ULL, 0x589965cc75374cc3ULL);
}

/* the slot of k (hash h): its own, or the empty one where it goes */
static size_t find(const struct smap *m, const char *k, uint64_t h)
{
	size_t mask = m->cap - 1, i = (size_t)h & mask;
	const struct smap_slot *s;

	while ((s = &m->slot[i])->key && (s->hash != h || strcmp(s->key, k)))
		i = (i + 1) & mask;
	return i;
}

size_t smap_get(const struct smap *m, const char *k)
{
	size_t i;

	if (!m->cap)
		return SMAP_NONE;
	i = find(m, k, hash(k, strlen(k)));
	return m->slot[i].key ? m->slot[i].val : SMAP_NONE;
}

/* a copy of k (n bytes and its NUL) among m's chunks */
static const char *copy(struct smap *m, const char *k, size_t n)
{
	char *p;

	if (n + 1 > m->room) {
		size_t size = n + 1 > CHUNK ? n + 1 : CHUNK;
		struct smap_chunk *c = xmalloc(sizeof(*c) + size);
		c->next = m->chunks;
		c->size = size;
		m->chunks = c;
		m->room = size;
	}
	p = m->chunks->text + m->chunks->size - m->room;
	memcpy(p, k, n + 1);
	m->room -= n + 1;
	return p;
}

void smap_put(struct smap *m, const char *k, size_t v)
{
	size_t n = strlen(k), i;
	uint64_t h = hash(k, n);

	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;
		struct smap_slot *s = xcalloc(cap, sizeof(*s));
		for (size_t j = 0; j < m->cap; j++)
			if (m->slot[j].key) {
				size_t t = (size_t)m->slot[j].hash & (cap - 1);
				while (s[t].key)
					t = (t + 1) & (cap - 1);
				s[t] = m->slot[j];
			}
		free(m->slot);
		m->slot = s;
		m->cap = cap;
	}
	i = find(m, k, h);
	if (!m->slot[i].key) {
		m->slot[i].key = copy(m, k, n);
		m->slot[i].hash = h;
		m->n++;
	}
	m->slot[i].val = v;
}

void smap_release(struct smap *m)
{
	while (m->chunks) {
		struct smap_chunk *c = m->chunks;
		m->chunks = c->next;
		free(c);
	}
	free(m->slot);
	m->slot = NULL;
	m->cap = m->n = m->room = 0;
}
