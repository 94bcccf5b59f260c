/*
 * firewalld.c - firewalld's zone and service XML files, read with libxml2
 * for one new SSH connection (firewalld.h)
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "../../scanner/err.h"
#include "../../scanner/fsread.h"
#include "firewalld.h"
#include "../../scanner/str.h"
#include "../../scanner/banned.h"

xmlDocPtr fwd_xml_parse(const char *path, const char *text, size_t len, struct buf *why)
{
	xmlDocPtr doc;

	if (len > FWD_FILE_CAP) {
		fw_ev_add(why, "cannot read '%s': %s", path, err_str(-EFBIG));
		return NULL;
	}
	/* no network, no DTD loading, no entity substitution, quiet */
	doc = xmlReadMemory(text, (int)len, path, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc || !xmlDocGetRootElement(doc)) {
		fw_ev_add(why, "'%s' is not well-formed XML", path);
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

static xmlDocPtr xml_read(struct scan_ctx *ctx, const char *path, int *rc, struct buf *why)
{
	struct buf b = BUF_INIT;
	xmlDocPtr doc = NULL;

	*rc = fsread_cap(ctx, path, &b, FWD_FILE_CAP, FSREAD_TEXT);
	if (*rc < 0) {
		fw_ev_add(why, "cannot read '%s': %s", path, err_str(*rc));
	} else if (*rc == 0) {
		doc = fwd_xml_parse(path, b.data, b.len, why);
		if (!doc)
			*rc = -EINVAL;
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

void fwd_release(struct fwd *fw)
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
size_t fwd_lookup(struct fwd *fw, const char *name)
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

void fwd_service_doc(struct fwd *fw, size_t i, const char *path, xmlDocPtr doc)
{
	for (xmlNodePtr n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
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
				fw_ev_once(&fw->svc[i].note, "too many service includes: truncated at %d",
					FWD_MAX_INCLUDES);
				fw->svc[i].cut = 1;
				free(inc);
				break;
			}
			fw->nincludes++;
			if (*inc && !strchr(inc, '/')) {
				k = fwd_lookup(fw, inc);
				if (k == SIZE_MAX) {
					fw_ev_once(&fw->svc[i].note, "too many services: truncated at %d",
						FWD_MAX_SERVICES);
					fw->svc[i].cut = 1;
				}
			}
			if (k != SIZE_MAX)
				fwd_item_add(&fw->svc[i], NULL, k);
			free(inc);
		}
	}
}

/* reads the file of service i: its sshd ports and its includes, in order */
static void fwd_load(struct fwd *fw, size_t i)
{
	static const char *const dirs[] = { "etc/firewalld/services", "usr/lib/firewalld/services" };
	xmlDocPtr doc = NULL;
	char *path = NULL;
	int rc = 1;

	fw->svc[i].loaded = 1;
	if (!fw->ctx) {
		/* one file read alone: firewalld's own ssh stands, the rest is unknown */
		fw->svc[i].rc = 1;
		if (!strcmp(fw->svc[i].name, "ssh")) {
			fw_ev_add(&fw->svc[i].note, "service ssh: its file is not read (one file "
				  "read alone), firewalld's own is tcp/22");
			fw->svc[i].self = fw_ports_hit("22", fw->pp) == 1;
		} else {
			fw_ev_add(&fw->svc[i].note, "service %s: its file is not read (one file "
				  "read alone)", fw->svc[i].name);
			fw->svc[i].cut = 1;
		}
		return;
	}
	for (size_t d = 0; d < ARRAY_SIZE(dirs) && rc == 1; d++) {
		free(path);
		path = xasprintf("%s/%s.xml", dirs[d], fw->svc[i].name);
		doc = xml_read(fw->ctx, path, &rc, &fw->svc[i].note);
	}
	fw->svc[i].rc = rc;
	/* firewalld ships ssh as tcp/22; a missing file leaves that known */
	if (rc == 1 && !strcmp(fw->svc[i].name, "ssh")) {
		fw_ev_add(&fw->svc[i].note, "service ssh: no definition file, firewalld's own is tcp/22");
		fw->svc[i].self = fw_ports_hit("22", fw->pp) == 1;
	}
	if (doc)
		fwd_service_doc(fw, i, path, doc);
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
		fw_ev_add(how, "%s", fw->svc[i].note.data);
	hit = fw->svc[i].self;
	*cut |= fw->svc[i].cut;
	for (size_t k = 0; k < fw->svc[i].nitems; k++) {
		const struct fwd_item *it = &fw->svc[i].items[k];
		if (it->ev) {
			fw_ev_add(how, "%s", it->ev);
			hit = 1;
		} else if (fwd_walk(fw, it->inc, how, cut) == 1) {
			hit = 1;
		}
	}
	return hit;
}

/* "ssh": do the service's tcp ports hold an sshd port?  1, 0, -1 unknown */
int fwd_service(struct fwd *fw, const char *name, struct buf *how)
{
	struct buf ev = BUF_INIT;
	struct fwd_svc *s;
	size_t i;
	int hit, cut = 0;

	if (strchr(name, '/'))
		return -1;
	i = fwd_lookup(fw, name);
	if (i == SIZE_MAX) {
		fw_ev_once(how, "too many services: truncated at %d", FWD_MAX_SERVICES);
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
		fw_ev_once(how, "%s", s->ans_ev);
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
			fw_ev_add(how, "<port port=\"%s\" protocol=\"tcp\"/>", port);
		free(port);
		free(proto);
	}
	return hit;
}

int fwd_zone_doc(struct fwd *fw, const char *zone, const char *path, xmlDocPtr doc,
		 struct buf *ev)
{
	struct buf how = BUF_INIT;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	char *target = NULL;
	int ans = -1, allow = 0, refuse = 0, cond_accept = 0;

	if (!node_is(root, "zone")) {
		fw_ev_add(ev, "'%s' is not a firewalld zone", path);
		goto out;
	}
	target = attr(root, "target");
	if (!strcmp(target, "ACCEPT")) {
		fw_ev_add(ev, "zone %s (%s) has target ACCEPT", zone, path);
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
				fw_ev_add(&how, "rich rule: %s%s", accept ? "accept" : deny ? "refuse" : "other",
				       source ? " from some sources only" : "");
			}
			free(family);
		}
	}
	if (how.len)
		fw_ev_add(ev, "zone %s (%s): %s", zone, path, how.data);
	if (refuse) {
		/* firewalld puts deny rich rules before allows */
		ans = 0;
	} else if (allow) {
		ans = 1;
	} else if (cond_accept) {
		fw_ev_add(ev, "SSH accepted from some sources only");
		ans = -1;
	} else if (fw->cut) {
		fw_ev_add(ev, "zone %s (%s): its services were read in part, so the answer is unknown",
		       zone, path);
		ans = -1;
	} else {
		fw_ev_add(ev, "zone %s (%s) allows neither the ssh service nor the sshd port; "
		       "target '%s' refuses the rest", zone, path, *target ? target : "default");
		ans = 0;
	}
