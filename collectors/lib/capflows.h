/*
 * capflows.h - used by the flows collector
 *
 * A capture file read into a flow table: capfile.h's records, pkt.h's
 * decoding, flowtab.h's counting, and what could not be counted, by kind;
 * the DNS answers among the packets into dnsnames.h's pairs.
 */
#ifndef PREMIG_CAPFLOWS_H
#define PREMIG_CAPFLOWS_H

#include <stdint.h>

#include "capfile.h"
#include "dnsnames.h"
#include "flowtab.h"

#define CAPFLOWS_LINKS 8	/* unknown link types named; the rest counted */

struct capflows_stats {
	uint64_t packets, bytes;	/* records read, bytes on the wire */
	uint64_t counted;		/* packets counted in a flow */
	uint64_t not_ip, no_flow;	/* ARP, STP ...; IP without ports (OSPF, ESP ...) */
	uint64_t truncated, malformed;	/* packets whose headers the capture cut or contradict */
	const char *first_bad;		/* the first truncated or malformed packet's reason */
	uint64_t first_bad_pkt;		/* its number, from 1 */
	int links[CAPFLOWS_LINKS];	/* link types not read */
	uint64_t link_pkts[CAPFLOWS_LINKS];
	uint64_t other_link_pkts;	/* of further unknown link types */
	int gzip, pcapng;
	uint64_t bad_ts;		/* timestamps out of range */
	int64_t first_ns, last_ns;	/* of the packets counted */
	char stopped[256];		/* why the reading stopped before the end, "" read in full */
};

/*
 * Reads the capture open on fd into t, and the DNS answers in it into dns
 * (NULL: not read).  0 read to its end, 1 stopped early (s->stopped says
 * why and where; the packets before are counted), -1 not read at all
 * (s->stopped says why: not a capture file ...).
 */
int capflows_read(int fd, struct flowtab *t, struct dnsnames *dns, struct capflows_stats *s);

#endif
