/*
 * smap.h - a string-keyed hash table of indexes (open addressing): the key
 * is copied, the value is an index into the caller's own array
 */
#ifndef PREMIG_SMAP_H
#define PREMIG_SMAP_H

#include <stddef.h>
#include <stdint.h>

struct smap {
	struct smap_slot {
		uint64_t hash;		/* of key */
		const char *key;	/* NULL: the slot is empty */
		size_t val;
	} *slot;
	size_t cap, n;
	struct smap_chunk *chunks;	/* the keys' copies, newest first */
	size_t room;			/* bytes free at the end of the newest */
};

#define SMAP_NONE ((size_t)-1)

/* an empty table: struct smap m = SMAP_INIT; */
#define SMAP_INIT { NULL, 0, 0, NULL, 0 }

/* k's value, or SMAP_NONE */
size_t smap_get(const struct smap *m, const char *k);

/* sets k to v (a new key, or a new value for k) */
void smap_put(struct smap *m, const char *k, size_t v);

/* frees the keys and the table (the values are the caller's) */
void smap_release(struct smap *m);

#endif
