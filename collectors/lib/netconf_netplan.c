/*
 * netconf_netplan.c - netplan's YAML (netplan(5)), read through libyaml
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../../scanner/err.h"
#include "../../scanner/fsread.h"
#include "../../scanner/kv.h"
#include "netconf.h"
#include "netconf_int.h"
#include "../../scanner/str.h"
#include "../../scanner/banned.h"

#define YAML_MAX_DEPTH 32	/* levels of a netplan file */
#define YAML_MAX_NODES 20000	/* nodes of a netplan file, alias copies included */
#define YAML_MAX_ANCHORS 256	/* anchors of a netplan file */

/* ------------------------------------------------------------------ */
/* netplan's YAML, read through libyaml as netplan reads it            */

/*
 * netplan loads each file with libyaml's yaml_parser_load (src/parse.c,
 * load_yaml): the first document of the file, aliases standing for the
 * node they name.  Here libyaml's events build a small tree instead, so
 * that every cap holds while the file is read: YAML_MAX_DEPTH levels,
 * YAML_MAX_NODES nodes with every copy an alias makes counted (a "billion
 * laughs" stops there), YAML_MAX_ANCHORS anchors.  The input is the
 * fsread buffer, already capped in size.
 */

enum ykind { Y_NULL, Y_SCALAR, Y_MAP, Y_SEQ };

struct ynode {
	enum ykind kind;
	char *key;		/* its key in the parent map */
	char *val;		/* Y_SCALAR */
	struct ynode *kids;	/* Y_MAP, Y_SEQ */
	size_t n, alloc;
	int line;		/* a map value has its key's line */
};

struct yanchor {
	char *name;
	struct ynode node;	/* a copy of the node it names */
};

/* why a file was not read: "line: msg" */
struct yerror {
	int line;
	char msg[96];
};

struct yparser {
	yaml_parser_t lp;
	const char *text;	/* the input, for a reader error's line */
	size_t len;
	size_t nodes;
	struct yanchor *anchors;
	size_t nanchors;
	struct yerror *err;
	int failed;
};

static void ynode_release(struct ynode *y)
{
	for (size_t i = 0; i < y->n; i++)
		ynode_release(&y->kids[i]);
	free(y->kids);
	free(y->key);
	free(y->val);
	memset(y, 0, sizeof(*y));
}

/* the first failure is the one reported */
__attribute__((format(printf, 3, 4)))
static int yfail(struct yparser *p, int line, const char *fmt, ...)
{
	va_list ap;

	if (!p->failed) {
		p->failed = 1;
		p->err->line = line;
		va_start(ap, fmt);
		vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
		va_end(ap);
	}
	return -1;
}

/*
 * libyaml's reason for its failure; a tab where indentation goes and a
 * key out of line are told apart as netplan does (src/error.c,
 * parser_error), for libyaml's own words say neither
 */
static int yfail_lib(struct yparser *p)
{
	const yaml_parser_t *lp = &p->lp;
	int line = 1;

	switch (lp->error) {
	case YAML_MEMORY_ERROR:
		return yfail(p, 0, "out of memory");
	case YAML_READER_ERROR:
		/* invalid UTF-8 or a control character: problem_offset is in bytes */
		for (size_t i = 0; i < lp->problem_offset && i < p->len; i++)
			line += p->text[i] == '\n';
		return yfail(p, line, "%s", lp->problem ? lp->problem : "unreadable text");
	default:
		line = (int)lp->problem_mark.line + 1;
		if (lp->error == YAML_SCANNER_ERROR && lp->buffer.pointer &&
		    *lp->buffer.pointer == '\t')
			return yfail(p, line, "tab in indentation");
		if (lp->state == YAML_PARSE_BLOCK_MAPPING_KEY_STATE)
			return yfail(p, line, "unexpected indentation");
		return yfail(p, line, "%s", lp->problem ? lp->problem : "invalid YAML");
	}
}

static int ynext(struct yparser *p, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&p->lp, ev))
		return yfail_lib(p);
	return 0;
}

/* one more node, at depth */
static int ycount(struct yparser *p, int line, int depth)
{
	if (depth > YAML_MAX_DEPTH)
		return yfail(p, line, "nesting deeper than %d levels", YAML_MAX_DEPTH);
	if (++p->nodes > YAML_MAX_NODES)
		return yfail(p, line, "more than %d nodes", YAML_MAX_NODES);
	return 0;
}

