/*
 * dnsmsg.h - used by the flows collector (dnsnames.h): the names that DNS
 * answers seen in a capture give addresses
 *
 * One DNS message (RFC 1035 section 4.1: a header, then the question,
 * answer, authority and additional sections), a response, read for its
 * address records: A (RFC 1035 section 3.4.1) and AAAA (RFC 3596), of
 * class IN.  Names may be compressed (RFC 1035 section 4.1.4): a pointer
 * may lead anywhere in the message after the header, so pointers are
 * counted (a loop ends at DNSMSG_MAX_JUMPS) and a name's uncompressed
 * length is held to 255 bytes (RFC 1035 section 2.3.4), which also ends
 * a loop that adds labels.  Labels of the types 0x40 and 0x80 (RFC 6891
 * section 5: extended labels, deprecated) are refused.  Multicast DNS
 * (RFC 6762, UDP 5353) and LLMNR (RFC 4795, UDP 5355) use the same
 * format; mDNS's cache-flush bit in the class is masked.  DNS over TCP
 * (its two-byte length prefix, a message split across segments) is not
 * read.
 *
 * The name of an address: each address record, of any section, names its
 * address by its owner name: the answers, and the additional section's
 * too, whose A and AAAA records are the addresses of the servers the
 * answer names (an NS's glue, an MX's or SRV's target: the LDAP servers
 * of an _ldap._tcp question), and where mDNS responders put a host's
 * addresses (RFC 6763 section 12).  When an answer's owner is not the
 * question's name but the CNAME records of the answer section lead from
 * the question to it (RFC 1034 section 3.6.2: www.example.com CNAME
 * cdn.example.net, cdn.example.net A ...), the question's name names the
 * address too (the name a client asked for, the one its configuration
 * holds), with via_cname set.  The aliases between the two are not given.  Names are given in lower case (DNS
 * names compare without case, RFC 4343, and resolvers randomise it),
 * without the final dot, with dig's escapes: "\." for a dot inside a
 * label, "\\", and "\DDD" for bytes outside printable ASCII.
 *
 * Every byte is read through scanner/rd.h; nothing is allocated.
 */
#ifndef PREMIG_DNSMSG_H
#define PREMIG_DNSMSG_H

#include <stddef.h>
#include <stdint.h>

#define DNSMSG_PORT 53
#define DNSMSG_MDNS_PORT 5353
#define DNSMSG_LLMNR_PORT 5355

#define DNSMSG_HDR 12		/* the header: ID, flags, four counts */
#define DNSMSG_MAX_NAME 255	/* a name's uncompressed length, its length bytes included */
#define DNSMSG_MAX_JUMPS 64	/* compression pointers followed in one name */
#define DNSMSG_MAX_RRS 512	/* questions and records read in one message */
#define DNSMSG_MAX_ADDRS 64	/* address records named in one message; more counted */
#define DNSMSG_MAX_CNAMES 32	/* CNAME records kept for the chains; more counted */
#define DNSMSG_MAX_CHAIN 16	/* CNAMEs followed from the question's name */
#define DNSMSG_TEXT_MAX 1024	/* a name's text with its escapes and NUL (253 bytes * 4 fit) */

/* is port one that DNS, mDNS or LLMNR answers from? */
static inline int dnsmsg_port(uint16_t port)
{
	return port == DNSMSG_PORT || port == DNSMSG_MDNS_PORT || port == DNSMSG_LLMNR_PORT;
}

struct dnsmsg_pair {
	int family;		/* 4 or 6 */
	const uint8_t *addr;	/* 4 or 16 bytes, in the message */
	const char *name;	/* the text (above); valid during the call */
	int via_cname;		/* name is the question's, the record's owner another */
	uint32_t ttl;
};

/* called for each (address, name) pair */
typedef void (*dnsmsg_fn)(void *arg, const struct dnsmsg_pair *p);

struct dnsmsg_info {
	uint16_t id;
	unsigned int opcode, rcode;
	int aa, tc;				/* authoritative answer; truncated (TC) */
	unsigned int qdcount, ancount, nscount, arcount;
	char qname[DNSMSG_TEXT_MAX];		/* the first question's name; "" none */
	uint16_t qtype;
	unsigned int records;			/* resource records read */
	unsigned int addrs, cnames;		/* address and CNAME records among them */
	unsigned int over_cap;			/* address or CNAME records past the caps */
	unsigned int pairs;			/* pairs given */
	const char *why;			/* refused or read in part: why (static text) */
	size_t why_at;				/* the byte of the message where */
};

/*
 * Reads the DNS message msg (len bytes, as captured) and calls fn for
 * each address it names.  Returns 0 read in full, 1 read in part (a
 * record malformed or cut short, or past DNSMSG_MAX_RRS: info->why and
 * why_at say which; the pairs of the records before were given), -1
 * refused (shorter than a header, a query, an opcode other than QUERY:
 * info->why; no pair given).
 */
int dnsmsg_read(const uint8_t *msg, size_t len, struct dnsmsg_info *info, dnsmsg_fn fn, void *arg);

/* "NOERROR", "NXDOMAIN" ... (RFC 1035 4.1.1, RFC 6895 2.3); NULL for others */
const char *dnsmsg_rcode_name(unsigned int rcode);

#endif
