/*
 * flowtab.c - the flow table (flowtab.h)
 *
 * The flows sit in one array in the order first seen, so that growing
 * never moves a flow's number (the fragment table keeps them) and the
 * store gets them in capture order.  The index is open addressing with
 * linear probing over a power-of-two array of 8-byte slots, grown at half
 * full: a slot holds the flow's number and the upper half of its hash, so
 * a probe compares a key only when the hashes agree.  The hash multiplies
 * the normalised key's words with a random seed (key_hash).  Fragments
 * (RFC 791 section 2.3, RFC 8200 section 4.5) are matched to their first
 * fragment by (addresses, protocol, identification) in a small table that
 * forgets the oldest: enough for the reassembly a capture shows.
 *
 * Both arrays are mappings of their own, advised to be backed by huge
 * pages (transparent huge pages in madvise mode): every packet looks up
 * a slot and a flow at random in tens of MiB, and with 4 KiB pages most
 * lookups would also miss the TLB (a two-level walk under a hypervisor).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>

#include "flowtab.h"
#include "../../scanner/banned.h"

#define FLOWTAB_INITIAL 1024
#define KEY_LEN (offsetof(struct flow, proto) + 1)

_Static_assert(KEY_LEN == 40, "struct flow's key has padding");

/* n bytes of zeroes; NULL out of memory */
static void *map(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	madvise(p, n, MADV_HUGEPAGE);	/* advice: EINVAL without THP, and no harm */
	return p;
}

static void *remap(void *p, size_t old, size_t n)
{
	void *q = mremap(p, old, n, MREMAP_MAYMOVE);

	if (q == MAP_FAILED)
		return NULL;
	madvise(q, n, MADV_HUGEPAGE);
	return q;
}

