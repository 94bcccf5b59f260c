/*
 * pkt.c - one captured packet, decoded as far as a flow needs (pkt.h)
 *
 * Sources: the link-layer header types of https://www.tcpdump.org/linktypes.html
 * (LINKTYPE_LINUX_SLL and _SLL2 pages for the cooked headers), IEEE 802.1Q
 * (C-tag 0x8100, S-tag 0x88a8, and the pre-standard 0x9100 QinQ tag),
 * RFC 2516 (PPPoE), RFC 1661/1662 (PPP), RFC 1042 (LLC/SNAP), RFC 791,
 * RFC 8200 section 4 (the IPv6 extension header chain), RFC 4302 (AH's
 * length in 4-octet units), RFC 9293, RFC 768, RFC 9260, RFC 792, RFC 4443.
 * tcpdump's print-*.c are the model: one accessor family, the bounds
 * checked before every read.
 */
#include <stdio.h>
#include <string.h>

#include "../../scanner/rd.h"
#include "pkt.h"
#include "../../scanner/banned.h"

/* Ethernet II (IEEE 802.3 clause 3.1.1) */
#define ETH_TYPE 12
#define ETH_HDR 14
#define ETHERTYPE_MIN 0x0600	/* below: an 802.3 length, an LLC frame follows */
#define VLAN_TAG 4		/* TCI (PCP, DEI, 12-bit VID), then the next type */
#define VLAN_VID_MASK 0x0fff

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define ETHERTYPE_8021Q 0x8100
#define ETHERTYPE_8021AD 0x88a8
#define ETHERTYPE_QINQ_OLD 0x9100
#define ETHERTYPE_PPPOE_SESSION 0x8864
#define ETHERTYPE_MPLS 0x8847
#define ETHERTYPE_MPLS_MCAST 0x8848

/* RFC 3032: a label stack entry is 4 bytes; bit 8 of the third marks the bottom */
#define MPLS_ENTRY 4
#define MPLS_BOS 0x01
#define MPLS_MAX_LABELS 16

/* RFC 2516 section 4: ver/type, code, session id, length; then PPP's protocol */
#define PPPOE_HDR 6

/* RFC 1042: DSAP AA, SSAP AA, control 03, OUI 00 00 00, then an EtherType */
#define SNAP_HDR 8

/* LINKTYPE_LINUX_SLL: packet type, ARPHRD, address length, address[8], protocol */
#define SLL_PROTO 14
#define SLL_HDR 16
/* LINKTYPE_LINUX_SLL2: protocol, reserved, ifindex, ARPHRD, type, addr len, addr[8] */
#define SLL2_PROTO 0
#define SLL2_HDR 20
#define SLL_PROTO_8023 0x0001	/* Novell 802.3 without LLC */
#define SLL_PROTO_LLC 0x0004

/* PPP protocol numbers (RFC 1332, RFC 5072) */
#define PPP_IPV4 0x0021
#define PPP_IPV6 0x0057
#define PPP_MPLS 0x0281
#define PPP_MPLS_MCAST 0x0283

/* BSD loopback's AF_ values for IPv6 differ by system (linktypes.html, NULL) */
#define BSD_AF_INET 2
#define LINUX_AF_INET6 10
#define BSD_AF_INET6_NETBSD 24
#define BSD_AF_INET6_FREEBSD 28
#define BSD_AF_INET6_DARWIN 30

/* IPv4 (RFC 791 section 3.1) */
#define IP_VHL 0
#define IP_TOTLEN 2
#define IP_ID 4
#define IP_FRAG 6
#define IP_PROTO 9
#define IP_SRC 12
#define IP_DST 16
#define IP_MINHDR 20
#define IP_MF 0x2000
#define IP_OFFMASK 0x1fff

/* IPv6 (RFC 8200 section 3) and its extension headers (section 4) */
#define IP6_PLEN 4
#define IP6_NXT 6
#define IP6_SRC 8
#define IP6_DST 24
#define IP6_HDR 40
#define IP6_EXT_LEN 1		/* in 8-octet units, not counting the first 8 */
#define IP6_FRAG_OFF 2		/* offset << 3 | M */
#define IP6_FRAG_ID 4
#define IP6_FRAG_HDR 8
#define IP6_RT_TYPE 2		/* routing header: type, segments left, then its data */
#define IP6_RT_SEGLEFT 3
#define IP6_RT_ADDRS 8		/* type 0 (RFC 2460), 2 (RFC 6275), 4 (RFC 8754): the addresses */

