/*
 * unitstate.c - systemd unit files and their enablement state
 *
 * What `systemctl --root=DIR list-unit-files` says, read from the files:
 * systemctl(1) "list-unit-files" and "is-enabled" define the states,
 * systemd.unit(5) the search path, unit names, aliases, [Install] and
 * drop-ins, systemd.syntax(7) the file syntax.  The steps follow systemd's
 * own install logic (src/shared/install.c, unit_file_lookup_state()), as
 * checked against systemctl 252 in tests/cases/services.sh:
 *
 * - the search path is every directory of lookup_paths_init() for the
 *   system scope, under the root (run/ too: it is empty offline);
 * - a name is found in the first directory that has it, an instance
 *   falling back to its template; an empty file or a link to /dev/null is
 *   masked; a link inside the search path is an alias, read under the name
 *   it points to; a link outside it links that file in;
 * - a name that resolves to a file of another name is "alias";
 * - files in generator and transient directories are "generated" and
 *   "transient";
 * - "enabled" needs a link in etc/systemd/system (in a .wants/, .requires/
 *   or .upholds/ directory, or an Alias= name) that names the unit by a
 *   name its [Install] section would create; the same link under run/ is
 *   "enabled-runtime".  Links that systemd's packages ship in the vendor
 *   directories (lib/systemd/system/NAME.wants/) do not count: those units
 *   are "static" (no [Install] rules) or "disabled", though they start at
 *   boot all the same; the evidence names the links;
 * - a link of another name, or an [Install] section with only Also=, is
 *   "indirect"; [Install] rules and no link, "disabled"; none, "static".
 *
 * Caps: UNIT_DIR_CAP entries a directory, FSREAD_CAP bytes a unit file,
 * FOLLOW_MAX links followed for one name.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../scanner/err.h"
#include "../../scanner/fsread.h"
#include "unitstate.h"
#include "../../scanner/str.h"
#include "../../scanner/banned.h"

#define FOLLOW_MAX 64		/* systemd's UNIT_FILE_FOLLOW_SYMLINK_MAX */
#define UNIT_NAME_MAX 256	/* systemd: a name is shorter */

#define evidence(b, ...) buf_addf_sep((b), "; ", __VA_ARGS__)

/* lookup_paths_init(), system scope, in order of precedence */
static const struct {
	const char *path;
	unsigned int flags;
} search_path[] = {
	{ "etc/systemd/system.control", 0 },
	{ "run/systemd/system.control", UNIT_DIR_RUNTIME },
	{ "run/systemd/transient", UNIT_DIR_RUNTIME | UNIT_DIR_TRANSIENT },
	{ "run/systemd/generator.early", UNIT_DIR_RUNTIME | UNIT_DIR_GENERATOR },
	{ "etc/systemd/system", UNIT_DIR_CONFIG },
	{ "etc/systemd/system.attached", 0 },
	{ "run/systemd/system", UNIT_DIR_RUNTIME },
	{ "run/systemd/system.attached", UNIT_DIR_RUNTIME },
	{ "run/systemd/generator", UNIT_DIR_RUNTIME | UNIT_DIR_GENERATOR },
	{ "usr/local/lib/systemd/system", 0 },
	/* Debian's systemd before 255 reads lib/ before usr/lib/ */
	{ "lib/systemd/system", 0 },
	{ "usr/lib/systemd/system", 0 },
	{ "run/systemd/generator.late", UNIT_DIR_RUNTIME | UNIT_DIR_GENERATOR },
};

/* ---- unit names (systemd.unit(5)) ---- */

static const char *const unit_types[] = {
	"service", "mount", "swap", "socket", "target", "device", "automount", "timer", "path",
	"slice", "scope",
};

/* the types that may have Alias= names and alias links (unit_type_may_alias) */
static const char *const alias_types[] = { "service", "socket", "target", "device", "timer", "path" };
/* the types that may be templates (unit_type_may_template) */
static const char *const template_types[] = { "service", "socket", "target", "timer", "path" };

static int in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

enum { NAME_PLAIN = 1, NAME_INSTANCE = 2, NAME_TEMPLATE = 4 };

/* NAME_PLAIN, NAME_INSTANCE or NAME_TEMPLATE; 0 not a unit name */
static int name_class(const char *n)
{
	const char *dot = strrchr(n, '.'), *at = NULL;

	if (!*n || strlen(n) >= UNIT_NAME_MAX || !dot || dot == n ||
	    !in_list(dot + 1, unit_types, ARRAY_SIZE(unit_types)))
		return 0;
	for (const char *p = n; p < dot; p++) {
		if (*p == '@' && !at)
			at = p;
		if (!isalnum((unsigned char)*p) && !strchr("@:-_.\\", *p))
			return 0;
	}
	if (at == n)
		return 0;
	if (!at)
		return NAME_PLAIN;
	return dot > at + 1 ? NAME_INSTANCE : NAME_TEMPLATE;
}

int unit_name_valid(const char *name)
{
	return name_class(name) != 0;
}

const char *unit_name_type(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot ? dot + 1 : NULL;
}

/* foo@bar.service -> foo@.service; NULL when name is no instance */
static char *template_of(const char *name)
{
	const char *at = strchr(name, '@'), *dot = strrchr(name, '.');

	/* most names have no '@': asked for every link of every unit */
	if (!at || name_class(name) != NAME_INSTANCE)
		return NULL;
	return xasprintf("%.*s%s", (int)(at - name + 1), name, dot);
}

