/*
 * flows.c - the network flows of capture files (premig scan --pcap FILE)
 * and of Zeek's conn.log (--flows FILE)
 *
 * Every file is read by collectors/lib/capflows.c (pcap or pcapng, plain
 * or gzip, every link type pkt.c reads) into one flow table, so that a
 * conversation seen in two captures is one flow; each file's row in
 * capture_files says what it held, what could not be counted and why a
 * reading stopped.  A file that stops early keeps the packets read before
 * the fault (partial); a file that is not a capture is refused.  The flows
 * are stored as seen: which side is the client is the dependency
 * analysis's to decide, from the handshake, the listeners or the ports.
 *
 * The DNS answers in the captures (UDP from port 53, mDNS's 5353, LLMNR's
 * 5355; dnsnames.h) name the addresses they give: one dns_names row per
 * (address, name), with the answers counted and the first and last seen,
 * so that an unscanned server is more than a bare IP.  At most
 * DNSNAMES_MAX pairs; past it, a note counts the answers not kept.
 *
 * Zeek's records already say who originated each connection (the side
 * that sent the first packet Zeek saw, the handshake's when it saw one):
 * they are folded by (protocol, originator, responder, responder port),
 * at most ZEEK_MAX_DEPS of them, the connections counted, the client's
 * ephemeral ports dropped, and Zeek's conn_state counts and a history
 * kept as the evidence.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "collectors.h"
#include "lib/capflows.h"
#include "lib/dnsnames.h"
#include "lib/livecap.h"
#include "lib/zeekconn.h"
#include "../scanner/banned.h"

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

/*
 * An address as text: IPv4 in dotted decimal written here (glibc's
 * inet_ntop goes through sprintf, and a million flows are two million
 * addresses), IPv6 by inet_ntop.  NULL if it cannot be written.
 */
static const char *addr_text(int family, const uint8_t *a, char *out, size_t n)
{
	char *p = out;

	if (family != 4)
		return inet_ntop(AF_INET6, a, out, (socklen_t)n);
	if (n < INET_ADDRSTRLEN)
		return NULL;
	for (int i = 0; i < 4; i++) {
		unsigned int v = a[i];
		if (v >= 100)
			*p++ = (char)('0' + v / 100);
		if (v >= 10)
			*p++ = (char)('0' + v / 10 % 10);
		*p++ = (char)('0' + v % 10);
		*p++ = i < 3 ? '.' : '\0';
	}
	return out;
}

/*
 * The flows of t, in the order first seen, FLOW_BATCH rows to an INSERT
 * (a statement's fixed cost per step, its cursors and its transaction
 * checks, shared by the batch: a million flows in 1/3 less time), the
 * remainder one row to an INSERT, inside the collector's transaction.
 * Every text bound is the caller's and lives until the batch is stepped
 * (SQLITE_STATIC: nothing copied).
 */
#define FLOW_BATCH 32
#define FLOW_PARAMS 17		/* per row; ?1 the scan, ?2 the source */

struct flow_text {
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], proto[8];
};

/* the INSERT of rows rows, prepared; NULL after a note */
static sqlite3_stmt *flows_stmt(struct scan_ctx *ctx, size_t rows, const char *source)
{
	struct buf sql;
	sqlite3_stmt *st;

	buf_init(&sql);
	buf_adds(&sql, "INSERT INTO flows (scan_id, source, proto, vlan, a_ip, a_port, b_ip, b_port,"
		 " packets_ab, bytes_ab, packets_ba, bytes_ba, first_from, syn_from, synack_from,"
		 " tcp_flags_a, tcp_flags_b, first_ns, last_ns) VALUES ");
	for (size_t r = 0; r < rows; r++) {
		buf_adds(&sql, r ? ",(?1,?2" : "(?1,?2");
		for (size_t c = 0; c < FLOW_PARAMS; c++)
			buf_addf(&sql, ",?%zu", 3 + r * FLOW_PARAMS + c);
		buf_addc(&sql, ')');
	}
	st = db_prepare(ctx->db, sql.data);
	buf_release(&sql);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, ctx->scan_id);
	sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	return st;
}

