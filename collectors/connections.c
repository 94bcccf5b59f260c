/*
 * connections.c - the running host's listening sockets and connections,
 * with the process that holds each
 *
 * The socket tables are read once each (/proc/net/tcp, tcp6, udp, udp6;
 * collectors/lib/procnet.c), not once per process; the sockets' inodes are
 * then found among the links of /proc/PID/fd ("socket:[INODE]",
 * proc(5)), and each process named by its comm and the target of its exe
 * link, as ss -p and lsof do.  Without root the fds of other users'
 * processes cannot be read: those sockets are kept with the reason their
 * process is unknown, never as "no process".  TCP in LISTEN and UDP bound
 * to no peer are listeners; every other TCP state with a peer, and UDP
 * connected to one, is a connection (TIME_WAIT ones belong to no process).
 * Live only: a copy of a root has no sockets.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/fsread.h"
#include "collectors.h"
#include "lib/procnet.h"
#include "../scanner/banned.h"

#define SOCK_TABLE_CAP (64u << 20)	/* bytes of one /proc/net table */
#define MAX_PIDS 65536			/* processes looked through */
#define MAX_FDS 2000000			/* fd links read, all processes */

/* include/net/tcp_states.h */
static const char *const tcp_states[] = {
	[1] = "established", [2] = "syn-sent", [3] = "syn-recv", [4] = "fin-wait1",
	[5] = "fin-wait2", [6] = "time-wait", [7] = "close", [8] = "close-wait",
	[9] = "last-ack", [10] = "listen", [11] = "closing", [12] = "new-syn-recv",
};

struct sock {
	struct procnet_sock s;
	const char *proto;
	int pid;			/* 0 unknown */
};

struct socks {
	struct sock *v;
	size_t n, alloc;
	const char *proto;
};

static void add_sock(void *arg, const struct procnet_sock *s)
{
	struct socks *ss = arg;

	if (ss->n == ss->alloc) {
		ss->alloc = ss->alloc ? ss->alloc * 2 : 256;
		ss->v = xrealloc(ss->v, ss->alloc * sizeof(*ss->v));
	}
	ss->v[ss->n].s = *s;
	ss->v[ss->n].proto = ss->proto;
	ss->v[ss->n].pid = 0;
	ss->n++;
}

static int cmp_inode(const void *a, const void *b)
{
	const struct sock *x = a, *y = b;

	return x->s.inode < y->s.inode ? -1 : x->s.inode > y->s.inode;
}

/* the socket of this inode, by binary search over the sorted table */
static struct sock *find_inode(struct socks *ss, uint64_t inode)
{
	size_t lo = 0, hi = ss->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ss->v[mid].s.inode < inode)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ss->n && ss->v[lo].s.inode == inode ? &ss->v[lo] : NULL;
}

/* "socket:[12345]" -> 12345; 0 when the link is not a socket */
static uint64_t socket_inode(const char *link)
{
	char *end;
	unsigned long long v;

	if (strncmp(link, "socket:[", 8))
		return 0;
	v = strtoull(link + 8, &end, 10);
	return *end == ']' && !end[1] ? v : 0;
}

/* walks /proc/PID/fd of every process; counts what could not be read */
static void map_processes(struct scan_ctx *ctx, struct socks *ss, size_t *unreadable,
			  int *capped)
{
	char **pids = NULL;
	size_t npids = 0, fds = 0;
	struct buf path = BUF_INIT, link = BUF_INIT;

	*unreadable = 0;
	*capped = 0;
	if (sysroot_list(ctx, "proc", &pids, &npids) != 0)
		return;
	for (size_t i = 0, seen = 0; i < npids && !*capped; i++) {
		char **fdn = NULL;
		size_t nfd = 0;
		int pid;

		if (!isdigit((unsigned char)pids[i][0]) || strspn(pids[i], "0123456789") != strlen(pids[i]))
			continue;
		if (++seen > MAX_PIDS) {
			*capped = 1;
			break;
		}
		{
			/* all digits, at most 10 of them: strtol cannot fail here */
			long v = strlen(pids[i]) <= 10 ? strtol(pids[i], NULL, 10) : 0;
			if (v <= 0 || v > INT32_MAX)
				continue;
			pid = (int)v;
		}
		buf_clear(&path);
		buf_addf(&path, "proc/%s/fd", pids[i]);
		if (sysroot_list(ctx, path.data, &fdn, &nfd) != 0) {
			(*unreadable)++;
			continue;
		}
		for (size_t k = 0; k < nfd; k++) {
			struct sock *s;
			uint64_t ino;

			if (++fds > MAX_FDS) {
				*capped = 1;
				break;
			}
			buf_clear(&path);
			buf_addf(&path, "proc/%s/fd/%s", pids[i], fdn[k]);
			if (sysroot_readlink(ctx, path.data, &link) != 0)
				continue;
			ino = socket_inode(link.data);
			if (ino && (s = find_inode(ss, ino))) {
				/* sockets of one inode are adjacent: name them all */
				while (s > ss->v && s[-1].s.inode == ino)
					s--;
				for (; s < ss->v + ss->n && s->s.inode == ino; s++)
					if (!s->pid)
						s->pid = pid;
			}
		}
		sysroot_names_free(fdn, nfd);
	}
	sysroot_names_free(pids, npids);
	buf_release(&path);
	buf_release(&link);
}

