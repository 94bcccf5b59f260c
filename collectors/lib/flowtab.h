/*
 * flowtab.h - used by the flows collector
 *
 * The flow table: every conversation of a capture, keyed by its 5-tuple
 * and VLAN, both directions in one entry.  Memory grows with flows, never
 * with packets: an open-addressing table of fixed-size entries, at most
 * FLOWTAB_MAX flows (the packets of flows past the cap are counted as
 * dropped, and the caller says so).
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

#define FLOWTAB_MAX (4u << 20)		/* flows; 4 Mi entries of 112 bytes and the index */
#define FLOWTAB_FRAGS 4096		/* first fragments remembered, for their followers */

struct flow {
	uint8_t a[16], b[16];		/* side 0 and side 1 */
	uint16_t pa, pb;		/* their ports (0 for ICMP) */
	uint16_t vlan;			/* the outer VLAN ID; 0 none */
	uint8_t family, proto;
	uint8_t flags[2];		/* TCP flags seen from each side */
	int8_t syn_from;		/* the side that sent a SYN without ACK; -1 none seen */
	int8_t synack_from;		/* the side that sent SYN+ACK; -1 none seen */
	int8_t first_from;		/* the side of the first packet seen */
	uint8_t used;
	uint64_t pkts[2], bytes[2];	/* from side 0, from side 1 (bytes on the wire) */
	int64_t first_ns, last_ns;	/* capture time, ns since the epoch */
};

struct flowtab {
	struct flow *v;			/* cap entries, used ones have .used */
	size_t cap, n;
	uint64_t dropped_pkts;		/* packets of flows over FLOWTAB_MAX */
	uint64_t orphan_frags;		/* later fragments whose first was not seen */
	struct flowtab_frag {
		uint8_t src[16], dst[16];
		uint32_t id;
		uint8_t family, proto, used;
		uint32_t flow;		/* index in v */
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

#endif
