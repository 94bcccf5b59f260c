/*
 * scan.h - the scan driver: runs the collectors into the store
 */
#ifndef PREMIG_SCAN_H
#define PREMIG_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "watch.h"

struct scan_opts {
	const char *root;	/* NULL: the live system */
	const char *db;		/* the store to create or append to */
	const char *only;	/* comma-separated collector names, or NULL */
	const char *skip;
	const char *host_id;	/* overrides the derived host key */
	const char **images;	/* --image FILE, in order */
	size_t nimages;
	const char **pcaps;	/* --pcap FILE, in order */
	size_t npcaps;
	const char **flowlogs;	/* --flows FILE, in order */
	size_t nflowlogs;
	const char *capture;	/* --capture IFACE|any */
	unsigned int capture_s;	/* --seconds N */
	const char *capture_filter;	/* --filter BPF */
	int syn_only;		/* --syn-only */
	unsigned int sample_s;	/* --sample SECONDS; 0: one snapshot of the sockets */
	unsigned int sample_interval_s;	/* --interval SECONDS */
	struct watch_limits limits;	/* --collector-timeout, --max-memory */
	int reopen;		/* the caller opens the store next: its close checkpoints */
};

/*
 * Checks the collector names of --only and --skip; prints the unknown one
 * and returns <0.
 */
int scan_check_lists(const struct scan_opts *o);

/*
 * Runs one scan; returns an exit status from exitcodes.h.  With o->reopen,
 * after EXIT_OK or EXIT_PARTIAL the store's last commits may still be in
 * its WAL file (not checkpointed, to save the syncs): the caller opens
 * the store again (db_open), whose close folds them into the file.
 * Without, the scan's close does (a store copied alone holds the scan).
 */
int scan_run(const struct scan_opts *o);

/* the default output name stem, "premig-<hostname>", malloc'd */
char *scan_default_stem(void);

#endif
