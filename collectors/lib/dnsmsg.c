/*
 * dnsmsg.c - one DNS response read for the names of its addresses (dnsmsg.h)
 *
 * Sources: RFC 1035 sections 2.3.4 (sizes), 3.4.1 (A), 4.1 (the message
 * and its header, question and resource record formats), 4.1.4
 * (compression); RFC 3596 section 2 (AAAA); RFC 1034 section 3.6.2
 * (CNAME); RFC 6891 section 5 (the label types 0x40 and 0x80); RFC 6762
 * section 10.2 (mDNS's cache-flush bit); RFC 6895 section 2.3 (RCODEs).
 * tcpdump's print-domain.c (ns_nprint, its loop check) is the model of
 * the name walk.
 */
#include <stdio.h>
#include <string.h>

#include "../../scanner/rd.h"
#include "dnsmsg.h"
#include "../../scanner/banned.h"

/* the header (RFC 1035 section 4.1.1) */
#define H_ID 0
#define H_FLAGS 2
#define H_QDCOUNT 4
#define H_ANCOUNT 6
#define H_NSCOUNT 8
#define H_ARCOUNT 10
#define F_QR 0x8000
#define F_OPCODE(f) (((f) >> 11) & 0x0f)
#define F_AA 0x0400
#define F_TC 0x0200
#define F_RCODE(f) ((f) & 0x0f)

/* after a name: the question's QTYPE, QCLASS; a record's TYPE, CLASS, TTL, RDLENGTH */
#define Q_FIXED 4
#define RR_TYPE 0
#define RR_CLASS 2
#define RR_TTL 4
#define RR_RDLENGTH 8
#define RR_FIXED 10

/* a label's first byte: 00 a length, 11 a pointer, 01 and 10 the RFC 6891 types */
#define LABEL_TYPE 0xc0
#define LABEL_PTR 0xc0
#define PTR_MASK 0x3fff

#define T_A 1
#define T_CNAME 5
#define T_AAAA 28
#define C_IN 1
#define C_MDNS_FLUSH 0x8000	/* RFC 6762 10.2: the top bit of an mDNS record's class */

#define OPCODE_QUERY 0

/* a name, uncompressed: its labels, lower case, with the final 0 byte */
struct dname {
	uint8_t w[DNSMSG_MAX_NAME];
	size_t len;
};

struct addr_rec {
	struct dname owner;
	int family;
	size_t addr_off;
	uint32_t ttl;
};

struct cname_rec {
	struct dname owner, target;
	int in_chain;
};

struct walk {
	struct rd r;
	struct dnsmsg_info *info;
	struct addr_rec addrs[DNSMSG_MAX_ADDRS];
	struct cname_rec cnames[DNSMSG_MAX_CNAMES];
	size_t naddrs, ncnames;
	unsigned int items;		/* questions and records read, against DNSMSG_MAX_RRS */
	struct dname qname;
	int has_qname;
};

static int stop(struct walk *w, const char *why, size_t at)
{
	if (!w->info->why) {
		w->info->why = why;
		w->info->why_at = at;
	}
	return 1;
}

/*
 * Reads the name at off into n; *next is where what follows the name in
 * place starts.  NULL, or why not (*at the byte where).
 */
static const char *name_read(struct rd *r, size_t off, struct dname *n, size_t *next, size_t *at)
{
	size_t pos = off;
	unsigned int jumps = 0;
	int jumped = 0;

	n->len = 0;
	for (;;) {
		uint8_t c = rd_u8(r, pos);

		*at = pos;
		if (!rd_ok(r))
			return "name runs past the end of the message";
		if ((c & LABEL_TYPE) == LABEL_PTR) {
			size_t to = rd_be16(r, pos) & PTR_MASK;
			if (!rd_ok(r))
				return "compression pointer cut by the end of the message";
			if (!jumped)
				*next = pos + 2;
			jumped = 1;
			if (++jumps > DNSMSG_MAX_JUMPS)
				return "more than 64 compression pointers in one name (a pointer loop)";
			if (to < DNSMSG_HDR)
				return "compression pointer into the header";
			if (to >= r->len)
				return "compression pointer past the end of the message";
			pos = to;
			continue;
		}
		if (c & LABEL_TYPE)
			return "label of type 0x40 or 0x80 (longer than 63 bytes, or an extended label)";
		if (n->len + 1 + c > DNSMSG_MAX_NAME)
			return "name longer than 255 bytes";
		if (c == 0) {
			n->w[n->len++] = 0;
			if (!jumped)
				*next = pos + 1;
			return NULL;
		}
		{
			const unsigned char *l = rd_ptr(r, pos + 1, c);
			if (!l)
				return "label runs past the end of the message";
			n->w[n->len++] = c;
			for (size_t i = 0; i < c; i++)
				n->w[n->len++] = (uint8_t)(l[i] >= 'A' && l[i] <= 'Z' ? l[i] + ('a' - 'A') : l[i]);
		}
		/* a name is at most 255 bytes: the final 0 must fit too */
		if (n->len + 1 > DNSMSG_MAX_NAME)
			return "name longer than 255 bytes";
		pos += 1 + (size_t)c;
	}
}

