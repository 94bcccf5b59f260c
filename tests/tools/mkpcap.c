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
 *
 * and, for tests/bench.sh (mkpcap bench FILE [FLOWS]):
 *
 *   bench       FLOWS (default 1,000,000) TCP conversations of 25,000
 *               clients with 300 servers (10 services: HTTPS, HTTP,
 *               PostgreSQL, MySQL, Redis ...), 4096 of them open at a time
 *               and their packets interleaved: SYN (with an MSS option),
 *               SYN-ACK, ACK, one to three requests of 40 to 600 bytes,
 *               their responses in segments of at most 1448 bytes (every
 *               16th a bulk transfer) acknowledged every second segment,
 *               FIN, FIN, ACK.  About 11 packets and 1.2 KB a flow; the
 *               same bytes every run (a fixed seed of splitmix64).
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
static long now_s = 1765000000, now_us, step_us = 1000;

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

	now_us += step_us;
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
static void ip4n(struct pkt *p, uint32_t s, uint32_t d, uint8_t proto, size_t payload,
		 uint16_t id, uint16_t frag)
{
	size_t at = p->n;

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

static void ip4(struct pkt *p, const char *src, const char *dst, uint8_t proto, size_t payload,
		uint16_t id, uint16_t frag)
{
	uint32_t s, d;

	inet_pton(AF_INET, src, &s);
	inet_pton(AF_INET, dst, &d);
	ip4n(p, s, d, proto, payload, id, frag);
}

/* TCP data: n (at most 4096) bytes of 'a' + i % 26 */
static void letters(struct pkt *p, size_t n)
{
	static uint8_t pat[4096];

	if (!pat[0])
		for (size_t i = 0; i < sizeof(pat); i++)
			pat[i] = (uint8_t)('a' + i % 26);
	put(p, pat, n);
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
	letters(p, data);
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

/*
 * ---- bench: FLOWS TCP conversations, BENCH_OPEN of them open at a time,
 * the next packet always from an open one picked at random
 */
#define BENCH_CLIENTS 25000	/* 10.64.0.1 ...; a client's ports are distinct */
#define BENCH_SERVERS 300	/* 10.1.0.10 ... */
#define BENCH_OPEN 4096
#define BENCH_MSS 1448
#define BENCH_EVENTS 64

static const uint16_t bench_ports[10] = { 443, 80, 5432, 3306, 6379, 8080, 22, 9092, 11211, 389 };

struct bench_ev {
	uint8_t from_server, flags;
	uint16_t len;
};

struct bench_flow {
	uint32_t ip[2];		/* client, server (network order) */
	uint16_t port[2];
	uint32_t seq[2];	/* the next sequence number of each side */
	struct bench_ev ev[BENCH_EVENTS];
	unsigned int n, at;
};

static uint64_t rng = 0x5eed;

/* splitmix64 (Steele, Lea, Flood 2014): the same sequence every run */
static uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void bench_ev(struct bench_flow *f, int from_server, uint8_t flags, size_t len)
{
	if (f->n < BENCH_EVENTS)
		f->ev[f->n++] = (struct bench_ev){ (uint8_t)from_server, flags, (uint16_t)len };
}

/* flow number i: who talks to whom, and its script of packets */
static void bench_flow(struct bench_flow *f, uint64_t i)
{
	uint64_t c = i % BENCH_CLIENTS, s = (rnd() % BENCH_SERVERS) * (rnd() % BENCH_SERVERS) /
		BENCH_SERVERS;	/* the low-numbered servers the busiest */
	unsigned int exchanges = rnd() % 8 == 0 ? 2 : 1;

	f->ip[0] = htonl(0x0a400001u + (uint32_t)c);
	f->ip[1] = htonl(0x0a01000au + (uint32_t)s);
	f->port[0] = (uint16_t)(32768 + ((i / BENCH_CLIENTS) * 397 + c * 13) % 28232);
	f->port[1] = bench_ports[(s * 7 + (rnd() % 4 == 0)) % 10];
	f->seq[0] = (uint32_t)rnd();
	f->seq[1] = (uint32_t)rnd();
	f->n = f->at = 0;
	bench_ev(f, 0, SYN, 0);
	bench_ev(f, 1, SYN | ACK, 0);
	bench_ev(f, 0, ACK, 0);
	for (unsigned int e = 0; e < exchanges; e++) {
		size_t resp = i % 32 == 0 ? (3 + rnd() % 8) * BENCH_MSS : 60 + rnd() % 940;
		unsigned int seg = 0;
		bench_ev(f, 0, PSH | ACK, 40 + rnd() % 360);
		while (resp) {
			size_t n = resp < BENCH_MSS ? resp : BENCH_MSS;
			resp -= n;
			bench_ev(f, 1, resp ? ACK : PSH | ACK, n);
			if (++seg % 2 == 0 || !resp)
				bench_ev(f, 0, ACK, 0);
		}
	}
	bench_ev(f, 0, FIN | ACK, 0);
	bench_ev(f, 1, FIN | ACK, 0);
	bench_ev(f, 0, ACK, 0);
}

static void bench_packet(struct bench_flow *f)
{
	const struct bench_ev *e = &f->ev[f->at++];
	int from = e->from_server, to = !from, syn = e->flags & SYN;
	size_t opt = syn ? 4 : 0;	/* MSS, RFC 9293 section 3.7.1 */
	struct pkt p = { .n = 0 };
	static uint16_t id;

	eth(&p, NULL, 0, 0x0800);
	ip4n(&p, f->ip[from], f->ip[to], 6, 20 + opt + e->len, id++, 0x4000);
	put16(&p, f->port[from]);
	put16(&p, f->port[to]);
	put32(&p, f->seq[from]);
	put32(&p, e->flags & ACK ? f->seq[to] : 0);
	put8(&p, (uint8_t)((5 + opt / 4) << 4));
	put8(&p, e->flags);
	put16(&p, 64240);
	put16(&p, 0);
	put16(&p, 0);
	if (syn) {
		put8(&p, 2);
		put8(&p, 4);
		put16(&p, 1460);
	}
	letters(&p, e->len);
	f->seq[from] += (uint32_t)e->len + (syn || (e->flags & FIN) ? 1 : 0);
	emit(&p, -1);
}

static void bench(uint64_t flows)
{
	static struct bench_flow open[BENCH_OPEN];
	uint64_t next = 0;
	size_t n = 0;

	step_us = 10;
	while (n < BENCH_OPEN && next < flows)
		bench_flow(&open[n++], next++);
	while (n) {
		size_t k = rnd() % n;
		bench_packet(&open[k]);
		if (open[k].at == open[k].n) {
			if (next < flows)
				bench_flow(&open[k], next++);
			else
				open[k] = open[--n];
		}
	}
}

int main(int argc, char **argv)
{
	const char *c;
	int link = DLT_EN10MB;
	pcap_t *pd;

	if (argc != 3 && !(argc == 4 && !strcmp(argv[1], "bench"))) {
		fprintf(stderr, "usage: mkpcap CASE FILE, mkpcap bench FILE [FLOWS]\n");
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
	} else if (!strcmp(c, "bench")) {
		bench(argc == 4 ? strtoull(argv[3], NULL, 10) : 1000000);
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