int flowtab_init(struct flowtab *t)
{
	memset(t, 0, sizeof(*t));
	t->v = map(FLOWTAB_INITIAL * sizeof(*t->v));
	t->alloc = t->v ? FLOWTAB_INITIAL : 0;
	t->index = map(FLOWTAB_INITIAL * 2 * sizeof(*t->index));
	t->nslots = t->index ? FLOWTAB_INITIAL * 2 : 0;
	/* the flows' order is their first packet's: the seed moves only where they are indexed */
	if (getrandom(&t->seed, sizeof(t->seed), GRND_NONBLOCK) != sizeof(t->seed))
		t->seed = (uint64_t)(uintptr_t)t ^ (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ULL;
	if (!t->v || !t->index) {
		flowtab_release(t);
		return -1;
	}
	return 0;
}

void flowtab_release(struct flowtab *t)
{
	if (t->v)
		munmap(t->v, t->alloc * sizeof(*t->v));
	if (t->index)
		munmap(t->index, t->nslots * sizeof(*t->index));
	t->v = NULL;
	t->index = NULL;
	t->n = t->alloc = t->nslots = 0;
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

/* the 128-bit product of x and y, its halves folded (wyhash's "mum") */
static uint64_t mum(uint64_t x, uint64_t y)
{
	unsigned __int128 m = (unsigned __int128)x * y;

	return (uint64_t)m ^ (uint64_t)(m >> 64);
}

/*
 * The key's 40 bytes as five 8-byte words, multiplied in pairs after
 * each is xored with the table's random seed and a constant of its own:
 * a product is zero (and forgets its other word) only for a word equal
 * to its secret, so a crafted capture cannot make its flows collide.
 */
static inline __attribute__((always_inline)) uint64_t key_hash(const struct flowtab *t, const void *key)
{
	uint64_t w[5], s = t->seed;

	memcpy(w, key, sizeof(w));
	return mum(mum(w[0] ^ s ^ 0xa0761d6478bd642fULL, w[1] ^ s ^ 0xe7037ed1a0b428dbULL) ^
		   mum(w[2] ^ s ^ 0x8ebc6af09c88c6e3ULL, w[3] ^ s ^ 0x589965cc75374cc3ULL),
		   w[4] ^ s ^ 0x1d8e4e27c47d124fULL);
}

/* two keys of 40 bytes are equal */
static int key_eq(const void *x, const void *y)
{
	uint64_t a[5], b[5];

	memcpy(a, x, sizeof(a));
	memcpy(b, y, sizeof(b));
	return !((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3]) | (a[4] ^ b[4]));
}

/* the slot of key (hash h): its flow's, or the empty one where it goes */
static size_t slot(const struct flowtab *t, const void *key, uint64_t h)
{
	size_t mask = t->nslots - 1, i = (size_t)h & mask;
	uint64_t tag = h >> 32 << 32, s;

	while ((s = t->index[i]) != 0) {
		if ((s >> 32 << 32) == tag && key_eq(&t->v[(uint32_t)s - 1], key))
			break;
		i = (i + 1) & mask;
	}
	return i;
}

static int grow_index(struct flowtab *t)
{
	size_t n = t->nslots * 2;
	uint64_t *x = map(n * sizeof(*x)), *old = t->index;

	if (!x)
		return -1;
	/*
	 * The flows in their order, not the old slots': the array is read
	 * once straight through, not at random (a million flows: two million
	 * cache misses fewer over the doublings).  Every flow is in the index.
	 */
	for (size_t i = 0; i < t->n; i++) {
		uint64_t h = key_hash(t, &t->v[i]);
		size_t j = (size_t)h & (n - 1);
		while (x[j])
			j = (j + 1) & (n - 1);
		x[j] = (h >> 32 << 32) | (uint64_t)(i + 1);
	}
	munmap(old, t->nslots * sizeof(*old));
	t->index = x;
	t->nslots = n;
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

/* what follows the addresses in struct flow's key */
struct key_tail {
	uint16_t pa, pb, vlan;
	uint8_t family, proto;
};

_Static_assert(offsetof(struct flow, pa) == 32 && offsetof(struct flow, proto) == 39 &&
	       sizeof(struct key_tail) == 8, "struct flow's key is not addresses and a key_tail");

/* memcmp(x, y, 16) < 0, > 0, 0 for two addresses, in two 8-byte loads (no call) */
static int addr_cmp(const uint8_t *x, const uint8_t *y)
{
	uint64_t a[2], b[2];

	memcpy(a, x, 16);
	memcpy(b, y, 16);
	for (int i = 0; i < 2; i++) {
		uint64_t u = __builtin_bswap64(a[i]), v = __builtin_bswap64(b[i]);
		if (u != v)
			return u < v ? -1 : 1;
	}
	return 0;
}

void flowtab_key(const struct flowtab *t, const struct pkt *p, struct flowtab_key *k)
{
	struct key_tail tail;
	/* ICMP keys on the address pair alone: a request and its reply meet */
	int icmp = p->proto == 1 || p->proto == 58, c;
	uint16_t sp = icmp ? 0 : p->sport, dp = icmp ? 0 : p->dport;

	k->keyed = p->fragment != 2 && p->has_ports;
	if (!k->keyed)
		return;
	c = addr_cmp(p->src, p->dst);
	k->side = c > 0 || (c == 0 && sp > dp);
	memcpy(&k->key[0], k->side ? p->dst : p->src, 16);
	memcpy(&k->key[2], k->side ? p->src : p->dst, 16);
	tail.pa = k->side ? dp : sp;
	tail.pb = k->side ? sp : dp;
	tail.vlan = p->nvlan ? p->vlan[0] : 0;
	tail.family = (uint8_t)p->family;
	tail.proto = p->proto;
	memcpy(&k->key[4], &tail, sizeof(tail));
	k->hash = key_hash(t, k->key);
	__builtin_prefetch(&t->index[k->hash & (t->nslots - 1)]);
}

void flowtab_prefetch(const struct flowtab *t, const struct flowtab_key *k)
{
	uint64_t s;

	if (!k->keyed)
		return;
	s = t->index[k->hash & (t->nslots - 1)];
	if (s && s >> 32 == k->hash >> 32) {
		/* 96 bytes: every other flow straddles two cache lines */
		const char *f = (const char *)&t->v[(uint32_t)s - 1];
		__builtin_prefetch(f, 1);
		__builtin_prefetch(f + sizeof(struct flow) - 1, 1);
	}
}

int flowtab_add(struct flowtab *t, const struct pkt *p, int64_t ts_ns, uint32_t wirelen)
{
	struct flowtab_key k;

	flowtab_key(t, p, &k);
	return flowtab_add_keyed(t, p, &k, ts_ns, wirelen);
}

int flowtab_add_keyed(struct flowtab *t, const struct pkt *p, const struct flowtab_key *k,
		      int64_t ts_ns, uint32_t wirelen)
{
	struct flow *f;
	uint64_t h = k->hash;
	size_t i;
	int side = k->side;

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
	if (!k->keyed)
		return 1;
	i = slot(t, k->key, h);
	if (!t->index[i]) {
		if (t->n >= FLOWTAB_MAX) {
			t->dropped_pkts++;
			return 2;
		}
		if (t->n == t->alloc) {
			struct flow *v = remap(t->v, t->alloc * sizeof(*v), t->alloc * 2 * sizeof(*v));
			if (!v)
				return -1;
			t->v = v;
			t->alloc *= 2;
		}
		if ((t->n + 1) * 2 > t->nslots) {
			if (grow_index(t) < 0)
				return -1;
			i = slot(t, k->key, h);
		}
		f = &t->v[t->n];
		memcpy(f, k->key, KEY_LEN);
		memset(f->flags, 0, sizeof(f->flags));
		memset(f->pkts, 0, sizeof(f->pkts));
		memset(f->bytes, 0, sizeof(f->bytes));
		f->syn_from = f->synack_from = -1;
		f->first_from = (int8_t)side;
		f->first_ns = f->last_ns = ts_ns;
		t->index[i] = (h >> 32 << 32) | (uint64_t)(t->n + 1);
		t->n++;
	} else {
		f = &t->v[(uint32_t)t->index[i] - 1];
	}
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
		fr->flow = (uint32_t)(f - t->v);
		fr->used = 1;
	}
	return 0;
}
