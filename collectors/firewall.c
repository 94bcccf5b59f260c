/*
 * firewall.c - the host firewall, and whether it lets SSH in
 *
 * The question the SMS guide asks ("enable SSH and allow it in the host
 * firewall"): does a new TCP connection from anywhere to a port sshd listens
 * on get accepted?  Each firewall is read from the configuration it loads at
 * boot, never from the running kernel (which needs root and a live host):
 *
 *  firewalld   firewalld.conf(5) DefaultZone, the zone file (firewalld.zone(5))
 *              under etc/firewalld/zones or usr/lib/firewalld/zones, its
 *              <service> elements resolved through firewalld.service(5) files,
 *              <port> elements and rich rules; read with libxml2 (each
 *              service file once per scan, its includes followed as
 *              firewalld follows them, under the caps of FWD_MAX_*)
 *  iptables    the iptables-save(8) files loaded at boot: etc/sysconfig/iptables
 *              (iptables-services) and etc/iptables/rules.v4 (netfilter-persistent)
 *  ufw         etc/ufw/ufw.conf ENABLED, etc/default/ufw DEFAULT_INPUT_POLICY
 *              and the rules of etc/ufw/user.rules (iptables-save format)
 *  nftables    etc/nftables.conf and etc/sysconfig/nftables.conf, nft(8) syntax:
 *              the tables' chains with "hook input"; anything beyond a plain
 *              reading of verdicts, ports, protocols, ct state and iif makes
 *              the answer unknown rather than a guess
 *
 * The iptables-save and nft files are walked by fwrules.c, rule by rule as
 * netfilter walks them; what cannot be decided statically leaves the answer
 * unknown rather than guessed.
 *
 * Whether a firewall starts at boot comes from services.c (svc_lookup), the
 * same reading the services collector records.  The sshd ports come from
 * sshd_config(5): every Port line (and ListenAddress with a port) of the file
 * and of its Include files (each read once, under the caps of SSHD_MAX_*),
 * 22 when there is none.
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/fsread.h"
#include "../scanner/kv.h"
#include "collectors.h"
#include "lib/fwrules.h"
#include "lib/svc.h"
#include "../scanner/str.h"
#include "../scanner/banned.h"


/* appends to an evidence list, "; " between items */
#define ev_add(b, ...) buf_addf_sep((b), "; ", __VA_ARGS__)

/* ev_add, unless the same words are there already (a file included twice) */
static void ev_once(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ev_once(struct buf *b, const char *fmt, ...)
{
	struct buf t = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&t, fmt, ap);
	va_end(ap);
	if (!strstr(b->data, t.data))
		ev_add(b, "%s", t.data);
	buf_release(&t);
}

/* ---- firewalld ---- */

static xmlDocPtr xml_read(struct scan_ctx *ctx, const char *path, int *rc, struct buf *why)
{
	struct buf b = BUF_INIT;
	xmlDocPtr doc = NULL;

	*rc = fsread_cap(ctx, path, &b, 1024 * 1024, FSREAD_TEXT);
	if (*rc < 0) {
		ev_add(why, "cannot read '%s': %s", path, err_str(*rc));
	} else if (*rc == 0) {
		/* no network, no DTD loading, no entity substitution, quiet */
		doc = xmlReadMemory(b.data, (int)b.len, path, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (!doc || !xmlDocGetRootElement(doc)) {
			ev_add(why, "'%s' is not well-formed XML", path);
			xmlFreeDoc(doc);
			doc = NULL;
			*rc = -EINVAL;
		}
	}
	buf_release(&b);
	return doc;
}

static int node_is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, (const xmlChar *)name);
}

/* an attribute as a malloc'd string ("" when absent) */
static char *attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = xstrdup(v ? (const char *)v : "");

	xmlFree(v);
	return s;
}

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
	struct scan_ctx *ctx;
	const struct fw_ports *pp;
	struct fwd_svc *svc;
	size_t nsvc;
	size_t nincludes;
	unsigned int walk;
	int cut;		/* an answer rests on a cut walk */
};

static void fwd_release(struct fwd *fw)
{
	for (size_t i = 0; i < fw->nsvc; i++) {
		struct fwd_svc *s = &fw->svc[i];
		for (size_t k = 0; k < s->nitems; k++)
			free(s->items[k].ev);
		free(s->items);
		free(s->name);
		free(s->ans_ev);
		buf_release(&s->note);
	}
	free(fw->svc);
}

/* the index of the service name, added when new; SIZE_MAX past the cap */
static size_t fwd_lookup(struct fwd *fw, const char *name)
{
	struct fwd_svc *s;

	for (size_t i = 0; i < fw->nsvc; i++)
		if (!strcmp(fw->svc[i].name, name))
			return i;
	if (fw->nsvc >= FWD_MAX_SERVICES)
		return SIZE_MAX;
	fw->svc = xrealloc(fw->svc, (fw->nsvc + 1) * sizeof(*fw->svc));
	s = &fw->svc[fw->nsvc];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	buf_init(&s->note);
	return fw->nsvc++;
}