out:
	free(target);
	buf_release(&how);
	return ans;
}

/* 1, 0 or -1 for the zone's treatment of new tcp connections to sshd */
int fwd_zone(struct fwd *fw, const char *zone, struct buf *ev, struct buf *files)
{
	static const char *const dirs[] = { "etc/firewalld/zones", "usr/lib/firewalld/zones" };
	xmlDocPtr doc = NULL;
	char *path = NULL;
	int rc = 1, ans = -1, cut = fw->cut;

	/* whether this zone's answer rests on a cut walk */
	fw->cut = 0;
	for (size_t d = 0; d < ARRAY_SIZE(dirs) && rc == 1; d++) {
		free(path);
		path = xasprintf("%s/%s.xml", dirs[d], zone);
		doc = xml_read(fw->ctx, path, &rc, ev);
	}
	if (rc == 1) {
		fw_ev_add(ev, "zone %s: no zone file in etc/firewalld/zones or usr/lib/firewalld/zones",
			  zone);
	} else if (rc == 0) {
		buf_addf(files, ",%s", path);
		ans = fwd_zone_doc(fw, zone, path, doc, ev);
	}
	fw->cut |= cut;
	xmlFreeDoc(doc);
	free(path);
	return ans;
}

/*
 * The zones of etc/firewalld/zones that bind interfaces, other than the
 * default zone: SSH arriving on those interfaces is judged by them.
 * Returns ans when they agree with it, -1 when one of them answers otherwise.
 */
int fwd_other_zones(struct fwd *fw, const char *zone, int ans, struct buf *ev)
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
		fw_ev_add(ev, "interface %s is in zone %s, which %s SSH", ifs.data, other,
		       a == 1 ? "allows" : a == 0 ? "refuses" : "may or may not allow");
		if (a != ans)
			out = -1;
		free(other);
	}
	if (out != ans)
		fw_ev_add(ev, "so the answer depends on the interface SSH arrives on");
	sysroot_names_free(names, n);
	buf_release(&tmp);
	buf_release(&files);
	buf_release(&ifs);
	buf_release(&zev);
	return out;
}
