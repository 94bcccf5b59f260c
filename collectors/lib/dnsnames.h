/*
 * dnsnames.h - used by the flows collector (the dns_names table)
 *
 * The names that DNS answers in captures gave addresses: every UDP
 * payload from port 53 (DNS), 5353 (mDNS) or 5355 (LLMNR) is read by
 * dnsmsg.h, and each (address, name) pair it gives is counted here, with
 * the capture times of its first and last answer.  Memory grows with
 * pairs, never with packets: at most DNSNAMES_MAX pairs holding at most
 * DNSNAMES_MAX_TEXT bytes of names; the answers of further pairs are
 * counted as dropped, and the caller says so.
 */
#ifndef PREMIG_DNSNAMES_H
#define PREMIG_DNSNAMES_H

#include <stddef.h>
#include <stdint.h>

#include "dnsmsg.h"

#define DNSNAMES_MAX 1000000		/* (address, name) pairs */
#define DNSNAMES_MAX_TEXT (64u << 20)	/* bytes of their names */

struct dnsname {
	uint8_t addr[16];	/* IPv4 in the first 4 bytes */
	uint8_t family;		/* 4 or 6 */
	char *name;
	uint64_t answers;	/* the messages that gave this pair */
	int64_t first_ns, last_ns;
};

struct dnsnames {
	struct dnsname *v;	/* n pairs, in the order first seen */
	size_t n, alloc;
	uint32_t *slots;	/* open addressing: index + 1, 0 empty */
	size_t nslots;
	size_t text;		/* bytes of names held */
	uint64_t messages;	/* responses read, in full or in part */
	uint64_t partial;	/* of which read in part (a record malformed or cut) */
	uint64_t refused;	/* payloads that are not a DNS response (queries ...) */
	uint64_t dropped;	/* answers of pairs past the caps */
	const char *first_bad;	/* the first partial message's reason (static text) */
	int oom;		/* memory ran out: the pairs after were not kept */
};

void dnsnames_init(struct dnsnames *d);
void dnsnames_release(struct dnsnames *d);

/*
 * Reads the UDP payload msg (len bytes captured) sent from a port that
 * dnsmsg_port() accepts, at ts_ns.  Returns 0, or -1 when memory ran out
 * (d->oom set; the pairs kept before stay).
 */
int dnsnames_add(struct dnsnames *d, const uint8_t *msg, size_t len, int64_t ts_ns);

#endif