/* foo@.service with instance bar -> foo@bar.service */
static char *with_instance(const char *tmpl, const char *instance)
{
	const char *at = strchr(tmpl, '@');

	return xasprintf("%.*s%s%s", (int)(at - tmpl + 1), tmpl, instance, strrchr(tmpl, '.'));
}

static const char *instance_of(const char *name, size_t *len)
{
	const char *at = strchr(name, '@'), *dot = strrchr(name, '.');

	*len = (size_t)(dot - at - 1);
	return at + 1;
}

/* ---- the tree ---- */

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct unit_entry *)a)->name, ((const struct unit_entry *)b)->name);
}

static char entry_kind(const struct stat *st)
{
	return S_ISLNK(st->st_mode) ? 'l' : S_ISREG(st->st_mode) ? 'f' : S_ISDIR(st->st_mode) ? 'd' : 'o';
}

/* the directory's names, at most UNIT_DIR_CAP; 0 read, 1 absent, <0 error */
static int list_capped(struct scan_ctx *ctx, struct unit_tree *t, const char *dir, char ***names,
		       size_t *n)
{
	int rc = sysroot_list(ctx, dir, names, n);

	if (rc < 0) {
		evidence(&t->unlisted, "cannot list '%s': %s", dir, err_str(rc));
	} else if (rc == 0 && *n > UNIT_DIR_CAP) {
		evidence(&t->unlisted, "'%s' has %zu entries, over the %d read", dir, *n, UNIT_DIR_CAP);
		for (size_t i = UNIT_DIR_CAP; i < *n; i++)
			free((*names)[i]);
		*n = UNIT_DIR_CAP;
	}
	return rc;
}

/* the links of a .wants/, .requires/ or .upholds/ directory */
static void load_wants(struct scan_ctx *ctx, struct unit_tree *t, struct unit_dir *d, const char *path)
{
	struct unit_wants *w;
	struct stat st;
	char **names;
	size_t n, k = 0;

	if (list_capped(ctx, t, path, &names, &n) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		char *p = xasprintf("%s/%s", path, names[i]);
		/* systemctl reads links only: a file here is no enablement */
		if (sysroot_lstat(ctx, p, &st) == 0 && S_ISLNK(st.st_mode))
			names[k++] = names[i];
		else
			free(names[i]);
		free(p);
	}
	d->wants = xrealloc(d->wants, (d->nwants + 1) * sizeof(*d->wants));
	w = &d->wants[d->nwants++];
	w->path = xstrdup(path);
	w->links = names;
	w->n = k;
}

static int wants_suffix(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && (!strcmp(dot, ".wants") || !strcmp(dot, ".requires") || !strcmp(dot, ".upholds"));
}

static void load_dir(struct scan_ctx *ctx, struct unit_tree *t, struct unit_dir *d)
{
	struct buf p = BUF_INIT, target = BUF_INIT;
	struct stat st;
	char **names;
	size_t n;

	size_t noted = t->unlisted.len;

	if (list_capped(ctx, t, d->path, &names, &n) != 0)
		return;
	/* list_capped notes a directory over its cap */
	d->whole = t->unlisted.len == noted;
	d->entries = xcalloc(n ? n : 1, sizeof(*d->entries));
	for (size_t i = 0; i < n; i++) {
		struct unit_entry *e = &d->entries[d->n];
		buf_clear(&p);
		buf_addf(&p, "%s/%s", d->path, names[i]);
		if (sysroot_lstat(ctx, p.data, &st) != 0) {
			free(names[i]);
			d->whole = 0;
			continue;
		}
		e->name = names[i];
		e->kind = entry_kind(&st);
		if (e->kind == 'l' && sysroot_readlink(ctx, p.data, &target) == 0)
			e->target = xstrdup(target.data);
		else if (e->kind == 'd' && wants_suffix(e->name))
			load_wants(ctx, t, d, p.data);
		d->n++;
	}
	free(names);
	qsort(d->entries, d->n, sizeof(*d->entries), cmp_entry);
	buf_release(&p);
	buf_release(&target);
}

int unit_tree_load(struct scan_ctx *ctx, struct unit_tree *t)
{
	memset(t, 0, sizeof(*t));
	buf_init(&t->unlisted);
	t->dirs = xcalloc(ARRAY_SIZE(search_path), sizeof(*t->dirs));
	for (size_t i = 0; i < ARRAY_SIZE(search_path); i++) {
		struct stat st;
		size_t j;
		int rc = sysroot_stat(ctx, search_path[i].path, &st);
		if (rc < 0)
			evidence(&t->unlisted, "cannot list '%s': %s", search_path[i].path, err_str(rc));
		if (rc != 0 || !S_ISDIR(st.st_mode))
			continue;
		/* one directory under two names (merged /usr: lib is usr/lib) is read once */
		for (j = 0; j < t->ndirs; j++)
			if (t->dirs[j].dev == st.st_dev && t->dirs[j].ino == st.st_ino)
				break;
		if (j < t->ndirs) {
			/* named by its /usr path, as systemd 255 and RPM distributions name it */
			if (!strncmp(search_path[i].path, "usr/", 4)) {
				free(t->dirs[j].path);
				t->dirs[j].path = xstrdup(search_path[i].path);
			}
			continue;
		}
		t->dirs[t->ndirs].path = xstrdup(search_path[i].path);
		t->dirs[t->ndirs].flags = search_path[i].flags;
		t->dirs[t->ndirs].dev = st.st_dev;
		t->dirs[t->ndirs].ino = st.st_ino;
		t->ndirs++;
	}
	for (size_t i = 0; i < t->ndirs; i++)
		load_dir(ctx, t, &t->dirs[i]);
	return 0;
}

