/*
 * procnet.c - /proc/net/tcp and its kin (procnet.h)
 *
 * Source: the kernel's Documentation/networking/proc_net_tcp.rst and the
 * printers that write the tables (net/ipv4/tcp_ipv4.c get_tcp4_sock,
 * net/ipv6/tcp_ipv6.c get_tcp6_sock, udp.c udp4_format_sock): "%4d:
 * %08X:%04X %08X:%04X %02X ..." for IPv4, the address the __be32 printed
 * as a host-order integer; four such words for IPv6.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../scanner/buf.h"
#include "netlink.h"
#include "procnet.h"
#include "../../scanner/banned.h"

/* n hex digits at p as a number; -1 when they are not */
static int hexn(const char *p, size_t n, uint32_t *out)
{
	uint32_t v = 0;

	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 :
			c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 0;
}

/* "0100007F:0277" into text and port; the word is the address in host order */
static int endpoint(const char *p, size_t n, int family, char *text, unsigned int *port)
{
	size_t words = family == 4 ? 1 : 4;
	uint8_t addr[16];
	uint32_t w, pt;

	if (n != words * 8 + 5 || p[words * 8] != ':')
		return -1;
	for (size_t i = 0; i < words; i++) {
		if (hexn(p + i * 8, 8, &w) < 0)
			return -1;
		memcpy(addr + i * 4, &w, 4);
	}
	if (hexn(p + words * 8 + 1, 4, &pt) < 0)
		return -1;
	*port = pt;
	/* an IPv4 peer of a dual-stack socket (::ffff:0:0/96, RFC 4291 2.5.5.2):
	 * the IPv4 address that is on the wire, as captures and the tcp table show it */
	if (family == 6 && !memcmp(addr, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12))
		return inet_ntop(AF_INET, addr + 12, text, INET6_ADDRSTRLEN) ? 0 : -1;
	return inet_ntop(family == 4 ? AF_INET : AF_INET6, addr, text, INET6_ADDRSTRLEN) ? 0 : -1;
}

/* the next blank-separated word of [*p, end) */
static size_t word(const char **p, const char *end, const char **w)
{
	const char *s = *p;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	*w = s;
	while (s < end && *s != ' ' && *s != '\t')
		s++;
	*p = s;
	return (size_t)(s - *w);
}

size_t procnet_parse(const char *text, size_t len, int family, procnet_fn fn, void *arg,
		     size_t *bad, size_t *first_bad)
{
	const char *p = text, *end = text + len;
	size_t n = 0, line = 0;

	*bad = 0;
	*first_bad = 0;
	while (p < end && n < PROCNET_MAX_LINES) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q = p, *w;
		struct procnet_sock s;
		uint32_t st = 0;
		size_t k;
		int ok = 1;

		if (!eol)
			eol = end;
		line++;
		memset(&s, 0, sizeof(s));
		s.family = family;
		/* "sl" with its colon, local, remote, st, tx:rx, tr:when, retrnsmt, uid, timeout, inode */
		k = word(&q, eol, &w);
		if (line == 1 && k == 2 && !strncmp(w, "sl", 2)) {
			p = eol + 1;
			continue;	/* the header */
		}
		if (!k || w[k - 1] != ':')
			ok = 0;
		if (ok) {
			k = word(&q, eol, &w);
			ok = endpoint(w, k, family, s.local, &s.lport) == 0;
		}
		if (ok) {
			k = word(&q, eol, &w);
			ok = endpoint(w, k, family, s.remote, &s.rport) == 0;
		}
		if (ok) {
			k = word(&q, eol, &w);
			ok = k == 2 && hexn(w, 2, &st) == 0;
			s.state = st;
		}
		for (int i = 0; ok && i < 3; i++)
			ok = word(&q, eol, &w) > 0;
		if (ok) {
			char num[24], *e;
			k = word(&q, eol, &w);
			ok = k > 0 && k < sizeof(num);
			if (ok) {
				memcpy(num, w, k);
				num[k] = '\0';
				errno = 0;
				s.uid = strtoul(num, &e, 10);
				ok = !errno && !*e;
			}
			ok = ok && word(&q, eol, &w) > 0;	/* timeout */
			k = ok ? word(&q, eol, &w) : 0;
			ok = ok && k > 0 && k < sizeof(num);
			if (ok) {
				memcpy(num, w, k);
				num[k] = '\0';
				errno = 0;
				s.inode = strtoull(num, &e, 10);
				ok = !errno && !*e;
			}
		}
		if (ok) {
			fn(arg, &s);
			n++;
		} else if (eol > p) {
			if (!(*bad)++)
				*first_bad = line;
		}
		p = eol + 1;
	}
	return n;
}