enum {
	NH_HOPOPTS = 0, NH_ICMP = 1, NH_TCP = 6, NH_UDP = 17, NH_ROUTING = 43,
	NH_FRAGMENT = 44, NH_ESP = 50, NH_AH = 51, NH_ICMPV6 = 58, NH_NONE = 59,
	NH_DSTOPTS = 60, NH_SCTP = 132, NH_MOBILITY = 135, NH_HIP = 139, NH_SHIM6 = 140,
};

/* transport: the ports lead TCP, UDP and SCTP alike */
#define L4_SPORT 0
#define L4_DPORT 2
#define TCP_FLAGS 13
#define UDP_LEN 4
#define UDP_HDR 8
#define ICMP_TYPE 0
#define ICMP_CODE 1

/* a big-endian 16-bit field of bytes already bounds-checked */
static inline uint16_t be16_at(const uint8_t *b)
{
	return (uint16_t)((unsigned)b[0] << 8 | b[1]);
}

static enum pkt_status fail(struct pkt *p, enum pkt_status s, const char *why)
{
	p->status = s;
	p->why = why;
	return s;
}

/* the UDP payload: after the 8-byte header, to the UDP length or the capture's end */
static void udp_payload(const struct rd *r, size_t off, struct pkt *p)
{
	struct rd u = *r;
	size_t ulen = rd_be16(&u, off + UDP_LEN), have;

	if (!rd_ok(&u) || off + UDP_HDR > r->len)
		return;		/* the ports were read, the length was cut: no payload */
	have = r->len - off - UDP_HDR;
	/* 0: a jumbogram's (RFC 2675); under 8: a lie, keep what was captured */
	if (ulen >= UDP_HDR && ulen - UDP_HDR < have)
		have = ulen - UDP_HDR;
	p->udp_data = r->p + off + UDP_HDR;
	p->udp_len = (uint32_t)have;
}

static enum pkt_status transport(struct rd *r, size_t off, struct pkt *p)
{
	p->status = PKT_OK;
	if (p->fragment == 2)
		return PKT_OK;		/* the ports are in the first fragment */
	switch (p->proto) {
	case NH_TCP:
	case NH_UDP:
	case NH_SCTP: {
		/* both ports checked at once */
		const uint8_t *ports = rd_ok(r) ? rd_ptr(r, off, L4_DPORT + 2) : NULL;
		if (!ports)
			return fail(p, PKT_TRUNCATED, p->proto == NH_TCP ? "capture ends inside the TCP ports" :
				    p->proto == NH_UDP ? "capture ends inside the UDP ports" :
				    "capture ends inside the SCTP ports");
		p->sport = be16_at(ports + L4_SPORT);
		p->dport = be16_at(ports + L4_DPORT);
		p->has_ports = 1;
		if (p->proto == NH_UDP)
			udp_payload(r, off, p);
		if (p->proto == NH_TCP) {
			/* a short snap length may cut the flags: the flow still counts */
			struct rd t = *r;
			p->tcp_flags = rd_u8(&t, off + TCP_FLAGS);
		}
		return PKT_OK;
	}
	case NH_ICMP:
	case NH_ICMPV6:
		p->sport = rd_u8(r, off + ICMP_TYPE);
		p->dport = rd_u8(r, off + ICMP_CODE);
		if (!rd_ok(r))
			return fail(p, PKT_TRUNCATED, "capture ends inside the ICMP header");
		p->has_ports = 1;
		return PKT_OK;
	default:
		return PKT_OK;
	}
}

static enum pkt_status ipv4(struct rd *r, size_t off, struct pkt *p)
{
	/* the fixed header checked once, its fields read from it */
	const uint8_t *h = rd_ok(r) ? rd_ptr(r, off, IP_MINHDR) : NULL;
	uint8_t vhl;
	size_t hlen, totlen, totlen_tso = 0;
	uint16_t frag;

