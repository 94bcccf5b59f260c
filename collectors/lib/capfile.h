/*
 * capfile.h - used by the flows collector (premig scan --pcap)
 *
 * A streaming reader of capture files: classic pcap (both byte orders,
 * micro- and nanosecond timestamps; draft-ietf-opsawg-pcap) and pcapng
 * (every section's byte order, several interfaces of several link types,
 * enhanced, simple and obsolete packet blocks; draft-ietf-opsawg-pcapng),
 * plain or gzip-compressed (zlib, streamed: never unpacked to disk).
 * libpcap's own reader takes one link type per file, so pcapng files with
 * interfaces of two link types need this one.
 *
 * It holds one buffer of at most CAPFILE_MAX_RECORD bytes, never the file.
 * Every header is read through scanner/rd.h.  An error stops the reading
 * with the reason and the byte offset where it stopped; the packets before
 * it have been returned.
 */
#ifndef PREMIG_CAPFILE_H
#define PREMIG_CAPFILE_H

#include <stddef.h>
#include <stdint.h>

#define CAPFILE_MAX_RECORD (16u << 20)	/* one record or block; libpcap's snap length is 256 KiB */
#define CAPFILE_MAX_IFACES 1024		/* interfaces of one pcapng section */

struct capfile_iface {
	int link;			/* LINKTYPE_ value */
	uint64_t units;			/* timestamp units per second */
	int64_t offset_s;		/* if_tsoffset, seconds */
};

struct capfile {
	void *gz;			/* zlib's gzFile over the fd (reads plain files as they are) */
	unsigned char *buf;
	size_t alloc, len, pos;		/* bytes buf holds, and the next one to read */
	uint64_t base;			/* stream offset of buf[0] */
	int pcapng;			/* 0 classic pcap, 1 pcapng */
	int swapped;			/* the file's (section's) byte order is big-endian */
	int eof;
	/* classic pcap */
	int link;
	uint64_t units;
	int64_t ns_per_unit;		/* 10^9 / units (units divide 10^9) */
	/* pcapng: the current section's interfaces */
	struct capfile_iface *ifaces;
	size_t nifaces;
	uint64_t bad_ts;		/* records whose timestamp fraction is out of range */
	char why[256];			/* why the reading stopped early (or could not start) */
};

struct capfile_pkt {
	int link;			/* LINKTYPE_ value */
	int64_t ts_ns;			/* ns since the epoch */
	uint32_t caplen, wirelen;
	const uint8_t *data;		/* caplen bytes, valid until the next call */
};

/*
 * Starts reading the capture open on fd (which the reader does not close).
 * 0, or -1 with c->why set (not a capture file, a corrupt gzip stream ...).
 * c is released in both cases by capfile_close().
 */
int capfile_open(struct capfile *c, int fd);

/* 1 a packet in *p, 0 the end of the file, -1 an error (c->why says which, and where) */
int capfile_next(struct capfile *c, struct capfile_pkt *p);

/* the stream offset of the next byte to read (of the decompressed data for gzip) */
uint64_t capfile_offset(const struct capfile *c);

/* 1 when the file is gzip-compressed */
int capfile_gzip(const struct capfile *c);

void capfile_close(struct capfile *c);

#endif
