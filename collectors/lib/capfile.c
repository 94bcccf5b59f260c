/*
 * capfile.c - capture files, pcap and pcapng, plain or gzip (capfile.h)
 *
 * Sources: draft-ietf-opsawg-pcap (the file header: magic 0xa1b2c3d4 for
 * microseconds, 0xa1b23c4d for nanoseconds, in the writer's byte order;
 * 16-byte record headers) and draft-ietf-opsawg-pcapng (blocks of type,
 * total length, body, total length again; the Section Header Block's
 * byte-order magic 0x1A2B3C4D; if_tsresol and if_tsoffset of the
 * Interface Description Block).  zlib's gzread reads gzip members one
 * after another and a file that is not gzip as it is.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "../../scanner/rd.h"
#include "capfile.h"
#include "../../scanner/banned.h"

#define CHUNK (256u << 10)	/* zlib's buffer */
#define BUF (4 * CHUNK)		/* ours: over twice zlib's, so that gzread reads or inflates into it
				   directly, not through its own buffer and a copy */

/* classic pcap */
#define PCAP_MAGIC_US 0xa1b2c3d4u
#define PCAP_MAGIC_NS 0xa1b23c4du
#define PCAP_HDR 24
#define PCAP_HDR_LINKTYPE 20
#define PCAP_LINKTYPE_MASK 0x0fffffffu	/* the upper bits carry the FCS length */
#define PCAP_REC 16
#define PCAP_REC_SEC 0
#define PCAP_REC_FRAC 4
#define PCAP_REC_INCL 8
#define PCAP_REC_ORIG 12

/* pcapng */
#define NG_SHB 0x0a0d0d0au
#define NG_IDB 0x00000001u
#define NG_PB 0x00000002u		/* obsolete Packet Block */
#define NG_SPB 0x00000003u
#define NG_EPB 0x00000006u
#define NG_BOM 0x1a2b3c4du
#define NG_BLOCK_MIN 12			/* type, length, length */
#define NG_SHB_BOM 8			/* offsets from the block's start */
#define NG_SHB_MIN 28
#define NG_IDB_LINK 8
#define NG_IDB_OPTS 16
#define NG_EPB_IF 8
#define NG_EPB_TSHI 12
#define NG_EPB_TSLO 16
#define NG_EPB_CAPLEN 20
#define NG_EPB_ORIGLEN 24
#define NG_EPB_DATA 28
#define NG_PB_IF 8			/* 2 bytes, then 2 of drops */
#define NG_PB_TSHI 12
#define NG_PB_TSLO 16
#define NG_PB_CAPLEN 20
#define NG_PB_ORIGLEN 24
#define NG_PB_DATA 28
#define NG_SPB_ORIGLEN 8
#define NG_SPB_DATA 12
#define NG_OPT_END 0
#define NG_OPT_TSRESOL 9
#define NG_OPT_TSOFFSET 14

