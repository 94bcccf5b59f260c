/*
 * flowtab.h - used by the flows collector
 *
 * The flow table: every conversation of a capture, keyed by its 5-tuple
 * and VLAN, both directions in one entry.  Memory grows with flows, never
 * with packets: the flows in one array, in the order they were first seen
 * (v[0] .. v[n - 1]), found through an open-addressing index of 8 bytes a
 * slot, at most FLOWTAB_MAX flows (the packets of flows past the cap are
 * counted as dropped, and the caller says so): 96 bytes a flow (the array
 * doubles as it fills) and 8 to 32 bytes of index, about 115 MiB for
 * 1,000,000 flows.
 *
 * An entry's endpoints are stored in a fixed order (the lower address,
 * then port, is side 0), so that both directions of a conversation meet;
 * which side opened it is what the TCP handshake says (syn_from), never
 * the order.
 */
#ifndef PREMIG_FLOWTAB_H
#define PREMIG_FLOWTAB_H

#include <stddef.h>
#include <stdint.h>

#include "pkt.h"

#define FLOWTAB_MAX (4u << 20)		/* flows; 4 Mi entries of 96 bytes and the index */
#define FLOWTAB_FRAGS 4096		/* first fragments remembered, for their followers */

struct flow {
	/* the key: its 40 bytes are compared at once (flowtab.c), so no padding */
	uint8_t a[16], b[16];		/* side 0 and side 1 */
	uint16_t pa, pb;		/* their ports (0 for ICMP) */
	uint16_t vlan;			/* the outer VLAN ID; 0 none */
	uint8_t family, proto;
	uint8_t flags[2];		/* TCP flags seen from each side */
	int8_t syn_from;		/* the side that sent a SYN without ACK; -1 none seen */
	int8_t synack_from;		/* the side that sent SYN+ACK; -1 none seen */
	int8_t first_from;		/* the side of the first packet seen */
	uint64_t pkts[2], bytes[2];	/* from side 0, from side 1 (bytes on the wire) */
	int64_t first_ns, last_ns;	/* capture time, ns since the epoch */
};

struct flowtab {
	struct flow *v;			/* n flows, in the order first seen (room for alloc) */
	size_t n, alloc;
	uint64_t *index;		/* nslots: 0 empty, else hash >> 32 << 32 | (flow + 1) */
	size_t nslots;
	uint64_t seed;			/* of the hash, random */
	uint64_t dropped_pkts;		/* packets of flows over FLOWTAB_MAX */
	uint64_t orphan_frags;		/* later fragments whose first was not seen */
	struct flowtab_frag {
		uint8_t src[16], dst[16];
		uint32_t id;
		uint8_t family, proto, used;
		uint32_t flow;		/* its flow, v[flow] */
	} frags[FLOWTAB_FRAGS];
};

/* 0, or -1 out of memory */
int flowtab_init(struct flowtab *t);
void flowtab_release(struct flowtab *t);

/*
 * Counts one decoded packet (p->status PKT_OK) seen at ts_ns, wirelen bytes
 * on the wire.  A later fragment adds its bytes to its first fragment's
 * flow (a datagram counts as one packet).  Returns 0 counted, 1 not a flow
 * (no ports: a transport other than TCP, UDP, SCTP, ICMP), 2 over the cap
 * (counted in dropped_pkts), -1 out of memory.
 */
int flowtab_add(struct flowtab *t, const struct pkt *p, int64_t ts_ns, uint32_t wirelen);

/*
 * flowtab_add in steps, for a reader that looks ahead: flowtab_key makes
 * a packet's key and starts fetching its index slot from memory;
 * flowtab_prefetch, a few packets later, starts fetching its flow; and
 * flowtab_add_keyed counts it a few packets later still, when both are in
 * the cache.  The packets must be counted in the order they were read
 * (the key stays valid while the table grows).
 */
struct flowtab_key {
	uint64_t key[5];	/* struct flow's first 40 bytes */
	uint64_t hash;
	int side;		/* the packet's source is side 1 */
	int keyed;		/* 0: no key (no ports, or a later fragment) */
};

void flowtab_key(const struct flowtab *t, const struct pkt *p, struct flowtab_key *k);
void flowtab_prefetch(const struct flowtab *t, const struct flowtab_key *k);
int flowtab_add_keyed(struct flowtab *t, const struct pkt *p, const struct flowtab_key *k,
		      int64_t ts_ns, uint32_t wirelen);

#endif