static void ypush(struct ynode *parent, struct ynode *kid)
{
	if (parent->n == parent->alloc) {
		parent->alloc = parent->alloc ? parent->alloc * 2 : 4;
		parent->kids = xrealloc(parent->kids, parent->alloc * sizeof(*parent->kids));
	}
	parent->kids[parent->n++] = *kid;
	memset(kid, 0, sizeof(*kid));
}

/*
 * A copy of src placed at depth, counted node by node as if written out;
 * line is where a cap is reported (the alias's)
 */
static int ycopy(struct yparser *p, const struct ynode *src, int depth, int line,
		 struct ynode *dst)
{
	memset(dst, 0, sizeof(*dst));
	if (ycount(p, line, depth) < 0)
		return -1;
	dst->kind = src->kind;
	dst->line = src->line;
	dst->key = src->key ? xstrdup(src->key) : NULL;
	dst->val = src->val ? xstrdup(src->val) : NULL;
	for (size_t i = 0; i < src->n; i++) {
		struct ynode kid;
		if (ycopy(p, &src->kids[i], depth + 1, line, &kid) < 0) {
			ynode_release(&kid);
			return -1;
		}
		ypush(dst, &kid);
	}
	return 0;
}

/* remembers the node an anchor names; a later anchor of the same name wins */
static int yanchor_add(struct yparser *p, char *name, const struct ynode *y, int depth)
{
	struct yanchor *a;

	if (p->nanchors >= YAML_MAX_ANCHORS) {
		free(name);
		return yfail(p, y->line, "more than %d anchors", YAML_MAX_ANCHORS);
	}
	p->anchors = xrealloc(p->anchors, (p->nanchors + 1) * sizeof(*p->anchors));
	a = &p->anchors[p->nanchors++];
	a->name = name;
	return ycopy(p, y, depth, y->line, &a->node);
}

static int yalias(struct yparser *p, const char *name, int depth, int line, struct ynode *out)
{
	for (size_t i = p->nanchors; i-- > 0;)
		if (!strcmp(p->anchors[i].name, name))
			return ycopy(p, &p->anchors[i].node, depth, line, out);
	/* an anchor is known once its node is complete: no alias loops */
	return yfail(p, line, "unknown alias '%.32s'", name);
}

/*
 * Builds out from the node that starts with *ev (deleted here) and the
 * events after it.  line is the line out is reported at (its key's), or 0
 * for its own.
 */
static int ybuild(struct yparser *p, yaml_event_t *ev, int depth, int line, struct ynode *out)
{
	int at = (int)ev->start_mark.line + 1;
	const yaml_char_t *anchor = NULL;
	char *name = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		rc = yalias(p, (const char *)ev->data.alias.anchor, depth, at, out);
		yaml_event_delete(ev);
		out->line = line ? line : at;
		return rc;
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		/* "key:" with nothing after it */
		if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !ev->data.scalar.length) {
			out->kind = Y_NULL;
		} else {
			out->kind = Y_SCALAR;
			out->val = xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
		}
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		out->kind = Y_SEQ;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		out->kind = Y_MAP;
		break;
	default:
		yaml_event_delete(ev);
		return yfail(p, at, "unexpected YAML event");
	}
	out->line = line ? line : at;
	if (anchor)
		name = xstrdup((const char *)anchor);
	yaml_event_delete(ev);
	if (ycount(p, at, depth) < 0)
		goto out;
	while (out->kind == Y_SEQ || out->kind == Y_MAP) {
		yaml_event_t kev;
		struct ynode kid, key;
		int kline;

		if (ynext(p, &kev) < 0)
			goto out;
		if (kev.type == YAML_SEQUENCE_END_EVENT || kev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&kev);
			break;
		}
		if (out->kind == Y_SEQ) {
			if (ybuild(p, &kev, depth + 1, 0, &kid) < 0) {
				ynode_release(&kid);
				goto out;
			}
			ypush(out, &kid);
			continue;
		}
		/*
		 * netplan wants scalar keys (assert_type in process_mapping):
		 * refused at once, a key never nests.  A key is part of its
		 * map's entry: it adds no level.
		 */
		if (kev.type == YAML_SEQUENCE_START_EVENT || kev.type == YAML_MAPPING_START_EVENT) {
			yfail(p, (int)kev.start_mark.line + 1, "a key that is not a scalar");
			yaml_event_delete(&kev);
			goto out;
		}
		if (ybuild(p, &kev, depth, 0, &key) < 0) {
			ynode_release(&key);
			goto out;
		}
		if (key.kind != Y_SCALAR && key.kind != Y_NULL) {
			/* an alias of a collection */
			yfail(p, key.line, "a key that is not a scalar");
			ynode_release(&key);
			goto out;
		}
		kline = key.line;
		if (ynext(p, &kev) < 0) {
			ynode_release(&key);
			goto out;
		}
		if (ybuild(p, &kev, depth + 1, kline, &kid) < 0) {
			ynode_release(&kid);
			ynode_release(&key);
			goto out;
		}
		kid.key = key.val ? key.val : xstrdup("");
		key.val = NULL;
		ynode_release(&key);
		ypush(out, &kid);
	}
	rc = 0;
	if (name) {
		rc = yanchor_add(p, name, out, depth);
		name = NULL;
	}