static void fwd_item_add(struct fwd_svc *s, char *ev, size_t inc)
{
	s->items = xrealloc(s->items, (s->nitems + 1) * sizeof(*s->items));
	s->items[s->nitems].ev = ev;
	s->items[s->nitems].inc = inc;
	s->nitems++;
}

/* reads the file of service i: its sshd ports and its includes, in order */
static void fwd_load(struct fwd *fw, size_t i)
{
	static const char *const dirs[] = { "etc/firewalld/services", "usr/lib/firewalld/services" };
	xmlDocPtr doc = NULL;
	char *path = NULL;
	int rc = 1;

	fw->svc[i].loaded = 1;
	for (size_t d = 0; d < ARRAY_SIZE(dirs) && rc == 1; d++) {
		free(path);
		path = xasprintf("%s/%s.xml", dirs[d], fw->svc[i].name);
		doc = xml_read(fw->ctx, path, &rc, &fw->svc[i].note);
	}
	fw->svc[i].rc = rc;
	/* firewalld ships ssh as tcp/22; a missing file leaves that known */
	if (rc == 1 && !strcmp(fw->svc[i].name, "ssh")) {
		ev_add(&fw->svc[i].note, "service ssh: no definition file, firewalld's own is tcp/22");
		fw->svc[i].self = fw_ports_hit("22", fw->pp) == 1;
	}
	for (xmlNodePtr n = doc ? xmlDocGetRootElement(doc)->children : NULL; n; n = n->next) {
		/* fw->svc moves as services are added: no pointer into it is kept */
		if (node_is(n, "port")) {
			char *port = attr(n, "port"), *proto = attr(n, "protocol");
			if (!strcmp(proto, "tcp") && fw_ports_hit(port, fw->pp) == 1)
				fwd_item_add(&fw->svc[i], xasprintf("service %s: tcp/%s in %s",
						fw->svc[i].name, port, path), SIZE_MAX);
			free(port);
			free(proto);
		} else if (node_is(n, "include")) {
			char *inc = attr(n, "service");
			size_t k = SIZE_MAX;
			if (fw->nincludes >= FWD_MAX_INCLUDES) {
				ev_once(&fw->svc[i].note, "too many service includes: truncated at %d",
					FWD_MAX_INCLUDES);
				fw->svc[i].cut = 1;
				free(inc);
				break;
			}
			fw->nincludes++;
			if (*inc && !strchr(inc, '/')) {
				k = fwd_lookup(fw, inc);
				if (k == SIZE_MAX) {
					ev_once(&fw->svc[i].note, "too many services: truncated at %d",
						FWD_MAX_SERVICES);
					fw->svc[i].cut = 1;
				}
			}
			if (k != SIZE_MAX)
				fwd_item_add(&fw->svc[i], NULL, k);
			free(inc);
		}
	}
	xmlFreeDoc(doc);
	free(path);
}

/* the walk from service i: 1 when it reaches an sshd port; evidence onto how */
static int fwd_walk(struct fwd *fw, size_t i, struct buf *how, int *cut)
{
	int hit;

	if (fw->svc[i].mark == fw->walk)
		return 0;
	fw->svc[i].mark = fw->walk;
	if (!fw->svc[i].loaded)
		fwd_load(fw, i);
	if (fw->svc[i].note.len)
		ev_add(how, "%s", fw->svc[i].note.data);
	hit = fw->svc[i].self;
	*cut |= fw->svc[i].cut;
	for (size_t k = 0; k < fw->svc[i].nitems; k++) {
		const struct fwd_item *it = &fw->svc[i].items[k];
		if (it->ev) {
			ev_add(how, "%s", it->ev);
			hit = 1;
		} else if (fwd_walk(fw, it->inc, how, cut) == 1) {
			hit = 1;
		}
	}
	return hit;
}

/* "ssh": do the service's tcp ports hold an sshd port?  1, 0, -1 unknown */
static int fwd_service(struct fwd *fw, const char *name, struct buf *how)
{
	struct buf ev = BUF_INIT;
	struct fwd_svc *s;
	size_t i;
	int hit, cut = 0;

	if (strchr(name, '/'))
		return -1;
	i = fwd_lookup(fw, name);
	if (i == SIZE_MAX) {
		ev_once(how, "too many services: truncated at %d", FWD_MAX_SERVICES);
		fw->cut = 1;
		return -1;
	}
	if (!fw->svc[i].ans_ev) {
		fw->walk++;
		hit = fwd_walk(fw, i, &ev, &cut);
		s = &fw->svc[i];
		if (hit)
			s->ans = 1;
		else if (cut || s->rc < 0 || (s->rc == 1 && strcmp(s->name, "ssh")))
			s->ans = -1;
		else
			s->ans = 0;
		s->ans_cut = cut && !hit;
		s->ans_ev = buf_detach(&ev);
	}
	s = &fw->svc[i];
	if (*s->ans_ev)
		ev_once(how, "%s", s->ans_ev);
	fw->cut |= s->ans_cut;
	return s->ans;
}

