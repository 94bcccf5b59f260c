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
#include <stdlib.h>
#include <string.h>

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
