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
 *
 * With --sample SECONDS the snapshot (the four tables, then the fd walk)
 * is taken again every --interval, the first at once and the last at the
 * end, to catch the connections that come and go; the sockets of all
 * snapshots are merged by protocol, kind, both endpoints and the process
 * (its inode when no process is known), each row with the snapshots that
 * saw it and the first and last of them.  Without --sample the one
 * snapshot is a sampling of one.  Ctrl-C after the first snapshot ends
 * the sampling: what was seen is kept, and the scan stops after this
 * collector (ctx->interrupted).
 */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/fsread.h"
#include "collectors.h"
#include "lib/procnet.h"
#include "../scanner/banned.h"

#define SOCK_TABLE_CAP (64u << 20)	/* bytes of one /proc/net table */
#define MAX_PIDS 65536			/* processes looked through, per snapshot */
#define MAX_FDS 2000000			/* fd links read, all processes, per snapshot */
#define MAX_SOCKETS 1000000		/* distinct sockets kept over all snapshots */
#define PROGRESS_MS 1000		/* between two progress lines */
#define WAIT_SLICE_MS 200		/* a wait is cut so, to see Ctrl-C soon */

/* include/net/tcp_states.h */
static const char *const tcp_states[] = {
	[1] = "established", [2] = "syn-sent", [3] = "syn-recv", [4] = "fin-wait1",
	[5] = "fin-wait2", [6] = "time-wait", [7] = "close", [8] = "close-wait",
	[9] = "last-ack", [10] = "listen", [11] = "closing", [12] = "new-syn-recv",
};

static const struct { const char *path, *proto; int family; } tables[] = {
	{ "proc/net/tcp", "tcp", 4 }, { "proc/net/tcp6", "tcp", 6 },
	{ "proc/net/udp", "udp", 4 }, { "proc/net/udp6", "udp", 6 },
};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

/* one socket of one snapshot */
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

/*
 * A socket over the snapshots, by its key: proto, kind, both endpoints,
 * and pid (inode when pid is 0).  s is its latest sighting (state, uid,
 * inode); its process facts are those read when it was first seen.
 */
struct seen {
	struct procnet_sock s;
	const char *proto;
	const char *reason;		/* why its process is unknown (pid 0) */
	int pid, listener;
	uint32_t proc;			/* procs index + 1; 0 none */
	uint32_t sightings, snap;	/* the snapshots that saw it; the latest's number */
	int64_t first_ns, last_ns;
	uint64_t hash;
};

/* a process's comm and exe as read at one snapshot */
struct proc {
	int pid;
	uint32_t snap;			/* the snapshot that last read them */
	char *comm, *exe;		/* NULL: unreadable */
	uint64_t hash;
};

/* open addressing over indices (index + 1; 0 empty), a power of two long */
struct slots {
	uint32_t *v;
	size_t mask;
};

struct sampler {
	struct scan_ctx *ctx;
	struct socks ss;		/* the snapshot being taken */
	struct seen *seen;
	size_t nseen, aseen;
	struct slots seen_ix;
	struct proc *procs;
	size_t nprocs, aprocs;
	struct slots proc_ix;
	struct buf b, comm, exe, path;
	uint32_t snaps, failed_snaps;	/* snapshots merged; without any table read */
	unsigned int noted;		/* tables whose fault is noted, one bit each */
	size_t unreadable;		/* processes whose fds could not be read, most of a snapshot */
	int capped;			/* a snapshot hit MAX_PIDS or MAX_FDS */
	uint64_t dropped;		/* sightings of sockets past MAX_SOCKETS */
};

static volatile sig_atomic_t stop;

static void on_sigint(int sig)
{
	(void)sig;
	stop = 1;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* FNV-1a, 64 bits */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ c[i]) * 0x100000001b3ull;
	return h;
}

#define FNV_INIT 0xcbf29ce484222325ull

/*
 * The slot for hash h: the one whose index eq() accepts, else the empty
 * one where it goes
 */