/* does a <rule> or <zone> child (service or port) reach sshd? 1, 0, -1 */
static int fwd_reaches(struct fwd *fw, xmlNodePtr n, struct buf *how)
{
	int hit = 0;

	if (node_is(n, "service")) {
		char *name = attr(n, "name");
		hit = fwd_service(fw, name, how);
		free(name);
	} else if (node_is(n, "port")) {
		char *port = attr(n, "port"), *proto = attr(n, "protocol");
		hit = strcmp(proto, "tcp") ? 0 : fw_ports_hit(port, fw->pp);
		if (hit == 1)
			ev_add(how, "<port port=\"%s\" protocol=\"tcp\"/>", port);
		free(port);
		free(proto);
	}
	return hit;
}

/* 1, 0 or -1 for the zone's treatment of new tcp connections to sshd */
static int fwd_zone(struct fwd *fw, const char *zone, struct buf *ev, struct buf *files)
{
	static const char *const dirs[] = { "etc/firewalld/zones", "usr/lib/firewalld/zones" };
	struct buf how = BUF_INIT;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	char *path = NULL, *target = NULL;
	int rc = 1, ans = -1, allow = 0, refuse = 0, cond_accept = 0, cut = fw->cut;

	/* whether this zone's answer rests on a cut walk */
	fw->cut = 0;
	for (size_t d = 0; d < ARRAY_SIZE(dirs) && rc == 1; d++) {
		free(path);
		path = xasprintf("%s/%s.xml", dirs[d], zone);
		doc = xml_read(fw->ctx, path, &rc, ev);
	}
	if (rc == 1) {
		ev_add(ev, "zone %s: no zone file in etc/firewalld/zones or usr/lib/firewalld/zones",
		       zone);
		goto out;
	}
	if (rc < 0)
		goto out;
	buf_addf(files, ",%s", path);
	root = xmlDocGetRootElement(doc);
	if (!node_is(root, "zone")) {
		ev_add(ev, "'%s' is not a firewalld zone", path);
		goto out;
	}
	target = attr(root, "target");
	if (!strcmp(target, "ACCEPT")) {
		ev_add(ev, "zone %s (%s) has target ACCEPT", zone, path);
		ans = 1;
		goto out;
	}
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (node_is(n, "service") || node_is(n, "port")) {
			int hit = fwd_reaches(fw, n, &how);
			if (hit == 1)
				allow = 1;
		} else if (node_is(n, "rule")) {
			/* a rich rule: its match, any source restriction, its action */
			char *family = attr(n, "family");
			int hit = 0, source = 0, accept = 0, deny = 0;
			for (xmlNodePtr k = n->children; k; k = k->next) {
				if (node_is(k, "service") || node_is(k, "port"))
					hit = fwd_reaches(fw, k, &how) == 1 ? 1 : hit;
				else if (node_is(k, "source"))
					source = 1;
				else if (node_is(k, "accept"))
					accept = 1;
				else if (node_is(k, "reject") || node_is(k, "drop"))
					deny = 1;
			}
			if (hit && strcmp(family, "ipv6")) {
				if (accept && !source)
					allow = 1;
				else if (accept)
					cond_accept = 1;
				else if (deny && !source)
					refuse = 1;
				ev_add(&how, "rich rule: %s%s", accept ? "accept" : deny ? "refuse" : "other",
				       source ? " from some sources only" : "");
			}
			free(family);
		}
	}
	if (how.len)
		ev_add(ev, "zone %s (%s): %s", zone, path, how.data);
	if (refuse) {
		/* firewalld puts deny rich rules before allows */
		ans = 0;
	} else if (allow) {
		ans = 1;
	} else if (cond_accept) {
		ev_add(ev, "SSH accepted from some sources only");
		ans = -1;
	} else if (fw->cut) {
		ev_add(ev, "zone %s (%s): its services were read in part, so the answer is unknown",
		       zone, path);
		ans = -1;
	} else {
		ev_add(ev, "zone %s (%s) allows neither the ssh service nor the sshd port; "
		       "target '%s' refuses the rest", zone, path, *target ? target : "default");
		ans = 0;
	}
out:
	fw->cut |= cut;
	xmlFreeDoc(doc);
	free(path);
	free(target);
	buf_release(&how);
	return ans;
}