out:
	free(name);
	return rc;
}

/*
 * Parses the first document of text (len bytes) into root, which is Y_NULL
 * for a file without one.  Returns 0, or -1 with *err saying why (root is
 * then empty).
 */
static int ydoc_parse(const char *text, size_t len, struct ynode *root, struct yerror *err)
{
	struct yparser p;
	yaml_event_t ev;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	memset(root, 0, sizeof(*root));
	p.text = text;
	p.len = len;
	p.err = err;
	if (!yaml_parser_initialize(&p.lp))
		return yfail(&p, 0, "out of memory");
	yaml_parser_set_input_string(&p.lp, (const unsigned char *)text, len);
	if (ynext(&p, &ev) < 0)		/* the stream's start */
		goto out;
	yaml_event_delete(&ev);
	if (ynext(&p, &ev) < 0)
		goto out;
	if (ev.type != YAML_DOCUMENT_START_EVENT) {
		/* the stream's end: no document */
		yaml_event_delete(&ev);
		rc = 0;
		goto out;
	}
	yaml_event_delete(&ev);
	if (ynext(&p, &ev) < 0 || ybuild(&p, &ev, 0, 0, root) < 0)
		goto out;
	/* the document's end, as yaml_parser_load reads it; what follows is not read */
	if (ynext(&p, &ev) < 0)
		goto out;
	yaml_event_delete(&ev);
	rc = 0;
out:
	if (rc < 0)
		ynode_release(root);
	for (size_t i = 0; i < p.nanchors; i++) {
		free(p.anchors[i].name);
		ynode_release(&p.anchors[i].node);
	}
	free(p.anchors);
	yaml_parser_delete(&p.lp);
	return rc;
}

/* the value of key in map: the last one, as a repeated key overrides */
static const struct ynode *yget(const struct ynode *map, const char *key)
{
	const struct ynode *found = NULL;

	if (!map || map->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (map->kids[i].key && !strcmp(map->kids[i].key, key))
			found = &map->kids[i];
	return found;
}

/*
 * Each value of key in map, in the file's order (*i starts at 0): netplan
 * walks a repeated key as often as it is written, so mappings merge and
 * sequences append.
 */
static const struct ynode *yeach(const struct ynode *map, const char *key, size_t *i)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	for (; *i < map->n; (*i)++)
		if (!strcmp(map->kids[*i].key, key))
			return &map->kids[(*i)++];
	return NULL;
}

static const char *yscalar(const struct ynode *y)
{
	return y && y->kind == Y_SCALAR ? y->val : NULL;
}

/* ------------------------------------------------------------------ */
/* netplan                                                             */

static const struct {
	const char *section;
	const char *kind;
} netplan_sections[] = {
	{ "ethernets", "physical" }, { "bonds", "bond" }, { "bridges", "bridge" },
	{ "vlans", "vlan" }, { "wifis", "wlan" }, { "tunnels", NULL }, { "vrfs", "vrf" },
	{ "dummy-devices", "dummy" }, { "virtual-ethernets", "veth" }, { "modems", "modem" },
};

/* a netplan boolean: 1, 0, or -1 (with a note) when it is not one */
static int netplan_bool(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			const struct ynode *y)
{
	const char *v = yscalar(y);

	if (netconf_is_true(v))
		return 1;
	if (netconf_is_false(v))
		return 0;
	netconf_note(ctx, s, "'%s':%d: '%s' is not a boolean", path, y->line, y->key);
	return -1;
}