static int name_eq(const struct dname *a, const struct dname *b)
{
	return a->len == b->len && !memcmp(a->w, b->w, a->len);
}

/* the text of n (dnsmsg.h): labels joined by dots, "." for the root */
static void name_text(const struct dname *n, char *out, size_t cap)
{
	size_t k = 0, i = 0;

	while (i < n->len && n->w[i]) {
		size_t l = n->w[i++];
		if (k && k + 1 < cap)
			out[k++] = '.';
		for (size_t j = 0; j < l && i < n->len; j++, i++) {
			uint8_t c = n->w[i];
			if (c == '.' || c == '\\') {
				if (k + 2 < cap) {
					out[k++] = '\\';
					out[k++] = (char)c;
				}
			} else if (c > 0x20 && c < 0x7f) {
				if (k + 1 < cap)
					out[k++] = (char)c;
			} else if (k + 4 < cap) {
				snprintf(out + k, cap - k, "\\%03u", c);
				k += 4;
			}
		}
	}
	if (!k && cap > 1)
		out[k++] = '.';
	out[k < cap ? k : cap - 1] = 0;
}

static int questions(struct walk *w, size_t *pos)
{
	for (unsigned int i = 0; i < w->info->qdcount; i++) {
		struct dname n;
		size_t next = 0, at = 0;
		const char *why;

		if (w->items++ >= DNSMSG_MAX_RRS)
			return stop(w, "more than 512 questions and records: the rest not read", *pos);
		why = name_read(&w->r, *pos, &n, &next, &at);
		if (why)
			return stop(w, why, at);
		if (!rd_has(&w->r, next, Q_FIXED))
			return stop(w, "question cut by the end of the message", next);
		if (i == 0) {
			w->qname = n;
			w->has_qname = 1;
			w->info->qtype = rd_be16(&w->r, next);
			name_text(&n, w->info->qname, sizeof(w->info->qname));
		}
		*pos = next + Q_FIXED;
	}
	return 0;
}

/* one record at *pos, of the answer section (answer) or another */
static int record(struct walk *w, size_t *pos, int answer)
{
	struct dname owner;
	size_t next = 0, at = 0, rdata;
	uint16_t type, klass, rdlen;
	uint32_t ttl;
	const char *why = name_read(&w->r, *pos, &owner, &next, &at);

	if (why)
		return stop(w, why, at);
	type = rd_be16(&w->r, next + RR_TYPE);
	klass = rd_be16(&w->r, next + RR_CLASS) & ~C_MDNS_FLUSH;
	ttl = rd_be32(&w->r, next + RR_TTL);
	rdlen = rd_be16(&w->r, next + RR_RDLENGTH);
	if (!rd_ok(&w->r))
		return stop(w, "record cut by the end of the message", next);
	rdata = next + RR_FIXED;
	if (!rd_has(&w->r, rdata, rdlen))
		return stop(w, "record data runs past the end of the message", rdata);
	*pos = rdata + rdlen;
	w->info->records++;
	if (klass != C_IN)
		return 0;
	if (type == T_A || type == T_AAAA) {
		size_t want = type == T_A ? 4 : 16;
		struct addr_rec *a;
		if (rdlen != want) {
			stop(w, type == T_A ? "A record whose data is not 4 bytes" :
			     "AAAA record whose data is not 16 bytes", rdata);
			return 0;	/* the record's length frames it: the next can be read */
		}
		w->info->addrs++;
		if (w->naddrs >= DNSMSG_MAX_ADDRS) {
			w->info->over_cap++;
			return 0;
		}
		a = &w->addrs[w->naddrs++];
		a->owner = owner;
		a->family = type == T_A ? 4 : 6;
		a->addr_off = rdata;
		a->ttl = ttl;
	} else if (type == T_CNAME && answer) {
		struct cname_rec *c;
		struct dname target;
		size_t tnext = 0;
		struct rd in = rd_sub(&w->r, 0, rdata + rdlen);

		/* the target may point back into the message, but ends inside the data */
		why = name_read(&in, rdata, &target, &tnext, &at);
		if (why || tnext != rdata + rdlen) {
			stop(w, why ? why : "CNAME record whose data is not one name", why ? at : rdata);
			return 0;
		}
		w->info->cnames++;
		if (w->ncnames >= DNSMSG_MAX_CNAMES) {
			w->info->over_cap++;
			return 0;
		}
		c = &w->cnames[w->ncnames++];
		c->owner = owner;
		c->target = target;
		c->in_chain = 0;
	}
	return 0;
}