	if (!h)
		return fail(p, PKT_TRUNCATED, "capture ends inside the IPv4 header");
	vhl = h[IP_VHL];
	hlen = (size_t)(vhl & 0x0f) * 4;
	frag = be16_at(h + IP_FRAG);
	totlen = be16_at(h + IP_TOTLEN);
	if (vhl >> 4 != 4)
		return fail(p, PKT_MALFORMED, "IPv4 header with another version");
	if (hlen < IP_MINHDR)
		return fail(p, PKT_MALFORMED, "IPv4 header length under 20 bytes");
	/*
	 * 0: a segmentation offload (TSO) or BIG TCP packet as the capturing
	 * host saw it, before the NIC cut it; its length is the capture's
	 * (tcpdump's print-ip.c reads it so too)
	 */
	if (totlen == 0 && r->len - off <= UINT32_MAX)
		totlen_tso = r->len - off;
	else if (totlen < hlen)
		return fail(p, PKT_MALFORMED, "IPv4 total length shorter than its header");
	p->family = 4;
	p->proto = h[IP_PROTO];
	p->frag_id = be16_at(h + IP_ID);
	memcpy(p->src, h + IP_SRC, 4);
	memcpy(p->dst, h + IP_DST, 4);
	if (totlen_tso)
		totlen = totlen_tso;
	p->ip_len = (uint32_t)totlen;
	if (frag & IP_OFFMASK)
		p->fragment = 2;
	else if (frag & IP_MF)
		p->fragment = 1;
	if (!rd_has(r, off, hlen))
		return fail(p, PKT_TRUNCATED, "capture ends inside the IPv4 options");
	{
		/* the datagram ends at its total length: Ethernet pads short frames */
		size_t end = off + totlen < r->len ? off + totlen : r->len;
		struct rd ip = rd_sub(r, 0, end);
		return transport(&ip, off + hlen, p);
	}
}

static enum pkt_status ipv6_chain(struct rd *r, size_t at, uint8_t nh, struct pkt *p);

static enum pkt_status ipv6(struct rd *r, size_t off, struct pkt *p)
{
	uint8_t nh;
	size_t at = off + IP6_HDR;
	uint16_t plen;

	if (!rd_has(r, off, IP6_HDR))
		return fail(p, PKT_TRUNCATED, "capture ends inside the IPv6 header");
	if (rd_u8(r, off) >> 4 != 6)
		return fail(p, PKT_MALFORMED, "IPv6 header with another version");
	p->family = 6;
	plen = rd_be16(r, off + IP6_PLEN);
	nh = rd_u8(r, off + IP6_NXT);
	rd_copy(r, off + IP6_SRC, p->src, 16);
	rd_copy(r, off + IP6_DST, p->dst, 16);
	p->ip_len = (uint32_t)IP6_HDR + plen;	/* 0: a jumbogram (RFC 2675), length unknown */
	if (plen && off + IP6_HDR + plen < r->len) {
		/* the packet ends at its payload length: Ethernet pads short frames */
		struct rd ip = rd_sub(r, 0, off + IP6_HDR + plen);
		return ipv6_chain(&ip, at, nh, p);
	}
	return ipv6_chain(r, at, nh, p);
}

/* the extension headers from at, nh the first one's type, then the transport */
static enum pkt_status ipv6_chain(struct rd *r, size_t at, uint8_t nh, struct pkt *p)
{
	for (unsigned int i = 0;; i++) {
		if (i >= PKT_MAX_EXT)
			return fail(p, PKT_MALFORMED, "more than 16 IPv6 extension headers");
		switch (nh) {
		case NH_HOPOPTS:
		case NH_ROUTING:
		case NH_DSTOPTS:
		case NH_MOBILITY:
		case NH_HIP:
		case NH_SHIM6:
		case NH_AH: {
			uint8_t next = rd_u8(r, at), len = rd_u8(r, at + IP6_EXT_LEN);
			if (!rd_ok(r))
				return fail(p, PKT_TRUNCATED, "capture ends inside an IPv6 extension header");
			/*
			 * a routing header with segments left names the final
			 * destination: the last address of type 0, the home address
			 * of type 2, Segment List[0] of an SRH (type 4), as tcpdump's
			 * nextproto6_cksum reads it
			 */
			if (nh == NH_ROUTING && rd_u8(r, at + IP6_RT_SEGLEFT) && len >= 2) {
				uint8_t type = rd_u8(r, at + IP6_RT_TYPE);
				size_t last = type == 0 ? at + IP6_RT_ADDRS + ((size_t)len / 2 - 1) * 16 :
					      at + IP6_RT_ADDRS;
				if ((type == 0 || type == 2 || type == 4) && rd_has(r, last, 16))
					rd_copy(r, last, p->dst, 16);
			}
			/* AH counts 4-octet units less 2, the others 8-octet units less 1 */
			at += nh == NH_AH ? ((size_t)len + 2) * 4 : ((size_t)len + 1) * 8;
			nh = next;
			break;
		}
		case NH_FRAGMENT: {
			uint8_t next = rd_u8(r, at);
			uint16_t offm = rd_be16(r, at + IP6_FRAG_OFF);
			p->frag_id = rd_be32(r, at + IP6_FRAG_ID);
			if (!rd_ok(r))
				return fail(p, PKT_TRUNCATED, "capture ends inside the IPv6 fragment header");
			p->fragment = offm >> 3 ? 2 : (offm & 1) ? 1 : 0;
			nh = next;
			at += IP6_FRAG_HDR;
			if (p->fragment == 2) {
				p->proto = nh;
				p->status = PKT_OK;
				return PKT_OK;
			}
			break;
		}
		default:
			p->proto = nh;
			return transport(r, at, p);
		}
	}
}