static void netplan_addrs(struct scan_ctx *ctx, struct netconf_set *s, struct netconf *c,
			  const char *path, const struct ynode *y)
{
	if (y->kind != Y_SEQ) {
		netconf_note(ctx, s, "'%s':%d: addresses is not a list", path, y->line);
		return;
	}
	for (size_t i = 0; i < y->n; i++) {
		const struct ynode *a = &y->kids[i];
		/* "- 10.0.0.5/24" or "- 10.0.0.5/24: {lifetime: 0}" */
		const char *t = a->kind == Y_SCALAR ? a->val :
				a->kind == Y_MAP && a->n == 1 ? a->kids[0].key : NULL;
		if (!t) {
			netconf_note(ctx, s, "'%s':%d: an address is not a string", path, a->line);
			continue;
		}
		struct netconf_addr na;
		if (netconf_parse_addr(t, strlen(t), &na) < 0 || na.prefix < 0) {
			/* netplan requires the prefix length */
			netconf_note(ctx, s, "'%s':%d: invalid address '%.64s'", path, a->line, t);
			continue;
		}
		netconf_add_addr(ctx, s, c, &na);
	}
}

static void netplan_device(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			   const char *section_kind, const struct ynode *dev,
			   struct members *mem)
{
	struct netconf *c;
	const struct ynode *y, *match;
	int addressing = 0;

	if (!dev->key || !*dev->key) {
		netconf_note(ctx, s, "'%s':%d: a device without an id", path, dev->line);
		return;
	}
	if (dev->kind != Y_MAP && dev->kind != Y_NULL) {
		netconf_note(ctx, s, "'%s':%d: '%.32s' is not a mapping", path, dev->line, dev->key);
		return;
	}
	c = netconf_find_entry(s, NETCONF_NETPLAN, dev->key, 1);
	if (!c) {
		c = netconf_entry_new(ctx, s, NETCONF_NETPLAN, path);
		if (!c)
			return;
		c->id = xstrdup(dev->key);
		netconf_set_str(&c->kind, section_kind);
	}
	match = yget(dev, "match");
	if (match && match->kind == Y_MAP) {
		const char *v;
		if ((v = yscalar(yget(match, "macaddress"))))
			netconf_set_macs(ctx, s, &c->mac, path, v);
		if ((v = yscalar(yget(match, "name"))))
			netconf_set_str(&c->globs, v);
		if (yget(match, "driver") && !c->mac && !c->globs)
			netconf_note(ctx, s, "'%s': '%.32s' matches by driver, which is not evaluated",
				     path, dev->key);
		c->match_name = 0;
		free(c->name);
		c->name = NULL;
		if (c->globs && !netconf_has_glob(c->globs) && netconf_valid_ifname(c->globs, strlen(c->globs)))
			c->name = xstrdup(c->globs);
	} else if (!c->mac && !c->globs) {
		if (netconf_valid_ifname(dev->key, strlen(dev->key))) {
			netconf_set_str(&c->name, dev->key);
			c->match_name = 1;
		} else {
			netconf_note(ctx, s, "'%s': invalid interface name '%.32s'", path, dev->key);
		}
	}
	if ((y = yget(dev, "set-name")) && yscalar(y)) {
		if (netconf_valid_ifname(y->val, strlen(y->val))) {
			netconf_set_str(&c->name, y->val);
			c->match_name = 0;
		} else {
			netconf_note(ctx, s, "'%s':%d: invalid set-name '%.32s'", path, y->line, y->val);
		}
	}
	if ((y = yget(dev, "dhcp4"))) {
		c->dhcp4 = netplan_bool(ctx, s, path, y);
		addressing = 1;
	}
	if ((y = yget(dev, "dhcp6"))) {
		c->dhcp6 = netplan_bool(ctx, s, path, y);
		addressing = 1;
	}
	for (size_t k = 0; (y = yeach(dev, "addresses", &k));) {
		netplan_addrs(ctx, s, c, path, y);
		addressing = 1;
	}
	if (addressing)
		netconf_set_str(&c->path, path);
	netconf_set_mac1(ctx, s, &c->set_mac, path, yscalar(yget(dev, "macaddress")));
	netconf_set_mtu(ctx, s, c, path, yscalar(yget(dev, "mtu")));
	if (!section_kind && (y = yget(dev, "mode")) && yscalar(y))
		netconf_set_str(&c->kind, y->val);
	for (size_t k = 0; (y = yeach(dev, "interfaces", &k));) {
		for (size_t i = 0; y->kind == Y_SEQ && i < y->n; i++)
			if (yscalar(&y->kids[i]))
				netconf_members_add(mem, y->kids[i].val, strlen(y->kids[i].val), dev->key);
	}
}