/* binds flow f as row r of st; 0, or -1 when an address cannot be written (the flow is left out) */
static int bind_flow(sqlite3_stmt *st, size_t r, const struct flow *f, struct flow_text *tx)
{
	int p = (int)(3 + r * FLOW_PARAMS), tcp = f->proto == 6;

	if (!addr_text(f->family, f->a, tx->a, sizeof(tx->a)) || !addr_text(f->family, f->b, tx->b, sizeof(tx->b)))
		return -1;
	sqlite3_bind_text(st, p, pkt_proto_name(f->proto, tx->proto, sizeof(tx->proto)), -1, SQLITE_STATIC);
	if (f->vlan)
		sqlite3_bind_int(st, p + 1, f->vlan);
	else
		sqlite3_bind_null(st, p + 1);
	sqlite3_bind_text(st, p + 2, tx->a, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, p + 3, f->pa);
	sqlite3_bind_text(st, p + 4, tx->b, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, p + 5, f->pb);
	sqlite3_bind_int64(st, p + 6, (int64_t)f->pkts[0]);
	sqlite3_bind_int64(st, p + 7, (int64_t)f->bytes[0]);
	sqlite3_bind_int64(st, p + 8, (int64_t)f->pkts[1]);
	sqlite3_bind_int64(st, p + 9, (int64_t)f->bytes[1]);
	sqlite3_bind_text(st, p + 10, side(f->first_from), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, p + 11, tcp ? side(f->syn_from) : NULL, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, p + 12, tcp ? side(f->synack_from) : NULL, -1, SQLITE_STATIC);
	if (tcp) {
		sqlite3_bind_int(st, p + 13, f->flags[0]);
		sqlite3_bind_int(st, p + 14, f->flags[1]);
	} else {
		sqlite3_bind_null(st, p + 13);
		sqlite3_bind_null(st, p + 14);
	}
	sqlite3_bind_int64(st, p + 15, f->first_ns);
	sqlite3_bind_int64(st, p + 16, f->last_ns);
	return 0;
}

