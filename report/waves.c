/*
 * waves.c - the servers, applications and waves that the exporters write
 * (premig export hub-csv, mgn-import) and premig plan prints
 *
 * Servers: each host's current scan (REPORT_LATEST_SCANS_SQL), read with
 * one query per table for the whole fleet (the report's per-host tree,
 * report_hosts, reads every fact of every host: far more than an import
 * file carries).  A host whose current scan holds no fact of a machine
 * (no identity, no os: a store of captures alone) is no server; it is
 * left out and named.
 *
 * Applications (aws-spec 8.2: a server in at most one application, an
 * application in at most one wave): the --applications file's name for
 * the host; else premig's application group (report/deps.c: the
 * connected hosts, infrastructure services left out); else the host
 * alone.  Links: the dependencies (not infrastructure, direction known)
 * between servers of two applications.
 *
 * Waves: an application with a not-ready server goes whole to the final
 * "Remediate first" wave(s), its blockers as tags.  The others form
 * clusters (applications linked by dependencies), taken by readiness (the
 * least ready server of each), and are filled into waves of at most
 * --wave-size servers in that order: a cluster that fits the current wave
 * joins it, else one that fits a wave starts a new one, else it is cut
 * between its applications along a breadth-first walk from its most
 * outlying application (a chain is cut link by link), and the links cut
 * are the cross-wave dependencies the plan reports.  An application
 * larger than a wave is split into parts, each an application of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/smap.h"
#include "deps.h"
#include "report.h"
#include "waves.h"
#include "../scanner/banned.h"

static const char *const rank_names[] = {
	[RANK_READY] = "ready", [RANK_CONDITIONS] = "ready-with-conditions",
	[RANK_UNKNOWN] = "unknown", [RANK_UNASSESSED] = "not assessed",
	[RANK_NOT_READY] = "not-ready",
};

const char *fleet_rank_name(int rank)
{
	return rank_names[rank];
}

static int rank_of(const char *verdict)
{
	if (!verdict)
		return RANK_UNASSESSED;
	for (int r = RANK_READY; r <= RANK_NOT_READY; r++)
		if (r != RANK_UNASSESSED && !strcmp(verdict, rank_names[r]))
			return r;
	return RANK_UNKNOWN;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

char *fleet_value(struct fleet *f, const char *host, const char *column, const char *s)
{
	char *v;
	int comma = 0, ctl = 0;

	if (!s)
		return NULL;
	v = xstrdup(s);
	for (char *p = v; *p; p++) {
		if (*p == ',') {
			*p = ';';
			comma = 1;
		} else if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			*p = ' ';
			ctl = 1;
		}
	}
	if (comma || ctl) {
		f->changed_values++;
		scan_warn("export: host '%s': %s '%s': %s", host, column, s,
			  comma ? "a comma replaced by ';' (the importer splits values on commas)" :
			  "a control character replaced by a space");
	}
	return v;
}

/*
 * An application or wave name as MGN takes it (aws-spec 8.2): 1 to 256
 * characters matching [^\s\x00]( *[^\s\x00])*: no comma, no control
 * character, no blank at either end, cut at 256 characters
 */
static char *app_name(struct fleet *f, const char *host, const char *s)
{
	char *v = fleet_value(f, host, "application", s), *p = v, *e;
	size_t chars = 0;

	while (*p == ' ')
		p++;
	memmove(v, p, strlen(p) + 1);
	for (e = v; *e; e++) {
		if (((unsigned char)*e & 0xc0) != 0x80 && ++chars > 256) {
			scan_warn("export: application '%s': cut at 256 characters (MGN's limit)", v);
			*e = '\0';
			break;
		}
	}
	for (e = v + strlen(v); e > v && e[-1] == ' '; e--)
		e[-1] = '\0';
	if (!*v) {
		free(v);
		v = xstrdup("app");
	}
	return v;
}

