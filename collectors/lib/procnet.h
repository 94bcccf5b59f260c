/*
 * procnet.h - used by the connections collector
 *
 * The kernel's socket tables, /proc/net/{tcp,tcp6,udp,udp6}, one socket
 * per line (Documentation/networking/proc_net_tcp.rst): the local and
 * remote address as hex words in the host's byte order, the state, the
 * owner's uid and the socket's inode, which /proc/PID/fd links name as
 * "socket:[INODE]".  An IPv4-mapped address of a dual-stack socket in the
 * IPv6 tables (::ffff:10.0.0.1) is given as the IPv4 address it maps.
 */
#ifndef PREMIG_PROCNET_H
#define PREMIG_PROCNET_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define PROCNET_MAX_LINES 1000000	/* sockets of one table */

/* include/net/tcp_states.h */
enum {
	PROCNET_ESTABLISHED = 0x01,
	PROCNET_CLOSE = 0x07,		/* UDP: bound, not connected */
	PROCNET_LISTEN = 0x0a,
};

struct procnet_sock {
	int family;			/* 4 or 6 */
	char local[INET6_ADDRSTRLEN], remote[INET6_ADDRSTRLEN];
	unsigned int lport, rport;
	unsigned int state;		/* the kernel's TCP state number */
	unsigned long uid;
	uint64_t inode;			/* 0: a socket no process holds (TIME_WAIT ...) */
};

typedef void (*procnet_fn)(void *arg, const struct procnet_sock *s);

/*
 * Parses one table's text (len bytes) of family 4 or 6, calling fn for each
 * socket.  Returns the sockets passed; *bad counts the lines that are not
 * a socket (their first in *first_bad, 1-based; 0 none).
 */
size_t procnet_parse(const char *text, size_t len, int family, procnet_fn fn, void *arg,
		     size_t *bad, size_t *first_bad);

/*
 * The running kernel's TCP sockets of both families as tcp and tcp6 list
 * them, from its socket diagnostics instead: each IPv4 one to fn with
 * arg4, then each IPv6 one with arg6, as procnet_parse gives them from
 * the tables, in their order.  Returns the sockets passed, or -errno
 * when the kernel gives no whole answer (nothing passed: read the tables).
 */
long procnet_tcp_diag(procnet_fn fn, void *arg4, void *arg6);

#endif