/* steps st (its rows bound) and resets it; 0, or -1 after a note */
static int step_flows(struct scan_ctx *ctx, sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE) {
		ctx_note(ctx, "store: cannot insert a flow: %s", sqlite3_errmsg(ctx->db));
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

static int insert_flows(struct scan_ctx *ctx, const struct flowtab *t, const char *source)
{
	struct flow_text tx[FLOW_BATCH];
	size_t left[FLOW_BATCH], r = 0;
	sqlite3_stmt *batch = NULL, *one = NULL;
	int rc = -1;

	if (t->n >= FLOW_BATCH && !(batch = flows_stmt(ctx, FLOW_BATCH, source)))
		return -1;
	for (size_t i = 0; batch && i < t->n; i++) {
		if (bind_flow(batch, r, &t->v[i], &tx[r]) < 0)
			continue;
		left[r++] = i;
		if (r == FLOW_BATCH) {
			if (step_flows(ctx, batch) < 0)
				goto out;
			r = 0;
		}
	}
	if (!batch)
		for (size_t i = 0; i < t->n; i++)
			left[r++] = i;
	/* the rest, fewer than a batch, one to an INSERT */
	if (r && !(one = flows_stmt(ctx, 1, source)))
		goto out;
	for (size_t k = 0; k < r; k++)
		if (bind_flow(one, 0, &t->v[left[k]], &tx[0]) == 0 && step_flows(ctx, one) < 0)
			goto out;
	rc = 0;
out:
	sqlite3_finalize(batch);
	sqlite3_finalize(one);
	return rc;
}

/* the pairs of DNS answers (dnsnames.h) into dns_names, and a note of what was not read */
static int insert_dns(struct scan_ctx *ctx, const struct dnsnames *d)
{
	sqlite3_stmt *st;

	if (d->partial)
		ctx_note(ctx, "DNS: %llu of %llu answers read in part (the records before kept); "
			 "the first: %s", (unsigned long long)d->partial, (unsigned long long)d->messages,
			 d->first_bad);
	if (d->dropped)
		ctx_note(ctx, "DNS: more than %u address-name pairs (or %u MiB of names): %llu answers "
			 "of further ones not kept", DNSNAMES_MAX, DNSNAMES_MAX_TEXT >> 20,
			 (unsigned long long)d->dropped);
	if (d->oom)
		ctx_note(ctx, "DNS: out of memory for the names of DNS answers: the later ones not kept");
	if (!d->n)
		return 0;
	st = db_prepare(ctx->db, "INSERT INTO dns_names (scan_id, address, name, answers, first_ns, last_ns)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (!st)
		return -1;
	for (size_t i = 0; i < d->n; i++) {
		const struct dnsname *e = &d->v[i];
		char a[INET6_ADDRSTRLEN];

		if (!inet_ntop(e->family == 4 ? AF_INET : AF_INET6, e->addr, a, sizeof(a)))
			continue;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, ctx->scan_id);
		sqlite3_bind_text(st, 2, a, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, e->name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 4, (int64_t)e->answers);
		sqlite3_bind_int64(st, 5, e->first_ns);
		sqlite3_bind_int64(st, 6, e->last_ns);
		if (sqlite3_step(st) != SQLITE_DONE) {
			ctx_note(ctx, "store: cannot insert a DNS name: %s", sqlite3_errmsg(ctx->db));
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

#define ZEEK_MAX_DEPS (1u << 20)
#define ZEEK_STATES 8		/* conn_state values counted per dependency */

struct zdep {
	char *proto, *orig, *resp, *service, *history;
	int port;
	uint64_t conns, pkts[2], bytes[2];
	int64_t first_ns, last_ns;
	int syn, synack;		/* a history with S (originator SYN), h (responder SYN-ACK) */
	char states[ZEEK_STATES][8];
	uint64_t state_n[ZEEK_STATES];
};

struct zagg {
	struct zdep *v;
	size_t n, alloc;
	size_t *slots, nslots;		/* open addressing: index + 1, 0 empty */
	uint64_t dropped;
};

static size_t zhash(const char *proto, const char *orig, const char *resp, int port)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const char *parts[3] = { proto, orig, resp };

	for (int k = 0; k < 3; k++) {
		for (const char *p = parts[k]; *p; p++)
			h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
		h = (h ^ '|') * 0x100000001b3ULL;
	}
	return (size_t)((h ^ (uint64_t)port) * 0x100000001b3ULL);
}

static int zeq(const struct zdep *d, const struct zeek_conn *c)
{
	return d->port == c->resp_p && !strcmp(d->proto, c->proto) && !strcmp(d->orig, c->orig_h) &&
	       !strcmp(d->resp, c->resp_h);
}

static int zgrow(struct zagg *a)
{
	size_t n = a->nslots ? a->nslots * 2 : 1024;
	size_t *s = calloc(n, sizeof(*s));

	if (!s)
		return -1;
	for (size_t i = 0; i < a->n; i++) {
		const struct zdep *d = &a->v[i];
		size_t j = zhash(d->proto, d->orig, d->resp, d->port) & (n - 1);
		while (s[j])
			j = (j + 1) & (n - 1);
		s[j] = i + 1;
	}
	free(a->slots);
	a->slots = s;
	a->nslots = n;
	return 0;
}

static int zeek_add(void *arg, const struct zeek_conn *c)
{
	struct zagg *a = arg;
	struct zdep *d;
	size_t j;

	if ((a->n + 1) * 2 > a->nslots && a->n < ZEEK_MAX_DEPS && zgrow(a) < 0)
		return 1;
	j = zhash(c->proto, c->orig_h, c->resp_h, c->resp_p) & (a->nslots - 1);
	while (a->slots[j] && !zeq(&a->v[a->slots[j] - 1], c))
		j = (j + 1) & (a->nslots - 1);
	if (!a->slots[j]) {
		if (a->n >= ZEEK_MAX_DEPS) {
			a->dropped++;
			return 0;
		}
		if (a->n == a->alloc) {
			a->alloc = a->alloc ? a->alloc * 2 : 256;
			a->v = xrealloc(a->v, a->alloc * sizeof(*a->v));
		}
		d = &a->v[a->n];
		memset(d, 0, sizeof(*d));
		d->proto = xstrdup(c->proto);
		d->orig = xstrdup(c->orig_h);
		d->resp = xstrdup(c->resp_h);
		d->port = c->resp_p;
		d->first_ns = c->ts_ns;
		a->slots[j] = ++a->n;
	}
	d = &a->v[a->slots[j] - 1];
	d->conns++;
	d->pkts[0] += c->orig_pkts > 0 ? (uint64_t)c->orig_pkts : 0;
	d->pkts[1] += c->resp_pkts > 0 ? (uint64_t)c->resp_pkts : 0;
	d->bytes[0] += c->orig_bytes > 0 ? (uint64_t)c->orig_bytes : 0;
	d->bytes[1] += c->resp_bytes > 0 ? (uint64_t)c->resp_bytes : 0;
	if (c->ts_ns && (!d->first_ns || c->ts_ns < d->first_ns))
		d->first_ns = c->ts_ns;
	if (c->ts_ns > d->last_ns)
		d->last_ns = c->ts_ns;
	if (c->history) {
		d->syn |= strchr(c->history, 'S') != NULL;
		d->synack |= strchr(c->history, 'h') != NULL;
		if (!d->history || (strchr(c->history, 'h') && !strchr(d->history, 'h'))) {
			free(d->history);
			d->history = xstrndup(c->history, strnlen(c->history, 32));
		}
	}
	if (c->service && !d->service)
		d->service = xstrndup(c->service, strnlen(c->service, 64));
	if (c->conn_state) {
		size_t k = 0;
		while (k < ZEEK_STATES && d->state_n[k] && strcmp(d->states[k], c->conn_state))
			k++;
		if (k < ZEEK_STATES) {
			if (!d->state_n[k])
				snprintf(d->states[k], sizeof(d->states[k]), "%.7s", c->conn_state);
			d->state_n[k]++;
		}
	}
	return 0;
}

static void zagg_release(struct zagg *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].proto);
		free(a->v[i].orig);
		free(a->v[i].resp);
		free(a->v[i].service);
		free(a->v[i].history);
	}
	free(a->v);
	free(a->slots);
}

