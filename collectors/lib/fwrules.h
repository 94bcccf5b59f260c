/*
 * fwrules.h - used by the firewall collector
 *
 * Firewall rule files read without running anything: the
 * iptables-save(8) format (etc/sysconfig/iptables, etc/iptables/rules.v4,
 * ufw's user.rules) and nft(8) configuration files
 *
 * Each reader answers one question for a new TCP connection from anywhere to
 * one of the sshd ports: 1 accepted, 0 refused, -1 unknown (the file is not
 * read plainly, or the answer depends on a condition this reading does not
 * evaluate).  The evidence names the file, the line and the rule that
 * decided, "; "-joined onto ev.
 */
#ifndef PREMIG_FWRULES_H
#define PREMIG_FWRULES_H

#include <stddef.h>

#include "../../scanner/buf.h"
#include "../../scanner/ctx.h"

#define FW_MAX_PORTS 16

/* appends to an evidence list, "; " between items */
#define fw_ev_add(b, ...) buf_addf_sep((b), "; ", __VA_ARGS__)
/* fw_ev_add, unless the same words are there already (a file included twice) */
void fw_ev_once(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* the sshd ports to test */
struct fw_ports {
	unsigned int p[FW_MAX_PORTS];
	size_t n;
	int assumed;		/* sshd_config unreadable: 22 taken */
	int partial;		/* sshd_config read in part (a cap): a port may be missing */
};

/* a port number 1-65535 ("ssh" is 22), or -1 */
long fw_parse_port(const char *s, size_t n);

/*
 * Does a port list ("22", "ssh", "1:1024", "1000-2000", "22,80,443") hold
 * one of the ports?  1 yes, 0 no, -1 not understood.
 */
int fw_ports_hit(const char *spec, const struct fw_ports *pp);

/*
 * Splits line in place into at most max words; double quotes group words
 * and are dropped.  Returns the count; tok points into line.
 */
size_t fw_split_words(char *line, char **tok, size_t max);

/*
 * Reads the iptables-save file path (its filter table) and walks the chain
 * start; at the chain's end, fallback_accept decides, told as fallback_text.
 * Returns 0 read (*answer set), 1 absent, <0 unreadable (the reason in ev).
 */
int fw_iptables(struct scan_ctx *ctx, const char *path, const char *start,
		int fallback_accept, const char *fallback_text, const struct fw_ports *pp,
		int *answer, struct buf *ev);

/*
 * Reads the first of paths that exists, with its includes, and walks every
 * chain hooked to input in an ip or inet table: all must accept.  Returns 0
 * read (*answer set, the files read ","-joined onto files), 1 none exists.
 */
int fw_nftables(struct scan_ctx *ctx, const char *const *paths, size_t npaths,
		const struct fw_ports *pp, int *answer, struct buf *files, struct buf *ev);

/*
 * The same readings of one file's bytes (text, len; the text ends at a NUL
 * byte), named path, with nothing else of the root: for `premig debug
 * decode` (collectors/lib/decode_net.c).  nft include lines are not
 * followed: they leave the answer unknown.  Return 0 (*answer set), or
 * -EFBIG when the text is larger than the collector reads (ev says so).
 */
int fw_iptables_text(const char *path, const char *text, size_t len, const char *start,
		     int fallback_accept, const char *fallback_text, const struct fw_ports *pp,
		     int *answer, struct buf *ev);
int fw_nftables_text(const char *path, const char *text, size_t len, const struct fw_ports *pp,
		     int *answer, struct buf *ev);

#endif