static uint32_t *slot_find(struct slots *t, uint64_t h, int (*eq)(const void *arg, uint32_t i),
			   const void *arg)
{
	for (size_t i = (size_t)h & t->mask;; i = (i + 1) & t->mask)
		if (!t->v[i] || eq(arg, t->v[i] - 1))
			return &t->v[i];
}

/* makes room for n entries at half load, rehashing by hash_of */
static void slots_reserve(struct slots *t, size_t n, uint64_t (*hash_of)(const void *arg, uint32_t i),
			  const void *arg, size_t have)
{
	size_t want = 1024;
	uint32_t *old = t->v;

	if (t->v && n * 2 <= t->mask + 1)
		return;
	while (want < n * 2)
		want *= 2;
	t->v = xcalloc(want, sizeof(*t->v));
	t->mask = want - 1;
	for (size_t k = 0; k < have; k++) {
		size_t i = (size_t)hash_of(arg, (uint32_t)k) & t->mask;
		while (t->v[i])
			i = (i + 1) & t->mask;
		t->v[i] = (uint32_t)k + 1;
	}
	free(old);
}

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

/*
 * proc mounted with hidepid=2 (invisible) or 4 (ptraceable) lists only the
 * processes this user may trace; hidepid=1 (noaccess) lists them all but
 * their fds are unreadable, which the walk counts.  Root sees them all.
 */
static int hidden(const struct scan_ctx *ctx)
{
	const char *h = ctx->proc_hidepid;

	return !ctx->as_root && h && (!strcmp(h, "2") || !strcmp(h, "invisible") ||
				      !strcmp(h, "4") || !strcmp(h, "ptraceable"));
}

/*
 * Walks /proc/PID/fd of every process; counts what could not be read.
 * Returns 1 when Ctrl-C came (during a sampling) before the walk ended.
 */