/* marks the CNAMEs that lead from the question's name, at most DNSMSG_MAX_CHAIN */
static void chain(struct walk *w)
{
	const struct dname *cur = &w->qname;

	for (unsigned int k = 0; k < DNSMSG_MAX_CHAIN; k++) {
		size_t j;
		for (j = 0; j < w->ncnames; j++)
			if (!w->cnames[j].in_chain && name_eq(&w->cnames[j].owner, cur))
				break;
		if (j == w->ncnames)
			return;
		w->cnames[j].in_chain = 1;
		cur = &w->cnames[j].target;
	}
}

static int reached(const struct walk *w, const struct dname *owner)
{
	for (size_t j = 0; j < w->ncnames; j++)
		if (w->cnames[j].in_chain && name_eq(&w->cnames[j].target, owner))
			return 1;
	return 0;
}

static void give(struct walk *w, dnsmsg_fn fn, void *arg)
{
	char text[DNSMSG_TEXT_MAX];

	if (w->has_qname)
		chain(w);
	for (size_t i = 0; i < w->naddrs; i++) {
		const struct addr_rec *a = &w->addrs[i];
		struct dnsmsg_pair p = { a->family, w->r.p + a->addr_off, text, 0, a->ttl };

		if (a->owner.len <= 1)
			continue;	/* an address of the root names nothing */
		name_text(&a->owner, text, sizeof(text));
		fn(arg, &p);
		w->info->pairs++;
		if (w->has_qname && w->qname.len > 1 && !name_eq(&a->owner, &w->qname) &&
		    reached(w, &a->owner)) {
			p.name = w->info->qname;
			p.via_cname = 1;
			fn(arg, &p);
			w->info->pairs++;
		}
	}
}

int dnsmsg_read(const uint8_t *msg, size_t len, struct dnsmsg_info *info, dnsmsg_fn fn, void *arg)
{
	struct walk w;
	uint16_t f;
	size_t pos = DNSMSG_HDR;
	unsigned int nrec;
	int rc;

	memset(info, 0, sizeof(*info));
	w.r = rd_make(msg, len);
	w.info = info;
	w.naddrs = w.ncnames = 0;
	w.items = 0;
	w.has_qname = 0;
	if (!rd_has(&w.r, 0, DNSMSG_HDR)) {
		info->why = "shorter than a DNS header (12 bytes)";
		return -1;
	}
	info->id = rd_be16(&w.r, H_ID);
	f = rd_be16(&w.r, H_FLAGS);
	info->opcode = F_OPCODE(f);
	info->rcode = F_RCODE(f);
	info->aa = !!(f & F_AA);
	info->tc = !!(f & F_TC);
	info->qdcount = rd_be16(&w.r, H_QDCOUNT);
	info->ancount = rd_be16(&w.r, H_ANCOUNT);
	info->nscount = rd_be16(&w.r, H_NSCOUNT);
	info->arcount = rd_be16(&w.r, H_ARCOUNT);
	if (!(f & F_QR)) {
		info->why = "a query, not a response";
		return -1;
	}
	if (info->opcode != OPCODE_QUERY) {
		info->why = "not the response to a standard query (opcode not QUERY)";
		return -1;
	}
	rc = questions(&w, &pos);
	nrec = info->ancount + info->nscount + info->arcount;
	for (unsigned int i = 0; !rc && i < nrec; i++) {
		if (w.items++ >= DNSMSG_MAX_RRS)
			rc = stop(&w, "more than 512 questions and records: the rest not read", pos);
		else
			rc = record(&w, &pos, i < info->ancount);
	}
	give(&w, fn, arg);
	return info->why ? 1 : 0;
}

const char *dnsmsg_rcode_name(unsigned int rcode)
{
	static const char *const names[] = {
		"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
		"YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE",
	};

	return rcode < sizeof(names) / sizeof(names[0]) ? names[rcode] : NULL;
}