void unit_tree_release(struct unit_tree *t)
{
	for (size_t i = 0; i < t->ndirs; i++) {
		struct unit_dir *d = &t->dirs[i];
		for (size_t k = 0; k < d->n; k++) {
			free(d->entries[k].name);
			free(d->entries[k].target);
		}
		free(d->entries);
		for (size_t k = 0; k < d->nwants; k++) {
			free(d->wants[k].path);
			sysroot_names_free(d->wants[k].links, d->wants[k].n);
		}
		free(d->wants);
		free(d->path);
	}
	free(t->dirs);
	buf_release(&t->unlisted);
	memset(t, 0, sizeof(*t));
}

static const struct unit_entry *dir_entry(const struct unit_dir *d, const char *name)
{
	struct unit_entry key = { .name = (char *)name };

	return d->n ? bsearch(&key, d->entries, d->n, sizeof(*d->entries), cmp_entry) : NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int unit_tree_names(const struct unit_tree *t, char ***names, size_t *n)
{
	char **v = NULL;
	size_t k = 0, w = 0;

	*names = NULL;
	*n = 0;
	for (size_t i = 0; i < t->ndirs; i++) {
		const struct unit_dir *d = &t->dirs[i];
		for (size_t j = 0; j < d->n; j++) {
			/* unit_file_get_list(): links and regular files with a unit's name */
			if ((d->entries[j].kind != 'l' && d->entries[j].kind != 'f') ||
			    !unit_name_valid(d->entries[j].name))
				continue;
			v = xrealloc(v, (k + 1) * sizeof(*v));
			v[k++] = xstrdup(d->entries[j].name);
		}
	}
	if (!k)
		return 1;
	qsort(v, k, sizeof(*v), cmp_str);
	for (size_t i = 0; i < k; i++) {
		if (w && !strcmp(v[i], v[w - 1]))
			free(v[i]);
		else
			v[w++] = v[i];
	}
	*names = v;
	*n = w;
	return 0;
}

int unit_native_exists(const struct unit_tree *t, const char *name)
{
	for (size_t i = 0; i < t->ndirs; i++)
		if (!(t->dirs[i].flags & UNIT_DIR_GENERATOR) && dir_entry(&t->dirs[i], name))
			return 1;
	return 0;
}

/* ---- [Install] (systemd.unit(5), parsed as systemd.syntax(7) says) ---- */

struct strv {
	char **v;
	size_t n;
	unsigned int seq;	/* the line that began the list, for the evidence */
	char *line;
};

struct install_info {
	char *name;
	char *path;		/* root-relative */
	enum { MODE_NONE, MODE_REGULAR, MODE_MASKED, MODE_ALIAS, MODE_LINKED } mode;
	char *target;		/* ALIAS, LINKED: the link's target, root-relative */
	struct strv aliases, wanted_by, required_by, upheld_by, also;
	char *default_instance;
	unsigned int seq;
};

static void strv_reset(struct strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	free(s->line);
	memset(s, 0, sizeof(*s));
}

static void strv_push(struct strv *s, char *word, const char *line, unsigned int seq)
{
	if (!s->n) {
		s->seq = seq;
		s->line = xstrdup(line);
	}
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = word;
}

static int strv_has(const struct strv *s, const char *w)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], w))
			return 1;
	return 0;
}

static void info_clear_install(struct install_info *i)
{
	strv_reset(&i->aliases);
	strv_reset(&i->wanted_by);
	strv_reset(&i->required_by);
	strv_reset(&i->upheld_by);
	strv_reset(&i->also);
	free(i->default_instance);
	i->default_instance = NULL;
}

static void info_free(struct install_info *i)
{
	if (!i)
		return;
	info_clear_install(i);
	free(i->name);
	free(i->path);
	free(i->target);
	free(i);
}

/*
 * The next word of *p, quotes removed and backslashes kept (systemd's
 * extract_first_word() with EXTRACT_UNQUOTE|EXTRACT_RETAIN_ESCAPE); NULL at
 * the end or on an unterminated quote.
 */
static char *next_word(const char **p, int unquote)
{
	struct buf w = BUF_INIT;
	const char *s = *p;
	char quote = 0;

	while (*s && isspace((unsigned char)*s))
		s++;
	if (!*s)
		return NULL;
	for (; *s && (quote || !isspace((unsigned char)*s)); s++) {
		if (*s == '\\' && s[1]) {
			buf_add(&w, s, 2);
			s++;
		} else if (unquote && !quote && (*s == '"' || *s == '\'')) {
			quote = *s;
		} else if (unquote && quote == *s) {
			quote = 0;
		} else {
			buf_addc(&w, *s);
		}
	}
	*p = s;
	if (quote) {
		buf_release(&w);
		return NULL;
	}
	return buf_detach(&w);
}

/* config_parse_strv(): an empty value empties the list */
static void parse_strv(struct strv *s, const char *value, const char *line, unsigned int seq)
{
	char *w;

	if (!*value) {
		strv_reset(s);
		return;
	}
	while ((w = next_word(&value, 1)))
		strv_push(s, w, line, seq);
}

