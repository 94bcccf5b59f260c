/*
 * livecap.h - used by the flows collector (premig scan --capture IFACE)
 *
 * A live capture through libpcap, bounded in time: headers only (a snap
 * length of LIVECAP_SNAPLEN), no promiscuous mode, a BPF filter applied
 * in the kernel, every packet decoded by pkt.c into a flow table.  Ctrl-C
 * ends it early and keeps what was seen; a line on a terminal tells the
 * packets, flows and seconds left.
 */
#ifndef PREMIG_LIVECAP_H
#define PREMIG_LIVECAP_H

#include <stdint.h>

#include "dnsnames.h"
#include "flowtab.h"

#define LIVECAP_SNAPLEN 256	/* enough for the headers pkt.c reads, with tunnels and options */

/* the filter --syn-only adds: TCP SYN and SYN-ACK (IPv4 and IPv6 without extension headers), UDP */
#define LIVECAP_SYN_ONLY "(tcp[tcpflags] & tcp-syn != 0) or (ip6 and ip6[6] == 6 and ip6[53] & 2 != 0) or udp"

struct livecap_stats {
	uint64_t packets, counted;
	uint64_t dropped;		/* by the kernel (pcap_stats) */
	int link;			/* the LINKTYPE_ of the capture */
	int interrupted;		/* ended by Ctrl-C */
	char why[256];			/* why it could not capture */
};

/*
 * Captures on iface ("any" for all) for seconds into t, and the DNS
 * answers seen into dns (NULL: not read; answers longer than the snap
 * length are read in part); filter (NULL none) and syn_only narrow it.
 * 0 captured, -1 could not (s->why: no such interface, not permitted
 * without root or CAP_NET_RAW, a bad filter).
 */
int livecap_run(const char *iface, unsigned int seconds, const char *filter, int syn_only,
		int progress, struct flowtab *t, struct dnsnames *dns, struct livecap_stats *s);

/* checks a filter's syntax without capturing; 0, or -1 with why */
int livecap_check_filter(const char *filter, char *why, size_t n);

#endif
