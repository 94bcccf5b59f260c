/*
 * hostkey.h - the host key: which host of the store a scan belongs to
 *
 * A scan with a file tree (the running system, --root DIR) is keyed by the
 * machine's own name for itself: etc/machine-id, else the DMI product UUID
 * (placeholders refused), else the hostname, else the root's path.  A scan
 * of --image alone has no files: it is keyed by its disks' own identities,
 * never by the path of the image, so that a copy of the image elsewhere is
 * the same host:
 *
 *   disk:<GUID>   the GPT disk GUID,
 *   disk:<SIG>    or the MBR disk signature (8 hex digits, not 00000000),
 *                 of the first --image disk that has one;
 *   fs:<UUID>     else the first filesystem UUID on them;
 *   image:<PATH>  else the first image's path, and the scan's host_note
 *                 says that nothing on the disks identifies them.
 *
 * --host-id names the host outright; such a host is never matched.
 *
 * One machine, one host.  The disks' identities of every scan are in the
 * store's disk_identities view.  A host is image-only when none of its
 * scans read a file tree.  An image-only host is the same machine as a
 * host with a file tree when they share a disk identity (GPT disk GUID,
 * MBR disk signature) or when the file-tree host's root filesystem, as
 * its etc/fstab names it (UUID= or PARTUUID=), is on the image-only
 * host's disks.  A --root scan of a mounted image reads no partition table,
 * so its root filesystem is what ties it to the image.  Other filesystem
 * UUIDs do not count: a FAT volume serial is 32 bits, and a data disk
 * moves between machines.
 *
 * Clones of one template share disk GUIDs and filesystem UUIDs unless
 * they were regenerated, so identities never merge two hosts with a file
 * tree (their machine-ids, hostnames or paths differ), and an image-only
 * host is folded only when exactly one host with a file tree matches it.
 * An image-only host keyed by its path (older stores, or disks with no
 * identity at the time) also folds into the one image-only host keyed by
 * a disk identity it shares.
 */
#ifndef PREMIG_HOSTKEY_H
#define PREMIG_HOSTKEY_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "buf.h"
#include "ctx.h"

/* a sorted set of "kind:value" strings, each malloc'd and owned by the set */
struct hostkey_set {
	char **v;
	size_t n, alloc;
};

/* one host and what identifies it, as one store has it */
struct host_ids {
	int64_t id;		/* hosts.id in that store */
	char *key, *key_source;
	int file_tree;		/* some scan of it read a file tree */
	struct hostkey_set disks;	/* "gpt-disk:GUID", "mbr-disk:SIG" */
	struct hostkey_set fs;		/* on its disks: "fs:UUID", "part:PARTUUID" */
	struct hostkey_set root;	/* its root filesystem: "fs:UUID", "part:PARTUUID" */
};

void host_ids_init(struct host_ids *h);
void host_ids_release(struct host_ids *h);
/* releases n hosts and the array; accepts NULL */
void host_ids_free(struct host_ids *v, size_t n);

enum hostkey_match {
	HOSTKEY_APART = 0,	/* not known to be one machine */
	HOSTKEY_A_INTO_B,	/* one machine: a folds into b */
	HOSTKEY_B_INTO_A,	/* one machine: b folds into a */
};

/*
 * Are a and b one machine, by the rule above (without the "exactly one"
 * condition, which needs every host: hostkey_settle checks it)?  On a
 * match, why gets the shared identity ("GPT disk GUID 1c2d...").  The
 * same rule serves hosts of one store and hosts of two (premig merge).
 */
enum hostkey_match hostkey_match(const struct host_ids *a, const struct host_ids *b,
				 struct buf *why);

/*
 * Every host of db with its identities, ordered by id.  Returns 0 and a
 * malloc'd array (host_ids_free), or <0 with the SQLite message printed.
 * At most HOSTKEY_MAX_IDS identities are kept per set; more are dropped.
 */
#define HOSTKEY_MAX_IDS 4096
int hostkey_load(sqlite3 *db, struct host_ids **out, size_t *n);

/*
 * The key of the scanned machine: override (--host-id), else as the
 * header says.  *key is malloc'd, *source static.  Anything worth saying
 * (why an image is keyed by its path) is appended to note.
 */
void hostkey_derive(struct scan_ctx *ctx, const char *override, char **key,
		    const char **source, struct buf *note);

/*
 * The host id of key in db, inside the caller's transaction: the host that
 * key was folded into (host_aliases), else the host with that key, created
 * if missing with source and when.  Returns 0, or <0 with the reason printed.
 */
int hostkey_host(sqlite3 *db, const char *key, const char *source, const char *when,
		 int64_t *host, struct buf *note);

/*
 * Applies the rule to host (just scanned) and every other host of db,
 * inside the caller's transaction: an image-only host that matches exactly
 * one host folds into it (its scans re-pointed and kept, its key kept in
 * host_aliases, its row removed).  *host becomes the host it joined.  What
 * was folded, and matches left apart as ambiguous, are appended to note.
 * Returns 0, or <0 with the reason printed.
 */
int hostkey_settle(sqlite3 *db, int64_t *host, struct buf *note);

#endif