static char *strip(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/*
 * One logical line of a unit file.  Returns 0, or -1 where systemd's
 * config_parse() gives up on the whole file (why says so).
 */
static int parse_line(struct install_info *i, char *l, int *in_install, struct buf *why)
{
	const char *type = unit_name_type(i->name);
	char *eq, *key, *value;
	char *w;

	l = strip(l);
	if (!*l || *l == '#' || *l == ';')
		return 0;
	if (*l == '[') {
		size_t k = strlen(l);
		if (l[k - 1] != ']') {
			buf_addf(why, "invalid section header '%.80s'", l);
			return -1;
		}
		*in_install = !strcmp(l, "[Install]");
		return 0;
	}
	if (!*in_install || !(eq = strchr(l, '=')) || eq == l)
		return 0;	/* other sections, and lines systemd ignores with a warning */
	char *line = xasprintf("[Install] %s", l);
	*eq = '\0';
	key = strip(l);
	value = strip(eq + 1);
	i->seq++;
	if (!strcmp(key, "WantedBy")) {
		parse_strv(&i->wanted_by, value, line, i->seq);
	} else if (!strcmp(key, "RequiredBy")) {
		parse_strv(&i->required_by, value, line, i->seq);
	} else if (!strcmp(key, "UpheldBy")) {
		parse_strv(&i->upheld_by, value, line, i->seq);
	} else if (!strcmp(key, "Alias")) {
		/* Alias= is ignored, with a warning, for the types that cannot have one */
		if (in_list(type, alias_types, ARRAY_SIZE(alias_types)))
			parse_strv(&i->aliases, value, line, i->seq);
	} else if (!strcmp(key, "Also")) {
		/* no reset on an empty value; a name that is no unit's fails the file */
		const char *v = value;
		while ((w = next_word(&v, 0))) {
			if (!strchr(w, '%') && !unit_name_valid(w)) {
				buf_addf(why, "Also= names '%.80s', which is no unit name", w);
				free(w);
				free(line);
				return -1;
			}
			strv_push(&i->also, w, line, i->seq);
		}
	} else if (!strcmp(key, "DefaultInstance")) {
		/* for templates only; specifiers are left as written */
		if (name_class(i->name) == NAME_TEMPLATE) {
			free(i->default_instance);
			i->default_instance = *value ? xstrdup(value) : NULL;
		}
	}
	free(line);
	return 0;
}

/*
 * The [Install] keys of text into i.  A line that ends in a backslash goes
 * on in the next, the backslash read as a space; comment lines within are
 * skipped (systemd.syntax(7)).
 */
static int parse_install(struct install_info *i, char *text, struct buf *why)
{
	struct buf logical = BUF_INIT;
	int in_install = 0, rc = 0, cont = 0;

	for (char *line = text; line && *line && rc == 0;) {
		char *eol = strchr(line, '\n');
		size_t len;
		if (eol)
			*eol = '\0';
		len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (cont) {
			const char *s = line;
			while (isspace((unsigned char)*s))
				s++;
			if (*s == '#' || *s == ';')
				goto next;
		}
		buf_adds(&logical, line);
		if (logical.len && logical.data[logical.len - 1] == '\\') {
			logical.data[logical.len - 1] = ' ';
			cont = 1;
			goto next;
		}
		cont = 0;
		rc = parse_line(i, logical.data, &in_install, why);
		buf_clear(&logical);
next:
		line = eol ? eol + 1 : NULL;
	}
	if (rc == 0 && logical.len)
		rc = parse_line(i, logical.data, &in_install, why);
	buf_release(&logical);
	return rc;
}

static void strv_each(const struct strv *s, const char *key, unit_key_fn fn, void *arg)
{
	for (size_t k = 0; k < s->n; k++)
		fn(arg, key, s->v[k]);
}

int unit_install_parse(const char *name, const char *text, size_t len, unit_key_fn fn, void *arg,
		       struct buf *why)
{
	struct install_info i = { 0 };
	char *copy = xstrndup(text, len);
	int rc;

	i.name = (char *)name;	/* read, never freed: info_clear_install leaves it */
	rc = parse_install(&i, copy, why);
	if (rc == 0) {
		strv_each(&i.wanted_by, "WantedBy", fn, arg);
		strv_each(&i.required_by, "RequiredBy", fn, arg);
		strv_each(&i.upheld_by, "UpheldBy", fn, arg);
		strv_each(&i.aliases, "Alias", fn, arg);
		strv_each(&i.also, "Also", fn, arg);
		if (i.default_instance)
			fn(arg, "DefaultInstance", i.default_instance);
	}
	info_clear_install(&i);
	free(copy);
	return rc;
}

/* ---- finding a name's file (unit_file_search, install_info_traverse) ---- */

enum {
	LR_OK = 0,
	LR_ABSENT = 1,
	LR_BAD = -1,		/* systemctl says "bad"; why says why */
	LR_UNKNOWN = -2,	/* the scan could not read what decides */
};

struct lookup {
	struct scan_ctx *ctx;
	const struct unit_tree *t;
	struct buf why;		/* the reason of LR_BAD and LR_UNKNOWN */
	struct buf notes;	/* links followed, drop-ins read */
};

/* dir/../name lexically, "." and ".." resolved, root-relative */
static char *normalize(const char *dir, const char *target)
{
	struct buf out = BUF_INIT;
	char *all = target[0] == '/' ? xstrdup(target) : xasprintf("%s/%s", dir, target);

	for (char *s = all; *s;) {
		char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if ((n == 1 && s[0] == '.') || n == 0) {
			/* nothing */
		} else if (n == 2 && s[0] == '.' && s[1] == '.') {
			char *slash = strrchr(out.data, '/');
			buf_setlen(&out, slash ? (size_t)(slash - out.data) : 0);
		} else {
			if (out.len)
				buf_addc(&out, '/');
			buf_add(&out, s, n);
		}
		s += n;
		if (*s == '/')
			s++;
	}
	free(all);
	return buf_detach(&out);
}

static char *dir_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? xstrndup(path, (size_t)(s - path)) : xstrdup("");
}

