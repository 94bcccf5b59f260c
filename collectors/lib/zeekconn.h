/*
 * zeekconn.h - used by the flows collector (premig scan --flows FILE)
 *
 * Zeek's conn.log, one connection per record, in either of the forms Zeek
 * writes (docs.zeek.org, "Zeek Log Formats and Inspection"; Conn::Info of
 * base/protocols/conn/main.zeek): the ASCII form, tab-separated with its
 * #separator, #fields, #unset_field and #empty_field header lines, and
 * the JSON form (LogAscii::use_json), one object per line.  Plain or gzip
 * (zlib).  Fields are found by name, so their order is free; a record
 * whose line is too long, malformed or lacks an endpoint is skipped and
 * counted (the first one's line and reason kept).
 */
#ifndef PREMIG_ZEEKCONN_H
#define PREMIG_ZEEKCONN_H

#include <stdint.h>

#define ZEEK_MAX_LINE (64u << 10)	/* bytes of one line */
#define ZEEK_MAX_FIELDS 128

struct zeek_conn {
	int64_t ts_ns;			/* the first packet's time; 0 unknown */
	const char *orig_h, *resp_h;	/* addresses as Zeek wrote them */
	int orig_p, resp_p;		/* -1 unknown */
	const char *proto;		/* "tcp", "udp", "icmp" */
	const char *service;		/* NULL unset */
	const char *conn_state;		/* "SF", "S0", "REJ" ... NULL unset */
	const char *history;		/* "ShADadFf" ... NULL unset */
	int64_t orig_pkts, resp_pkts, orig_bytes, resp_bytes;	/* IP-level; -1 unset */
};

struct zeek_stats {
	const char *form;		/* "tsv" or "json"; NULL before the first record */
	int gzip;
	uint64_t records, skipped;
	uint64_t first_skipped_line;
	char first_skipped[160];	/* why that line was skipped */
	char stopped[256];		/* why the reading stopped before the end */
};

/* called per record; the strings live until it returns.  Non-zero stops the reading */
typedef int (*zeek_conn_fn)(void *arg, const struct zeek_conn *c);

/*
 * Reads the conn.log open on fd.  0 read to its end, 1 stopped early
 * (s->stopped: where and why; the records before were passed to fn), -1
 * not a conn.log (s->stopped says why).
 */
int zeek_conn_read(int fd, zeek_conn_fn fn, void *arg, struct zeek_stats *s);

#endif
