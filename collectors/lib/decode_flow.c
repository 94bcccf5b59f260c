/*
 * decode_flow.c - the decoders of network traffic (decode.h): capture
 * files into flows, Zeek conn.log records, DNS responses into the names
 * of addresses
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capflows.h"
#include "dnsmsg.h"
#include "procnet.h"
#include "zeekconn.h"
#include "decode.h"
#include "pkt.h"
#include "../../scanner/banned.h"

static void addr_text(const struct flow *f, const uint8_t *a, char *out, size_t n)
{
	if (!inet_ntop(f->family == 4 ? AF_INET : AF_INET6, a, out, (socklen_t)n))
		snprintf(out, n, "?");
}

/* the flows in a fixed order: by protocol, then the endpoints as stored */
static int flow_cmp(const void *x, const void *y)
{
	const struct flow *a = *(const struct flow *const *)x, *b = *(const struct flow *const *)y;
	int c;

	if (a->family != b->family)
		return a->family - b->family;
	if (a->proto != b->proto)
		return a->proto - b->proto;
	if ((c = memcmp(a->a, b->a, 16)) || (c = memcmp(a->b, b->b, 16)))
		return c;
	if (a->pa != b->pa)
		return a->pa - b->pa;
	if (a->pb != b->pb)
		return a->pb - b->pb;
	return a->vlan - b->vlan;
}

static json_t *side(int s)
{
	return s < 0 ? json_null() : json_string(s ? "b" : "a");
}

static json_t *flow_json(const struct flow *f)
{
	json_t *o = json_object();
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], tmp[8];

	addr_text(f, f->a, a, sizeof(a));
	addr_text(f, f->b, b, sizeof(b));
	json_object_set_new(o, "proto", json_string(pkt_proto_name(f->proto, tmp, sizeof(tmp))));
	if (f->vlan)
		json_object_set_new(o, "vlan", json_integer(f->vlan));
	json_object_set_new(o, "a", json_string(a));
	json_object_set_new(o, "a_port", json_integer(f->pa));
	json_object_set_new(o, "b", json_string(b));
	json_object_set_new(o, "b_port", json_integer(f->pb));
	json_object_set_new(o, "packets", json_pack("[II]", (json_int_t)f->pkts[0], (json_int_t)f->pkts[1]));
	json_object_set_new(o, "bytes", json_pack("[II]", (json_int_t)f->bytes[0], (json_int_t)f->bytes[1]));
	json_object_set_new(o, "first_from", side(f->first_from));
	if (f->proto == 6) {
		json_object_set_new(o, "syn_from", side(f->syn_from));
		json_object_set_new(o, "synack_from", side(f->synack_from));
		json_object_set_new(o, "tcp_flags", json_pack("[ii]", f->flags[0], f->flags[1]));
	}
	json_object_set_new(o, "first_ns", json_integer(f->first_ns));
	json_object_set_new(o, "last_ns", json_integer(f->last_ns));
	return o;
}

static int dnsname_cmp(const void *x, const void *y)
{
	const struct dnsname *a = x, *b = y;
	int c;

	if (a->family != b->family)
		return a->family - b->family;
	if ((c = memcmp(a->addr, b->addr, 16)))
		return c;
	return strcmp(a->name, b->name);
}