/* is path (root-relative) within a directory of the search path? */
static int in_search_path(const struct lookup *lk, const char *path)
{
	char *d = xstrdup(path);
	int found = 0;

	/*
	 * systemd asks whether a search directory is a prefix of the path (the
	 * path itself included), links resolved: compare the directories
	 */
	while (*d && !found) {
		struct stat st;
		if (sysroot_stat(lk->ctx, d, &st) == 0)
			for (size_t i = 0; i < lk->t->ndirs && !found; i++)
				found = lk->t->dirs[i].dev == st.st_dev && lk->t->dirs[i].ino == st.st_ino;
		char *up = dir_name(d);
		free(d);
		d = up;
	}
	free(d);
	return found;
}

/* unit_validate_alias_symlink_or_warn(): 0, or -1 with why */
static int valid_alias(const char *src, const char *dst, struct buf *why)
{
	int sc = name_class(src), dc = name_class(dst);
	const char *stype = unit_name_type(src);

	if (!in_list(stype, alias_types, ARRAY_SIZE(alias_types))) {
		buf_addf(why, "%s units cannot have aliases", stype);
		return -1;
	}
	if (sc != NAME_PLAIN && !in_list(stype, template_types, ARRAY_SIZE(template_types))) {
		buf_addf(why, "%s units cannot be templates", stype);
		return -1;
	}
	if (!strcmp(src, dst)) {
		buf_addf(why, "a link to a unit of its own name inside the search path");
		return -1;
	}
	if (!dc) {
		buf_addf(why, "points to '%s', which is no unit name", dst);
		return -1;
	}
	if (dc != sc && !(sc == NAME_INSTANCE && dc == NAME_TEMPLATE)) {
		buf_addf(why, "points to '%s', a name of another kind", dst);
		return -1;
	}
	if (dc == NAME_INSTANCE) {
		size_t a, b;
		const char *ia = instance_of(src, &a), *ib = instance_of(dst, &b);
		if (a != b || strncmp(ia, ib, a)) {
			buf_addf(why, "points to '%s', another instance", dst);
			return -1;
		}
	}
	if (strcmp(stype, unit_name_type(dst))) {
		buf_addf(why, "points to '%s', a unit of another type", dst);
		return -1;
	}
	return 0;
}

/*
 * 1 when path's directory is a search directory read whole and has no
 * entry of path's name: absent then, without asking the filesystem again
 * (a unit is looked for in every search directory, and most are not
 * there: this is most of the services walk's system calls)
 */
static int listed_absent(const struct unit_tree *t, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return 0;
	for (size_t d = 0; d < t->ndirs; d++) {
		const struct unit_dir *ud = &t->dirs[d];
		size_t len = strlen(ud->path);
		if (len == (size_t)(slash - path) && !strncmp(ud->path, path, len))
			return ud->whole && !dir_entry(ud, slash + 1);
	}
	return 0;
}

/* unit_file_load_or_readlink() of path into i; LR_* */
static int load_path(struct lookup *lk, struct install_info *i, const char *path)
{
	struct buf text = BUF_INIT, target = BUF_INIT;
	struct stat st;
	const char *type = unit_name_type(i->name);
	int rc;

	if (name_class(i->name) != NAME_PLAIN &&
	    !in_list(type, template_types, ARRAY_SIZE(template_types))) {
		buf_addf(&lk->why, "%s units cannot be templates", type);
		return LR_BAD;
	}
	rc = listed_absent(lk->t, path) ? 1 : sysroot_lstat(lk->ctx, path, &st);
	if (rc == 1)
		return LR_ABSENT;
	if (rc < 0) {
		buf_addf(&lk->why, "cannot read '%s': %s", path, err_str(rc));
		return LR_UNKNOWN;
	}
	free(i->path);
	i->path = xstrdup(path);
	if (S_ISLNK(st.st_mode)) {
		char *dir = dir_name(path);
		rc = sysroot_readlink(lk->ctx, path, &target);
		if (rc != 0) {
			free(dir);
			buf_addf(&lk->why, "cannot read the link '%s': %s", path,
				 rc > 0 ? "gone" : err_str(rc));
			return LR_UNKNOWN;
		}
		free(i->target);
		i->target = normalize(dir, target.data);
		free(dir);
		evidence(&lk->notes, "%s -> %s", path, target.data);
		if (!strcmp(i->target, "dev/null") ||
		    (sysroot_stat(lk->ctx, i->target, &st) == 0 &&
		     (S_ISCHR(st.st_mode) || (S_ISREG(st.st_mode) && st.st_size == 0)))) {
			i->mode = MODE_MASKED;
		} else if (in_search_path(lk, i->target)) {
			if (valid_alias(str_base_name(path), str_base_name(i->target), &lk->why) < 0) {
				buf_addf(&lk->why, " ('%s')", path);
				rc = LR_BAD;
				goto out;
			}
			i->mode = MODE_ALIAS;
		} else {
			i->mode = MODE_LINKED;
		}
		rc = LR_OK;
		goto out;
	}
	if (S_ISCHR(st.st_mode) || (S_ISREG(st.st_mode) && st.st_size == 0)) {
		i->mode = MODE_MASKED;
		rc = LR_OK;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		buf_addf(&lk->why, "'%s' is not a regular file", path);
		rc = LR_BAD;
		goto out;
	}
	rc = fsread(lk->ctx, path, &text);
	if (rc != 0) {
		buf_addf(&lk->why, "cannot read '%s': %s", path, rc > 0 ? "gone" : err_str(rc));
		if (rc < 0)
			ctx_note(lk->ctx, "cannot read '%s': %s", path, err_str(rc));
		rc = LR_UNKNOWN;
		goto out;
	}
	if (parse_install(i, text.data, &lk->why) < 0) {
		buf_addf(&lk->why, " in '%s'", path);
		rc = LR_BAD;
		goto out;
	}
	i->mode = MODE_REGULAR;
	rc = LR_OK;
out:
	buf_release(&text);
	buf_release(&target);
	return rc;
}