/*
 * The zones of etc/firewalld/zones that bind interfaces, other than the
 * default zone: SSH arriving on those interfaces is judged by them.
 * Returns ans when they agree with it, -1 when one of them answers otherwise.
 */
static int fwd_other_zones(struct fwd *fw, const char *zone, int ans, struct buf *ev)
{
	struct buf tmp = BUF_INIT, files = BUF_INIT, ifs = BUF_INIT, zev = BUF_INIT;
	char **names;
	size_t n;
	int out = ans;

	if (sysroot_list(fw->ctx, "etc/firewalld/zones", &names, &n) != 0)
		return ans;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		int rc;
		if (len <= 4 || strcmp(names[i] + len - 4, ".xml") ||
		    (len - 4 == strlen(zone) && !strncmp(names[i], zone, len - 4)))
			continue;
		char *path = xasprintf("etc/firewalld/zones/%s", names[i]);
		xmlDocPtr doc = xml_read(fw->ctx, path, &rc, &tmp);
		buf_clear(&ifs);
		for (xmlNodePtr k = doc ? xmlDocGetRootElement(doc)->children : NULL; k; k = k->next) {
			if (node_is(k, "interface")) {
				char *ifname = attr(k, "name");
				buf_addf(&ifs, "%s%s", ifs.len ? "," : "", ifname);
				free(ifname);
			}
		}
		xmlFreeDoc(doc);
		free(path);
		if (!ifs.len)
			continue;
		char *other = xstrndup(names[i], len - 4);
		buf_clear(&zev);
		int a = fwd_zone(fw, other, &zev, &files);
		ev_add(ev, "interface %s is in zone %s, which %s SSH", ifs.data, other,
		       a == 1 ? "allows" : a == 0 ? "refuses" : "may or may not allow");
		if (a != ans)
			out = -1;
		free(other);
	}
	if (out != ans)
		ev_add(ev, "so the answer depends on the interface SSH arrives on");
	sysroot_names_free(names, n);
	buf_release(&tmp);
	buf_release(&files);
	buf_release(&ifs);
	buf_release(&zev);
	return out;
}

/* ---- sshd_config(5) ---- */

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
	struct scan_ctx *ctx;
	struct fw_ports *pp;
	struct buf *src;
	struct stat *seen;	/* the files read: st_dev and st_ino */
	size_t nseen;
	struct stat chain[SSHD_MAX_DEPTH + 1];	/* the file at each depth, now */
	size_t names;
	int cut;		/* a cap was hit: the rest is not read */
	int loop;		/* a file includes itself, said once */
};

static int sshd_file(struct sshd_read *sr, const char *path, int depth);

/* 1 when the port is new to the list */
static int add_port(struct sshd_read *sr, unsigned int port)
{
	struct fw_ports *pp = sr->pp;

	for (size_t i = 0; i < pp->n; i++)
		if (pp->p[i] == port)
			return 0;
	if (pp->n >= FW_MAX_PORTS) {
		if (!pp->partial)
			ev_add(sr->src, "more than %d ports: truncated at %d", FW_MAX_PORTS,
			       FW_MAX_PORTS);
		pp->partial = 1;
		return 0;
	}
	pp->p[pp->n++] = port;
	return 1;
}

