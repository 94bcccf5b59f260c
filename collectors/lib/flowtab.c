/*
 * flowtab.c - the flow table (flowtab.h)
 *
 * Open addressing with linear probing over a power-of-two array, grown
 * at half full; the hash is FNV-1a over the normalised key.  Fragments
 * (RFC 791 section 2.3, RFC 8200 section 4.5) are matched to their first
 * fragment by (addresses, protocol, identification) in a small table
 * that forgets the oldest: enough for the reassembly a capture shows.
 */
#include <stdlib.h>
#include <string.h>

#include "flowtab.h"
#include "../../scanner/banned.h"

#define FLOWTAB_INITIAL 1024

int flowtab_init(struct flowtab *t)
{
	memset(t, 0, sizeof(*t));
	t->v = calloc(FLOWTAB_INITIAL, sizeof(*t->v));
	if (!t->v)
		return -1;
	t->cap = FLOWTAB_INITIAL;
	return 0;
}

void flowtab_release(struct flowtab *t)
{
	free(t->v);
	t->v = NULL;
	t->cap = t->n = 0;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t key_hash(const struct flow *k)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t alen = k->family == 4 ? 4 : 16;

	h = fnv(h, k->a, alen);
	h = fnv(h, k->b, alen);
	h = fnv(h, &k->pa, sizeof(k->pa));
	h = fnv(h, &k->pb, sizeof(k->pb));
	h = fnv(h, &k->vlan, sizeof(k->vlan));
	h = fnv(h, &k->proto, 1);
	return fnv(h, &k->family, 1);
}

static int key_eq(const struct flow *x, const struct flow *k)
{
	return x->family == k->family && x->proto == k->proto && x->vlan == k->vlan &&
	       x->pa == k->pa && x->pb == k->pb && !memcmp(x->a, k->a, 16) &&
	       !memcmp(x->b, k->b, 16);
}

/* the slot of key k: its entry, or the empty slot where it goes */
static size_t slot(const struct flowtab *t, const struct flow *k)
{
	size_t i = (size_t)key_hash(k) & (t->cap - 1);

	while (t->v[i].used && !key_eq(&t->v[i], k))
		i = (i + 1) & (t->cap - 1);
	return i;
}

static int grow(struct flowtab *t)
{
	struct flowtab old = *t;
	struct flow *v = calloc(t->cap * 2, sizeof(*v));

	if (!v)
		return -1;
	t->v = v;
	t->cap *= 2;
	for (size_t i = 0; i < old.cap; i++)
		if (old.v[i].used)
			t->v[slot(t, &old.v[i])] = old.v[i];
	free(old.v);
	/* the fragment table holds indexes into the old array */
	for (size_t i = 0; i < FLOWTAB_FRAGS; i++)
		t->frags[i].used = 0;
	return 0;
}

static size_t frag_slot(const struct pkt *p)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = fnv(h, p->src, 16);
	h = fnv(h, p->dst, 16);
	h = fnv(h, &p->frag_id, sizeof(p->frag_id));
	return (size_t)fnv(h, &p->proto, 1) % FLOWTAB_FRAGS;
}

static int frag_match(const struct flowtab_frag *f, const struct pkt *p)
{
	return f->used && f->family == p->family && f->proto == p->proto && f->id == p->frag_id &&
	       !memcmp(f->src, p->src, 16) && !memcmp(f->dst, p->dst, 16);
}

int flowtab_add(struct flowtab *t, const struct pkt *p, int64_t ts_ns, uint32_t wirelen)
{
	struct flow k, *f;
	size_t i;
	int side;

	if (p->fragment == 2) {
		struct flowtab_frag *fr = &t->frags[frag_slot(p)];
		if (!frag_match(fr, p)) {
			t->orphan_frags++;
			return 1;
		}
		f = &t->v[fr->flow];
		side = memcmp(f->a, p->src, 16) ? 1 : 0;
		f->bytes[side] += wirelen;
		if (ts_ns > f->last_ns)
			f->last_ns = ts_ns;
		return 0;
	}
	if (!p->has_ports)
		return 1;
	memset(&k, 0, sizeof(k));
	k.family = (uint8_t)p->family;
	k.proto = p->proto;
	k.vlan = p->nvlan ? p->vlan[0] : 0;
	{
		/* ICMP keys on the address pair alone: a request and its reply meet */
		int icmp = p->proto == 1 || p->proto == 58;
		uint16_t sp = icmp ? 0 : p->sport, dp = icmp ? 0 : p->dport;
		int c = memcmp(p->src, p->dst, 16);

		side = c > 0 || (c == 0 && sp > dp);
		memcpy(k.a, side ? p->dst : p->src, 16);
		memcpy(k.b, side ? p->src : p->dst, 16);
		k.pa = side ? dp : sp;
		k.pb = side ? sp : dp;
	}
	i = slot(t, &k);
	if (!t->v[i].used) {
		if (t->n >= FLOWTAB_MAX) {
			t->dropped_pkts++;
			return 2;
		}
		if ((t->n + 1) * 2 > t->cap) {
			if (grow(t) < 0)
				return -1;
			i = slot(t, &k);
		}
		k.used = 1;
		k.syn_from = k.synack_from = -1;
		k.first_from = (int8_t)side;
		k.first_ns = k.last_ns = ts_ns;
		t->v[i] = k;
		t->n++;
	}
	f = &t->v[i];
	f->pkts[side]++;
	f->bytes[side] += wirelen;
	if (ts_ns < f->first_ns)
		f->first_ns = ts_ns;
	if (ts_ns > f->last_ns)
		f->last_ns = ts_ns;
	if (p->proto == 6) {
		f->flags[side] |= p->tcp_flags;
		/* SYN 0x02, ACK 0x10 */
		if ((p->tcp_flags & 0x12) == 0x02 && f->syn_from < 0)
			f->syn_from = (int8_t)side;
		else if ((p->tcp_flags & 0x12) == 0x12 && f->synack_from < 0)
			f->synack_from = (int8_t)side;
	}
	if (p->fragment == 1) {
		struct flowtab_frag *fr = &t->frags[frag_slot(p)];
		memcpy(fr->src, p->src, 16);
		memcpy(fr->dst, p->dst, 16);
		fr->id = p->frag_id;
		fr->family = (uint8_t)p->family;
		fr->proto = p->proto;
		fr->flow = (uint32_t)i;
		fr->used = 1;
	}
	return 0;
}