/* the drop-ins NAME.d/ *.conf (and TEMPLATE.d/) of every search directory */
static int load_dropins(struct lookup *lk, struct install_info *i)
{
	char *tmpl = template_of(i->name);
	char **confs = NULL;
	size_t n = 0;
	int rc = LR_OK;

	for (int pass = 0; pass < 2; pass++) {
		const char *unit = pass ? tmpl : i->name;
		if (!unit)
			break;
		for (size_t d = 0; d < lk->t->ndirs; d++) {
			char *dropdir = xasprintf("%s/%s.d", lk->t->dirs[d].path, unit);
			char **names;
			size_t k;
			int r = listed_absent(lk->t, dropdir) ? 1 :
				sysroot_list(lk->ctx, dropdir, &names, &k);
			if (r < 0) {
				buf_addf(&lk->why, "cannot list '%s': %s", dropdir, err_str(r));
				rc = LR_UNKNOWN;
			} else if (r == 0) {
				for (size_t j = 0; j < k && j < UNIT_DIR_CAP; j++) {
					size_t len = strlen(names[j]);
					int seen = 0;
					if (len <= 5 || strcmp(names[j] + len - 5, ".conf"))
						continue;
					/* the first directory's file of a name hides the others */
					for (size_t m = 0; m < n && !seen; m++)
						seen = !strcmp(str_base_name(confs[m]), names[j]);
					if (seen)
						continue;
					confs = xrealloc(confs, (n + 1) * sizeof(*confs));
					confs[n++] = xasprintf("%s/%s", dropdir, names[j]);
				}
				sysroot_names_free(names, k);
			}
			free(dropdir);
		}
	}
	/* read in the order of their names, whichever directory they are in */
	for (size_t a = 1; a < n; a++)
		for (size_t b = a; b > 0 && strcmp(str_base_name(confs[b - 1]), str_base_name(confs[b])) > 0; b--) {
			char *x = confs[b];
			confs[b] = confs[b - 1];
			confs[b - 1] = x;
		}
	for (size_t j = 0; j < n && rc == LR_OK; j++) {
		struct buf text = BUF_INIT;
		struct stat st;
		int r;
		/* an empty drop-in, or one linked to /dev/null, masks the ones behind it */
		if (sysroot_stat(lk->ctx, confs[j], &st) != 0 || S_ISCHR(st.st_mode) ||
		    (S_ISREG(st.st_mode) && st.st_size == 0))
			continue;
		r = fsread(lk->ctx, confs[j], &text);
		if (r < 0) {
			buf_addf(&lk->why, "cannot read '%s': %s", confs[j], err_str(r));
			ctx_note(lk->ctx, "cannot read '%s': %s", confs[j], err_str(r));
			rc = LR_UNKNOWN;
		} else if (r == 0) {
			evidence(&lk->notes, "drop-in %s", confs[j]);
			if (parse_install(i, text.data, &lk->why) < 0) {
				buf_addf(&lk->why, " in '%s'", confs[j]);
				rc = LR_BAD;
			}
		}
		buf_release(&text);
	}
	sysroot_names_free(confs, n);
	free(tmpl);
	return rc;
}

/* unit_file_search(): the first directory that has the name, or its template */
static int search(struct lookup *lk, struct install_info *i)
{
	char *tmpl = template_of(i->name);
	int rc = LR_ABSENT;

	for (int pass = 0; pass < 2 && rc == LR_ABSENT; pass++) {
		const char *unit = pass ? tmpl : i->name;
		if (!unit)
			break;
		for (size_t d = 0; d < lk->t->ndirs && rc == LR_ABSENT; d++) {
			char *p = xasprintf("%s/%s", lk->t->dirs[d].path, unit);
			rc = load_path(lk, i, p);
			free(p);
		}
	}
	free(tmpl);
	if (rc == LR_OK && i->mode != MODE_MASKED)
		rc = load_dropins(lk, i);
	return rc;
}

/* loads the file a link of i points to in its place; LR_*, a dangling link is bad */
static int follow_link(struct lookup *lk, struct install_info *i)
{
	char *t = i->target;
	int rc;

	i->target = NULL;
	i->mode = MODE_NONE;
	rc = load_path(lk, i, t);
	free(t);
	if (rc == LR_ABSENT) {
		buf_addf(&lk->why, "the link '%s' leads nowhere", i->path);
		rc = LR_BAD;
	}
	return rc;
}

