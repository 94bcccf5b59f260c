/*
 * dnsnames.c - the (address, name) pairs of DNS answers, counted
 * (dnsnames.h)
 */
#include <stdlib.h>
#include <string.h>

#include "dnsnames.h"
#include "../../scanner/banned.h"

struct add {
	struct dnsnames *d;
	int64_t ts_ns;
	int failed;
};

void dnsnames_init(struct dnsnames *d)
{
	memset(d, 0, sizeof(*d));
}

void dnsnames_release(struct dnsnames *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].name);
	free(d->v);
	free(d->slots);
	dnsnames_init(d);
}

/* FNV-1a over the family, the address and the name */
static size_t hash(int family, const uint8_t *addr, const char *name)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t alen = family == 4 ? 4 : 16;

	h = (h ^ (uint64_t)family) * 0x100000001b3ULL;
	for (size_t i = 0; i < alen; i++)
		h = (h ^ addr[i]) * 0x100000001b3ULL;
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	return (size_t)h;
}

static int grow(struct dnsnames *d)
{
	size_t n = d->nslots ? d->nslots * 2 : 1024;
	uint32_t *s = calloc(n, sizeof(*s));

	if (!s)
		return -1;
	for (size_t i = 0; i < d->n; i++) {
		const struct dnsname *e = &d->v[i];
		size_t j = hash(e->family, e->addr, e->name) & (n - 1);
		while (s[j])
			j = (j + 1) & (n - 1);
		s[j] = (uint32_t)(i + 1);
	}
	free(d->slots);
	d->slots = s;
	d->nslots = n;
	return 0;
}

static void pair(void *arg, const struct dnsmsg_pair *p)
{
	struct add *a = arg;
	struct dnsnames *d = a->d;
	size_t alen = p->family == 4 ? 4 : 16, j, nlen;
	struct dnsname *e;

	if (a->failed)
		return;
	if ((d->n + 1) * 2 > d->nslots && d->n < DNSNAMES_MAX && grow(d) < 0) {
		a->failed = 1;
		return;
	}
	j = hash(p->family, p->addr, p->name) & (d->nslots - 1);
	while (d->slots[j]) {
		e = &d->v[d->slots[j] - 1];
		if (e->family == p->family && !memcmp(e->addr, p->addr, alen) && !strcmp(e->name, p->name))
			break;
		j = (j + 1) & (d->nslots - 1);
	}
	if (!d->slots[j]) {
		nlen = strlen(p->name) + 1;
		if (d->n >= DNSNAMES_MAX || d->text + nlen > DNSNAMES_MAX_TEXT) {
			d->dropped++;
			return;
		}
		if (d->n == d->alloc) {
			size_t na = d->alloc ? d->alloc * 2 : 256;
			struct dnsname *v = realloc(d->v, na * sizeof(*v));
			if (!v) {
				a->failed = 1;
				return;
			}
			d->v = v;
			d->alloc = na;
		}
		e = &d->v[d->n];
		memset(e, 0, sizeof(*e));
		e->name = malloc(nlen);
		if (!e->name) {
			a->failed = 1;
			return;
		}
		memcpy(e->name, p->name, nlen);
		memcpy(e->addr, p->addr, alen);
		e->family = (uint8_t)p->family;
		e->first_ns = e->last_ns = a->ts_ns;
		d->text += nlen;
		d->slots[j] = (uint32_t)++d->n;
	}
	e = &d->v[d->slots[j] - 1];
	e->answers++;
	if (a->ts_ns < e->first_ns)
		e->first_ns = a->ts_ns;
	if (a->ts_ns > e->last_ns)
		e->last_ns = a->ts_ns;
}

int dnsnames_add(struct dnsnames *d, const uint8_t *msg, size_t len, int64_t ts_ns)
{
	struct dnsmsg_info info;
	struct add a = { d, ts_ns, 0 };
	int rc;

	if (d->oom)
		return -1;
	rc = dnsmsg_read(msg, len, &info, pair, &a);
	if (rc < 0) {
		d->refused++;
		return 0;
	}
	d->messages++;
	if (rc > 0) {
		d->partial++;
		if (!d->first_bad)
			d->first_bad = info.why;
	}
	if (a.failed) {
		d->oom = 1;
		return -1;
	}
	return 0;
}