/* counts n names against SSHD_MAX_NAMES; 0 within it */
static int sshd_count(struct sshd_read *sr, size_t n)
{
	sr->names += n;
	if (sr->names <= SSHD_MAX_NAMES)
		return 0;
	if (!sr->cut)
		ev_add(sr->src, "Include: too many names listed or tried: truncated at %d",
		       SSHD_MAX_NAMES);
	sr->cut = 1;
	return -1;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The paths a glob pattern (root-relative) matches, sorted as glob(3)
 * sorts them; a path with no wildcard is taken as it is (reading it tells
 * whether it exists).  Wildcards match no leading '.'.  A malloc'd array
 * of malloc'd strings, *n of them.
 */
static char **sshd_glob(struct sshd_read *sr, const char *pat, size_t *n)
{
	char **cur = xcalloc(1, sizeof(*cur)), **next;
	size_t ncur = 1, nnext;
	char *copy = xstrdup(pat), *save = NULL;

	cur[0] = xstrdup("");
	for (char *comp = strtok_r(copy, "/", &save); comp && ncur; comp = strtok_r(NULL, "/", &save)) {
		next = NULL;
		nnext = 0;
		for (size_t i = 0; i < ncur && !sr->cut; i++) {
			const char *sep = *cur[i] ? "/" : "";
			char **names;
			size_t k;
			if (!strpbrk(comp, "*?[")) {
				next = xrealloc(next, (nnext + 1) * sizeof(*next));
				next[nnext++] = xasprintf("%s%s%s", cur[i], sep, comp);
				continue;
			}
			if (sysroot_list(sr->ctx, *cur[i] ? cur[i] : "/", &names, &k) != 0)
				continue;
			if (sshd_count(sr, k) == 0) {
				for (size_t j = 0; j < k; j++) {
					if (fnmatch(comp, names[j], FNM_PERIOD) != 0)
						continue;
					next = xrealloc(next, (nnext + 1) * sizeof(*next));
					next[nnext++] = xasprintf("%s%s%s", cur[i], sep, names[j]);
				}
			}
			sysroot_names_free(names, k);
		}
		sysroot_names_free(cur, ncur);
		cur = next;
		ncur = nnext;
	}
	free(copy);
	if (ncur > 1)
		qsort(cur, ncur, sizeof(*cur), cmp_path);
	*n = ncur;
	return cur;
}

/* the Include at from:lineno of pat, from a file at depth */
static void sshd_include(struct sshd_read *sr, const char *from, unsigned long lineno,
			 const char *pat, int depth)
{
	char *full, **paths;
	size_t n;

	/* sshd prefixes neither, and does not expand '~': no such file */
	if (pat[0] == '~')
		return;
	full = pat[0] == '/' ? xstrdup(pat + 1) : xasprintf("etc/ssh/%s", pat);
	paths = sshd_glob(sr, full, &n);
	for (size_t i = 0; i < n && !sr->cut; i++) {
		struct stat st;
		int again = 0;

		if (sshd_count(sr, 1) < 0 || sysroot_stat(sr->ctx, paths[i], &st) != 0)
			continue;
		for (int d = 0; d <= depth && !again; d++)
			again = sr->chain[d].st_dev == st.st_dev && sr->chain[d].st_ino == st.st_ino;
		if (again && !sr->loop) {
			/* the first loop is enough to say sshd will not start */
			ev_add(sr->src, "%s:%lu: Include of '%s' again, in a loop: sshd refuses "
			       "to start (too many recursive includes)", from, lineno, paths[i]);
			sr->loop = 1;
		}
		for (size_t k = 0; k < sr->nseen && !again; k++)
			again = sr->seen[k].st_dev == st.st_dev && sr->seen[k].st_ino == st.st_ino;
		if (again)
			continue;
		if (depth + 1 > SSHD_MAX_DEPTH) {
			ev_add(sr->src, "%s:%lu: Include nests deeper than %d files: sshd refuses to "
			       "start; '%s' not read", from, lineno, SSHD_MAX_DEPTH, paths[i]);
			sr->cut = 1;
			continue;
		}
		if (sr->nseen >= SSHD_MAX_FILES) {
			ev_add(sr->src, "Include: too many files: truncated at %d", SSHD_MAX_FILES);
			sr->cut = 1;
			continue;
		}
		sshd_file(sr, paths[i], depth + 1);
	}
	sysroot_names_free(paths, n);
	free(full);
}

/* 0 read, 1 absent, <0 unreadable */
static int sshd_file(struct sshd_read *sr, const char *path, int depth)
{
	struct buf b = BUF_INIT;
	unsigned long lineno = 0;
	struct stat st;
	int in_match = 0, rc;

	rc = fsread(sr->ctx, path, &b);
	if (rc != 0)
		goto out;
	/* what was read is known by what the read found, not by its name */
	memset(&sr->chain[depth], 0, sizeof(sr->chain[depth]));
	if (sysroot_stat(sr->ctx, path, &st) == 0) {
		sr->seen = xrealloc(sr->seen, (sr->nseen + 1) * sizeof(*sr->seen));
		sr->seen[sr->nseen++] = st;
		sr->chain[depth] = st;
	}
	for (char *line = b.data; line;) {
		char *eol = strchr(line, '\n'), *tok[8];
		size_t nt;

		if (eol)
			*eol = '\0';
		lineno++;
		/* "Keyword value" or "Keyword=value" */
		for (char *p = line; *p && *p != '#'; p++)
			if (*p == '=' || *p == '\r')
				*p = ' ';
		nt = *line == '#' ? 0 : fw_split_words(line, tok, ARRAY_SIZE(tok));
		if (nt >= 2 && !strcasecmp(tok[0], "Match")) {
			in_match = strcasecmp(tok[1], "all") != 0;
		} else if (nt >= 2 && !in_match && !strcasecmp(tok[0], "Port")) {
			long port = fw_parse_port(tok[1], strlen(tok[1]));
			if (port > 0 && add_port(sr, (unsigned int)port))
				ev_add(sr->src, "%s:%lu: Port %ld", path, lineno, port);
			else if (port < 0)
				/* sshd refuses to start on such a line */
				ev_once(sr->src, "%s:%lu: Port '%.32s' is not a port", path, lineno, tok[1]);
		} else if (nt >= 2 && !in_match && !strcasecmp(tok[0], "ListenAddress")) {
			/* "0.0.0.0:2222" or "[::]:2222": a port of its own */
			const char *v = tok[1], *c = strrchr(v, ':');
			int bracket = v[0] == '[' && c && c > v && c[-1] == ']';
			if (c && (bracket || strchr(v, ':') == c)) {
				long port = fw_parse_port(c + 1, strlen(c + 1));
				if (port > 0 && add_port(sr, (unsigned int)port))
					ev_add(sr->src, "%s:%lu: ListenAddress %.64s", path, lineno, v);
				else if (port < 0)
					ev_once(sr->src, "%s:%lu: ListenAddress '%.64s' has no valid port",
						path, lineno, v);
			}
		} else if (nt >= 2 && !in_match && !strcasecmp(tok[0], "Include")) {
			for (size_t i = 1; i < nt; i++)
				sshd_include(sr, path, lineno, tok[i], depth);
		}
		line = eol ? eol + 1 : NULL;
	}
out:
	buf_release(&b);
	return rc;
}

static int sshd_ports(struct scan_ctx *ctx, struct fw_ports *pp)
{
	struct buf src = BUF_INIT, ports = BUF_INIT;
	struct sshd_read sr = { .ctx = ctx, .pp = pp, .src = &src };
	struct dbrow r;
	int rc;

	memset(pp, 0, sizeof(*pp));
	rc = sshd_file(&sr, "etc/ssh/sshd_config", 0);
	if (rc < 0) {
		ctx_note(ctx, "cannot read 'etc/ssh/sshd_config': %s; the firewall checks assume "
			 "port 22", err_str(rc));
		buf_clear(&src);
		buf_addf(&src, "cannot read 'etc/ssh/sshd_config': %s", err_str(rc));
		pp->n = 0;
		pp->assumed = 1;
	} else if (rc > 0) {
		ev_add(&src, "default: no etc/ssh/sshd_config");
	} else if (!pp->n) {
		ev_add(&src, "default: no Port in etc/ssh/sshd_config");
	}
	if (sr.cut)
		pp->partial = 1;
	if (!pp->n)
		pp->p[pp->n++] = 22;
	for (size_t i = 0; i < pp->n; i++)
		buf_addf(&ports, "%s%u", i ? "," : "", pp->p[i]);
	dbrow_init(&r, "sshd");
	dbrow_text(&r, "ports", pp->assumed ? NULL : ports.data);
	dbrow_text(&r, "source", src.data);
	rc = dbrow_insert(ctx->db, ctx->scan_id, &r);
	if (rc < 0)
		ctx_note(ctx, "store: cannot insert sshd");
	free(sr.seen);
	buf_release(&src);
	buf_release(&ports);
	return rc;
}

/* ---- the collector ---- */

struct fwrow {
	const char *kind;
	int present;
	struct buf config;
	int enabled;		/* 1, 0, -1 unknown */
	struct buf enabled_ev;
	int rules;		/* 1, 0, -1 unknown */
	struct buf ev;
};

static void fwrow_init(struct fwrow *f, const char *kind)
{
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	buf_init(&f->config);
	buf_init(&f->enabled_ev);
	buf_init(&f->ev);
	f->rules = -1;
}

static void fwrow_release(struct fwrow *f)
{
	buf_release(&f->config);
	buf_release(&f->enabled_ev);
	buf_release(&f->ev);
}

/* the boot state of the first of names that is installed */
static void boot_state(struct scan_ctx *ctx, const struct svc_env *env,
		       const char *const *names, struct fwrow *f)
{
	const char *const *first = names;
	struct svc_state s;

	svc_state_init(&s);
	for (; *names; names++) {
		if (svc_lookup(ctx, env, *names, &s) != 0)
			continue;
		ev_add(&f->enabled_ev, "%s %s %s%s%s", s.manager, s.name,
		       s.state ? s.state : "state unknown", s.evidence.len ? ": " : "",
		       s.evidence.data);
		f->enabled = !s.state ? -1 : !strcmp(s.state, "enabled");
		goto out;
	}
	f->enabled = 0;
	ev_add(&f->enabled_ev, "no %s service", *first);
out:
	svc_state_release(&s);
}

static int fwrow_insert(struct scan_ctx *ctx, struct fwrow *f, const struct fw_ports *pp)
{
	struct dbrow r;
	int allowed;

	if (!f->present) {
		f->enabled = 0;
		f->rules = -1;
	}
	/* refused on the ports read says nothing of those not read */
	if (f->present && pp->partial) {
		ev_add(&f->ev, "sshd ports read in part (see sshd.source)");
		if (f->rules == 0)
			f->rules = -1;
	}
	/* a firewall that is not started lets SSH through, whatever its rules */
	if (f->enabled == 0)
		allowed = 1;
	else if (f->enabled == 1)
		allowed = f->rules;
	else
		allowed = f->rules == 1 ? 1 : -1;
	if (f->present && pp->assumed)
		ev_add(&f->ev, "sshd port 22 assumed");
	dbrow_init(&r, "firewalls");
	dbrow_text(&r, "kind", f->kind);
	dbrow_int(&r, "present", f->present);
	dbrow_text(&r, "config", f->config.len ? f->config.data : NULL);
	dbrow_int_if(&r, "enabled", f->enabled >= 0, f->enabled);
	dbrow_text(&r, "enabled_evidence", f->enabled_ev.len ? f->enabled_ev.data : NULL);
	dbrow_int_if(&r, "rules_allow_ssh", f->present && f->rules >= 0, f->rules);
	dbrow_int_if(&r, "ssh_allowed", allowed >= 0, allowed);
	dbrow_text(&r, "evidence", f->ev.len ? f->ev.data : NULL);
	if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0) {
		ctx_note(ctx, "store: cannot insert firewall '%s'", f->kind);
		return -1;
	}
	return 0;
}

