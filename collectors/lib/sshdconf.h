/*
 * sshdconf.h - sshd_config(5), for the firewall collector (and `premig
 * debug decode sshd-config`): the ports sshd listens on, every Port line
 * and ListenAddress with a port, of the file and of its Include files
 */
#ifndef PREMIG_SSHDCONF_H
#define PREMIG_SSHDCONF_H

#include <stddef.h>
#include <sys/stat.h>

#include "../../scanner/buf.h"
#include "../../scanner/ctx.h"
#include "fwrules.h"

/*
 * Include, as sshd reads it (servconf.c): each argument a glob(7) pattern,
 * a relative one under /etc/ssh, its matches read in lexical order where
 * the Include stands.  sshd refuses to start when includes nest deeper
 * than 16 files below sshd_config (SERVCONF_MAX_DEPTH, "Too many recursive
 * configuration includes"), as a file that includes itself does.
 *
 * Each file is read once per scan (known by device and inode, whatever
 * name or link reached it): a file read again would add only ports known
 * already, since Port and ListenAddress add to a list and the other
 * keywords keep their first value.  Caps, each said in the source when
 * hit, which leaves the ports read in part (fw_ports.partial):
 */
#define SSHD_MAX_DEPTH 16	/* sshd's own */
#define SSHD_MAX_FILES 256	/* distinct files read */
#define SSHD_MAX_NAMES 16384	/* directory entries listed and paths tried by Include */

struct sshd_read {
	struct scan_ctx *ctx;	/* NULL: one file read alone, Include not followed */
	struct fw_ports *pp;
	struct buf *src;
	struct stat *seen;	/* the files read: st_dev and st_ino */
	size_t nseen;
	struct stat chain[SSHD_MAX_DEPTH + 1];	/* the file at each depth, now */
	size_t names;
	int cut;		/* a cap was hit: the rest is not read */
	int loop;		/* a file includes itself, said once */
};

/*
 * Reads path (etc/ssh/sshd_config) in the root with its includes into
 * sr->pp, the evidence onto sr->src; sr starts zeroed with ctx, pp and src
 * set, and its seen array is the caller's to free.  0 read, 1 absent, <0
 * unreadable; sr->cut when a cap was hit.
 */
int sshdconf_read(struct sshd_read *sr, const char *path);

/*
 * One file's bytes (the text ends at a NUL byte) read from path: its ports
 * added to pp, the evidence onto src; an Include line is said and not
 * followed, and sets *cut (the ports are then read in part).
 */
void sshdconf_parse(const char *path, const char *text, size_t len, struct fw_ports *pp,
		    struct buf *src, int *cut);

#endif