/* the DNS answers of a capture: the pairs, by address, and the counts */
static json_t *dns_json(struct dnsnames *d)
{
	json_t *o = json_object(), *a = json_array();

	json_object_set_new(o, "messages", json_integer((json_int_t)d->messages));
	json_object_set_new(o, "read_in_part", json_integer((json_int_t)d->partial));
	if (d->first_bad)
		json_object_set_new(o, "first_in_part", json_string(d->first_bad));
	json_object_set_new(o, "not_responses", json_integer((json_int_t)d->refused));
	if (d->dropped)
		json_object_set_new(o, "dropped_over_cap", json_integer((json_int_t)d->dropped));
	/* the slots index v: sorting v leaves them stale, and they are not used again */
	if (d->n)
		qsort(d->v, d->n, sizeof(*d->v), dnsname_cmp);
	for (size_t i = 0; i < d->n; i++) {
		char t[INET6_ADDRSTRLEN];
		if (!inet_ntop(d->v[i].family == 4 ? AF_INET : AF_INET6, d->v[i].addr, t, sizeof(t)))
			snprintf(t, sizeof(t), "?");
		json_array_append_new(a, json_pack("{s:s,s:s,s:I,s:I,s:I}", "address", t,
						   "name", d->v[i].name,
						   "answers", (json_int_t)d->v[i].answers,
						   "first_ns", (json_int_t)d->v[i].first_ns,
						   "last_ns", (json_int_t)d->v[i].last_ns));
	}
	json_object_set_new(o, "names", a);
	return o;
}

/* a capture file, pcap or pcapng, plain or gzip, into its flows (capflows.h) */
static int dec_capture(const struct decode_input *in, json_t *out)
{
	struct flowtab t;
	struct dnsnames dns;
	struct capflows_stats s;
	json_t *flows, *st, *links;
	const struct flow **v;
	size_t n = 0;
	int rc;

	if (flowtab_init(&t) < 0) {
		json_object_set_new(out, "error", json_string("out of memory"));
		return 1;
	}
	dnsnames_init(&dns);
	rc = capflows_read(in->fd, &t, &dns, &s);
	if (rc < 0) {
		json_object_set_new(out, "error", json_string(s.stopped));
		flowtab_release(&t);
		dnsnames_release(&dns);
		return 1;
	}
	st = json_object();
	json_object_set_new(st, "format", json_string(s.pcapng ? "pcapng" : "pcap"));
	json_object_set_new(st, "gzip", json_boolean(s.gzip));
	json_object_set_new(st, "packets", json_integer((json_int_t)s.packets));
	json_object_set_new(st, "bytes", json_integer((json_int_t)s.bytes));
	json_object_set_new(st, "counted", json_integer((json_int_t)s.counted));
	json_object_set_new(st, "not_ip", json_integer((json_int_t)s.not_ip));
	json_object_set_new(st, "ip_without_ports", json_integer((json_int_t)s.no_flow));
	json_object_set_new(st, "truncated", json_integer((json_int_t)s.truncated));
	json_object_set_new(st, "malformed", json_integer((json_int_t)s.malformed));
	if (s.first_bad)
		json_object_set_new(st, "first_bad", json_sprintf("packet %llu: %s",
				    (unsigned long long)s.first_bad_pkt, s.first_bad));
	links = json_object();
	for (size_t i = 0; i < CAPFLOWS_LINKS && s.link_pkts[i]; i++) {
		char k[16];
		snprintf(k, sizeof(k), "%d", s.links[i]);
		json_object_set_new(links, k, json_integer((json_int_t)s.link_pkts[i]));
	}
	if (s.other_link_pkts)
		json_object_set_new(links, "other", json_integer((json_int_t)s.other_link_pkts));
	json_object_set_new(st, "unknown_link_types", links);
	json_object_set_new(st, "orphan_fragments", json_integer((json_int_t)t.orphan_frags));
	json_object_set_new(st, "dropped_over_cap", json_integer((json_int_t)t.dropped_pkts));
	json_object_set_new(st, "bad_timestamps", json_integer((json_int_t)s.bad_ts));
	json_object_set_new(out, "capture", st);
	if (s.stopped[0])
		decode_note(out, s.stopped);
	v = malloc((t.n ? t.n : 1) * sizeof(*v));
	flows = json_array();
	if (v) {
		for (size_t i = 0; i < t.n; i++)
			v[n++] = &t.v[i];
		qsort(v, n, sizeof(*v), flow_cmp);
		for (size_t i = 0; i < n; i++)
			json_array_append_new(flows, flow_json(v[i]));
		free(v);
	}
	json_object_set_new(out, "flows", flows);
	flowtab_release(&t);
	if (dns.messages || dns.refused)
		json_object_set_new(out, "dns", dns_json(&dns));
	dnsnames_release(&dns);
	return 0;
}