static int any_exists(struct scan_ctx *ctx, const char *const *paths, struct buf *which)
{
	struct stat st;

	for (; *paths; paths++) {
		if (sysroot_stat(ctx, *paths, &st) == 0) {
			if (which)
				buf_adds(which, *paths);
			return 1;
		}
	}
	return 0;
}

static void do_firewalld(struct scan_ctx *ctx, const struct svc_env *env, const struct fw_ports *pp,
			 struct fwrow *f)
{
	static const char *const marks[] = { "etc/firewalld", "usr/lib/firewalld",
					     "usr/sbin/firewalld", NULL };
	static const char *const svc[] = { "firewalld", NULL };
	struct buf b = BUF_INIT, files = BUF_INIT;
	struct kvlist kv = KVLIST_INIT;
	struct fwd fw = { .ctx = ctx, .pp = pp };
	const char *zone = "public";
	int rc;

	if (!any_exists(ctx, marks, NULL)) {
		ev_add(&f->ev, "not present: no etc/firewalld, usr/lib/firewalld, usr/sbin/firewalld");
		return;
	}
	f->present = 1;
	boot_state(ctx, env, svc, f);
	rc = fsread(ctx, "etc/firewalld/firewalld.conf", &b);
	if (rc == 0) {
		buf_adds(&files, "etc/firewalld/firewalld.conf");
		kv_parse(b.data, &kv);
		if (kv_get_nonempty(&kv, "DefaultZone"))
			zone = kv_get_nonempty(&kv, "DefaultZone");
		else
			ev_add(&f->ev, "no DefaultZone in etc/firewalld/firewalld.conf: public");
	} else if (rc < 0) {
		ev_add(&f->ev, "cannot read 'etc/firewalld/firewalld.conf': %s", err_str(rc));
		goto out;
	} else {
		ev_add(&f->ev, "no etc/firewalld/firewalld.conf: default zone public");
	}
	if (strchr(zone, '/')) {
		ev_add(&f->ev, "default zone '%s' is not a zone name", zone);
		goto out;
	}
	f->rules = fwd_zone(&fw, zone, &f->ev, &files);
	f->rules = fwd_other_zones(&fw, zone, f->rules, &f->ev);
out:
	buf_adds(&f->config, files.data[0] == ',' ? files.data + 1 : files.data);
	fwd_release(&fw);
	kvlist_release(&kv);
	buf_release(&b);
	buf_release(&files);
}

