/*
 * mkpcap.c - writes the exact capture cases of tests/cases/decode_flow.sh
 * with libpcap's dump API (pcap_open_dead, pcap_dump_open, pcap_dump)
 *
 *   mkpcap CASE FILE
 *
 * The packets are composed field by field from their RFCs (Ethernet II
 * and IEEE 802.1Q/802.1ad tags, RFC 791 with its header checksum, RFC 8200
 * extension headers, RFC 9293, RFC 768, the LINKTYPE_LINUX_SLL2 header of
 * tcpdump.org/linktypes.html), so that tshark, the tests' authority,
 * dissects them as it would a real capture.  Cases:
 *
 *   handshake   10.0.0.1:40000 -> 10.0.0.2:5432: SYN, SYN-ACK, ACK, data both ways, FIN
 *   midstream   the same conversation seen from its middle: no SYN
 *   syn-only    a SYN to 10.0.0.3:22 that nobody answers, sent twice
 *   vlan        a TCP handshake tagged VLAN 10
 *   qinq        a UDP exchange tagged 802.1ad 100 outside, 802.1Q 200 inside
 *   ipv6-ext    TCP over IPv6 behind hop-by-hop, destination options and a
 *               routing header with no segments left
 *   fragments   one UDP datagram of 3000 bytes in three IPv4 fragments,
 *               then its reply whole
 *   sll2        UDP in Linux cooked (SLL2) frames
 *   bad-ts      a UDP packet whose microsecond field is 1,000,000
 */
#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pkt {
	uint8_t b[4096];
	size_t n;
};

static pcap_dumper_t *dumper;
static long now_s = 1765000000, now_us;

static void put(struct pkt *p, const void *v, size_t n)
{
	memcpy(p->b + p->n, v, n);
	p->n += n;
}

static void put8(struct pkt *p, uint8_t v)
{
	put(p, &v, 1);
}

static void put16(struct pkt *p, uint16_t v)
{
	v = htons(v);
	put(p, &v, 2);
}

static void put32(struct pkt *p, uint32_t v)
{
	v = htonl(v);
	put(p, &v, 4);
}