static enum pkt_status ip_by_version(struct rd *r, size_t off, struct pkt *p)
{
	uint8_t v = rd_u8(r, off);

	if (!rd_ok(r))
		return fail(p, PKT_TRUNCATED, "capture ends before the IP header");
	if (v >> 4 == 4)
		return ipv4(r, off, p);
	if (v >> 4 == 6)
		return ipv6(r, off, p);
	return fail(p, PKT_MALFORMED, "raw IP packet of neither version 4 nor 6");
}

static enum pkt_status ip_by_version(struct rd *r, size_t off, struct pkt *p);

static enum pkt_status mpls(struct rd *r, size_t off, struct pkt *p)
{
	for (unsigned int i = 0; i < MPLS_MAX_LABELS; i++, off += MPLS_ENTRY) {
		uint8_t b = rd_u8(r, off + 2);
		if (!rd_ok(r) || !rd_has(r, off, MPLS_ENTRY))
			return fail(p, PKT_TRUNCATED, "capture ends inside an MPLS label");
		if (b & MPLS_BOS) {
			/* RFC 4385: a first nibble of 0 is a pseudowire control word, not IP */
			uint8_t v = rd_u8(r, off + MPLS_ENTRY) >> 4;
			if (!rd_ok(r))
				return fail(p, PKT_TRUNCATED, "capture ends after the MPLS labels");
			return v == 4 || v == 6 ? ip_by_version(r, off + MPLS_ENTRY, p) :
						  fail(p, PKT_NOT_IP, NULL);
		}
	}
	return fail(p, PKT_MALFORMED, "more than 16 MPLS labels");
}

static enum pkt_status by_ethertype(struct rd *r, size_t off, uint16_t type, struct pkt *p)
{
	if (type == ETHERTYPE_MPLS || type == ETHERTYPE_MPLS_MCAST)
		return mpls(r, off, p);
	if (type == ETHERTYPE_IPV4)
		return ipv4(r, off, p);
	if (type == ETHERTYPE_IPV6)
		return ipv6(r, off, p);
	return fail(p, PKT_NOT_IP, NULL);
}

static enum pkt_status ppp(struct rd *r, size_t off, struct pkt *p)
{
	uint16_t proto;

	/* address and control (FF 03) may be there or compressed away (RFC 1661 6.6) */
	if (rd_u8(r, off) == 0xff && rd_u8(r, off + 1) == 0x03)
		off += 2;
	/* a protocol field with an odd first octet is the compressed one-octet form */
	proto = rd_u8(r, off);
	if (proto & 1) {
		off += 1;
	} else {
		proto = rd_be16(r, off);
		off += 2;
	}
	if (!rd_ok(r))
		return fail(p, PKT_TRUNCATED, "capture ends inside the PPP header");
	if (proto == PPP_IPV4)
		return ipv4(r, off, p);
	if (proto == PPP_IPV6)
		return ipv6(r, off, p);
	if (proto == PPP_MPLS || proto == PPP_MPLS_MCAST)
		return mpls(r, off, p);
	return fail(p, PKT_NOT_IP, NULL);
}

static enum pkt_status ethernet(struct rd *r, struct pkt *p)
{
	size_t off = ETH_TYPE;
	uint16_t type = rd_be16(r, off);

	for (;;) {
		if (!rd_ok(r))
			return fail(p, PKT_TRUNCATED, "capture ends inside the Ethernet header");
		if (type == ETHERTYPE_8021Q || type == ETHERTYPE_8021AD || type == ETHERTYPE_QINQ_OLD) {
			uint16_t tci = rd_be16(r, off + 2);
			type = rd_be16(r, off + 2 + 2);
			if (!rd_ok(r))
				return fail(p, PKT_TRUNCATED, "capture ends inside a VLAN tag");
			if (p->nvlan < PKT_MAX_VLANS)
				p->vlan[p->nvlan++] = tci & VLAN_VID_MASK;
			off += VLAN_TAG;
			continue;
		}
		break;
	}
	off += 2;
	if (type == ETHERTYPE_PPPOE_SESSION) {
		if (!rd_has(r, off, PPPOE_HDR))
			return fail(p, PKT_TRUNCATED, "capture ends inside the PPPoE header");
		return ppp(r, off + PPPOE_HDR, p);
	}
	if (type < ETHERTYPE_MIN) {
		/* 802.3 with LLC: only SNAP (RFC 1042) carries an EtherType */
		static const uint8_t snap[6] = { 0xaa, 0xaa, 0x03, 0, 0, 0 };
		if (!rd_eq(r, off, snap, sizeof(snap)))
			return fail(p, PKT_NOT_IP, NULL);
		type = rd_be16(r, off + 6);
		if (!rd_ok(r))
			return fail(p, PKT_TRUNCATED, "capture ends inside the SNAP header");
		off += SNAP_HDR;
	}
	return by_ethertype(r, off, type, p);
}