static int insert_zeek(struct scan_ctx *ctx, const struct zagg *a)
{
	for (size_t i = 0; i < a->n; i++) {
		const struct zdep *d = &a->v[i];
		struct dbrow r;
		struct buf ev = BUF_INIT;

		for (size_t k = 0; k < ZEEK_STATES && d->state_n[k]; k++)
			buf_addf_sep(&ev, ", ", "%s x%llu", d->states[k], (unsigned long long)d->state_n[k]);
		if (ev.len)
			buf_addf(&ev, " (conn_state)");
		if (d->history)
			buf_addf_sep(&ev, "; ", "history %s", d->history);
		dbrow_init(&r, "flows");
		dbrow_text(&r, "source", "zeek");
		dbrow_text(&r, "proto", d->proto);
		dbrow_text(&r, "a_ip", d->orig);
		dbrow_null(&r, "a_port");
		dbrow_text(&r, "b_ip", d->resp);
		dbrow_int(&r, "b_port", d->port);
		dbrow_int(&r, "packets_ab", (int64_t)d->pkts[0]);
		dbrow_int(&r, "bytes_ab", (int64_t)d->bytes[0]);
		dbrow_int(&r, "packets_ba", (int64_t)d->pkts[1]);
		dbrow_int(&r, "bytes_ba", (int64_t)d->bytes[1]);
		dbrow_text(&r, "first_from", "a");
		dbrow_text(&r, "syn_from", d->syn ? "a" : NULL);
		dbrow_text(&r, "synack_from", d->synack ? "b" : NULL);
		dbrow_int_if(&r, "first_ns", d->first_ns != 0, d->first_ns);
		dbrow_int_if(&r, "last_ns", d->last_ns != 0, d->last_ns);
		dbrow_int(&r, "connections", (int64_t)d->conns);
		dbrow_text(&r, "service", d->service);
		dbrow_text(&r, "evidence", ev.len ? ev.data : NULL);
		buf_release(&ev);
		if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0)
			return -1;
	}
	return 0;
}

/* each --flows file into a; its capture_files row; the count read */
static int read_zeek(struct scan_ctx *ctx, struct zagg *a, size_t *read)
{
	for (size_t i = 0; i < ctx->nflowlogs; i++) {
		const char *path = ctx->flowlogs[i];
		struct zeek_stats s;
		struct dbrow r;
		struct stat st;
		int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY), rc;

		memset(&s, 0, sizeof(s));
		if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			snprintf(s.stopped, sizeof(s.stopped), "%s",
				 fd < 0 ? strerror(errno) : "not a regular file");
			rc = -1;
		} else {
			rc = zeek_conn_read(fd, zeek_add, a, &s);
		}
		if (fd >= 0)
			close(fd);
		if (rc < 0) {
			ctx_note(ctx, "%s: %s", path, s.stopped);
			scan_warn("--flows '%s': %s", path, s.stopped);
		} else {
			(*read)++;
			if (rc > 0) {
				ctx_note(ctx, "%s: read in part: %s", path, s.stopped);
				scan_warn("--flows '%s': read in part (the records before kept): %s",
					  path, s.stopped);
			}
			if (s.skipped)
				ctx_note(ctx, "%s: %llu records skipped, the first at line %llu: %s", path,
					 (unsigned long long)s.skipped,
					 (unsigned long long)s.first_skipped_line, s.first_skipped);
		}
		dbrow_init(&r, "capture_files");
		dbrow_text(&r, "path", path);
		if (rc >= 0) {
			char fmt[16];
			snprintf(fmt, sizeof(fmt), "zeek-%s", s.form ? s.form : "tsv");
			dbrow_text(&r, "format", fmt);
			dbrow_int(&r, "gzip", s.gzip);
			dbrow_int(&r, "packets", (int64_t)s.records);
			dbrow_int(&r, "malformed", (int64_t)s.skipped);
			if (s.skipped) {
				char b[200];
				snprintf(b, sizeof(b), "line %llu: %s", (unsigned long long)s.first_skipped_line,
					 s.first_skipped);
				dbrow_text(&r, "first_bad", b);
			}
		}
		dbrow_text(&r, "status", rc < 0 ? "refused" : rc ? "partial" : "read");
		dbrow_text(&r, "reason", s.stopped[0] ? s.stopped : NULL);
		if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0)
			return -1;
	}
	if (a->dropped)
		ctx_note(ctx, "more than %u client-server pairs in the flow logs: %llu connections "
			 "of further ones not counted", ZEEK_MAX_DEPS, (unsigned long long)a->dropped);
	return 0;
}

