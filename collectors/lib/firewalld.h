/*
 * firewalld.h - firewalld's zone and service files, for the firewall
 * collector (and `premig debug decode firewalld-xml`)
 *
 * The zone (firewalld.zone(5)) under etc/firewalld/zones or
 * usr/lib/firewalld/zones: its target, <service> and <port> elements and
 * rich rules; its services resolved through firewalld.service(5) files
 * under etc/firewalld/services or usr/lib/firewalld/services, their
 * <include>s followed as firewalld follows them.  Read with libxml2: no
 * network, no DTD, no entity substitution.  The question is the firewall
 * collector's: does a new TCP connection to an sshd port get accepted?
 * 1 yes, 0 no, -1 unknown.  Evidence is "; "-joined onto ev.
 */
#ifndef PREMIG_FIREWALLD_H
#define PREMIG_FIREWALLD_H

#include <stddef.h>
#include <libxml/tree.h>

#include "../../scanner/buf.h"
#include "../../scanner/ctx.h"
#include "fwrules.h"

#define FWD_FILE_CAP (1024 * 1024)	/* the largest zone or service file read */

/*
 * firewalld.service(5) files, each read once per scan.  A service lets in
 * what its own ports and every service it includes let in, transitively:
 * firewalld follows each include once, so a loop adds nothing.  Caps, each
 * said in the evidence when hit (an answer that is not yes is then
 * unknown):
 */
#define FWD_MAX_SERVICES 1024	/* services named per scan (firewalld ships about 200) */
#define FWD_MAX_INCLUDES 4096	/* <include> elements followed per scan */

struct fwd_item {
	char *ev;		/* a tcp port that is sshd's: the evidence */
	size_t inc;		/* else an include: the service's index, or SIZE_MAX */
};

struct fwd_svc {
	char *name;
	int loaded;
	int rc;			/* of reading its file: 0 read, 1 none, <0 unreadable */
	int self;		/* 1 when firewalld's own ssh stands in for a missing file */
	int cut;		/* not all its includes are followed */
	struct buf note;	/* said whenever it is looked at: read errors */
	struct fwd_item *items;
	size_t nitems;
	unsigned int mark;	/* the walk that saw it last */
	int ans;		/* the memoised answer (when asked), 1, 0, -1 */
	int ans_cut;		/* it rests on a cut walk */
	char *ans_ev;		/* and its evidence */
};

/* what the firewalld reading shares: the scan, the sshd ports, the services */
struct fwd {
	struct scan_ctx *ctx;	/* NULL: one file read alone, no service file read */
	const struct fw_ports *pp;
	struct fwd_svc *svc;
	size_t nsvc;
	size_t nincludes;
	unsigned int walk;
	int cut;		/* an answer rests on a cut walk */
};

/* frees what fw holds (a struct fwd starts zeroed, with ctx and pp set) */
void fwd_release(struct fwd *fw);

/* the zone's answer, from its file in the root; the file read is ","-added to files */
int fwd_zone(struct fwd *fw, const char *zone, struct buf *ev, struct buf *files);

/*
 * The zones of etc/firewalld/zones that bind interfaces, other than the
 * default zone: SSH arriving on those interfaces is judged by them.
 * Returns ans when they agree with it, -1 when one of them answers otherwise.
 */
int fwd_other_zones(struct fwd *fw, const char *zone, int ans, struct buf *ev);

/* one file's bytes as a document, or NULL (why says so); xmlFreeDoc it */
xmlDocPtr fwd_xml_parse(const char *path, const char *text, size_t len, struct buf *why);

/* the answer of a zone document read from path */
int fwd_zone_doc(struct fwd *fw, const char *zone, const char *path, xmlDocPtr doc,
		 struct buf *ev);

/* the index of service name, added when new; SIZE_MAX past FWD_MAX_SERVICES */
size_t fwd_lookup(struct fwd *fw, const char *name);

/* service i's sshd ports and includes, from its document read from path */
void fwd_service_doc(struct fwd *fw, size_t i, const char *path, xmlDocPtr doc);

/* does service name let an sshd port in?  1, 0, -1 (memoised per fw) */
int fwd_service(struct fwd *fw, const char *name, struct buf *how);

#endif
