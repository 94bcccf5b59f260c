/*
 * capflows.c - a capture file read into a flow table (capflows.h)
 */
#include <stdio.h>
#include <string.h>

#include "capflows.h"
#include "pkt.h"
#include "../../scanner/banned.h"

static void unknown_link(struct capflows_stats *s, int link)
{
	for (size_t i = 0; i < CAPFLOWS_LINKS; i++) {
		if (s->link_pkts[i] && s->links[i] == link) {
			s->link_pkts[i]++;
			return;
		}
		if (!s->link_pkts[i]) {
			s->links[i] = link;
			s->link_pkts[i] = 1;
			return;
		}
	}
	s->other_link_pkts++;
}

/*
 * Packets decoded ahead of being counted: each packet's index slot is
 * fetched from memory when it is decoded, its flow LOOKAHEAD / 2 packets
 * later, and it is counted LOOKAHEAD packets later, by then in the cache
 * (among a million flows, each lookup would otherwise wait on memory).
 */
#define LOOKAHEAD 16

struct ahead {
	struct pkt p;
	struct flowtab_key k;
	int64_t ts_ns;
	uint32_t wirelen;
	uint64_t nr;		/* the packet's number, from 1 */
};

/* counts a decoded packet; -1 out of memory (s->stopped says so) */
static int count(struct flowtab *t, struct capflows_stats *s, const struct ahead *a)
{
	int r = flowtab_add_keyed(t, &a->p, &a->k, a->ts_ns, a->wirelen);

	if (r < 0) {
		snprintf(s->stopped, sizeof(s->stopped), "out of memory for the flow table at packet %llu",
			 (unsigned long long)a->nr);
		return -1;
	}
	if (r == 0) {
		s->counted++;
		if (!s->first_ns || a->ts_ns < s->first_ns)
			s->first_ns = a->ts_ns;
		if (a->ts_ns > s->last_ns)
			s->last_ns = a->ts_ns;
	} else if (r == 1) {
		s->no_flow++;
	}
	return 0;
}

int capflows_read(int fd, struct flowtab *t, struct dnsnames *dns, struct capflows_stats *s)
{
	struct capfile c;
	struct capfile_pkt cp;
	struct ahead ring[LOOKAHEAD];
	size_t head = 0, n = 0;
	int rc, oom = 0;

	memset(s, 0, sizeof(*s));
	if (capfile_open(&c, fd) < 0) {
		snprintf(s->stopped, sizeof(s->stopped), "%s", c.why);
		capfile_close(&c);
		return -1;
	}
	s->pcapng = c.pcapng;
	s->gzip = capfile_gzip(&c);
	while ((rc = capfile_next(&c, &cp)) == 1) {
		struct ahead *a = &ring[(head + n) % LOOKAHEAD];
		enum pkt_status st;

		s->packets++;
		s->bytes += cp.wirelen;
		st = pkt_decode(cp.link, cp.data, cp.caplen, cp.wirelen, &a->p);
		if (st == PKT_OK) {
			/* DNS answers name addresses (dnsnames.h); out of memory there: dns->oom says so */
			if (a->p.udp_len && dns && dnsmsg_port(a->p.sport))
				dnsnames_add(dns, a->p.udp_data, a->p.udp_len, cp.ts_ns);
			flowtab_key(t, &a->p, &a->k);
			a->ts_ns = cp.ts_ns;
			a->wirelen = cp.wirelen;
			a->nr = s->packets;
			if (n >= LOOKAHEAD / 2)
				flowtab_prefetch(t, &ring[(head + n - LOOKAHEAD / 2) % LOOKAHEAD].k);
			if (++n == LOOKAHEAD) {
				if (count(t, s, &ring[head]) < 0) {
					oom = 1;
					break;
				}
				head = (head + 1) % LOOKAHEAD;
				n--;
			}
		} else if (st == PKT_NOT_IP) {
			s->not_ip++;
		} else if (st == PKT_LINK_UNKNOWN) {
			unknown_link(s, cp.link);
		} else {
			if (st == PKT_TRUNCATED)
				s->truncated++;
			else
				s->malformed++;
			if (!s->first_bad) {
				s->first_bad = a->p.why;
				s->first_bad_pkt = s->packets;
			}
		}
	}
	/* the packets read before the end, or before a fault, all count */
	for (; n && !oom; n--, head = (head + 1) % LOOKAHEAD)
		oom = count(t, s, &ring[head]) < 0;
	if (oom)
		rc = -1;
	s->bad_ts = c.bad_ts;
	if (rc < 0 && !s->stopped[0])
		snprintf(s->stopped, sizeof(s->stopped), "%s", c.why);
	capfile_close(&c);
	return rc < 0 ? 1 : 0;
}
