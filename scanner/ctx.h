/*
 * ctx.h - the scan context: everything that lives for the whole scan
 *
 * One struct scan_ctx per run.  It owns the root prefix, the open store and
 * the notes of the collector that is running.  Collectors receive it and
 * touch nothing global.
 */
#ifndef PREMIG_CTX_H
#define PREMIG_CTX_H

#include <stdint.h>
#include <sqlite3.h>

#include "buf.h"

struct scan_ctx {
	char *root;		/* absolute, no trailing slash; "" for the live "/" */
	int live;		/* scanning the running system (no --root, no --image) */
	int no_files;		/* only --image: no file tree to read */
	int as_root;		/* effective uid 0 */
	sqlite3 *db;
	int64_t scan_id;
	const char *collector;	/* the running collector, for messages */
	struct buf notes;	/* the running collector's notes, stored as its reason */
	const char *const *after_ok;	/* its inputs that ran ok in this scan, NULL-ended */
	char **images;		/* --image FILE, in the order given */
	size_t nimages;
	char **pcaps;		/* --pcap FILE, in the order given */
	size_t npcaps;
	char **flowlogs;	/* --flows FILE (Zeek conn.log), in the order given */
	size_t nflowlogs;
	const char *capture;	/* --capture IFACE, or NULL */
	unsigned int capture_s;	/* --seconds */
	const char *capture_filter;	/* --filter BPF, or NULL */
	int syn_only;		/* --syn-only */
	int captures_only;	/* only captures given: the host is not scanned */
	unsigned int sample_s;	/* --sample: the sockets snapshot repeated for so long */
	unsigned int sample_interval_s;	/* --interval */
	int interrupted;	/* a collector ended early by Ctrl-C: the scan stops after it */
	/* what restricts this scan's reads, found before the collectors run (scan.c) */
	int userns;		/* uid 0 here is another uid outside (proc/self/uid_map) */
	char *selinux;		/* sys/fs/selinux/enforce: "enforcing", "permissive"; NULL none */
	char *proc_hidepid;	/* the hidepid= of the proc mount (proc/self/mountinfo); NULL none */
	struct ctx_denials *denials;	/* the running collector's; NULL outside a run */
};

/*
 * The reads of the running collector that were refused (EACCES, EPERM),
 * counted whatever the reader (fsread.h records its own): the driver
 * stores the count and names the first few paths in the run's reason.
 * Written through a const ctx, so it is a pointer.
 */
struct ctx_denials {
	unsigned int n;
	unsigned int named;	/* paths in list */
	struct buf list;	/* "etc/fstab, dev/vda", the first CTX_DENIED_NAMED */
};

#define CTX_DENIED_NAMED 4

void ctx_init(struct scan_ctx *ctx);
void ctx_release(struct scan_ctx *ctx);

/*
 * Adds a note to the running collector's reason ("not root: cannot read
 * /sys/class/dmi/id/product_serial").  Notes are joined with "; ".
 */
void ctx_note(struct scan_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* a note for a failed read: "cannot read 'etc/os-release': <reason>" */
void ctx_note_read(struct scan_ctx *ctx, const char *path, int rc);

/*
 * Counts a refused read of path (rc -EACCES or -EPERM) in the running
 * collector's denials; any other rc is not counted.  Returns rc.
 */
int ctx_denied(const struct scan_ctx *ctx, const char *path, int rc);

/*
 * 1 when collector name, an input of the running collector (its registry
 * row's .after), ran ok earlier in this scan, as the driver found before
 * running it; 0 when it was skipped, failed or not applicable, and for a
 * name the row does not declare.
 */
int ctx_after_ok(const struct scan_ctx *ctx, const char *name);

#endif