/* base and an ASCII suffix (" part 2", "-2"), base cut so that the whole stays within 256 characters */
static char *name_with(const char *base, const char *suffix)
{
	size_t room = 256 - strlen(suffix), chars = 0, n;

	for (n = 0; base[n]; n++)
		if (((unsigned char)base[n] & 0xc0) != 0x80 && ++chars > room)
			break;
	while (n > 0 && base[n - 1] == ' ')
		n--;
	return xasprintf("%.*s%s", (int)n, base, suffix);
}

static void list_add(char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

static void tag_add(struct fleet_server *s, const char *key, const char *value)
{
	s->tags = xrealloc(s->tags, (s->ntags + 1) * sizeof(*s->tags));
	s->tags[s->ntags].key = xstrdup(key);
	s->tags[s->ntags].value = xstrdup(value);
	s->ntags++;
}

static const char latest_sql[] = "WITH latest AS (" REPORT_LATEST_SCANS_SQL ")";

/* the server of scan id, or SMAP_NONE */
static size_t by_scan(const struct smap *scans, sqlite3_int64 scan)
{
	char k[24];

	snprintf(k, sizeof(k), "%lld", (long long)scan);
	return smap_get(scans, k);
}

static long long col_num(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, i);
}

static int load_servers(sqlite3 *db, struct fleet *f, struct smap *keys, struct smap *scans)
{
	sqlite3_stmt *st;
	char *sql = xasprintf("%s SELECT l.scan, l.host_key, i.hostname, i.fqdn,"
		" coalesce(o.name, o.id), coalesce(o.version_id, o.version), hw.dmi_uuid,"
		" hw.cpu_sockets, hw.cpu_cores, hw.cpu_threads, hw.ram_mib,"
		" i.scan_id IS NULL AND o.scan_id IS NULL"
		" FROM latest l LEFT JOIN identity i ON i.scan_id = l.scan"
		" LEFT JOIN os o ON o.scan_id = l.scan LEFT JOIN hardware hw ON hw.scan_id = l.scan"
		" ORDER BY l.host_key", latest_sql);
	int rc;

	st = db_prepare(db, sql);
	free(sql);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct fleet_server *s;
		char k[24];

		if (sqlite3_column_int(st, 11)) {
			list_add(&f->left_out, &f->nleft_out, db_col_text(st, 1));
			continue;
		}
		f->s = xrealloc(f->s, (f->ns + 1) * sizeof(*f->s));
		s = &f->s[f->ns];
		memset(s, 0, sizeof(*s));
		s->scan = sqlite3_column_int64(st, 0);
		s->key = xstrdup(db_col_text(st, 1));
		s->hostname = dup_or_null(db_col_text(st, 2));
		s->fqdn = dup_or_null(db_col_text(st, 3));
		s->os_name = dup_or_null(db_col_text(st, 4));
		s->os_version = dup_or_null(db_col_text(st, 5));
		s->smbios = dup_or_null(db_col_text(st, 6));
		s->sockets = col_num(st, 7);
		s->cores = col_num(st, 8);
		s->threads = col_num(st, 9);
		s->ram_mib = col_num(st, 10);
		s->rank = RANK_UNASSESSED;
		s->app = SMAP_NONE;
		snprintf(k, sizeof(k), "%lld", s->scan);
		smap_put(scans, k, f->ns);
		smap_put(keys, s->key, f->ns);
		f->ns++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Each row of sql (a scan id, then a text) handed to fn with its server.
 * Used for the addresses, verdicts and blockers of every server at once.
 */
static int per_server(sqlite3 *db, struct fleet *f, const struct smap *scans, const char *sql,
		      void (*fn)(struct fleet_server *s, sqlite3_stmt *st))
{
	char *q = xasprintf("%s %s", latest_sql, sql);
	sqlite3_stmt *st = db_prepare(db, q);
	int rc;

	free(q);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t i = by_scan(scans, sqlite3_column_int64(st, 0));
		if (i != SMAP_NONE && sqlite3_column_type(st, 1) != SQLITE_NULL)
			fn(&f->s[i], st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void add_ip(struct fleet_server *s, sqlite3_stmt *st)
{
	list_add(&s->ips, &s->nips, db_col_text(st, 1));
}

static void add_mac(struct fleet_server *s, sqlite3_stmt *st)
{
	list_add(&s->macs, &s->nmacs, db_col_text(st, 1));
}

static void add_verdict(struct fleet_server *s, sqlite3_stmt *st)
{
	char *key = xasprintf("premig-%s", db_col_text(st, 1));

	tag_add(s, key, db_col_text(st, 2));
	free(key);
	if (!strcmp(db_col_text(st, 1), "mgn"))
		s->rank = rank_of(db_col_text(st, 2));
}

static void add_blocker(struct fleet_server *s, sqlite3_stmt *st)
{
	list_add(&s->blockers, &s->nblockers, db_col_text(st, 1));
}

/* the verdict tags, then one per MGN blocker, within SERVER_TAGS_MAX */
static void blocker_tags(struct fleet_server *s)
{
	size_t room = s->ntags < SERVER_TAGS_MAX ? SERVER_TAGS_MAX - s->ntags : 0, n = s->nblockers;

	if (n > room) {
		scan_warn("export: host '%s': %zu blockers and %zu verdicts are more than %d tags"
			  " (Migration Hub's limit): the last tag counts the blockers left out",
			  s->key, s->nblockers, s->ntags, SERVER_TAGS_MAX);
		n = room ? room - 1 : 0;
	}
	for (size_t i = 0; i < n; i++) {
		char *key = xasprintf("premig-blocker-%zu", i + 1);
		tag_add(s, key, s->blockers[i]);
		free(key);
	}
	if (n < s->nblockers && room) {
		char *more = xasprintf("%zu", s->nblockers - n);
		tag_add(s, "premig-blockers-more", more);
		free(more);
	}
}

/* a new application; a generated name that is taken gets -2, -3 ... */
static size_t app_new(struct fleet *f, struct smap *names, char *name, char *origin, int generated)
{
	struct fleet_app *a;

	if (generated && smap_get(names, name) != SMAP_NONE) {
		for (unsigned int k = 2;; k++) {
			char sfx[16], *n2;

			snprintf(sfx, sizeof(sfx), "-%u", k);
			n2 = name_with(name, sfx);
			if (smap_get(names, n2) == SMAP_NONE) {
				free(name);
				name = n2;
				break;
			}
			free(n2);
		}
	}
	f->a = xrealloc(f->a, (f->na + 1) * sizeof(*f->a));
	a = &f->a[f->na];
	memset(a, 0, sizeof(*a));
	a->name = name;
	a->origin = origin;
	a->wave = SMAP_NONE;
	smap_put(names, name, f->na);
	return f->na++;
}

static void app_join(struct fleet *f, size_t app, size_t server)
{
	struct fleet_app *a = &f->a[app];

	a->servers = xrealloc(a->servers, (a->n + 1) * sizeof(*a->servers));
	a->servers[a->n++] = server;
	f->s[server].app = app;
	if (f->s[server].rank > a->rank)
		a->rank = f->s[server].rank;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static const char *server_name(const struct fleet_server *s)
{
	return s->hostname ? s->hostname : s->key;
}

static int load_apps(sqlite3 *db, const struct appmap *map, struct fleet *f, struct smap *keys)
{
	struct smap names = SMAP_INIT, groups = SMAP_INIT;
	sqlite3_stmt *st;
	int rc = -1;

	/* the mapping file: by host key, else hostname, else FQDN */
	for (size_t i = 0; map && i < f->ns; i++) {
		struct fleet_server *s = &f->s[i];
		const char *by = s->key, *app = appmap_get(map, s->key);
		char *name;
		size_t a;

		if (!app && (app = appmap_get(map, s->hostname)))
			by = s->hostname;
		if (!app && (app = appmap_get(map, s->fqdn)))
			by = s->fqdn;
		if (!app)
			continue;
		name = app_name(f, s->key, app);
		if ((a = smap_get(&names, name)) == SMAP_NONE) {
			size_t e = smap_get(&map->idx, by);
			a = app_new(f, &names, name, xasprintf("--applications line %u", map->v[e].line), 0);
		} else {
			free(name);
		}
		app_join(f, a, i);
	}
	/* premig's application groups: the hosts not in the file */
	st = db_prepare(db, "SELECT group_id, host_key FROM group_members WHERE host_key IS NOT NULL"
			" ORDER BY group_id, host_key");
	if (!st)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t i = smap_get(keys, db_col_text(st, 1)), a;
		char gk[24];

		if (i == SMAP_NONE || f->s[i].app != SMAP_NONE)
			continue;
		snprintf(gk, sizeof(gk), "%lld", (long long)sqlite3_column_int64(st, 0));
		if ((a = smap_get(&groups, gk)) == SMAP_NONE) {
			char *base = xasprintf("app-%s", server_name(&f->s[i]));
			a = app_new(f, &names, app_name(f, f->s[i].key, base),
				    xasprintf("premig application group %s", gk), 1);
			free(base);
			smap_put(&groups, gk, a);
		}
		app_join(f, a, i);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		goto out;
	/* the rest: each host its own application */
	for (size_t i = 0; i < f->ns; i++) {
		char *base;
		if (f->s[i].app != SMAP_NONE)
			continue;
		base = xasprintf("app-%s", server_name(&f->s[i]));
		app_join(f, app_new(f, &names, app_name(f, f->s[i].key, base),
				    xstrdup("alone: no dependency on another server"), 1), i);
		free(base);
	}
	rc = 0;
out:
	smap_release(&names);
	smap_release(&groups);
	return rc;
}

/* one more dependency between applications a and b; seen: the pairs linked (NULL: a new pair) */
static void link_add(struct fleet *f, struct smap *seen, size_t a, size_t b, const char *why)
{
	size_t t;

	if (a > b) {
		t = a;
		a = b;
		b = t;
	}
	if (seen) {
		char k[48];
		snprintf(k, sizeof(k), "%zu %zu", a, b);
		if ((t = smap_get(seen, k)) != SMAP_NONE) {
			f->l[t].deps++;
			return;
		}
		smap_put(seen, k, f->nl);
	}
	f->l = xrealloc(f->l, (f->nl + 1) * sizeof(*f->l));
	f->l[f->nl].a = a;
	f->l[f->nl].b = b;
	f->l[f->nl].deps = 1;
	f->l[f->nl].why = xstrdup(why);
	f->nl++;
}

/* dependencies between servers of two applications, as the groups use them */
static int load_links(sqlite3 *db, struct fleet *f, struct smap *keys)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT client_host, server_host, port, coalesce(service, protocol) FROM dependencies"
		" WHERE infrastructure = 0 AND group_id IS NOT NULL AND client_host IS NOT NULL"
		" AND server_host IS NOT NULL ORDER BY id");
	struct smap seen = SMAP_INIT;
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t c = smap_get(keys, db_col_text(st, 0)), s = smap_get(keys, db_col_text(st, 1));
		char *why;

		if (c == SMAP_NONE || s == SMAP_NONE || f->s[c].app == f->s[s].app)
			continue;
		why = xasprintf("%s -> %s:%d/%s", server_name(&f->s[c]), server_name(&f->s[s]),
				sqlite3_column_int(st, 2), db_col_text(st, 3));
		link_add(f, &seen, f->s[c].app, f->s[s].app, why);
		free(why);
	}
	sqlite3_finalize(st);
	smap_release(&seen);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* an application larger than a wave: parts of wave_size servers, each an application */
static void split_large(struct fleet *f, unsigned int size)
{
	size_t na = f->na;

	for (size_t i = 0; i < na; i++) {
		size_t n = f->a[i].n, parts = (n + size - 1) / size, prev = i;
		char *base;

		if (n <= size)
			continue;
		scan_warn("plan: application '%s' has %zu servers, more than --wave-size %u:"
			  " split into %zu parts", f->a[i].name, n, size, parts);
		base = f->a[i].name;
		f->a[i].name = name_with(base, " part 1");
		f->a[i].n = size;
		for (size_t p = 1; p < parts; p++) {
			size_t a;
			char *why = xasprintf("one application, %zu servers, split in parts of %u", n, size);
			char sfx[32];
			f->a = xrealloc(f->a, (f->na + 1) * sizeof(*f->a));
			a = f->na++;
			memset(&f->a[a], 0, sizeof(f->a[a]));
			snprintf(sfx, sizeof(sfx), " part %zu", p + 1);
			f->a[a].name = name_with(base, sfx);
			f->a[a].origin = xstrdup(f->a[i].origin);
			f->a[a].wave = SMAP_NONE;
			for (size_t k = p * size; k < n && k < (p + 1) * size; k++)
				app_join(f, a, f->a[i].servers[k]);
			/* the parts wait together when one of them must (the whole's readiness) */
			f->a[a].rank = f->a[i].rank;
			link_add(f, NULL, prev, a, why);
			free(why);
			prev = a;
		}
		free(base);
	}
}

static size_t uf_find(size_t *parent, size_t x)
{
	while (parent[x] != x)
		x = parent[x] = parent[parent[x]];
	return x;
}

struct cluster {
	size_t root, servers, first;	/* root: then the index of its member list */
	int rank, remediate;
};

static int cluster_cmp(const void *x, const void *y)
{
	const struct cluster *a = x, *b = y;

	if (a->remediate != b->remediate)
		return a->remediate - b->remediate;
	if (a->rank != b->rank)
		return a->rank - b->rank;
	return a->first < b->first ? -1 : a->first > b->first;
}

static void wave_add(struct fleet *f, size_t w, size_t app)
{
	struct fleet_wave *wv = &f->w[w];

	wv->apps = xrealloc(wv->apps, (wv->napps + 1) * sizeof(*wv->apps));
	wv->apps[wv->napps++] = app;
	wv->servers += f->a[app].n;
	if (f->a[app].rank > wv->rank)
		wv->rank = f->a[app].rank;
	f->a[app].wave = w;
}

static size_t wave_new(struct fleet *f, int remediate)
{
	f->w = xrealloc(f->w, (f->nw + 1) * sizeof(*f->w));
	memset(&f->w[f->nw], 0, sizeof(f->w[f->nw]));
	f->w[f->nw].remediate = remediate;
	return f->nw++;
}

/* the links of each application, both ways (CSR: adj[start[i] .. start[i + 1]]) */
struct adjacency {
	size_t *start, *adj;
};

static void adjacency_build(const struct fleet *f, struct adjacency *g)
{
	size_t *fill = xcalloc(f->na + 1, sizeof(*fill));

	g->start = xcalloc(f->na + 1, sizeof(*g->start));
	g->adj = xmalloc((2 * f->nl + 1) * sizeof(*g->adj));
	for (size_t k = 0; k < f->nl; k++) {
		g->start[f->l[k].a + 1]++;
		g->start[f->l[k].b + 1]++;
	}
	for (size_t i = 0; i < f->na; i++)
		g->start[i + 1] += g->start[i];
	for (size_t k = 0; k < f->nl; k++) {
		g->adj[g->start[f->l[k].a] + fill[f->l[k].a]++] = f->l[k].b;
		g->adj[g->start[f->l[k].b] + fill[f->l[k].b]++] = f->l[k].a;
	}
	free(fill);
}

/*
 * The n applications of a cluster (members, in index order) in a
 * breadth-first walk from its most outlying one (fewest links; the first
 * on a tie), so that waves filled in this order cut a chain between
 * neighbours only.  seen: na bytes, 0 for the members.
 */
static void walk(const struct adjacency *g, size_t *parent, const size_t *members, size_t n,
		 char *seen, size_t *order)
{
	size_t start = members[0], got = 0, head = 0;

	for (size_t i = 1; i < n; i++)
		if (g->start[members[i] + 1] - g->start[members[i]] <
		    g->start[start + 1] - g->start[start])
			start = members[i];
	order[got++] = start;
	seen[start] = 1;
	while (head < got) {
		size_t x = order[head++];
		for (size_t k = g->start[x]; k < g->start[x + 1]; k++) {
			size_t y = g->adj[k];
			/* a link to an application of another cluster is cut already */
			if (!seen[y] && uf_find(parent, y) == uf_find(parent, x)) {
				seen[y] = 1;
				order[got++] = y;
			}
		}
	}
}

static void plan(struct fleet *f, unsigned int size)
{
	struct adjacency g;
	size_t *parent, *order, *ci, *mstart, *members, *mfill;
	struct cluster *c;
	size_t nc = 0, cur = SMAP_NONE, nrem = 0, k = 0, na;
	char *seen;
	int cur_rem = 0;

	f->wave_size = size;
	split_large(f, size);
	na = f->na ? f->na : 1;
	parent = xmalloc(na * sizeof(*parent));
	order = xmalloc(na * sizeof(*order));
	ci = xmalloc(na * sizeof(*ci));
	members = xmalloc(na * sizeof(*members));
	mstart = xcalloc(na + 1, sizeof(*mstart));
	mfill = xcalloc(na + 1, sizeof(*mfill));
	c = xcalloc(na, sizeof(*c));
	seen = xcalloc(na, 1);
	adjacency_build(f, &g);
	for (size_t i = 0; i < f->na; i++) {
		parent[i] = i;
		ci[i] = SMAP_NONE;
	}
	/* a not-ready application waits for remediation: its links to others are cut */
	for (size_t i = 0; i < f->nl; i++) {
		const struct fleet_link *l = &f->l[i];
		if ((f->a[l->a].rank == RANK_NOT_READY) == (f->a[l->b].rank == RANK_NOT_READY))
			parent[uf_find(parent, l->a)] = uf_find(parent, l->b);
	}
	for (size_t i = 0; i < f->na; i++) {
		size_t r = uf_find(parent, i), j = ci[r];
		if (j == SMAP_NONE) {
			j = ci[r] = nc++;
			c[j].root = r;
			c[j].first = i;
			c[j].remediate = f->a[i].rank == RANK_NOT_READY;
		}
		c[j].servers += f->a[i].n;
		if (f->a[i].rank > c[j].rank)
			c[j].rank = f->a[i].rank;
		mstart[j + 1]++;
	}
	/* each cluster's applications, in index order */
	for (size_t j = 0; j < nc; j++)
		mstart[j + 1] += mstart[j];
	for (size_t i = 0; i < f->na; i++) {
		size_t j = ci[uf_find(parent, i)];
		members[mstart[j] + mfill[j]++] = i;
	}
	for (size_t j = 0; j < nc; j++)
		c[j].root = j;	/* from here: the cluster's index in mstart */
	qsort(c, nc, sizeof(*c), cluster_cmp);
	for (size_t j = 0; j < nc; j++) {
		size_t m = c[j].root, n = mstart[m + 1] - mstart[m];
		walk(&g, parent, members + mstart[m], n, seen, order);
		if (cur == SMAP_NONE || cur_rem != c[j].remediate ||
		    f->w[cur].servers + c[j].servers > size) {
			/* a cluster larger than a wave fills the current one first */
			if (cur == SMAP_NONE || cur_rem != c[j].remediate || c[j].servers <= size)
				cur = wave_new(f, c[j].remediate);
			cur_rem = c[j].remediate;
		}
		for (size_t i = 0; i < n; i++) {
			if (f->w[cur].servers + f->a[order[i]].n > size)
				cur = wave_new(f, cur_rem);
			wave_add(f, cur, order[i]);
		}
	}
	for (size_t w = 0; w < f->nw; w++)
		nrem += f->w[w].remediate;
	for (size_t w = 0; w < f->nw; w++) {
		if (!f->w[w].remediate)
			f->w[w].name = xasprintf("Wave %zu", w + 1);
		else if (nrem == 1)
			f->w[w].name = xstrdup("Remediate first");
		else
			f->w[w].name = xasprintf("Remediate first %zu", ++k);
	}
	free(g.start);
	free(g.adj);
	free(parent);
	free(order);
	free(ci);
	free(members);
	free(mstart);
	free(mfill);
	free(c);
	free(seen);
}

int fleet_load(sqlite3 *db, const struct appmap *map, unsigned int wave_size, struct fleet *f)
{
	struct smap keys = SMAP_INIT, scans = SMAP_INIT;
	int rc = -1;

	memset(f, 0, sizeof(*f));
	if (deps_refresh(db) < 0)
		return -1;
	/* one read transaction: one snapshot of the store */
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		goto out;
	if (load_servers(db, f, &keys, &scans) < 0 ||
	    per_server(db, f, &scans, "SELECT DISTINCT l.scan, a.address, a.family FROM latest l"
		       /*
			* loopback, link-local and unspecified addresses are on every
			* host, and an address two current hosts hold (docker0's,
			* virbr0's) is no one's: each would match the wrong servers
			*/
		       " JOIN nic_addresses a ON a.scan_id = l.scan"
		       " WHERE NOT (a.family = 4 AND (a.address GLOB '127.*' OR a.address GLOB '169.254.*'"
		       "  OR a.address = '0.0.0.0'))"
		       " AND NOT (a.family = 6 AND (a.address IN ('::1', '::')"
		       "  OR lower(a.address) GLOB 'fe[89ab]?:*'))"
		       " AND a.address NOT IN (SELECT a2.address FROM latest l2"
		       "  JOIN nic_addresses a2 ON a2.scan_id = l2.scan"
		       "  GROUP BY a2.address HAVING count(DISTINCT l2.scan) > 1)"
		       " ORDER BY l.scan, a.family, a.address", add_ip) < 0 ||
	    per_server(db, f, &scans, "SELECT DISTINCT l.scan, lower(n.mac) FROM latest l"
		       /* a virtual NIC's address is made up (bridges, veth, tun) or a member's */
		       " JOIN nics n ON n.scan_id = l.scan WHERE n.mac IS NOT NULL"
		       " AND n.mac <> '00:00:00:00:00:00' AND NOT coalesce(n.virtual, 0)"
		       " ORDER BY 1, 2", add_mac) < 0 ||
	    per_server(db, f, &scans, "SELECT l.scan, v.profile, v.verdict FROM latest l"
		       " JOIN verdicts v ON v.scan_id = l.scan ORDER BY l.scan, v.profile",
		       add_verdict) < 0 ||
	    per_server(db, f, &scans, "SELECT l.scan, f.rule_id FROM latest l"
		       " JOIN findings f ON f.scan_id = l.scan WHERE f.profile = 'mgn'"
		       " AND f.severity = 'blocker' AND f.status = 'fail'"
		       " ORDER BY l.scan, f.rule_id", add_blocker) < 0 ||
	    load_apps(db, map, f, &keys) < 0 || load_links(db, f, &keys) < 0)
		goto out;
	for (size_t i = 0; i < f->ns; i++)
		blocker_tags(&f->s[i]);
	plan(f, wave_size);
	rc = 0;
out:
	if (rc < 0)
		scan_error("export: cannot read the store: %s", sqlite3_errmsg(db));
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	smap_release(&keys);
	smap_release(&scans);
	return rc;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void fleet_release(struct fleet *f)
{
	for (size_t i = 0; i < f->ns; i++) {
		struct fleet_server *s = &f->s[i];
		free(s->key);
		free(s->hostname);
		free(s->fqdn);
		free(s->os_name);
		free(s->os_version);
		free(s->smbios);
		free_list(s->ips, s->nips);
		free_list(s->macs, s->nmacs);
		free_list(s->blockers, s->nblockers);
		for (size_t t = 0; t < s->ntags; t++) {
			free(s->tags[t].key);
			free(s->tags[t].value);
		}
		free(s->tags);
	}
	for (size_t i = 0; i < f->na; i++) {
		free(f->a[i].name);
		free(f->a[i].origin);
		free(f->a[i].servers);
	}
	for (size_t i = 0; i < f->nl; i++)
		free(f->l[i].why);
	for (size_t i = 0; i < f->nw; i++) {
		free(f->w[i].name);
		free(f->w[i].apps);
	}
	free(f->s);
	free(f->a);
	free(f->l);
	free(f->w);
	free_list(f->left_out, f->nleft_out);
	memset(f, 0, sizeof(*f));
}

int fleet_print_plan(const struct fleet *f, FILE *out)
{
	size_t cross = 0;

	fprintf(out, "%zu servers in %zu applications, %zu waves of at most %u servers\n"
		"(applications are kept whole; applications that depend on each other share a wave"
		" where the size allows; waves go by readiness, the MGN verdict; applications with"
		" a not-ready server wait in the last waves, for remediation)\n",
		f->ns, f->na, f->nw, f->wave_size);
	for (size_t w = 0; w < f->nw; w++) {
		const struct fleet_wave *wv = &f->w[w];
		fprintf(out, "\n%s: %zu %s in %zu %s, least ready: %s%s\n", wv->name,
			wv->servers, plural(wv->servers, "server", "servers"), wv->napps,
			plural(wv->napps, "application", "applications"), fleet_rank_name(wv->rank),
			wv->remediate ? " (each has a server MGN judges not-ready)" : "");
		for (size_t i = 0; i < wv->napps; i++) {
			const struct fleet_app *a = &f->a[wv->apps[i]];
			fprintf(out, "  %s (%zu %s, %s; least ready: %s):", a->name, a->n,
				plural(a->n, "server", "servers"), a->origin, fleet_rank_name(a->rank));
			for (size_t k = 0; k < a->n; k++) {
				const struct fleet_server *s = &f->s[a->servers[k]];
				fprintf(out, " %s", server_name(s));
				if (s->rank == RANK_NOT_READY && s->nblockers) {
					fputs(" [not-ready:", out);
					for (size_t b = 0; b < s->nblockers; b++)
						fprintf(out, " %s", s->blockers[b]);
					fputc(']', out);
				} else if (s->rank == RANK_NOT_READY) {
					fputs(" [not-ready]", out);
				}
			}
			fputc('\n', out);
		}
		for (size_t i = 0; i < f->nl; i++) {
			const struct fleet_link *l = &f->l[i];
			if (f->a[l->a].wave == w && f->a[l->b].wave == w)
				fprintf(out, "  together: %s and %s, %zu dependenc%s: %s%s\n",
					f->a[l->a].name, f->a[l->b].name, l->deps, l->deps == 1 ? "y" : "ies",
					l->why, l->deps > 1 ? ", ..." : "");
		}
	}
	for (size_t i = 0; i < f->nl; i++)
		cross += f->a[f->l[i].a].wave != f->a[f->l[i].b].wave;
	fprintf(out, "\ncross-wave dependencies: %zu\n", cross);
	for (size_t i = 0; i < f->nl; i++) {
		const struct fleet_link *l = &f->l[i];
		const struct fleet_app *a = &f->a[l->a], *b = &f->a[l->b];
		if (a->wave == b->wave)
			continue;
		fprintf(out, "  %s (%s) and %s (%s), %zu dependenc%s: %s%s; %s\n", a->name,
			f->w[a->wave].name, b->name, f->w[b->wave].name, l->deps,
			l->deps == 1 ? "y" : "ies", l->why, l->deps > 1 ? ", ..." : "",
			(a->rank == RANK_NOT_READY) != (b->rank == RANK_NOT_READY) ?
			"one waits for remediation" :
			"together they are more than one wave holds");
	}
	if (f->nleft_out) {
		fprintf(out, "\nleft out: %zu %s whose scan holds captures only, no facts of a"
			" server:", f->nleft_out, plural(f->nleft_out, "host", "hosts"));
		for (size_t i = 0; i < f->nleft_out; i++)
			fprintf(out, " %s", f->left_out[i]);
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}