static void process_facts(struct scan_ctx *ctx, int pid, struct buf *comm, struct buf *exe)
{
	struct buf path = BUF_INIT;

	buf_clear(comm);
	buf_clear(exe);
	buf_addf(&path, "proc/%d/comm", pid);
	if (fsread_line(ctx, path.data, comm) != 0)
		buf_clear(comm);
	buf_clear(&path);
	buf_addf(&path, "proc/%d/exe", pid);
	if (sysroot_readlink(ctx, path.data, exe) != 0)
		buf_clear(exe);
	buf_release(&path);
}

int collect_connections(struct scan_ctx *ctx)
{
	static const struct { const char *path, *proto; int family; } tables[] = {
		{ "proc/net/tcp", "tcp", 4 }, { "proc/net/tcp6", "tcp", 6 },
		{ "proc/net/udp", "udp", 4 }, { "proc/net/udp6", "udp", 6 },
	};
	struct socks ss = { NULL, 0, 0, NULL };
	struct buf b = BUF_INIT, comm = BUF_INIT, exe = BUF_INIT;
	size_t unreadable = 0, unknown = 0, read = 0;
	int capped = 0, rc = 0;

	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		size_t bad, first_bad;
		int r = fsread_cap(ctx, tables[t].path, &b, SOCK_TABLE_CAP, FSREAD_TEXT);

		if (r == 1)
			continue;	/* no IPv6 in this kernel */
		if (r < 0) {
			ctx_note_read(ctx, tables[t].path, r);
			continue;
		}
		read++;
		ss.proto = tables[t].proto;
		procnet_parse(b.data, b.len, tables[t].family, add_sock, &ss, &bad, &first_bad);
		if (bad)
			ctx_note(ctx, "%s: %zu lines are not sockets, the first line %zu",
				 tables[t].path, bad, first_bad);
	}
	if (!read) {
		ctx_note(ctx, "no socket table could be read");
		free(ss.v);
		buf_release(&b);
		return -1;
	}
	qsort(ss.v, ss.n, sizeof(*ss.v), cmp_inode);
	map_processes(ctx, &ss, &unreadable, &capped);
	for (size_t i = 0; i < ss.n && rc == 0; i++) {
		const struct sock *s = &ss.v[i];
		int udp = !strcmp(s->proto, "udp");
		int listener = udp ? s->s.rport == 0 : s->s.state == PROCNET_LISTEN;
		const char *state = udp ? (s->s.state == PROCNET_ESTABLISHED ? "connected" : "bound") :
				    s->s.state < sizeof(tcp_states) / sizeof(tcp_states[0]) &&
				    tcp_states[s->s.state] ? tcp_states[s->s.state] : "unknown";
		struct dbrow r;

		dbrow_init(&r, "sockets");
		dbrow_text(&r, "proto", s->proto);
		dbrow_text(&r, "kind", listener ? "listener" : "connection");
		dbrow_text(&r, "local_ip", s->s.local);
		dbrow_int(&r, "local_port", s->s.lport);
		if (!listener) {
			dbrow_text(&r, "remote_ip", s->s.remote);
			dbrow_int(&r, "remote_port", s->s.rport);
		}
		dbrow_text(&r, "state", state);
		dbrow_int(&r, "uid", (int64_t)s->s.uid);
		dbrow_int_if(&r, "inode", s->s.inode != 0, (int64_t)s->s.inode);
		if (s->pid) {
			process_facts(ctx, s->pid, &comm, &exe);
			dbrow_int(&r, "pid", s->pid);
			dbrow_text(&r, "process", comm.len ? comm.data : NULL);
			dbrow_text(&r, "exe", exe.len ? exe.data : NULL);
			if (!exe.len)
				dbrow_text(&r, "process_reason", "its exe link cannot be read");
		} else {
			dbrow_text(&r, "process_reason",
				   !s->s.inode ? "held by no process (the kernel's, or closing)" :
				   unreadable ? "not found: the fds of some processes cannot be read "
						"(not root)" :
				   capped ? "not found within the caps on processes and fds" :
				   "not found in any process's fds (closed meanwhile)");
			if (s->s.inode)
				unknown++;
		}
		if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0)
			rc = -1;
	}
	if (unreadable)
		ctx_note(ctx, "the fds of %zu processes cannot be read%s: the processes of %zu "
			 "sockets are unknown", unreadable, ctx->as_root ? "" : " (not root)", unknown);
	if (capped)
		ctx_note(ctx, "more than %d processes or %d fds: the rest not looked through",
			 MAX_PIDS, MAX_FDS);
	free(ss.v);
	buf_release(&b);
	buf_release(&comm);
	buf_release(&exe);
	return rc;
}
