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
 *     its object to the Makefile.
 *  4. Add a golden case under tests/golden/ and its JSON in report/.
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
};

struct collector {
	const char *name;
	int (*collect)(struct scan_ctx *ctx);
	unsigned int flags;
	const char *help;
};

/* the table, in run order; borrowed for the life of the program */
const struct collector *collector_table(size_t *count);
const struct collector *collector_find(const char *name);

int collect_identity(struct scan_ctx *ctx);
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