/* install_info_traverse(): follows aliases and links to the unit file; LR_* */
static int traverse(struct lookup *lk, struct install_info **ip)
{
	struct install_info *i = *ip;
	int rc = search(lk, i);

	for (int k = 0; rc == LR_OK && (i->mode == MODE_ALIAS || i->mode == MODE_LINKED); k++) {
		const char *bn = str_base_name(i->target);
		if (k >= FOLLOW_MAX) {
			buf_addf(&lk->why, "more than %d links to follow", FOLLOW_MAX);
			return LR_BAD;
		}
		if (i->mode == MODE_LINKED || !strcmp(bn, i->name)) {
			rc = follow_link(lk, i);
			continue;
		}
		/* an instance's link to its template stays this unit */
		if (name_class(i->name) == NAME_INSTANCE && name_class(bn) == NAME_TEMPLATE) {
			size_t len;
			const char *inst = instance_of(i->name, &len);
			char *iname = xasprintf("%.*s", (int)len, inst);
			char *full = with_instance(bn, iname);
			free(iname);
			if (!strcmp(full, i->name)) {
				free(full);
				rc = follow_link(lk, i);
				continue;
			}
			free(full);
		}
		/* an alias: the unit of the name it points to, found by that name */
		struct install_info *n = xcalloc(1, sizeof(*n));
		n->name = xstrdup(bn);
		info_free(i);
		*ip = i = n;
		rc = search(lk, i);
		if (rc == LR_ABSENT) {
			buf_addf(&lk->why, "an alias of '%s', which is not installed", i->name);
			rc = LR_BAD;
		}
	}
	return rc;
}

/* ---- links that name the unit (find_symlinks_in_scope) ---- */

struct link_hits {
	int any;		/* a link names the unit (match_name false) */
	int known;		/* one names it as [Install] would (match_name true) */
	int same;		/* a same-name link to the unit's file outside this directory */
};

/* is_symlink_with_known_name() */
static int known_name(const struct install_info *i, const char *name)
{
	int known = !strcmp(name, i->name) || strv_has(&i->aliases, name);

	if (!known && i->default_instance && name_class(i->name) == NAME_TEMPLATE) {
		char *s = with_instance(i->name, i->default_instance);
		known = !strcmp(name, s);
		free(s);
	}
	return known;
}

/*
 * find_symlinks() for one directory: the links in its .wants/, .requires/
 * and .upholds/ directories, by their own names (their targets are not
 * read), and the links at its top whose target has the unit's name.
 * wants and aliases get the links that name the unit.
 */
static void dir_links(const struct install_info *i, const struct unit_dir *d, int ignore_same_name,
		      struct link_hits *h, struct buf *wants, struct buf *aliases)
{
	memset(h, 0, sizeof(*h));
	for (size_t w = 0; w < d->nwants; w++) {
		for (size_t j = 0; j < d->wants[w].n; j++) {
			const char *name = d->wants[w].links[j];
			char *tmpl = NULL;
			int found = !strcmp(name, i->name) ||
				    ((tmpl = template_of(name)) && !strcmp(tmpl, i->name));
			free(tmpl);
			if (!found)
				continue;
			h->any = 1;
			h->known |= known_name(i, name);
			evidence(wants, "%s/%s", d->wants[w].path, name);
		}
	}
	for (size_t j = 0; j < d->n; j++) {
		const struct unit_entry *e = &d->entries[j];
		int found_dest, found_path;
		if (e->kind != 'l' || !e->target)
			continue;
		found_dest = !strcmp(str_base_name(e->target), i->name);
		found_path = !ignore_same_name && !strcmp(e->name, i->name);
		if (found_path && found_dest) {
			h->same = 1;	/* the link that was followed to the file: told already */
		} else if (found_path || found_dest) {
			h->any = 1;
			h->known |= known_name(i, e->name);
			evidence(aliases, "alias %s/%s", d->path, e->name);
		}
	}
}

static int path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && path[n] == '/';
}

/*
 * One pass of find_symlinks_in_scope() over the hits of every directory:
 * the state it finds, or NULL.  known: count only links named as the
 * unit's [Install] section would name them.
 */
static const char *scope_pass(const struct lookup *lk, const struct install_info *i,
			      const struct link_hits *hits, int known)
{
	int runtime = 0, elsewhere = 0, same_config = 0, same_runtime = 0;

	for (size_t d = 0; d < lk->t->ndirs; d++) {
		unsigned int flags = lk->t->dirs[d].flags;
		int hit = known ? hits[d].known : hits[d].any;
		if (hit) {
			if (flags & UNIT_DIR_CONFIG)
				return "enabled";
			if (flags & UNIT_DIR_RUNTIME)
				runtime = 1;
			else
				elsewhere = 1;
		} else if (hits[d].same) {
			if (flags & UNIT_DIR_CONFIG)
				same_config = 1;
			else if (flags & UNIT_DIR_RUNTIME)
				same_runtime = 1;
		}
	}
	if (runtime)
		return "enabled-runtime";
	/* an instance linked in by the vendor is explicitly made: static */
	if (elsewhere && name_class(i->name) == NAME_INSTANCE)
		return "static";
	if (same_config)
		return "linked";
	if (same_runtime)
		return "linked-runtime";
	return NULL;
}