static void do_iptables(struct scan_ctx *ctx, const struct svc_env *env,
			const struct fw_ports *pp, struct fwrow *f)
{
	/* the saved rules, each with the service that loads it at boot */
	static const struct {
		const char *path;
		const char *const svc[3];
	} files[] = {
		{ "etc/sysconfig/iptables", { "iptables", NULL } },
		{ "etc/iptables/rules.v4", { "netfilter-persistent", "iptables-persistent", NULL } },
	};
	int rc = 1, answer;

	for (size_t i = 0; i < ARRAY_SIZE(files) && rc == 1; i++) {
		rc = fw_iptables(ctx, files[i].path, "INPUT", 1,
				 "no INPUT chain policy: the kernel's ACCEPT", pp, &answer, &f->ev);
		if (rc == 1)
			continue;
		f->present = 1;
		buf_adds(&f->config, files[i].path);
		boot_state(ctx, env, files[i].svc, f);
		if (rc == 0)
			f->rules = answer;
	}
	if (!f->present)
		ev_add(&f->ev, "not present: no saved rules in etc/sysconfig/iptables, "
		       "etc/iptables/rules.v4");
}

static void do_ufw(struct scan_ctx *ctx, const struct svc_env *env, const struct fw_ports *pp,
		   struct fwrow *f)
{
	static const char *const marks[] = { "etc/ufw/ufw.conf", "usr/sbin/ufw", NULL };
	static const char *const svc[] = { "ufw", NULL };
	struct buf b = BUF_INIT, policy = BUF_INIT;
	struct kvlist kv = KVLIST_INIT;
	const char *v;
	int rc, conf_on = -1, accept = 0, answer;