/*
 * The socket diagnostics (netlink(7) NETLINK_INET_DIAG, its first request
 * TCPDIAG_GETSOCK with struct inet_diag_req of linux/inet_diag.h, since
 * Linux 2.6.14; ss(8) reads the same): one walk of the kernel's table of
 * connections for both families.  Reading tcp and tcp6 walks it four
 * times (each read that finds the end of a table walks it again), and the
 * table grows with the host's memory: 2 ms a walk on a 2-core VM.  The
 * kernel fills struct inet_diag_msg from the same socket fields as the
 * tables' printers (net/ipv4/inet_diag.c; tcp_ipv4.c get_tcp4_sock) but
 * one: a connection being opened (SYN_RECV, a request socket) has uid 0
 * where the table gives its listener's uid, found here as the table does.
 */
#define DIAG_MAX_READS 100000		/* replies of one dump, each up to NL_DUMP_BUFSZ */
#define DIAG_SYN_RECV 3

struct diag_socks {
	struct procnet_sock *v;
	size_t n, alloc;
};

static void diag_add(struct diag_socks *d, const struct procnet_sock *s)
{
	if (d->n == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 64;
		d->v = xrealloc(d->v, d->alloc * sizeof(*d->v));
	}
	d->v[d->n++] = *s;
}

/* one inet_diag_msg as procnet_parse gives the line; -1 not one */
static int diag_sock(const struct inet_diag_msg *m, struct procnet_sock *s)
{
	int fam = m->idiag_family == AF_INET ? 4 : m->idiag_family == AF_INET6 ? 6 : 0;
	uint8_t addr[2][16];

	if (!fam)
		return -1;
	memset(s, 0, sizeof(*s));
	s->family = fam;
	memcpy(addr[0], m->id.idiag_src, 16);
	memcpy(addr[1], m->id.idiag_dst, 16);
	for (int i = 0; i < 2; i++) {
		char *text = i ? s->remote : s->local;
		const uint8_t *a = addr[i];
		int af = fam == 4 ? AF_INET : AF_INET6;
		/* as endpoint(): a mapped IPv4 address as the IPv4 one */
		if (fam == 6 && !memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12)) {
			a += 12;
			af = AF_INET;
		}
		if (!inet_ntop(af, a, text, INET6_ADDRSTRLEN))
			return -1;
	}
	s->lport = ntohs(m->id.idiag_sport);
	s->rport = ntohs(m->id.idiag_dport);
	s->state = m->idiag_state;
	s->uid = m->idiag_uid;
	s->inode = m->idiag_inode;
	return 0;
}

static int wildcard(const char *ip)
{
	return !strcmp(ip, "0.0.0.0") || !strcmp(ip, "::");
}

/* a request socket's uid: its listener's, by port and address (or a wildcard) */
static void listener_uid(struct diag_socks d[2], struct procnet_sock *s)
{
	for (int f = 0; f < 2; f++)
		for (size_t i = 0; i < d[f].n; i++) {
			const struct procnet_sock *l = &d[f].v[i];
			if (l->state == PROCNET_LISTEN && l->lport == s->lport &&
			    (!strcmp(l->local, s->local) || wildcard(l->local))) {
				s->uid = l->uid;
				return;
			}
		}
}

/* one socket of the dump into d (nl_dump's fn) */
static int diag_msg(const struct nlmsghdr *nh, void *arg)
{
	struct diag_socks *d = arg;
	struct procnet_sock s;

	if (nh->nlmsg_type != TCPDIAG_GETSOCK || nh->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg)) ||
	    diag_sock(NLMSG_DATA(nh), &s) < 0)
		return -EPROTO;
	if (d[0].n + d[1].n >= 2 * (size_t)PROCNET_MAX_LINES)
		return -E2BIG;
	diag_add(&d[s.family == 6], &s);
	return 0;
}

static int diag_dump(struct diag_socks d[2])
{
	struct {
		struct nlmsghdr nh;
		struct inet_diag_req r;
	} req;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = TCPDIAG_GETSOCK;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nh.nlmsg_seq = 1;
	req.r.idiag_family = AF_UNSPEC;	/* ignored by this request: both families */
	req.r.idiag_states = ~0u;	/* every state, as the tables */
	return nl_dump(NETLINK_INET_DIAG, &req, sizeof(req), DIAG_MAX_READS, diag_msg, d);
}

long procnet_tcp_diag(procnet_fn fn, void *arg4, void *arg6)
{
	struct diag_socks d[2] = { { NULL, 0, 0 }, { NULL, 0, 0 } };
	int rc = diag_dump(d);
	long n = 0;

	for (int f = 0; rc == 0 && f < 2; f++)
		for (size_t i = 0; i < d[f].n; i++) {
			struct procnet_sock *s = &d[f].v[i];
			if (s->state == DIAG_SYN_RECV && !s->inode && !s->uid)
				listener_uid(d, s);
			fn(f ? arg6 : arg4, s);
			n++;
		}
	free(d[0].v);
	free(d[1].v);
	return rc ? rc : n;
}