static int map_processes(struct scan_ctx *ctx, struct socks *ss, size_t *unreadable,
			 int *capped, int sampling)
{
	char **pids = NULL;
	size_t npids = 0, fds = 0;
	struct buf path = BUF_INIT, link = BUF_INIT;
	int cut = 0;

	*unreadable = 0;
	*capped = 0;
	if (sysroot_list(ctx, "proc", &pids, &npids) != 0)
		return 0;
	for (size_t i = 0, seen = 0; i < npids && !*capped; i++) {
		char **fdn = NULL;
		size_t nfd = 0;
		int pid;

		if (sampling && stop) {
			cut = 1;
			break;
		}
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
		int fd_denied = 0;
		for (size_t k = 0; k < nfd; k++) {
			struct sock *s;
			uint64_t ino;

			if (++fds > MAX_FDS) {
				*capped = 1;
				break;
			}
			buf_clear(&path);
			buf_addf(&path, "proc/%s/fd/%s", pids[i], fdn[k]);
			int lrc = sysroot_readlink(ctx, path.data, &link);
			if (lrc != 0) {
				/* listed but not readable (hidepid=1, a sandbox): counted once */
				if (lrc < 0 && !fd_denied++)
					(*unreadable)++;
				continue;
			}
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
	return cut;
}

/* ---- the processes, read once per snapshot that needs them ------------ */

static uint64_t proc_hash(const void *arg, uint32_t i)
{
	return ((const struct sampler *)arg)->procs[i].hash;
}

struct proc_key {
	const struct sampler *sm;
	int pid;
};

static int proc_eq(const void *arg, uint32_t i)
{
	const struct proc_key *k = arg;

	return k->sm->procs[i].pid == k->pid;
}

static int same_text(const char *a, const struct buf *b)
{
	return b->len ? a && !strcmp(a, b->data) : !a;
}

/*
 * The procs index + 1 of pid's comm and exe as this snapshot finds them:
 * read at most once per snapshot; a new record only when they changed (a
 * pid reused), so that the sockets seen before keep theirs.
 */
static uint32_t proc_of(struct sampler *sm, int pid)
{
	struct proc_key k = { sm, pid };
	uint64_t h = fnv(FNV_INIT, &pid, sizeof(pid));
	uint32_t *slot;
	struct proc *p;

	slots_reserve(&sm->proc_ix, sm->nprocs + 1, proc_hash, sm, sm->nprocs);
	slot = slot_find(&sm->proc_ix, h, proc_eq, &k);
	if (*slot && sm->procs[*slot - 1].snap == sm->snaps)
		return *slot;
	buf_clear(&sm->path);
	buf_addf(&sm->path, "proc/%d/comm", pid);
	if (fsread_line(sm->ctx, sm->path.data, &sm->comm) != 0)
		buf_clear(&sm->comm);
	buf_clear(&sm->path);
	buf_addf(&sm->path, "proc/%d/exe", pid);
	if (sysroot_readlink(sm->ctx, sm->path.data, &sm->exe) != 0)
		buf_clear(&sm->exe);
	if (*slot) {
		p = &sm->procs[*slot - 1];
		if (same_text(p->comm, &sm->comm) && same_text(p->exe, &sm->exe)) {
			p->snap = sm->snaps;
			return *slot;
		}
	}
	if (sm->nprocs == sm->aprocs) {
		sm->aprocs = sm->aprocs ? sm->aprocs * 2 : 64;
		sm->procs = xrealloc(sm->procs, sm->aprocs * sizeof(*sm->procs));
	}
	p = &sm->procs[sm->nprocs++];
	p->pid = pid;
	p->snap = sm->snaps;
	p->comm = sm->comm.len ? xstrdup(sm->comm.data) : NULL;
	p->exe = sm->exe.len ? xstrdup(sm->exe.data) : NULL;
	p->hash = h;
	/* the pid's slot now names the new record; the old one stays for its sockets */
	*slot = (uint32_t)sm->nprocs;
	return *slot;
}

/* ---- the sockets over the snapshots ----------------------------------- */

static uint64_t seen_hash(const void *arg, uint32_t i)
{
	return ((const struct sampler *)arg)->seen[i].hash;
}

struct seen_key {
	const struct sampler *sm;
	const struct sock *k;
	int listener;
};

static int seen_eq(const void *arg, uint32_t i)
{
	const struct seen_key *q = arg;
	const struct seen *e = &q->sm->seen[i];
	const struct sock *k = q->k;

	return e->pid == k->pid && e->listener == q->listener && e->s.lport == k->s.lport &&
	       e->s.rport == k->s.rport && (k->pid || e->s.inode == k->s.inode) &&
	       !strcmp(e->proto, k->proto) && !strcmp(e->s.local, k->s.local) &&
	       !strcmp(e->s.remote, k->s.remote);
}

static int is_listener(const struct sock *s)
{
	return !strcmp(s->proto, "udp") ? s->s.rport == 0 : s->s.state == PROCNET_LISTEN;
}

static uint64_t key_hash(const struct sock *s, int listener)
{
	uint64_t h = FNV_INIT;
	uint64_t ino = s->pid ? 0 : s->s.inode;

	h = fnv(h, s->proto, strlen(s->proto));
	h = fnv(h, &listener, sizeof(listener));
	h = fnv(h, s->s.local, strlen(s->s.local) + 1);
	h = fnv(h, &s->s.lport, sizeof(s->s.lport));
	h = fnv(h, s->s.remote, strlen(s->s.remote) + 1);
	h = fnv(h, &s->s.rport, sizeof(s->s.rport));
	h = fnv(h, &s->pid, sizeof(s->pid));
	return fnv(h, &ino, sizeof(ino));
}

/* the sockets of the snapshot just taken (sm->snaps, at ns) into sm->seen */
static void merge(struct sampler *sm, int64_t ns, const char *reason)
{
	for (size_t i = 0; i < sm->ss.n; i++) {
		const struct sock *s = &sm->ss.v[i];
		int listener = is_listener(s);
		struct seen_key q = { sm, s, listener };
		uint64_t h = key_hash(s, listener);
		uint32_t *slot;
		struct seen *e;

		slots_reserve(&sm->seen_ix, sm->nseen + 1, seen_hash, sm, sm->nseen);
		slot = slot_find(&sm->seen_ix, h, seen_eq, &q);
		if (*slot) {
			e = &sm->seen[*slot - 1];
			if (e->snap != sm->snaps) {
				/* one sighting per snapshot, however many sockets share the key */
				e->sightings++;
				e->snap = sm->snaps;
			}
			e->s = s->s;
			e->last_ns = ns;
			if (!s->pid)
				e->reason = reason;
			continue;
		}
		if (sm->nseen >= MAX_SOCKETS) {
			sm->dropped++;
			continue;
		}
		if (sm->nseen == sm->aseen) {
			sm->aseen = sm->aseen ? sm->aseen * 2 : 256;
			sm->seen = xrealloc(sm->seen, sm->aseen * sizeof(*sm->seen));
		}
		e = &sm->seen[sm->nseen++];
		memset(e, 0, sizeof(*e));
		e->s = s->s;
		e->proto = s->proto;
		e->pid = s->pid;
		e->listener = listener;
		e->reason = s->pid ? NULL : reason;
		e->proc = s->pid ? proc_of(sm, s->pid) : 0;
		e->sightings = 1;
		e->snap = sm->snaps;
		e->first_ns = e->last_ns = ns;
		e->hash = h;
		*slot = (uint32_t)sm->nseen;
	}
}

/*
 * One snapshot: the four tables, the fd walk, the merge.  0 merged; 1 not
 * (Ctrl-C cut its fd walk, or no table could be read: counted).
 */
static int snapshot(struct sampler *sm, int sampling)
{
	struct scan_ctx *ctx = sm->ctx;
	size_t read = 0, unreadable = 0;
	int64_t ns = wall_ns();
	int capped = 0, diag = 0;
	const char *reason;

	sm->ss.n = 0;
	/* the running kernel's TCP sockets in one walk of its table, not four (procnet.h) */
	if (ctx->live && !*ctx->root) {
		struct socks v6 = { .proto = "tcp" };
		sm->ss.proto = "tcp";
		diag = procnet_tcp_diag(add_sock, &sm->ss, &v6) >= 0;
		for (size_t i = 0; diag && i < v6.n; i++)
			add_sock(&sm->ss, &v6.v[i].s);
		if (!diag)
			sm->ss.n = 0;
		else
			read += 2;
		free(v6.v);
	}
	for (size_t t = 0; t < NTABLES; t++) {
		size_t bad, first_bad;
		int r;

		if (diag && !strcmp(tables[t].proto, "tcp"))
			continue;
		r = fsread_cap(ctx, tables[t].path, &sm->b, SOCK_TABLE_CAP, FSREAD_TEXT);
		if (r == 1)
			continue;	/* no IPv6 in this kernel */
		if (r < 0) {
			if (!(sm->noted & 1u << t))
				ctx_note_read(ctx, tables[t].path, r);
			sm->noted |= 1u << t;
			continue;
		}
		read++;
		sm->ss.proto = tables[t].proto;
		procnet_parse(sm->b.data, sm->b.len, tables[t].family, add_sock, &sm->ss, &bad,
			      &first_bad);
		if (bad && !(sm->noted & 1u << t))
			ctx_note(ctx, "%s: %zu lines are not sockets, the first line %zu",
				 tables[t].path, bad, first_bad);
		if (bad)
			sm->noted |= 1u << t;
	}
	if (!read) {
		sm->failed_snaps++;
		return 1;
	}
	qsort(sm->ss.v, sm->ss.n, sizeof(*sm->ss.v), cmp_inode);
	if (map_processes(ctx, &sm->ss, &unreadable, &capped, sampling))
		return 1;
	if (unreadable > sm->unreadable)
		sm->unreadable = unreadable;
	sm->capped |= capped;
	/* hidepid: the processes of other users are not listed at all, so none is unreadable */
	reason = hidden(ctx) ? "not found: proc is mounted hidepid, the processes of other users "
			       "are hidden (not root)" :
		 unreadable ? "not found: the fds of some processes cannot be read (not root)" :
		 capped ? "not found within the caps on processes and fds" :
		 "not found in any process's fds (closed meanwhile)";
	sm->snaps++;
	merge(sm, ns, reason);
	return 0;
}

/* the rows of every socket seen; <0 on a store error */
static int write_rows(struct sampler *sm, size_t *unknown)
{
	*unknown = 0;
	for (size_t i = 0; i < sm->nseen; i++) {
		const struct seen *e = &sm->seen[i];
		const struct proc *p = e->proc ? &sm->procs[e->proc - 1] : NULL;
		int udp = !strcmp(e->proto, "udp");
		const char *state = udp ? (e->s.state == PROCNET_ESTABLISHED ? "connected" : "bound") :
				    e->s.state < sizeof(tcp_states) / sizeof(tcp_states[0]) &&
				    tcp_states[e->s.state] ? tcp_states[e->s.state] : "unknown";
		struct dbrow r;

		dbrow_init(&r, "sockets");
		dbrow_text(&r, "proto", e->proto);
		dbrow_text(&r, "kind", e->listener ? "listener" : "connection");
		dbrow_text(&r, "local_ip", e->s.local);
		dbrow_int(&r, "local_port", e->s.lport);
		if (!e->listener) {
			dbrow_text(&r, "remote_ip", e->s.remote);
			dbrow_int(&r, "remote_port", e->s.rport);
		}
		dbrow_text(&r, "state", state);
		dbrow_int(&r, "uid", (int64_t)e->s.uid);
		dbrow_int_if(&r, "inode", e->s.inode != 0, (int64_t)e->s.inode);
		if (e->pid) {
			dbrow_int(&r, "pid", e->pid);
			dbrow_text(&r, "process", p ? p->comm : NULL);
			dbrow_text(&r, "exe", p ? p->exe : NULL);
			if (!p || !p->exe)
				dbrow_text(&r, "process_reason", "its exe link cannot be read");
		} else {
			dbrow_text(&r, "process_reason",
				   !e->s.inode ? "held by no process (the kernel's, or closing)" : e->reason);
			if (e->s.inode)
				(*unknown)++;
		}
		dbrow_int(&r, "sightings", e->sightings);
		dbrow_int(&r, "first_seen_ns", e->first_ns);
		dbrow_int(&r, "last_seen_ns", e->last_ns);
		if (dbrow_insert(sm->ctx->db, sm->ctx->scan_id, &r) < 0)
			return -1;
	}
	return 0;
}

static void sampler_release(struct sampler *sm)
{
	for (size_t i = 0; i < sm->nprocs; i++) {
		free(sm->procs[i].comm);
		free(sm->procs[i].exe);
	}
	free(sm->procs);
	free(sm->proc_ix.v);
	free(sm->seen);
	free(sm->seen_ix.v);
	free(sm->ss.v);
	buf_release(&sm->b);
	buf_release(&sm->comm);
	buf_release(&sm->exe);
	buf_release(&sm->path);
}

/* snapshots taken by --sample SECONDS at every INTERVAL: the first at 0, the last at SECONDS */
static unsigned int planned(unsigned int seconds, unsigned int interval)
{
	return seconds / interval + 1 + (seconds % interval != 0);
}

/*
 * Waits until mono_ms() reaches until, or Ctrl-C; a progress line on a
 * terminal each second
 */
static void wait_until(struct sampler *sm, int64_t until, int64_t end, int progress,
		       int64_t *next_line, unsigned int total)
{
	int64_t now;

	while (!stop && (now = mono_ms()) < until) {
		int64_t rest = until - now;

		if (progress && now >= *next_line) {
			fprintf(stderr, "\rsampling sockets: %u of %u snapshots, %zu sockets, %lld s left ",
				sm->snaps, total, sm->nseen, (long long)((end - now + 999) / 1000));
			*next_line = now + PROGRESS_MS;
		}
		if (poll(NULL, 0, (int)(rest < WAIT_SLICE_MS ? rest : WAIT_SLICE_MS)) < 0 &&
		    errno != EINTR)
			break;
	}
}

int collect_connections(struct scan_ctx *ctx)
{
	struct sampler sm;
	unsigned int seconds = ctx->sample_s, interval = ctx->sample_interval_s;
	int sampling = seconds > 0 && interval > 0;
	int progress = sampling && isatty(2) && !err_quiet();
	unsigned int total = sampling ? planned(seconds, interval) : 1;
	struct sigaction sa, old;
	int64_t t0, end, took_ms = 0, next_line = 0;
	size_t unknown = 0;
	int rc = 0;

	memset(&sm, 0, sizeof(sm));
	sm.ctx = ctx;
	buf_init(&sm.b);
	buf_init(&sm.comm);
	buf_init(&sm.exe);
	buf_init(&sm.path);
	stop = 0;
	t0 = mono_ms();
	end = t0 + (int64_t)seconds * 1000;
	if (snapshot(&sm, 0) != 0) {
		ctx_note(ctx, "no socket table could be read");
		sampler_release(&sm);
		return -1;
	}
	if (sampling) {
		/* Ctrl-C from here on ends the sampling; before, it ends the scan */
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_sigint;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, &old);
		for (;;) {
			int64_t now = mono_ms(), next;

			if (stop || now >= end)
				break;
			/* the next tick after now: a snapshot that overran skips the ticks it covered */
			next = t0 + ((now - t0) / ((int64_t)interval * 1000) + 1) * (int64_t)interval * 1000;
			if (next > end)
				next = end;
			wait_until(&sm, next, end, progress, &next_line, total);
			if (stop)
				break;
			snapshot(&sm, 1);
		}
		if (progress)
			fprintf(stderr, "\rsampling sockets: %u snapshots, %zu sockets, done%-14s\n",
				sm.snaps, sm.nseen, stop ? " (Ctrl-C)" : "");
		sigaction(SIGINT, &old, NULL);
		took_ms = mono_ms() - t0;
		if (stop)
			ctx->interrupted = 1;
	}
	rc = write_rows(&sm, &unknown);
	if (sampling && !stop)
		ctx_note(ctx, "%u snapshots in %u s, every %u s: %zu sockets", sm.snaps, seconds,
			 interval, sm.nseen);
	else if (sampling)
		ctx_note(ctx, "%u of %u snapshots, in %lld s: ended early by Ctrl-C; the %zu "
			 "sockets seen are kept", sm.snaps, total, (long long)(took_ms / 1000),
			 sm.nseen);
	if (sm.failed_snaps)
		ctx_note(ctx, "%u snapshots could read no socket table", sm.failed_snaps);
	if (sm.unreadable)
		ctx_note(ctx, "the fds of %zu processes cannot be read%s: the processes of %zu "
			 "sockets are unknown", sm.unreadable, ctx->as_root ? "" : " (not root)", unknown);
	if (hidden(ctx) && unknown) {
		ctx_note(ctx, "proc is mounted hidepid=%s: the processes of other users are hidden, "
			 "so the processes of %zu sockets are unknown (not root)", ctx->proc_hidepid,
			 unknown);
		ctx_denied(ctx, "proc", -EACCES);
	}
	if (sm.capped)
		ctx_note(ctx, "more than %d processes or %d fds in a snapshot: the rest not looked through",
			 MAX_PIDS, MAX_FDS);
	if (sm.dropped)
		ctx_note(ctx, "more than %d distinct sockets: %llu sightings of further ones not kept",
			 MAX_SOCKETS, (unsigned long long)sm.dropped);
	sampler_release(&sm);
	return rc;
}