/* unit_file_lookup_state() of a regular unit file; evidence names the links */
static const char *link_state(const struct lookup *lk, const struct install_info *i,
			      struct buf *ev)
{
	struct link_hits *hits = xcalloc(lk->t->ndirs ? lk->t->ndirs : 1, sizeof(*hits));
	struct buf own = BUF_INIT, vendor = BUF_INIT, valias = BUF_INIT;
	const struct strv *first = NULL;
	const struct strv *lists[] = { &i->wanted_by, &i->required_by, &i->upheld_by, &i->aliases,
				       &i->also };
	int ignore_same_name = 0;
	const char *state;

	for (size_t d = 0; d < lk->t->ndirs; d++) {
		const struct unit_dir *dir = &lk->t->dirs[d];
		int own_dir = dir->flags & (UNIT_DIR_CONFIG | UNIT_DIR_RUNTIME);
		dir_links(i, dir, ignore_same_name, &hits[d], own_dir ? &own : &vendor,
			  own_dir ? &own : &valias);
		/* same-name links below the unit's own file are hidden by it */
		if (!ignore_same_name && path_under(i->path, dir->path))
			ignore_same_name = 1;
	}
	for (size_t k = 0; k < ARRAY_SIZE(lists); k++)
		if (lists[k]->n && (!first || lists[k]->seq < first->seq))
			first = lists[k];
	if (!(state = scope_pass(lk, i, hits, 1))) {
		if (scope_pass(lk, i, hits, 0))
			state = "indirect";	/* linked under a name [Install] does not give */
		else if (i->aliases.n || i->wanted_by.n || i->required_by.n || i->upheld_by.n)
			state = "disabled";
		else if (i->also.n)
			state = "indirect";
		else
			state = "static";
	}
	if (own.len)
		evidence(ev, "%s", own.data);
	if (!strcmp(state, "disabled"))
		evidence(ev, "%s; no enabling link", first->line);
	else if (!strcmp(state, "indirect") && !own.len && first)
		evidence(ev, "%s", first->line);
	else if (!strcmp(state, "static") && !first)
		evidence(ev, "no [Install] section");
	/* links the vendor ships start a unit at boot, but are no enablement */
	if (vendor.len)
		evidence(ev, "pulled in by %s", vendor.data);
	if (valias.len)
		evidence(ev, "%s", valias.data);
	free(hits);
	buf_release(&own);
	buf_release(&vendor);
	buf_release(&valias);
	return state;
}

void unit_state_init(struct unit_state *s)
{
	memset(s, 0, sizeof(*s));
	buf_init(&s->evidence);
}

void unit_state_release(struct unit_state *s)
{
	free(s->unit);
	free(s->path);
	buf_release(&s->evidence);
	unit_state_init(s);
}

static int dir_flags_of(const struct unit_tree *t, const char *path)
{
	for (size_t d = 0; d < t->ndirs; d++)
		if (path_under(path, t->dirs[d].path) && !strchr(path + strlen(t->dirs[d].path) + 1, '/'))
			return (int)t->dirs[d].flags;
	return 0;
}

int unit_state_lookup(struct scan_ctx *ctx, const struct unit_tree *t, const char *name,
		      struct unit_state *out)
{
	struct lookup lk = { .ctx = ctx, .t = t, .why = BUF_INIT, .notes = BUF_INIT };
	struct install_info *i = xcalloc(1, sizeof(*i));
	int rc, flags;

	unit_state_release(out);
	i->name = xstrdup(name);
	if (!unit_name_valid(name)) {
		rc = 1;
		goto out;
	}
	rc = traverse(&lk, &i);
	if (rc == LR_ABSENT) {
		rc = 1;
		goto out;
	}
	out->unit = xstrdup(i->name);
	out->path = i->path ? xstrdup(i->path) : NULL;
	if (rc != LR_OK) {
		out->state = rc == LR_BAD ? "bad" : NULL;
		if (lk.notes.len)
			evidence(&out->evidence, "%s", lk.notes.data);
		evidence(&out->evidence, "%s", lk.why.len ? lk.why.data : "not found");
		rc = 0;
		goto out;
	}
	rc = 0;
	flags = dir_flags_of(t, i->path);
	if (i->mode == MODE_MASKED) {
		out->state = flags & UNIT_DIR_RUNTIME || !strncmp(i->path, "run/", 4) ?
			     "masked-runtime" : "masked";
		if (lk.notes.len)
			evidence(&out->evidence, "%s", lk.notes.data);
		else
			evidence(&out->evidence, "%s is empty", i->path);
		goto out;
	}
	if (strcmp(name, str_base_name(i->path)) && name_class(i->name) != NAME_INSTANCE) {
		out->state = "alias";
		evidence(&out->evidence, "an alias of %s", i->name);
		if (lk.notes.len)
			evidence(&out->evidence, "%s", lk.notes.data);
		goto out;
	}
	if (flags & UNIT_DIR_GENERATOR) {
		out->state = "generated";
		evidence(&out->evidence, "written by a generator at boot");
		goto out;
	}
	if (flags & UNIT_DIR_TRANSIENT) {
		out->state = "transient";
		evidence(&out->evidence, "made by the manager at run time");
		goto out;
	}
	if (lk.notes.len)
		evidence(&out->evidence, "%s", lk.notes.data);
	out->state = link_state(&lk, i, &out->evidence);
	/* an enabling link may sit in a directory that could not be read */
	if (t->unlisted.len && strcmp(out->state, "enabled")) {
		evidence(&out->evidence, "no enabling link found, but %s", t->unlisted.data);
		out->state = NULL;
	}
out:
	info_free(i);
	buf_release(&lk.why);
	buf_release(&lk.notes);
	return rc;
}