#define ZEEK_DECODE_MAX 1000	/* records printed */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *num_or_null(int64_t v)
{
	return v >= 0 ? json_integer((json_int_t)v) : json_null();
}

static int zeek_record(void *arg, const struct zeek_conn *c)
{
	json_t *a = arg, *o;

	if (json_array_size(a) >= ZEEK_DECODE_MAX)
		return 0;
	o = json_object();
	json_object_set_new(o, "ts_ns", c->ts_ns ? json_integer(c->ts_ns) : json_null());
	json_object_set_new(o, "orig_h", json_string(c->orig_h));
	json_object_set_new(o, "orig_p", c->orig_p >= 0 ? json_integer(c->orig_p) : json_null());
	json_object_set_new(o, "resp_h", json_string(c->resp_h));
	json_object_set_new(o, "resp_p", json_integer(c->resp_p));
	json_object_set_new(o, "proto", json_string(c->proto));
	json_object_set_new(o, "service", str_or_null(c->service));
	json_object_set_new(o, "conn_state", str_or_null(c->conn_state));
	json_object_set_new(o, "history", str_or_null(c->history));
	json_object_set_new(o, "orig_pkts", num_or_null(c->orig_pkts));
	json_object_set_new(o, "resp_pkts", num_or_null(c->resp_pkts));
	json_object_set_new(o, "orig_ip_bytes", num_or_null(c->orig_bytes));
	json_object_set_new(o, "resp_ip_bytes", num_or_null(c->resp_bytes));
	json_array_append_new(a, o);
	return 0;
}

/* a Zeek conn.log, ASCII or JSON, plain or gzip (zeekconn.h) */
static int dec_zeek_conn(const struct decode_input *in, json_t *out)
{
	struct zeek_stats s;
	json_t *recs = json_array();
	int rc = zeek_conn_read(in->fd, zeek_record, recs, &s);

	if (rc < 0) {
		json_decref(recs);
		json_object_set_new(out, "error", json_string(s.stopped));
		return 1;
	}
	json_object_set_new(out, "form", str_or_null(s.form));
	json_object_set_new(out, "gzip", json_boolean(s.gzip));
	json_object_set_new(out, "records", json_integer((json_int_t)s.records));
	json_object_set_new(out, "skipped", json_integer((json_int_t)s.skipped));
	if (s.skipped)
		json_object_set_new(out, "first_skipped", json_sprintf("line %llu: %s",
				    (unsigned long long)s.first_skipped_line, s.first_skipped));
	if (s.stopped[0])
		decode_note(out, s.stopped);
	if (s.records > ZEEK_DECODE_MAX)
		decode_note(out, "records after the first 1000 not printed");
	json_object_set_new(out, "conns", recs);
	return 0;
}

static void sock_json(void *arg, const struct procnet_sock *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "local", json_string(s->local));
	json_object_set_new(o, "lport", json_integer(s->lport));
	json_object_set_new(o, "remote", json_string(s->remote));
	json_object_set_new(o, "rport", json_integer(s->rport));
	json_object_set_new(o, "state", json_integer(s->state));
	json_object_set_new(o, "uid", json_integer((json_int_t)s->uid));
	json_object_set_new(o, "inode", json_integer((json_int_t)s->inode));
	json_array_append_new(arg, o);
}

/*
 * a /proc/net/{tcp,udp}[6] table (procnet.h); IPv6 when the first socket's
 * address has 32 hex digits (the tables differ in nothing else)
 */