	if (!any_exists(ctx, marks, NULL)) {
		ev_add(&f->ev, "not present: no etc/ufw/ufw.conf, usr/sbin/ufw");
		goto out;
	}
	f->present = 1;
	rc = fsread(ctx, "etc/ufw/ufw.conf", &b);
	if (rc == 0) {
		buf_adds(&f->config, "etc/ufw/ufw.conf");
		kv_parse(b.data, &kv);
		v = kv_get(&kv, "ENABLED");
		conf_on = v && !strcasecmp(v, "yes");
		ev_add(&f->enabled_ev, "etc/ufw/ufw.conf: ENABLED=%s", v ? v : "(unset)");
		kvlist_release(&kv);
	} else {
		ev_add(&f->enabled_ev, "cannot read 'etc/ufw/ufw.conf': %s",
		       rc > 0 ? "absent" : err_str(rc));
	}
	/* ENABLED=yes takes effect at boot through the ufw service */
	boot_state(ctx, env, svc, f);
	if (conf_on == 0 || (conf_on == 1 && f->enabled == 0))
		f->enabled = 0;
	else if (conf_on == 1 && f->enabled == 1)
		f->enabled = 1;
	else if (conf_on == 1)
		f->enabled = -1;
	else
		f->enabled = f->enabled == 0 ? 0 : -1;
	rc = fsread(ctx, "etc/default/ufw", &b);
	if (rc == 0) {
		kv_parse(b.data, &kv);
		v = kv_get_nonempty(&kv, "DEFAULT_INPUT_POLICY");
		accept = v && !strcasecmp(v, "ACCEPT");
		buf_addf(&policy, "etc/default/ufw: DEFAULT_INPUT_POLICY=%s", v ? v : "(unset: DROP)");
		buf_adds(&f->config, ",etc/default/ufw");
	} else {
		buf_adds(&policy, "no etc/default/ufw: ufw's default input policy DROP");
	}
	/* ufw's own chains hand over to the user rules, then to the policy */
	rc = fw_iptables(ctx, "etc/ufw/user.rules", "ufw-user-input", accept, policy.data, pp,
			 &answer, &f->ev);
	if (rc == 0) {
		buf_adds(&f->config, ",etc/ufw/user.rules");
		f->rules = answer;
	} else if (rc > 0) {
		/* no user rules: the default policy decides */
		ev_add(&f->ev, "no etc/ufw/user.rules; %s", policy.data);
		f->rules = accept;
	}
out:
	kvlist_release(&kv);
	buf_release(&b);
	buf_release(&policy);
}

static void do_nftables(struct scan_ctx *ctx, const struct svc_env *env,
			const struct fw_ports *pp, struct fwrow *f)
{
	static const char *const confs[] = { "etc/nftables.conf", "etc/sysconfig/nftables.conf" };
	static const char *const svc[] = { "nftables", NULL };
	int answer;

	if (fw_nftables(ctx, confs, ARRAY_SIZE(confs), pp, &answer, &f->config, &f->ev) != 0) {
		ev_add(&f->ev, "not present: no etc/nftables.conf, etc/sysconfig/nftables.conf");
		return;
	}
	f->present = 1;
	boot_state(ctx, env, svc, f);
	f->rules = answer;
}

int collect_firewall(struct scan_ctx *ctx)
{
	static void (*const readers[])(struct scan_ctx *, const struct svc_env *,
				       const struct fw_ports *, struct fwrow *) = {
		do_firewalld, do_iptables, do_nftables, do_ufw,
	};
	static const char *const kinds[] = { "firewalld", "iptables", "nftables", "ufw" };
	struct svc_env env;
	struct fw_ports pp;
	int rc, present = 0;

	rc = sshd_ports(ctx, &pp);
	if (rc < 0)
		return -1;
	xmlInitParser();
	svc_env_load(ctx, &env);
	for (size_t i = 0; i < ARRAY_SIZE(readers) && rc == 0; i++) {
		struct fwrow f;
		fwrow_init(&f, kinds[i]);
		readers[i](ctx, &env, &pp, &f);
		present += f.present;
		rc = fwrow_insert(ctx, &f, &pp);
		/* an unknown answer says why in the run's reason too */
		if (f.present && f.enabled != 0 && f.rules < 0 && f.ev.len)
			ctx_note(ctx, "%s: whether SSH is allowed is unknown: %s", f.kind, f.ev.data);
		fwrow_release(&f);
	}
	/* what the boot states rest on matters only for a firewall that is there */
	if (present && env.notes.len)
		ctx_note(ctx, "boot states: %s", env.notes.data);
	svc_env_release(&env);
	return rc;
}