static void why(struct capfile *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void why(struct capfile *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
}

uint64_t capfile_offset(const struct capfile *c)
{
	return c->base + c->pos;
}

int capfile_gzip(const struct capfile *c)
{
	return c->gz && !gzdirect(c->gz);
}

/*
 * Makes n bytes from c->pos available in c->buf.  1 done, 0 the stream
 * ends first (c->len - c->pos bytes are left), -1 a read error (why set).
 * need() is the test, inlined in every record's path; refill() reads.
 */
static int refill(struct capfile *c, size_t n);

static inline int need(struct capfile *c, size_t n)
{
	return c->len - c->pos >= n ? 1 : refill(c, n);
}

static int refill(struct capfile *c, size_t n)
{
	if (c->pos) {
		memmove(c->buf, c->buf + c->pos, c->len - c->pos);
		c->len -= c->pos;
		c->base += c->pos;
		c->pos = 0;
	}
	if (n > c->alloc) {
		size_t want = n < BUF ? BUF : n;
		unsigned char *b = realloc(c->buf, want);
		if (!b) {
			why(c, "out of memory for a record of %zu bytes", n);
			return -1;
		}
		c->buf = b;
		c->alloc = want;
	}
	while (c->len < n && !c->eof) {
		size_t room = c->alloc - c->len;
		int r = gzread(c->gz, c->buf + c->len, room > (1u << 30) ? (1u << 30) : (unsigned)room);
		if (r < 0) {
			int err;
			const char *msg = gzerror(c->gz, &err);
			why(c, "%s at byte %llu of the %s data", err == Z_ERRNO ? strerror(errno) :
			    msg, (unsigned long long)(c->base + c->len),
			    capfile_gzip(c) ? "decompressed" : "file's");
			return -1;
		}
		if (r == 0) {
			/* a gzip stream cut short reads as its end: ask zlib */
			int err;
			const char *msg = gzerror(c->gz, &err);
			if (err != Z_OK && err != Z_STREAM_END) {
				why(c, "corrupt gzip stream (%s) at byte %llu of the decompressed data",
				    msg, (unsigned long long)(c->base + c->len));
				return -1;
			}
			c->eof = 1;
		}
		c->len += (size_t)r;
	}
	return c->len - c->pos >= n;
}

static inline uint32_t get32(struct capfile *c, struct rd *r, size_t off)
{
	return c->swapped ? rd_be32(r, off) : rd_le32(r, off);
}

static inline uint16_t get16(struct capfile *c, struct rd *r, size_t off)
{
	return c->swapped ? rd_be16(r, off) : rd_le16(r, off);
}

/* ns since the epoch of a time of units per second, or -1 out of range */
static int ts_ns(uint64_t t, uint64_t units, int64_t offset_s, int64_t *out)
{
	unsigned __int128 ns = (unsigned __int128)(t / units) * 1000000000u +
			       (unsigned __int128)(t % units) * 1000000000u / units;

	ns += (unsigned __int128)((__int128)offset_s * 1000000000);
	if (ns > (unsigned __int128)INT64_MAX)
		return -1;
	*out = (int64_t)ns;
	return 0;
}

int capfile_open(struct capfile *c, int fd)
{
	int dupfd = dup(fd);
	struct rd r;
	uint32_t magic;

	memset(c, 0, sizeof(*c));
	if (dupfd < 0 || !(c->gz = gzdopen(dupfd, "rb"))) {
		if (dupfd >= 0)
			close(dupfd);
		why(c, "cannot read: %s", strerror(errno ? errno : ENOMEM));
		return -1;
	}
	gzbuffer(c->gz, CHUNK);
	if (need(c, 4) <= 0) {
		if (!c->why[0])
			why(c, "not a capture file: %s", c->len ? "shorter than a file header" : "empty");
		return -1;
	}
	r = rd_make(c->buf, c->len);
	magic = rd_le32(&r, 0);
	if (magic == NG_SHB) {
		c->pcapng = 1;
		return 0;
	}
	if (magic == PCAP_MAGIC_US || magic == PCAP_MAGIC_NS) {
		c->swapped = 0;
	} else if (rd_be32(&r, 0) == PCAP_MAGIC_US || rd_be32(&r, 0) == PCAP_MAGIC_NS) {
		c->swapped = 1;
		magic = rd_be32(&r, 0);
	} else {
		why(c, "not a capture file: magic %02x %02x %02x %02x is neither pcap nor pcapng%s",
		    c->buf[0], c->buf[1], c->buf[2], c->buf[3],
		    capfile_gzip(c) ? " (inside the gzip stream)" : "");
		return -1;
	}
	if (need(c, PCAP_HDR) <= 0) {
		if (!c->why[0])
			why(c, "truncated: the file ends inside the pcap file header (%zu of 24 bytes)",
			    c->len - c->pos);
		return -1;
	}
	r = rd_make(c->buf + c->pos, PCAP_HDR);
	c->link = (int)(get32(c, &r, PCAP_HDR_LINKTYPE) & PCAP_LINKTYPE_MASK);
	c->units = magic == PCAP_MAGIC_NS ? 1000000000u : 1000000u;
	c->ns_per_unit = (int64_t)(1000000000u / c->units);
	c->pos += PCAP_HDR;
	return 0;
}

static int next_pcap(struct capfile *c, struct capfile_pkt *p)
{
	struct rd r;
	uint32_t sec, frac, incl, orig;
	uint64_t at = capfile_offset(c);
	int rc = need(c, PCAP_REC);

	if (rc <= 0) {
		if (rc == 0 && c->len == c->pos)
			return 0;
		if (rc == 0)
			why(c, "truncated: the file ends inside a record header at byte %llu "
			    "(%zu of 16 bytes)", (unsigned long long)at, c->len - c->pos);
		return -1;
	}
	r = rd_make(c->buf + c->pos, PCAP_REC);
	sec = get32(c, &r, PCAP_REC_SEC);
	frac = get32(c, &r, PCAP_REC_FRAC);
	incl = get32(c, &r, PCAP_REC_INCL);
	orig = get32(c, &r, PCAP_REC_ORIG);
	if (incl > CAPFILE_MAX_RECORD) {
		why(c, "a record of %u bytes at byte %llu: over premig's cap of %u bytes "
		    "(a corrupt record header)", incl, (unsigned long long)at, CAPFILE_MAX_RECORD);
		return -1;
	}
	rc = need(c, PCAP_REC + (size_t)incl);
	if (rc <= 0) {
		if (rc == 0)
			why(c, "truncated: the file ends inside the record at byte %llu "
			    "(%zu of %u bytes)", (unsigned long long)at, c->len - c->pos, PCAP_REC + incl);
		return -1;
	}
	if (frac < c->units) {
		/* units divide 10^9, and 2^32 s in ns is under 2^63: no overflow, no division */
		p->ts_ns = (int64_t)sec * 1000000000 + (int64_t)frac * c->ns_per_unit;
	} else {
		/* a fraction past a second: kept, carried into the seconds, and counted */
		c->bad_ts++;
		if (ts_ns((uint64_t)sec * c->units + frac, c->units, 0, &p->ts_ns) < 0)
			p->ts_ns = 0;
	}
	p->link = c->link;
	p->caplen = incl;
	p->wirelen = orig < incl ? incl : orig;
	p->data = c->buf + c->pos + PCAP_REC;
	c->pos += PCAP_REC + (size_t)incl;
	return 1;
}

/* reads a Section Header Block's byte order and forgets the interfaces */
static int ng_section(struct capfile *c, size_t len)
{
	struct rd r = rd_make(c->buf + c->pos, len);
	uint32_t bom = rd_le32(&r, NG_SHB_BOM);

	if (len < NG_SHB_MIN || !rd_ok(&r)) {
		why(c, "a section header block of %zu bytes at byte %llu: under 28",
		    len, (unsigned long long)capfile_offset(c));
		return -1;
	}
	if (bom == NG_BOM) {
		c->swapped = 0;
	} else if (rd_be32(&r, NG_SHB_BOM) == NG_BOM) {
		c->swapped = 1;
	} else {
		why(c, "a section header block at byte %llu with a bad byte-order magic",
		    (unsigned long long)capfile_offset(c));
		return -1;
	}
	c->nifaces = 0;
	return 0;
}

static int ng_iface(struct capfile *c, size_t len)
{
	struct rd r = rd_make(c->buf + c->pos, len - 4);
	struct capfile_iface f = { 0, 1000000u, 0 };
	size_t off = NG_IDB_OPTS;

	f.link = get16(c, &r, NG_IDB_LINK);
	if (!rd_ok(&r) || len < NG_IDB_OPTS + 4) {
		why(c, "an interface description block of %zu bytes at byte %llu: too short", len,
		    (unsigned long long)capfile_offset(c));
		return -1;
	}
	/* options: code, length, value padded to 4; the list may end without opt_endofopt */
	while (rd_has(&r, off, 4)) {
		uint16_t code = get16(c, &r, off), olen = get16(c, &r, off + 2);
		if (code == NG_OPT_END)
			break;
		if (code == NG_OPT_TSRESOL && olen >= 1 && rd_has(&r, off + 4, 1)) {
			uint8_t v = rd_u8(&r, off + 4);
			uint64_t u = 1;
			/* high bit clear: 10^-v seconds; set: 2^-v (up to ns range only) */
			unsigned int e = v & 0x7f;
			if ((v & 0x80) ? e > 63 : e > 19) {
				why(c, "interface %zu: if_tsresol %u is out of range", c->nifaces, v);
				return -1;
			}
			for (unsigned int i = 0; i < e; i++)
				u *= (v & 0x80) ? 2 : 10;
			f.units = u;
		} else if (code == NG_OPT_TSOFFSET && olen == 8 && rd_has(&r, off + 4, 8)) {
			uint64_t lo = get32(c, &r, off + 4), hi = get32(c, &r, off + 8);
			f.offset_s = (int64_t)(c->swapped ? lo << 32 | hi : hi << 32 | lo);
		}
		off += 4 + (((size_t)olen + 3) & ~(size_t)3);
	}
	if (c->nifaces >= CAPFILE_MAX_IFACES) {
		why(c, "more than %u interfaces in one section", CAPFILE_MAX_IFACES);
		return -1;
	}
	if (c->nifaces % 16 == 0) {
		struct capfile_iface *v = realloc(c->ifaces, (c->nifaces + 16) * sizeof(*v));
		if (!v) {
			why(c, "out of memory");
			return -1;
		}
		c->ifaces = v;
	}
	c->ifaces[c->nifaces++] = f;
	return 0;
}

/* an EPB, SPB or PB into p; 1, or -1 with why */
static int ng_packet(struct capfile *c, uint32_t type, size_t len, struct capfile_pkt *p)
{
	struct rd r = rd_make(c->buf + c->pos, len - 4);
	uint64_t at = capfile_offset(c);
	uint32_t ifid, caplen, orig, hi = 0, lo = 0;
	size_t data;
	const struct capfile_iface *f;

	if (len < (type == NG_SPB ? NG_SPB_DATA : NG_EPB_DATA) + 4) {
		why(c, "a packet block of %zu bytes at byte %llu: too short", len,
		    (unsigned long long)at);
		return -1;
	}
	if (type == NG_SPB) {
		ifid = 0;
		orig = get32(c, &r, NG_SPB_ORIGLEN);
		data = NG_SPB_DATA;
		caplen = len - 4 - data < orig ? (uint32_t)(len - 4 - data) : orig;
	} else {
		ifid = type == NG_EPB ? get32(c, &r, NG_EPB_IF) : get16(c, &r, NG_PB_IF);
		hi = get32(c, &r, NG_EPB_TSHI);
		lo = get32(c, &r, NG_EPB_TSLO);
		caplen = get32(c, &r, NG_EPB_CAPLEN);
		orig = get32(c, &r, NG_EPB_ORIGLEN);
		data = NG_EPB_DATA;
	}
	if (!rd_ok(&r) || !rd_has(&r, data, caplen)) {
		why(c, "a packet block at byte %llu claims %u captured bytes in a block of %zu",
		    (unsigned long long)at, caplen, len);
		return -1;
	}
	if (ifid >= c->nifaces) {
		why(c, "a packet block at byte %llu names interface %u, of %zu described",
		    (unsigned long long)at, ifid, c->nifaces);
		return -1;
	}
	f = &c->ifaces[ifid];
	p->link = f->link;
	if (ts_ns((uint64_t)hi << 32 | lo, f->units, f->offset_s, &p->ts_ns) < 0) {
		c->bad_ts++;
		p->ts_ns = 0;
	}
	p->caplen = caplen;
	p->wirelen = orig < caplen ? caplen : orig;
	p->data = c->buf + c->pos + data;
	return 1;
}

static int next_pcapng(struct capfile *c, struct capfile_pkt *p)
{
	for (;;) {
		struct rd r;
		uint32_t type, len, len2;
		uint64_t at = capfile_offset(c);
		int rc = need(c, 8), got = 0;

		if (rc <= 0) {
			if (rc == 0 && c->len == c->pos)
				return 0;
			if (rc == 0)
				why(c, "truncated: the file ends inside a block header at byte %llu",
				    (unsigned long long)at);
			return -1;
		}
		r = rd_make(c->buf + c->pos, 8);
		type = rd_le32(&r, 0);
		if (type == NG_SHB) {
			/* the byte order is the new section's: read it before the length */
			if (need(c, 12) <= 0) {
				if (!c->why[0])
					why(c, "truncated: the file ends inside a section header at byte %llu",
					    (unsigned long long)at);
				return -1;
			}
			r = rd_make(c->buf + c->pos, 12);
			c->swapped = rd_be32(&r, NG_SHB_BOM) == NG_BOM;
		}
		type = get32(c, &r, 0);
		len = get32(c, &r, 4);
		if (len < NG_BLOCK_MIN || len % 4) {
			why(c, "a block at byte %llu has a length of %u bytes (at least 12, a multiple of 4)",
			    (unsigned long long)at, len);
			return -1;
		}
		if (len > CAPFILE_MAX_RECORD) {
			why(c, "a block of %u bytes at byte %llu: over premig's cap of %u bytes",
			    len, (unsigned long long)at, CAPFILE_MAX_RECORD);
			return -1;
		}
		rc = need(c, len);
		if (rc <= 0) {
			if (rc == 0)
				why(c, "truncated: the file ends inside the block at byte %llu "
				    "(%zu of %u bytes)", (unsigned long long)at, c->len - c->pos, len);
			return -1;
		}
		r = rd_make(c->buf + c->pos, len);
		len2 = get32(c, &r, len - 4);
		if (len2 != len) {
			why(c, "the block at byte %llu ends with a length of %u, not %u",
			    (unsigned long long)at, len2, len);
			return -1;
		}
		if (type == NG_SHB)
			rc = ng_section(c, len);
		else if (type == NG_IDB)
			rc = ng_iface(c, len);
		else if (type == NG_EPB || type == NG_SPB || type == NG_PB)
			rc = got = ng_packet(c, type, len, p);
		else
			rc = 0;		/* name resolution, statistics, custom blocks ... */
		if (rc < 0)
			return -1;
		c->pos += len;
		if (got)
			return 1;
	}
}

int capfile_next(struct capfile *c, struct capfile_pkt *p)
{
	return c->pcapng ? next_pcapng(c, p) : next_pcap(c, p);
}

void capfile_close(struct capfile *c)
{
	if (c->gz)
		gzclose(c->gz);
	free(c->buf);
	free(c->ifaces);
	c->gz = NULL;
	c->buf = NULL;
	c->ifaces = NULL;
}