/*
 * --capture: this host's traffic for --seconds into flows of source
 * capture, and its capture_files row ("capture:IFACE").  0 captured, 1
 * could not (the note says why; the rest of the scan goes on), -1 store.
 */
static int live_capture(struct scan_ctx *ctx, struct dnsnames *dns)
{
	struct flowtab t;
	struct livecap_stats s;
	struct dbrow r;
	char path[128], fmt[32];
	int rc;

	if (flowtab_init(&t) < 0) {
		ctx_note(ctx, "out of memory");
		return -1;
	}
	snprintf(path, sizeof(path), "capture:%s", ctx->capture);
	rc = livecap_run(ctx->capture, ctx->capture_s, ctx->capture_filter, ctx->syn_only,
			 isatty(2) && !err_quiet(), &t, dns, &s);
	if (rc < 0) {
		ctx_note(ctx, "--capture %s: %s", ctx->capture, s.why);
		scan_warn("--capture %s: %s; the rest of the scan goes on", ctx->capture, s.why);
	} else if (s.dropped) {
		ctx_note(ctx, "--capture %s: %llu packets dropped by the kernel", ctx->capture,
			 (unsigned long long)s.dropped);
	}
	if (rc == 0 && s.interrupted)
		ctx_note(ctx, "--capture %s: ended early by Ctrl-C; the flows seen are kept", ctx->capture);
	dbrow_init(&r, "capture_files");
	dbrow_text(&r, "path", path);
	if (rc == 0) {
		snprintf(fmt, sizeof(fmt), "live%s", ctx->syn_only ? " syn-only" : "");
		dbrow_text(&r, "format", fmt);
		dbrow_int(&r, "packets", (int64_t)s.packets);
		dbrow_int(&r, "counted", (int64_t)s.counted);
	}
	dbrow_text(&r, "status", rc < 0 ? "refused" : s.interrupted ? "partial" : "read");
	dbrow_text(&r, "reason", rc < 0 ? s.why : s.interrupted ? "ended by Ctrl-C" : NULL);
	if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0 || (rc == 0 && insert_flows(ctx, &t, "capture") < 0))
		rc = -2;
	flowtab_release(&t);
	return rc == -2 ? -1 : rc < 0 ? 1 : 0;
}

int collect_flows(struct scan_ctx *ctx)
{
	struct flowtab t;
	struct dnsnames dns;
	size_t read = 0;
	int rc = 0;

	if (!ctx->npcaps && !ctx->nflowlogs && !ctx->capture) {
		ctx_note(ctx, "no capture given (--pcap FILE, --flows FILE, --capture IFACE)");
		return 1;
	}
	if (flowtab_init(&t) < 0) {
		ctx_note(ctx, "out of memory");
		return -1;
	}
	dnsnames_init(&dns);
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
		r = capflows_read(fd, &t, &dns, &s);
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
	if (rc >= 0 && insert_flows(ctx, &t, "pcap") < 0)
		rc = -1;
	flowtab_release(&t);
	if (rc >= 0 && ctx->capture) {
		int r = live_capture(ctx, &dns);
		if (r < 0)
			rc = -1;
		else if (r == 0)
			read++;
	}
	if (rc >= 0 && insert_dns(ctx, &dns) < 0)
		rc = -1;
	dnsnames_release(&dns);
	if (rc >= 0 && ctx->nflowlogs) {
		struct zagg a;
		memset(&a, 0, sizeof(a));
		if (read_zeek(ctx, &a, &read) < 0 || insert_zeek(ctx, &a) < 0)
			rc = -1;
		zagg_release(&a);
	}
	if (rc < 0)
		return -1;
	/* every file refused: nothing was read, so nothing is known of the traffic */
	return read ? 0 : -1;
}