/* one file's text: its devices join those of the files before it */
static void netplan_text(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			 const char *text, size_t len, struct members *mem)
{
	struct ynode root;
	const struct ynode *net, *sec;
	struct yerror err;
	size_t k = 0;

	if (ydoc_parse(text, len, &root, &err) < 0) {
		netconf_note(ctx, s, "'%s':%d: %s: file ignored", path, err.line, err.msg);
		return;
	}
	if (root.kind == Y_NULL)
		goto out;
	net = yeach(&root, "network", &k);
	if (!net || (net->kind != Y_MAP && net->kind != Y_NULL)) {
		netconf_note(ctx, s, "'%s': no 'network' mapping: file ignored", path);
		goto out;
	}
	/* a repeated key is walked as often as it is written, as netplan does */
	for (; net; net = yeach(&root, "network", &k)) {
		for (size_t i = 0; i < sizeof(netplan_sections) / sizeof(netplan_sections[0]); i++) {
			for (size_t m = 0; (sec = yeach(net, netplan_sections[i].section, &m));) {
				if (sec->kind == Y_NULL)
					continue;
				if (sec->kind != Y_MAP) {
					netconf_note(ctx, s, "'%s':%d: '%s' is not a mapping", path,
						     sec->line, netplan_sections[i].section);
					continue;
				}
				for (size_t j = 0; j < sec->n; j++)
					netplan_device(ctx, s, path, netplan_sections[i].kind,
						       &sec->kids[j], mem);
			}
		}
	}
out:
	ynode_release(&root);
}

static void netplan_file(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			 struct members *mem)
{
	struct buf b = BUF_INIT;
	int rc = fsread(ctx, path, &b);

	if (rc == 0)
		netplan_text(ctx, s, path, b.data, b.len, mem);
	else if (rc < 0)
		netconf_note_read(ctx, s, path, rc);
	buf_release(&b);
}

/* members name ids; a master is known by its interface name */
static void netplan_members(struct netconf_set *s, size_t before, struct members *mem)
{
	for (size_t i = 0; i < mem->n; i++) {
		struct netconf *m = netconf_find_entry(s, NETCONF_NETPLAN, mem->v[i].master, 1);
		if (m && m->name)
			netconf_set_str(&mem->v[i].master, m->name);
	}
	netconf_members_apply(s, NETCONF_NETPLAN, before, mem, 1);
}

size_t netconf_parse_netplan(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			     const char *text, size_t len)
{
	struct members mem = { NULL, 0 };
	size_t before = s->n;

	netplan_text(ctx, s, path, text, len, &mem);
	netplan_members(s, before, &mem);
	return s->n - before;
}

static int cmp_base(const void *a, const void *b)
{
	const char *x = strrchr(*(char *const *)a, '/') + 1;
	const char *y = strrchr(*(char *const *)b, '/') + 1;

	return strcmp(x, y);
}

size_t netconf_read_netplan(struct scan_ctx *ctx, struct netconf_set *s)
{
	/* later directories shadow a file of the same name in earlier ones */
	static const char *const dirs[] = { "lib/netplan", "etc/netplan", "run/netplan" };
	struct members mem = { NULL, 0 };
	char **files = NULL;
	size_t nfiles = 0, before = s->n;

	for (size_t d = 0; d < 3; d++) {
		char **names;
		size_t n = netconf_list_dir(ctx, s, dirs[d], &names);
		for (size_t i = 0; i < n; i++) {
			if (!str_ends_with(names[i], ".yaml") || names[i][0] == '.')
				continue;
			size_t k;
			for (k = 0; k < nfiles; k++)
				if (!strcmp(strrchr(files[k], '/') + 1, names[i]))
					break;
			char *p = xasprintf("%s/%s", dirs[d], names[i]);
			if (k < nfiles) {
				free(files[k]);
				files[k] = p;
			} else if (nfiles < NETCONF_MAX_FILES) {
				files = xrealloc(files, (nfiles + 1) * sizeof(*files));
				files[nfiles++] = p;
			} else {
				free(p);
			}
		}
		sysroot_names_free(names, n);
	}
	/* netplan-generate(8): lexical order of the names, whatever the directory */
	if (nfiles)
		qsort(files, nfiles, sizeof(*files), cmp_base);
	for (size_t i = 0; i < nfiles; i++) {
		if (!netconf_is_masked(ctx, files[i]))
			netplan_file(ctx, s, files[i], &mem);
		free(files[i]);
	}
	free(files);
	netplan_members(s, before, &mem);
	return s->n - before;
}
