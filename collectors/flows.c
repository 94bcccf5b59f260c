/*
 * flows.c - the network flows of capture files (premig scan --pcap FILE)
 *
 * Every file is read by collectors/lib/capflows.c (pcap or pcapng, plain
 * or gzip, every link type pkt.c reads) into one flow table, so that a
 * conversation seen in two captures is one flow; each file's row in
 * capture_files says what it held, what could not be counted and why a
 * reading stopped.  A file that stops early keeps the packets read before
 * the fault (partial); a file that is not a capture is refused.  The flows
 * are stored as seen: which side is the client is the dependency
 * analysis's to decide, from the handshake, the listeners or the ports.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../scanner/db.h"
#include "../scanner/err.h"
#include "collectors.h"
#include "lib/capflows.h"
#include "../scanner/banned.h"

static const char *proto_name(uint8_t proto, char *tmp, size_t n)
{
	switch (proto) {
	case 6: return "tcp";
	case 17: return "udp";
	case 132: return "sctp";
	case 1: return "icmp";
	case 58: return "icmpv6";
	default:
		snprintf(tmp, n, "%u", proto);
		return tmp;
	}
}

static const char *side(int s)
{
	return s < 0 ? NULL : s ? "b" : "a";
}

static int file_row(struct scan_ctx *ctx, const char *path, const struct capflows_stats *s,
		    int rc)
{
	struct dbrow r;
	char links[256] = "";
	size_t k = 0;

	for (size_t i = 0; i < CAPFLOWS_LINKS && s->link_pkts[i] && k < sizeof(links) - 48; i++)
		k += (size_t)snprintf(links + k, sizeof(links) - k, "%s%d (%s): %llu packets",
				      k ? ", " : "", s->links[i], "not read",
				      (unsigned long long)s->link_pkts[i]);
	dbrow_init(&r, "capture_files");
	dbrow_text(&r, "path", path);
	if (rc >= 0) {
		dbrow_text(&r, "format", s->pcapng ? "pcapng" : "pcap");
		dbrow_int(&r, "gzip", s->gzip);
		dbrow_int(&r, "packets", (int64_t)s->packets);
		dbrow_int(&r, "bytes", (int64_t)s->bytes);
		dbrow_int(&r, "counted", (int64_t)s->counted);
		dbrow_int(&r, "not_ip", (int64_t)s->not_ip);
		dbrow_int(&r, "ip_without_ports", (int64_t)s->no_flow);
		dbrow_int(&r, "truncated", (int64_t)s->truncated);
		dbrow_int(&r, "malformed", (int64_t)s->malformed);
		dbrow_int(&r, "bad_timestamps", (int64_t)s->bad_ts);
		if (links[0])
			dbrow_text(&r, "unknown_link_types", links);
		if (s->first_bad) {
			char b[160];
			snprintf(b, sizeof(b), "packet %llu: %s", (unsigned long long)s->first_bad_pkt,
				 s->first_bad);
			dbrow_text(&r, "first_bad", b);
		}
	}
	dbrow_text(&r, "status", rc < 0 ? "refused" : rc ? "partial" : "read");
	dbrow_text(&r, "reason", s->stopped[0] ? s->stopped : NULL);
	return dbrow_insert(ctx->db, ctx->scan_id, &r);
}

static int insert_flows(struct scan_ctx *ctx, const struct flowtab *t)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
		"INSERT INTO flows (scan_id, source, proto, vlan, a_ip, a_port, b_ip, b_port,"
		" packets_ab, bytes_ab, packets_ba, bytes_ba, first_from, syn_from, synack_from,"
		" tcp_flags_a, tcp_flags_b, first_ns, last_ns)"
		" VALUES (?1, 'pcap', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
		" ?15, ?16, ?17, ?18)");

	if (!st)
		return -1;
	for (size_t i = 0; i < t->cap; i++) {
		const struct flow *f = &t->v[i];
		char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], tmp[8];
		int af = f->family == 4 ? AF_INET : AF_INET6, tcp = f->proto == 6;

		if (!f->used)
			continue;
		if (!inet_ntop(af, f->a, a, sizeof(a)) || !inet_ntop(af, f->b, b, sizeof(b)))
			continue;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, ctx->scan_id);
		sqlite3_bind_text(st, 2, proto_name(f->proto, tmp, sizeof(tmp)), -1, SQLITE_TRANSIENT);
		if (f->vlan)
			sqlite3_bind_int(st, 3, f->vlan);
		else
			sqlite3_bind_null(st, 3);
		sqlite3_bind_text(st, 4, a, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 5, f->pa);
		sqlite3_bind_text(st, 6, b, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 7, f->pb);
		sqlite3_bind_int64(st, 8, (int64_t)f->pkts[0]);
		sqlite3_bind_int64(st, 9, (int64_t)f->bytes[0]);
		sqlite3_bind_int64(st, 10, (int64_t)f->pkts[1]);
		sqlite3_bind_int64(st, 11, (int64_t)f->bytes[1]);
		sqlite3_bind_text(st, 12, side(f->first_from), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 13, tcp ? side(f->syn_from) : NULL, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 14, tcp ? side(f->synack_from) : NULL, -1, SQLITE_STATIC);
		if (tcp) {
			sqlite3_bind_int(st, 15, f->flags[0]);
			sqlite3_bind_int(st, 16, f->flags[1]);
		} else {
			sqlite3_bind_null(st, 15);
			sqlite3_bind_null(st, 16);
		}
		sqlite3_bind_int64(st, 17, f->first_ns);
		sqlite3_bind_int64(st, 18, f->last_ns);
		if (sqlite3_step(st) != SQLITE_DONE) {
			ctx_note(ctx, "store: cannot insert a flow: %s", sqlite3_errmsg(ctx->db));
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

int collect_flows(struct scan_ctx *ctx)
{
	struct flowtab t;
	size_t read = 0;
	int rc = 0;

	if (!ctx->npcaps) {
		ctx_note(ctx, "no capture given (--pcap FILE)");
		return 1;
	}
	if (flowtab_init(&t) < 0) {
		ctx_note(ctx, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < ctx->npcaps && rc >= 0; i++) {
		struct capflows_stats s;
		struct stat st;
		/* O_NONBLOCK: a path that became a FIFO since the check must not block */
		int fd = open(ctx->pcaps[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY), r;

		if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			memset(&s, 0, sizeof(s));
			snprintf(s.stopped, sizeof(s.stopped), "%s",
				 fd < 0 ? strerror(errno) : "not a regular file");
			ctx_note(ctx, "%s: %s", ctx->pcaps[i], s.stopped);
			if (fd >= 0)
				close(fd);
			rc = file_row(ctx, ctx->pcaps[i], &s, -1) < 0 ? -1 : rc;
			continue;
		}
		r = capflows_read(fd, &t, &s);
		close(fd);
		if (r < 0) {
			ctx_note(ctx, "%s: %s", ctx->pcaps[i], s.stopped);
			scan_warn("--pcap '%s': %s", ctx->pcaps[i], s.stopped);
		} else if (r > 0) {
			ctx_note(ctx, "%s: read in part: %s", ctx->pcaps[i], s.stopped);
			scan_warn("--pcap '%s': read in part (the packets before kept): %s",
				  ctx->pcaps[i], s.stopped);
		}
		else
			read++;
		if (r >= 0 && t.dropped_pkts)
			ctx_note(ctx, "%s: more than %u flows: %llu packets of further flows not counted",
				 ctx->pcaps[i], FLOWTAB_MAX, (unsigned long long)t.dropped_pkts);
		if (file_row(ctx, ctx->pcaps[i], &s, r) < 0)
			rc = -1;
		if (r > 0)
			read++;
	}
	if (rc >= 0 && insert_flows(ctx, &t) < 0)
		rc = -1;
	flowtab_release(&t);
	if (rc < 0)
		return -1;
	/* every file refused: nothing was read, so nothing is known of the traffic */
	return read ? 0 : -1;
}
