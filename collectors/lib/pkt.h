/*
 * pkt.h - used by the flows collector (pcap files and live capture)
 *
 * One captured packet decoded as far as a flow needs: the link layer (by
 * its LINKTYPE_ value, https://www.tcpdump.org/linktypes.html), VLAN tags,
 * IPv4 (RFC 791) or IPv6 (RFC 8200, extension headers walked), and the
 * ports and TCP flags of TCP (RFC 9293), UDP (RFC 768) and SCTP
 * (RFC 9260), the type and code of ICMP (RFC 792) and ICMPv6 (RFC 4443).
 * Every byte is read through scanner/rd.h; the captured length (what the
 * bytes hold) and the length on the wire (what the packet had) are kept
 * apart.  Nothing is allocated.
 */
#ifndef PREMIG_PKT_H
#define PREMIG_PKT_H

#include <stddef.h>
#include <stdint.h>

/* the link types read (LINKTYPE_ values as pcap and pcapng files store them) */
enum {
	PKT_LINK_NULL = 0,		/* BSD loopback: AF_ value, host byte order */
	PKT_LINK_ETHERNET = 1,
	PKT_LINK_PPP = 9,		/* RFC 1661, with or without FF 03 */
	PKT_LINK_PPP_HDLC = 50,		/* RFC 1662 */
	PKT_LINK_RAW = 101,		/* IPv4 or IPv6, by the version nibble */
	PKT_LINK_LOOP = 108,		/* OpenBSD loopback: AF_ value, network order */
	PKT_LINK_LINUX_SLL = 113,
	PKT_LINK_IPV4 = 228,
	PKT_LINK_IPV6 = 229,
	PKT_LINK_LINUX_SLL2 = 276,
};

#define PKT_MAX_VLANS 2		/* outer and inner (QinQ); deeper stacks: the outer two */
#define PKT_MAX_EXT 16		/* IPv6 extension headers walked */

enum pkt_status {
	PKT_OK,			/* an IP packet, with its transport as far as captured */
	PKT_NOT_IP,		/* ARP, STP, LLDP ...: no flow */
	PKT_LINK_UNKNOWN,	/* a link type this decoder does not read */
	PKT_TRUNCATED,		/* the capture ends inside a header (why says which) */
	PKT_MALFORMED,		/* a header contradicts itself (why says how) */
};

struct pkt {
	enum pkt_status status;
	const char *why;	/* static text for TRUNCATED and MALFORMED */
	uint16_t vlan[PKT_MAX_VLANS];	/* 802.1Q/802.1ad IDs, outer first */
	unsigned int nvlan;
	int family;		/* 4 or 6 */
	uint8_t src[16], dst[16];	/* addresses (IPv4 in the first 4 bytes) */
	uint8_t proto;		/* the transport: 6 TCP, 17 UDP, 132 SCTP, 1, 58 ... */
	int has_ports;		/* sport/dport were read */
	uint16_t sport, dport;	/* ICMP: type and code */
	uint8_t tcp_flags;	/* FIN 0x01 SYN 0x02 RST 0x04 PSH 0x08 ACK 0x10 ... */
	/* fragments: a datagram's first fragment has the ports, the others not */
	int fragment;		/* 0 whole, 1 the first fragment, 2 a later one */
	uint32_t frag_id;	/* IPv4 identification or IPv6 fragment id */
	uint32_t ip_len;	/* the IP packet's length on the wire (header included) */
	/* UDP: the payload as captured (within the UDP length), for dnsmsg.h; else NULL, 0 */
	const uint8_t *udp_data;
	uint32_t udp_len;
};

/*
 * Decodes the caplen bytes of one packet of link type link; wirelen is its
 * length on the wire.  Returns p->status.
 */
enum pkt_status pkt_decode(int link, const uint8_t *bytes, size_t caplen, uint32_t wirelen,
			   struct pkt *p);

/* "tcp", "udp", "sctp", "icmp", "icmpv6", else the number written into tmp */
const char *pkt_proto_name(uint8_t proto, char *tmp, size_t n);

/* "Ethernet", "Linux cooked (SLL2)" ...; NULL for a link type not read */
const char *pkt_link_name(int link);

#endif