static uint16_t cksum(const uint8_t *b, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)b[i] << 8 | b[i + 1];
	if (n & 1)
		s += (uint32_t)b[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void emit(const struct pkt *p, long us_field)
{
	struct pcap_pkthdr h;

	now_us += 1000;
	h.ts.tv_sec = now_s + now_us / 1000000;
	h.ts.tv_usec = us_field >= 0 ? us_field : now_us % 1000000;
	h.caplen = h.len = (bpf_u_int32)p->n;
	pcap_dump((u_char *)dumper, &h, p->b);
}

/* Ethernet II with up to two tags: tags[i] = (TPID << 16) | VID */
static void eth(struct pkt *p, const uint32_t *tags, size_t ntags, uint16_t type)
{
	static const uint8_t dst[6] = { 0x02, 0, 0, 0, 0, 2 }, src[6] = { 0x02, 0, 0, 0, 0, 1 };

	put(p, dst, 6);
	put(p, src, 6);
	for (size_t i = 0; i < ntags; i++) {
		put16(p, (uint16_t)(tags[i] >> 16));
		put16(p, (uint16_t)(tags[i] & 0x0fff));
	}
	put16(p, type);
}

/* an IPv4 header; frag = flags and offset in 8-byte units, as the field holds them */
static void ip4(struct pkt *p, const char *src, const char *dst, uint8_t proto, size_t payload,
		uint16_t id, uint16_t frag)
{
	size_t at = p->n;
	uint32_t s, d;

	inet_pton(AF_INET, src, &s);
	inet_pton(AF_INET, dst, &d);
	put8(p, 0x45);
	put8(p, 0);
	put16(p, (uint16_t)(20 + payload));
	put16(p, id);
	put16(p, frag);
	put8(p, 64);
	put8(p, proto);
	put16(p, 0);
	put(p, &s, 4);
	put(p, &d, 4);
	{
		uint16_t c = htons(cksum(p->b + at, 20));
		memcpy(p->b + at + 10, &c, 2);
	}
}

static void tcp(struct pkt *p, uint16_t sport, uint16_t dport, uint8_t flags, uint32_t seq,
		uint32_t ack, size_t data)
{
	put16(p, sport);
	put16(p, dport);
	put32(p, seq);
	put32(p, ack);
	put8(p, 5 << 4);
	put8(p, flags);
	put16(p, 65535);
	put16(p, 0);	/* checksum: left 0, as offloaded captures show it */
	put16(p, 0);
	for (size_t i = 0; i < data; i++)
		put8(p, (uint8_t)('a' + i % 26));
}

static void udp(struct pkt *p, uint16_t sport, uint16_t dport, size_t data)
{
	put16(p, sport);
	put16(p, dport);
	put16(p, (uint16_t)(8 + data));
	put16(p, 0);
	for (size_t i = 0; i < data; i++)
		put8(p, (uint8_t)('A' + i % 26));
}

enum { FIN = 0x01, SYN = 0x02, PSH = 0x08, ACK = 0x10 };

static void tcp4(const uint32_t *tags, size_t ntags, const char *s, const char *d, uint16_t sp,
		 uint16_t dp, uint8_t flags, size_t data)
{
	struct pkt p = { .n = 0 };
	static uint16_t id = 1;

	eth(&p, tags, ntags, 0x0800);
	ip4(&p, s, d, 6, 20 + data, id++, 0x4000);
	tcp(&p, sp, dp, flags, 1000, 2000, data);
	emit(&p, -1);
}

static void conversation(const uint32_t *tags, size_t ntags, int with_syn)
{
	const char *c = "10.0.0.1", *s = "10.0.0.2";

	if (with_syn) {
		tcp4(tags, ntags, c, s, 40000, 5432, SYN, 0);
		tcp4(tags, ntags, s, c, 5432, 40000, SYN | ACK, 0);
		tcp4(tags, ntags, c, s, 40000, 5432, ACK, 0);
	}
	tcp4(tags, ntags, c, s, 40000, 5432, PSH | ACK, 100);
	tcp4(tags, ntags, s, c, 5432, 40000, PSH | ACK, 300);
	tcp4(tags, ntags, c, s, 40000, 5432, FIN | ACK, 0);
	tcp4(tags, ntags, s, c, 5432, 40000, FIN | ACK, 0);
}

static void ipv6_ext(void)
{
	for (int i = 0; i < 2; i++) {
		struct pkt p = { .n = 0 };
		uint8_t a[16], b[16];
		const char *src = i ? "2001:db8::2" : "2001:db8::1", *dst = i ? "2001:db8::1" : "2001:db8::2";

		inet_pton(AF_INET6, src, a);
		inet_pton(AF_INET6, dst, b);
		eth(&p, NULL, 0, 0x86dd);
		put32(&p, 0x60000000);
		put16(&p, (uint16_t)(8 + 8 + 8 + 20 + 10));	/* three 8-byte headers, TCP, data */
		put8(&p, 0);	/* hop-by-hop */
		put8(&p, 64);
		put(&p, a, 16);
		put(&p, b, 16);
		/* hop-by-hop: next 60, length 0 (8 bytes), PadN of 4 */
		put8(&p, 60); put8(&p, 0); put8(&p, 1); put8(&p, 4); put32(&p, 0);
		/* destination options: next 43, length 0, PadN of 4 */
		put8(&p, 43); put8(&p, 0); put8(&p, 1); put8(&p, 4); put32(&p, 0);
		/* routing: next 6, length 0, type 253 (experimental, RFC 4727), segments left 0 */
		put8(&p, 6); put8(&p, 0); put8(&p, 253); put8(&p, 0); put32(&p, 0);
		tcp(&p, i ? 443 : 50000, i ? 50000 : 443, i ? (SYN | ACK) : SYN, 1, 0, 10);
		emit(&p, -1);
	}
}

static void fragments(void)
{
	/* one 3008-byte UDP datagram (8 header + 3000 data) in 1480 + 1480 + 48 */
	struct pkt whole = { .n = 0 };
	size_t sent = 0, sizes[3] = { 1480, 1480, 48 };

	udp(&whole, 53000, 514, 3000);
	for (int i = 0; i < 3; i++) {
		struct pkt p = { .n = 0 };
		uint16_t frag = (uint16_t)((i < 2 ? 0x2000 : 0) | (sent / 8));
		eth(&p, NULL, 0, 0x0800);
		ip4(&p, "10.1.0.1", "10.1.0.2", 17, sizes[i], 777, frag);
		put(&p, whole.b + sent, sizes[i]);
		sent += sizes[i];
		emit(&p, -1);
	}
	{
		struct pkt p = { .n = 0 };
		eth(&p, NULL, 0, 0x0800);
		ip4(&p, "10.1.0.2", "10.1.0.1", 17, 8 + 20, 778, 0);
		udp(&p, 514, 53000, 20);
		emit(&p, -1);
	}
}

static void udp4(int link, const uint32_t *tags, size_t ntags, const char *s, const char *d,
		 uint16_t sp, uint16_t dp, long us_field)
{
	struct pkt p = { .n = 0 };

	if (link == DLT_LINUX_SLL2) {
		/* protocol, reserved, ifindex, ARPHRD_ETHER, PACKET_HOST, address length, address */
		static const uint8_t addr[8] = { 0x02, 0, 0, 0, 0, 1, 0, 0 };
		put16(&p, 0x0800);
		put16(&p, 0);
		put32(&p, 2);
		put16(&p, 1);
		put8(&p, 0);
		put8(&p, 6);
		put(&p, addr, 8);
	} else {
		eth(&p, tags, ntags, 0x0800);
	}
	ip4(&p, s, d, 17, 8 + 32, 9, 0);
	udp(&p, sp, dp, 32);
	emit(&p, us_field);
}

int main(int argc, char **argv)
{
	const char *c;
	int link = DLT_EN10MB;
	pcap_t *pd;

	if (argc != 3) {
		fprintf(stderr, "usage: mkpcap CASE FILE\n");
		return 2;
	}
	c = argv[1];
	if (!strcmp(c, "sll2"))
		link = DLT_LINUX_SLL2;
	pd = pcap_open_dead(link, 65535);
	dumper = pd ? pcap_dump_open(pd, argv[2]) : NULL;
	if (!dumper) {
		fprintf(stderr, "mkpcap: %s: %s\n", argv[2], pd ? pcap_geterr(pd) : "pcap_open_dead");
		return 1;
	}
	if (!strcmp(c, "handshake")) {
		conversation(NULL, 0, 1);
	} else if (!strcmp(c, "midstream")) {
		conversation(NULL, 0, 0);
	} else if (!strcmp(c, "syn-only")) {
		tcp4(NULL, 0, "10.0.0.1", "10.0.0.3", 40001, 22, SYN, 0);
		tcp4(NULL, 0, "10.0.0.1", "10.0.0.3", 40001, 22, SYN, 0);
	} else if (!strcmp(c, "vlan")) {
		uint32_t tag = 0x8100u << 16 | 10;
		conversation(&tag, 1, 1);
	} else if (!strcmp(c, "qinq")) {
		uint32_t tags[2] = { 0x88a8u << 16 | 100, 0x8100u << 16 | 200 };
		udp4(link, tags, 2, "10.2.0.1", "10.2.0.2", 40002, 161, -1);
		udp4(link, tags, 2, "10.2.0.2", "10.2.0.1", 161, 40002, -1);
	} else if (!strcmp(c, "ipv6-ext")) {
		ipv6_ext();
	} else if (!strcmp(c, "fragments")) {
		fragments();
	} else if (!strcmp(c, "sll2")) {
		udp4(link, NULL, 0, "10.3.0.1", "10.3.0.2", 40003, 123, -1);
		udp4(link, NULL, 0, "10.3.0.2", "10.3.0.1", 123, 40003, -1);
	} else if (!strcmp(c, "bad-ts")) {
		udp4(link, NULL, 0, "10.4.0.1", "10.4.0.2", 40004, 53, 1000000);
	} else {
		fprintf(stderr, "mkpcap: no case '%s'\n", c);
		return 2;
	}
	pcap_dump_close(dumper);
	pcap_close(pd);
	return 0;
}
