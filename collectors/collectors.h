/*
 * collectors.h - the collector table
 *
 * How to add a collector:
 *
 *  1. Write collectors/foo.c with `int collect_foo(struct scan_ctx *ctx)`.
 *     It reads the scanned system only through scanner/fsread.h and writes
 *     only through scanner/db.h (dbrow_insert with ctx->scan_id).  It
 *     returns 0 when it recorded facts, 1 when the facts do not apply to
 *     this system, and <0 on failure.  Whatever it could not read goes into
 *     ctx_note(): the note is stored as the run's reason, so that a rule can
 *     say "unknown, because ...".  Looking and finding nothing is a fact:
 *     return 0 with no rows, never 1, for a rule reads every run but an ok
 *     one as "unknown"; return 0 with a note when it could look only in
 *     part, and <0 when it could look nowhere.
 *  2. Add its tables as a new step in scanner/schema.c.
 *  3. Add a row to collectors[] in collectors/registry.c (run order) and
 *     its object to the Makefile.  If it reads another collector's facts
 *     (SQL over that collector's tables, here or in a collectors/lib
 *     helper it calls), name that collector in the row's .after, as in
 *     `.after = "disks,volumes"`, and put the row below it: the scan
 *     refuses to start when an input is not an earlier row.  Calling
 *     another collector's code is not reading its facts.
 *  4. Add a golden case under tests/golden/ and its JSON in report/.
 *
 * How to add a decoder (a format that a collector reads: bytes in, a
 * struct and a reason out, no store):
 *
 *  1. Write collectors/lib/<format>.c and .h, the header's first line
 *     naming the collectors that use it.  It takes bytes (or an fd to read
 *     at offsets), reads them only through scanner/rd.h, with the
 *     structure's offsets named and its source cited, every count, depth
 *     and size capped (the cap named in its "truncated at N" reason).  The
 *     collector reads the file through the sysroot and hands it over.
 *  2. Add its adapter and a DECODER() row to the decode_<group>.c of its
 *     kind (collectors/lib/decode.h): `premig debug decode <name> FILE`
 *     runs it, and `make fuzz` builds build-fuzz/fuzz-<name>.
 *  3. Add tests/unit/<name>/ cases (inputs from the real tool or the
 *     specification, with their expected JSON) and
 *     tests/fuzz/seeds/<name>.sh; fuzz it; keep what broke it in
 *     tests/malformed/<name>/ with a case.
 *
 * An input may not have run ok in this scan (--only, --skip, failed, not
 * applicable).  The driver then notes it in the collector's run ("its
 * input disks did not run ok: skipped"), and the collector still runs
 * and does without it: its rows say what is unknown ("no disks in this
 * scan: the boot code is unknown").
 * When it has another way to the same facts (volumes probes the disks
 * itself), ctx_after_ok() tells it whether the input ran ok; it answers
 * only for inputs the row declares.
 *
 * The driver, not the collector, handles the flags, opens one transaction
 * per collector and records the run in collector_runs.
 */
#ifndef PREMIG_COLLECTORS_H
#define PREMIG_COLLECTORS_H

#include <stddef.h>

#include "../scanner/ctx.h"

enum {
	COLL_NEEDS_ROOT = 1 << 0,	/* reads less without root; notes say what */
	COLL_LIVE_ONLY = 1 << 1,	/* not applicable under --root or --image */
	COLL_IMAGE = 1 << 2,		/* reads --image disks, runs without a file tree */
	COLL_CAPTURE = 1 << 3,		/* reads --pcap/--flows captures, runs on them alone */
};

struct collector {
	const char *name;
	int (*collect)(struct scan_ctx *ctx);
	unsigned int flags;
	const char *after;	/* the collectors whose facts it reads, comma-separated; NULL none */
	const char *help;
};

#define COLL_AFTER_MAX 8		/* inputs of one collector */

/* the table, in run order; borrowed for the life of the program */
const struct collector *collector_table(size_t *count);
/* the row of that name (of its first len bytes); NULL none */
const struct collector *collector_find(const char *name);
const struct collector *collector_findn(const char *name, size_t len);

/*
 * The next name of a comma-separated list of collectors (.after, --only,
 * --skip) at *p, which moves past it; its length in *len, which is 0 for
 * an empty name ("a,,b").  NULL at the end of the list or for a NULL list.
 */
const char *collector_list_next(const char **p, size_t *len);

/*
 * Checks that every input named in a row's .after is a collector of
 * table[0..n) that comes before the row.  Returns 0, or -1 with why set
 * ("boot: its input 'disks' comes after it").
 */
int collector_table_check(const struct collector *table, size_t n, struct buf *why);

int collect_identity(struct scan_ctx *ctx);
int collect_flows(struct scan_ctx *ctx);
int collect_connections(struct scan_ctx *ctx);
int collect_os(struct scan_ctx *ctx);
int collect_kernel(struct scan_ctx *ctx);
int collect_hardware(struct scan_ctx *ctx);
int collect_nics(struct scan_ctx *ctx);
int collect_filesystems(struct scan_ctx *ctx);
int collect_boot(struct scan_ctx *ctx);
int collect_disks(struct scan_ctx *ctx);
int collect_volumes(struct scan_ctx *ctx);
int collect_packages(struct scan_ctx *ctx);
int collect_services(struct scan_ctx *ctx);
int collect_firewall(struct scan_ctx *ctx);
int collect_hostfiles(struct scan_ctx *ctx);

#endif