static enum pkt_status loopback(struct rd *r, int network_order, struct pkt *p)
{
	uint32_t af = network_order ? rd_be32(r, 0) : rd_le32(r, 0);

	if (!rd_ok(r))
		return fail(p, PKT_TRUNCATED, "capture ends inside the loopback header");
	/* host byte order of the machine that captured: a big-endian one reads swapped */
	if (!network_order && af > 0xffff)
		af = rd_be32(r, 0);
	if (af == BSD_AF_INET)
		return ipv4(r, 4, p);
	if (af == LINUX_AF_INET6 || af == BSD_AF_INET6_NETBSD || af == BSD_AF_INET6_FREEBSD ||
	    af == BSD_AF_INET6_DARWIN)
		return ipv6(r, 4, p);
	return fail(p, PKT_NOT_IP, NULL);
}

enum pkt_status pkt_decode(int link, const uint8_t *bytes, size_t caplen, uint32_t wirelen,
			   struct pkt *p)
{
	struct rd r = rd_make(bytes, caplen);
	uint16_t proto;

	(void)wirelen;
	memset(p, 0, sizeof(*p));
	switch (link) {
	case PKT_LINK_ETHERNET:
		return ethernet(&r, p);
	case PKT_LINK_NULL:
		return loopback(&r, 0, p);
	case PKT_LINK_LOOP:
		return loopback(&r, 1, p);
	case PKT_LINK_RAW:
		return ip_by_version(&r, 0, p);
	case PKT_LINK_IPV4:
		return ipv4(&r, 0, p);
	case PKT_LINK_IPV6:
		return ipv6(&r, 0, p);
	case PKT_LINK_PPP:
	case PKT_LINK_PPP_HDLC:
		return ppp(&r, 0, p);
	case PKT_LINK_LINUX_SLL:
	case PKT_LINK_LINUX_SLL2:
		proto = rd_be16(&r, link == PKT_LINK_LINUX_SLL ? SLL_PROTO : SLL2_PROTO);
		if (!rd_ok(&r) || !rd_has(&r, 0, link == PKT_LINK_LINUX_SLL ? SLL_HDR : SLL2_HDR))
			return fail(p, PKT_TRUNCATED, "capture ends inside the Linux cooked header");
		if (proto == SLL_PROTO_8023 || proto == SLL_PROTO_LLC)
			return fail(p, PKT_NOT_IP, NULL);
		return by_ethertype(&r, link == PKT_LINK_LINUX_SLL ? SLL_HDR : SLL2_HDR, proto, p);
	default:
		return fail(p, PKT_LINK_UNKNOWN, "link type not read");
	}
}

const char *pkt_link_name(int link)
{
	switch (link) {
	case PKT_LINK_NULL: return "BSD loopback (NULL)";
	case PKT_LINK_ETHERNET: return "Ethernet";
	case PKT_LINK_PPP: return "PPP";
	case PKT_LINK_PPP_HDLC: return "PPP in HDLC framing";
	case PKT_LINK_RAW: return "raw IP";
	case PKT_LINK_LOOP: return "OpenBSD loopback";
	case PKT_LINK_LINUX_SLL: return "Linux cooked (SLL)";
	case PKT_LINK_LINUX_SLL2: return "Linux cooked (SLL2)";
	case PKT_LINK_IPV4: return "raw IPv4";
	case PKT_LINK_IPV6: return "raw IPv6";
	default: return NULL;
	}
}

const char *pkt_proto_name(uint8_t proto, char *tmp, size_t n)
{
	switch (proto) {
	case NH_TCP: return "tcp";
	case NH_UDP: return "udp";
	case NH_SCTP: return "sctp";
	case NH_ICMP: return "icmp";
	case NH_ICMPV6: return "icmpv6";
	default:
		snprintf(tmp, n, "%u", proto);
		return tmp;
	}
}