static int dec_proc_net(const struct decode_input *in, json_t *out)
{
	const char *text = (const char *)in->data, *nl = memchr(text, '\n', in->len);
	const char *second = nl ? nl + 1 : text + in->len, *colon;
	size_t bad, first_bad;
	int family = 4;
	json_t *a = json_array();

	colon = memchr(second, ':', (size_t)(text + in->len - second));
	if (colon && colon + 2 + 33 < text + in->len && colon[2 + 32] == ':')
		family = 6;
	procnet_parse(text, in->len, family, sock_json, a, &bad, &first_bad);
	json_object_set_new(out, "family", json_integer(family));
	json_object_set_new(out, "sockets", a);
	json_object_set_new(out, "bad_lines", json_integer((json_int_t)bad));
	if (bad)
		json_object_set_new(out, "first_bad_line", json_integer((json_int_t)first_bad));
	return 0;
}

static void dns_pair_json(void *arg, const struct dnsmsg_pair *p)
{
	char a[INET6_ADDRSTRLEN];
	json_t *o = json_object();

	if (!inet_ntop(p->family == 4 ? AF_INET : AF_INET6, p->addr, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	json_object_set_new(o, "address", json_string(a));
	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "via_cname", json_boolean(p->via_cname));
	json_object_set_new(o, "ttl", json_integer(p->ttl));
	json_array_append_new(arg, o);
}

/* one DNS response, as a UDP payload from port 53 holds it (dnsmsg.h) */
static int dec_dns(const struct decode_input *in, json_t *out)
{
	struct dnsmsg_info info;
	json_t *pairs = json_array(), *h;
	const char *rc_name;
	int rc = dnsmsg_read(in->data, in->len, &info, dns_pair_json, pairs);

	if (rc < 0) {
		json_decref(pairs);
		json_object_set_new(out, "error", json_string(info.why));
		return 1;
	}
	h = json_object();
	json_object_set_new(h, "id", json_integer(info.id));
	json_object_set_new(h, "opcode", json_integer(info.opcode));
	rc_name = dnsmsg_rcode_name(info.rcode);
	json_object_set_new(h, "rcode", rc_name ? json_string(rc_name) : json_integer(info.rcode));
	json_object_set_new(h, "authoritative", json_boolean(info.aa));
	json_object_set_new(h, "truncated", json_boolean(info.tc));
	json_object_set_new(h, "counts", json_pack("{s:i,s:i,s:i,s:i}", "questions", info.qdcount,
						   "answers", info.ancount, "authority", info.nscount,
						   "additional", info.arcount));
	json_object_set_new(out, "header", h);
	json_object_set_new(out, "question", info.qname[0] ?
			    json_pack("{s:s,s:i}", "name", info.qname, "type", info.qtype) : json_null());
	json_object_set_new(out, "records_read", json_integer(info.records));
	json_object_set_new(out, "address_records", json_integer(info.addrs));
	json_object_set_new(out, "cname_records", json_integer(info.cnames));
	if (info.over_cap)
		json_object_set_new(out, "over_cap", json_integer(info.over_cap));
	json_object_set_new(out, "pairs", pairs);
	if (rc > 0) {
		char note[160];
		snprintf(note, sizeof(note), "read in part: byte %zu: %s", info.why_at, info.why);
		decode_note(out, note);
	}
	return 0;
}

const struct decoder decode_flow_table[] = {
	DECODER("proc-net", DECODE_BYTES, dec_proc_net,
		"a socket table of /proc/net (tcp, tcp6, udp, udp6)"),
	DECODER("zeek-conn", DECODE_FD, dec_zeek_conn,
		"a Zeek conn.log (ASCII with its #fields, or JSON lines; plain or gzip)"),
	DECODER("capture", DECODE_FD, dec_capture,
		"a capture file (pcap, pcapng; plain or gzip) into its flows"),
	DECODER("dns", DECODE_BYTES, dec_dns,
		"a DNS, mDNS or LLMNR response (RFC 1035, a UDP payload) into the names of its addresses"),
	{ NULL },
};
