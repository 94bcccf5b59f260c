/*
 * grubcfg.c - boot menus from bootloader configuration files
 *
 * Sources: the GRUB Legacy manual ("Configuration", menu.lst commands),
 * the GRUB 2 manual ("Shell-like scripting": words, quoting, menuentry,
 * submenu; "default" with "1>2" paths, titles or ids), the Boot Loader
 * Specification (uapi-group.org, type #1 entries), lilo.conf(5) and the
 * SYSLINUX wiki (Config).  The parsers read the files as text and never run
 * them: conditionals are ignored, so every menuentry written is an entry.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"
#include "../../scanner/str.h"
#include "../../scanner/banned.h"

#define MAX_WORDS 48

void bootcfg_init(struct boot_menu *m)
{
	memset(m, 0, sizeof(*m));
	m->menu_default = -1;
}

static void entry_free(struct boot_entry *e)
{
	free(e->title);
	free(e->id);
	free(e->kernel);
	free(e->initrd);
	free(e->options);
	free(e->chain);
	free(e->version);
	free(e->sort_key);
	for (int i = 0; i < BOOTCFG_MAX_DEPTH; i++) {
		free(e->lev_title[i]);
		free(e->lev_id[i]);
	}
}

void bootcfg_release(struct boot_menu *m)
{
	for (size_t i = 0; i < m->n; i++)
		entry_free(&m->v[i]);
	free(m->v);
	free(m->default_spec);
	free(m->configfile);
	bootcfg_init(m);
}

/* a copy of at most BOOTCFG_MAX_WORD bytes */
static char *dup_cap(const char *s, size_t n)
{
	return xstrndup(s, n > BOOTCFG_MAX_WORD ? BOOTCFG_MAX_WORD : n);
}

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? dup_cap(s, strlen(s)) : NULL;
}

/* appends s to *dst with a space between */
static void add_str(char **dst, const char *s)
{
	if (!*dst) {
		set_str(dst, s);
		return;
	}
	char *j = xasprintf("%s %s", *dst, s);
	set_str(dst, j);
	free(j);
}

static struct boot_entry *new_entry(struct boot_menu *m)
{
	if (m->n >= BOOTCFG_MAX_ENTRIES) {
		m->truncated = 1;
		return NULL;
	}
	/* room for 8, then doubled each time it is full (8, 16, 32, ...) */
	if (m->n == 0 || (m->n >= 8 && (m->n & (m->n - 1)) == 0)) {
		size_t cap = m->n ? m->n * 2 : 8;
		m->v = xrealloc(m->v, cap * sizeof(*m->v));
	}
	struct boot_entry *e = &m->v[m->n++];
	memset(e, 0, sizeof(*e));
	return e;
}

static int ci_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay && *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return 1;
	return 0;
}

/* linux, windows or other, from what the entry loads */
static void classify(struct boot_entry *e)
{
	int win = e->windows_class || ci_contains(e->title, "windows") ||
		  ci_contains(e->title, "microsoft") || ci_contains(e->chain, "bootmgfw") ||
		  ci_contains(e->chain, "/microsoft/") || ci_contains(e->chain, "ntldr") ||
		  ci_contains(e->chain, "bootmgr") || ci_contains(e->options, "ntldr") ||
		  ci_contains(e->options, "bootmgr");

	if (e->chain)
		e->os_kind = win ? "windows" : "other";
	else if (e->kernel && !ci_contains(e->kernel, "memtest") &&
		 !ci_contains(e->kernel, ".c32"))
		e->os_kind = "linux";
	else
		e->os_kind = "other";
}

/* an entry of a flat menu: one level, its position and label */
static void flat_levels(struct boot_menu *m)
{
	for (size_t i = 0; i < m->n; i++) {
		struct boot_entry *e = &m->v[i];
		if (e->depth)
			continue;
		e->depth = 1;
		e->idx[0] = (int)i;
		set_str(&e->lev_title[0], e->title);
		set_str(&e->lev_id[0], e->id);
	}
}

/* the next line of text at *p as [*b, *e), blanks trimmed; 0 at the end */
static int next_line(const char **p, const char **b, const char **e)
{
	const char *s = *p, *nl;

	if (!*s)
		return 0;
	nl = strchr(s, '\n');
	*p = nl ? nl + 1 : s + strlen(s);
	*e = nl ? nl : s + strlen(s);
	while (s < *e && isspace((unsigned char)*s))
		s++;
	while (*e > s && isspace((unsigned char)(*e)[-1]))
		(*e)--;
	*b = s;
	return 1;
}

/* ---- GRUB legacy ---- */

/* "keyword value", "keyword=value" or "keyword = value" */
static void split_kw(const char *b, const char *e, char *kw, size_t kwsz, const char **val)
{
	size_t n = 0;
	const char *s = b;

	while (s < e && !isspace((unsigned char)*s) && *s != '=') {
		if (n + 1 < kwsz)
			kw[n++] = (char)tolower((unsigned char)*s);
		s++;
	}
	kw[n] = '\0';
	while (s < e && (isspace((unsigned char)*s) || *s == '='))
		s++;
	*val = s;
}

/* the first word of [v, e) and the rest after it */
static char *first_word(const char *v, const char *e, const char **rest)
{
	const char *w = v;

	while (w < e && !isspace((unsigned char)*w))
		w++;
	if (rest) {
		*rest = w;
		while (*rest < e && isspace((unsigned char)**rest))
			(*rest)++;
	}
	return dup_cap(v, (size_t)(w - v));
}

void bootcfg_grub_legacy(const char *text, struct boot_menu *m)
{
	const char *p = text, *b, *e;
	struct boot_entry *cur = NULL;
	int lines = 0;

	while (next_line(&p, &b, &e)) {
		char kw[32];
		const char *v, *rest;

		if (++lines > BOOTCFG_MAX_LINES) {
			m->truncated = 1;
			break;
		}
		if (b == e || *b == '#')
			continue;
		split_kw(b, e, kw, sizeof(kw), &v);
		if (!strcmp(kw, "title")) {
			if (cur)
				classify(cur);
			cur = new_entry(m);
			if (!cur)
				break;
			cur->title = dup_cap(v, (size_t)(e - v));
		} else if (!strcmp(kw, "default") && !cur) {
			free(m->default_spec);
			m->default_spec = first_word(v, e, NULL);
		} else if (cur && !strcmp(kw, "kernel")) {
			free(cur->kernel);
			cur->kernel = first_word(v, e, &rest);
			free(cur->options);
			cur->options = rest < e ? dup_cap(rest, (size_t)(e - rest)) : NULL;
		} else if (cur && !strcmp(kw, "initrd")) {
			free(cur->initrd);
			cur->initrd = first_word(v, e, NULL);
		} else if (cur && !strcmp(kw, "chainloader")) {
			char *w = first_word(v, e, &rest);
			/* "chainloader --force +1" */
			if (!strcmp(w, "--force")) {
				free(w);
				w = first_word(rest, e, NULL);
			}
			free(cur->chain);
			cur->chain = w;
		}
	}
	if (cur)
		classify(cur);
	flat_levels(m);
}

/* ---- GRUB 2 ---- */

/*
 * Splits a grub.cfg line into words as GRUB's shell-like parser does:
 * blanks separate, '...' is literal, "..." keeps $ and honours \" \\ \$,
 * a backslash outside quotes escapes one character, '#' at the start of a
 * word begins a comment, ';' is a word of its own.  Variables are not
 * expanded.  Returns the number of words (malloc'd, caller frees).
 */
static size_t grub_words(const char *b, const char *e, char **w, size_t max)
{
	size_t n = 0;
	const char *s = b;

	while (s < e && n < max) {
		struct buf word = BUF_INIT;
		int any = 0;

		while (s < e && isspace((unsigned char)*s))
			s++;
		if (s >= e || *s == '#')
			break;
		if (*s == ';') {
			w[n++] = xstrdup(";");
			s++;
			continue;
		}
		while (s < e && !isspace((unsigned char)*s) && *s != ';') {
			any = 1;
			if (*s == '\'') {
				const char *q = memchr(s + 1, '\'', (size_t)(e - s - 1));
				const char *end = q ? q : e;
				buf_add(&word, s + 1, (size_t)(end - s - 1));
				s = q ? q + 1 : e;
			} else if (*s == '"') {
				s++;
				while (s < e && *s != '"') {
					if (*s == '\\' && s + 1 < e && strchr("\"\\$\n", s[1]))
						s++;
					buf_addc(&word, *s++);
				}
				if (s < e)
					s++;
			} else if (*s == '\\' && s + 1 < e) {
				buf_addc(&word, s[1]);
				s += 2;
			} else {
				buf_addc(&word, *s++);
			}
			if (word.len > BOOTCFG_MAX_WORD)
				buf_setlen(&word, BOOTCFG_MAX_WORD);
		}
		if (any)
			w[n++] = buf_detach(&word);
		buf_release(&word);
	}
	return n;
}

enum frame_kind { FRAME_ENTRY, FRAME_SUBMENU, FRAME_OTHER };

struct frame {
	enum frame_kind kind;
	char *title, *id;	/* a submenu's */
	int idx;		/* its place in its parent */
	int children;		/* items counted in it */
	int entry;		/* an entry's index in m->v, else -1 (never a pointer:
				 * new_entry() moves m->v) */
};

struct grub2_parse {
	struct boot_menu *m;
	struct frame st[16];
	int depth;
	int lost;		/* blocks opened past st[], kept for their '}' */
	int top_items;
};

/* the title and --id of a menuentry or submenu line; options skipped */
static void item_names(char **w, size_t n, char **title, char **id, int *win)
{
	*title = NULL;
	*id = NULL;
	for (size_t i = 1; i < n; i++) {
		if (!strcmp(w[i], "{"))
			break;
		if (!strcmp(w[i], "--class") || !strcmp(w[i], "--users") ||
		    !strcmp(w[i], "--hotkey") || !strcmp(w[i], "--id") ||
		    !strcmp(w[i], "$menuentry_id_option") ||
		    !strcmp(w[i], "${menuentry_id_option}")) {
			if (i + 1 < n) {
				if (!strcmp(w[i], "--class") && !strcasecmp(w[i + 1], "windows"))
					*win = 1;
				if (w[i][0] == '$' || !strcmp(w[i], "--id"))
					set_str(id, w[i + 1]);
				i++;
			}
			continue;
		}
		if (!strncmp(w[i], "--", 2))
			continue;
		if (!*title)
			set_str(title, w[i]);
	}
}

/* the menuentry whose block is innermost, or NULL */
static struct boot_entry *grub2_cur(struct grub2_parse *g)
{
	const struct frame *top = g->depth ? &g->st[g->depth - 1] : NULL;

	if (g->lost || !top || top->kind != FRAME_ENTRY || top->entry < 0)
		return NULL;
	return &g->m->v[top->entry];
}

/* opens a block; one too deep to keep is counted so that its '}' balances */
static void grub2_push(struct grub2_parse *g, struct frame f)
{
	if (g->depth < (int)ARRAY_SIZE(g->st) && !g->lost) {
		g->st[g->depth++] = f;
		return;
	}
	g->lost++;
	free(f.title);
	free(f.id);
}

/* a '}': closes the innermost block */
static void grub2_close(struct grub2_parse *g)
{
	if (g->lost) {
		g->lost--;
		return;
	}
	if (!g->depth)
		return;
	struct frame *f = &g->st[--g->depth];
	if (f->kind == FRAME_ENTRY && f->entry >= 0)
		classify(&g->m->v[f->entry]);
	free(f->title);
	free(f->id);
}

/* a menuentry or submenu command: its frame, and its entry for a menuentry */
static void grub2_item(struct grub2_parse *g, char **w, size_t n)
{
	int sub = !strcmp(w[0], "submenu"), win = 0, idx;
	char *title, *id;

	item_names(w, n, &title, &id, &win);
	/* the item's index among its siblings */
	int *count = &g->top_items;
	int sub_depth = 0;
	for (int i = 0; i < g->depth; i++)
		if (g->st[i].kind == FRAME_SUBMENU)
			sub_depth++;
	for (int i = g->depth - 1; i >= 0; i--)
		if (g->st[i].kind == FRAME_SUBMENU) {
			count = &g->st[i].children;
			break;
		}
	idx = (*count)++;
	if (g->lost || g->depth >= (int)ARRAY_SIZE(g->st) || sub_depth + 1 > BOOTCFG_MAX_DEPTH) {
		/* too deep to follow: drop it (its closing brace still balances) */
		g->m->truncated = 1;
		free(title);
		free(id);
		grub2_push(g, (struct frame){ .kind = FRAME_OTHER, .entry = -1 });
		return;
	}
	struct frame f = { .kind = sub ? FRAME_SUBMENU : FRAME_ENTRY, .idx = idx, .entry = -1 };
	if (sub) {
		f.title = title;
		f.id = id;
		grub2_push(g, f);
		return;
	}
	struct boot_entry *ne = new_entry(g->m);
	if (ne) {
		struct buf full = BUF_INIT;
		int d = 0;
		for (int i = 0; i < g->depth; i++) {
			const struct frame *s = &g->st[i];
			if (s->kind != FRAME_SUBMENU)
				continue;
			ne->idx[d] = s->idx;
			set_str(&ne->lev_title[d], s->title);
			set_str(&ne->lev_id[d], s->id);
			buf_addf(&full, "%s>", s->title ? s->title : "");
			d++;
		}
		ne->idx[d] = idx;
		set_str(&ne->lev_title[d], title);
		set_str(&ne->lev_id[d], id);
		ne->depth = d + 1;
		buf_adds(&full, title ? title : "");
		set_str(&ne->title, full.data);
		set_str(&ne->id, id);
		ne->windows_class = win;
		buf_release(&full);
		f.entry = (int)(ne - g->m->v);
	}
	free(title);
	free(id);
	grub2_push(g, f);
}

/* a command inside a menuentry: what it loads */
static void grub2_entry_cmd(struct boot_entry *cur, char **w, size_t n)
{
	const char *c = w[0];

	if (!strcmp(c, "linux") || !strcmp(c, "linux16") || !strcmp(c, "linuxefi") ||
	    !strcmp(c, "kernel") || !strcmp(c, "multiboot") || !strcmp(c, "multiboot2")) {
		if (n > 1 && (!cur->kernel || !cur->multiboot)) {
			set_str(&cur->kernel, w[1]);
			free(cur->options);
			cur->options = NULL;
			for (size_t i = 2; i < n; i++)
				add_str(&cur->options, w[i]);
			cur->multiboot = c[0] == 'm';
		}
	} else if ((!strcmp(c, "module") || !strcmp(c, "module2")) && cur->multiboot) {
		/* Xen: the first module is dom0's kernel, the next its initrd */
		size_t i = 1;
		while (i < n && !strncmp(w[i], "--", 2))
			i++;
		if (i < n && cur->modules++ == 1)
			set_str(&cur->initrd, w[i]);
	} else if (!strcmp(c, "initrd") || !strcmp(c, "initrd16") || !strcmp(c, "initrdefi")) {
		free(cur->initrd);
		cur->initrd = NULL;
		for (size_t i = 1; i < n; i++)
			add_str(&cur->initrd, w[i]);
	} else if (!strcmp(c, "chainloader") || !strcmp(c, "ntldr") || !strcmp(c, "bootmgr")) {
		for (size_t i = 1; i < n; i++)
			if (strncmp(w[i], "--", 2)) {
				set_str(&cur->chain, w[i]);
				break;
			}
		if (!cur->chain)
			set_str(&cur->chain, c);
		if (strcmp(c, "chainloader"))
			cur->windows_class = 1;
	}
}

/*
 * One command, w[0..n) without its ';', '{' or '}'; opens is set when a
 * '{' follows it.  Returns 1 for a menuentry or submenu whose '{' is still
 * to come (on the next line).
 */
static int grub2_command(struct grub2_parse *g, char **w, size_t n, int opens)
{
	struct boot_entry *cur = grub2_cur(g);
	struct boot_menu *m = g->m;

	if (!strcmp(w[0], "menuentry") || !strcmp(w[0], "submenu")) {
		grub2_item(g, w, n);
		return !opens;
	}
	if (opens) {
		/* function, or any other braced block */
		grub2_push(g, (struct frame){ .kind = FRAME_OTHER, .entry = -1 });
	} else if (cur) {
		grub2_entry_cmd(cur, w, n);
	} else if (!strcmp(w[0], "set") && n > 1 && !strncmp(w[1], "default=", 8)) {
		/* a one-time next_entry is not the default */
		if (!strstr(w[1], "next_entry"))
			set_str(&m->default_spec, w[1] + 8);
	} else if ((!strcmp(w[0], "configfile") || !strcmp(w[0], "source")) && n > 1 &&
		   !m->configfile) {
		set_str(&m->configfile, w[1]);
	}
	return 0;
}

static int is_word(const char *w, const char *s)
{
	return !strcmp(w, s);
}

/*
 * A line is cut into commands at ';', '{' and '}' words, so that a block
 * opened and closed on one line ("menuentry 'x' { reboot }",
 * "menuentry 'x' { linux /a; }") closes there, and what it holds counts.
 */
void bootcfg_grub2(const char *text, struct boot_menu *m)
{
	struct grub2_parse g = { .m = m };
	const char *p = text, *b, *e;
	int lines = 0, brace_pending = 0;

	while (next_line(&p, &b, &e)) {
		char *w[MAX_WORDS];
		size_t n, i = 0;

		if (++lines > BOOTCFG_MAX_LINES) {
			m->truncated = 1;
			break;
		}
		n = grub_words(b, e, w, MAX_WORDS);
		if (n == 0)
			continue;
		/* "menuentry 'x'" with its '{' alone on the next line: open already */
		if (brace_pending && is_word(w[0], "{"))
			i = 1;
		brace_pending = 0;
		while (i < n) {
			size_t j = i;

			if (is_word(w[i], "}")) {
				grub2_close(&g);
				i++;
				continue;
			}
			if (is_word(w[i], ";")) {
				i++;
				continue;
			}
			while (j < n && !is_word(w[j], ";") && !is_word(w[j], "{") &&
			       !is_word(w[j], "}"))
				j++;
			int opens = j < n && is_word(w[j], "{");
			if (j > i)
				brace_pending = grub2_command(&g, w + i, j - i, opens);
			else	/* a '{' of its own */
				grub2_push(&g, (struct frame){ .kind = FRAME_OTHER, .entry = -1 });
			i = opens ? j + 1 : j;
		}
		for (i = 0; i < n; i++)
			if (is_word(w[i], "blscfg"))
				m->bls = 1;
		for (i = 0; i < n; i++)
			free(w[i]);
	}
	/* an unbalanced file: close what is open */
	while (g.depth > 0 || g.lost > 0)
		grub2_close(&g);
}

/* ---- Boot Loader Specification entries ---- */

void bootcfg_bls(const char *text, const char *id, struct boot_menu *m)
{
	const char *p = text, *b, *e;
	struct boot_entry *ent = new_entry(m);
	int lines = 0;

	if (!ent)
		return;
	set_str(&ent->id, id);
	while (next_line(&p, &b, &e)) {
		char kw[32];
		const char *v = b;
		size_t k = 0;

		if (++lines > BOOTCFG_MAX_LINES) {
			m->truncated = 1;
			break;
		}
		if (b == e || *b == '#')
			continue;
		while (v < e && !isspace((unsigned char)*v)) {
			if (k + 1 < sizeof(kw))
				kw[k++] = *v;
			v++;
		}
		kw[k] = '\0';
		while (v < e && isspace((unsigned char)*v))
			v++;
		char *val = dup_cap(v, (size_t)(e - v));
		if (!strcmp(kw, "title"))
			set_str(&ent->title, val);
		else if (!strcmp(kw, "version"))
			set_str(&ent->version, val);
		else if (!strcmp(kw, "sort-key"))
			set_str(&ent->sort_key, val);
		else if (!strcmp(kw, "linux"))
			set_str(&ent->kernel, val);
		else if (!strcmp(kw, "initrd"))
			add_str(&ent->initrd, val);
		else if (!strcmp(kw, "options"))
			add_str(&ent->options, val);
		else if (!strcmp(kw, "efi") && !ent->kernel)
			set_str(&ent->kernel, val);	/* a unified kernel image */
		free(val);
	}
	if (!ent->title)
		set_str(&ent->title, id);
	classify(ent);
}

static int bls_cmp(const void *pa, const void *pb)
{
	const struct boot_entry *a = pa, *b = pb;
	int c;

	/* entries with a sort-key first, by it */
	if (!!a->sort_key != !!b->sort_key)
		return a->sort_key ? -1 : 1;
	if (a->sort_key && (c = strcmp(a->sort_key, b->sort_key)))
		return c;
	/* then the newest version first */
	const char *va = a->version ? a->version : a->id ? a->id : "";
	const char *vb = b->version ? b->version : b->id ? b->id : "";
	if ((c = strverscmp(vb, va)))
		return c;
	return strcmp(b->id ? b->id : "", a->id ? a->id : "");
}

void bootcfg_bls_sort(struct boot_menu *m)
{
	if (m->n > 1)
		qsort(m->v, m->n, sizeof(*m->v), bls_cmp);
	for (size_t i = 0; i < m->n; i++)
		m->v[i].depth = 0;
	for (size_t i = 0; i < m->n; i++) {
		for (int k = 0; k < BOOTCFG_MAX_DEPTH; k++) {
			free(m->v[i].lev_title[k]);
			free(m->v[i].lev_id[k]);
			m->v[i].lev_title[k] = m->v[i].lev_id[k] = NULL;
		}
	}
	flat_levels(m);
}

/* ---- LILO ---- */

/* "key = value" with optional quotes; returns 0 (and *val NULL) for a line with no key */
static int lilo_kv(const char *b, const char *e, char *key, size_t ksz, char **val)
{
	const char *s = b, *v;
	size_t n = 0;

	while (s < e && !isspace((unsigned char)*s) && *s != '=') {
		if (n + 1 < ksz)
			key[n++] = (char)tolower((unsigned char)*s);
		s++;
	}
	key[n] = '\0';
	while (s < e && isspace((unsigned char)*s))
		s++;
	*val = NULL;
	if (s < e && *s == '=') {
		s++;
		while (s < e && isspace((unsigned char)*s))
			s++;
		v = s;
		if (v < e && *v == '"') {
			const char *q = memchr(v + 1, '"', (size_t)(e - v - 1));
			*val = dup_cap(v + 1, (size_t)((q ? q : e) - v - 1));
		} else {
			const char *w = v;
			while (w < e && !isspace((unsigned char)*w) && *w != '#')
				w++;
			*val = dup_cap(v, (size_t)(w - v));
		}
	}
	if (n == 0) {	/* "= value": no key, and no value for the caller to free */
		free(*val);
		*val = NULL;
	}
	return n > 0;
}

void bootcfg_lilo(const char *text, struct boot_menu *m)
{
	const char *p = text, *b, *e;
	struct boot_entry *cur = NULL;
	char *g_initrd = NULL, *g_append = NULL;
	int lines = 0;

	while (next_line(&p, &b, &e)) {
		char key[32], *val;

		if (++lines > BOOTCFG_MAX_LINES) {
			m->truncated = 1;
			break;
		}
		if (b == e || *b == '#' || !lilo_kv(b, e, key, sizeof(key), &val))
			continue;
		if (!strcmp(key, "image") || !strcmp(key, "other")) {
			cur = new_entry(m);
			if (!cur) {
				free(val);
				break;
			}
			if (key[0] == 'i')
				set_str(&cur->kernel, val);
			else
				set_str(&cur->chain, val ? val : "other");
		} else if (!strcmp(key, "label") && cur) {
			set_str(&cur->id, val);
			set_str(&cur->title, val);
		} else if (!strcmp(key, "initrd")) {
			set_str(cur ? &cur->initrd : &g_initrd, val);
		} else if (!strcmp(key, "append") || !strcmp(key, "addappend")) {
			add_str(cur ? &cur->options : &g_append, val ? val : "");
		} else if (!strcmp(key, "default") && !cur) {
			set_str(&m->default_spec, val);
		}
		free(val);
	}
	for (size_t i = 0; i < m->n; i++) {
		struct boot_entry *x = &m->v[i];
		if (!x->title) {
			/* LILO's default label is the image's file name */
			const char *src = x->kernel ? x->kernel : x->chain ? x->chain : "";
			const char *s = strrchr(src, '/');
			set_str(&x->title, s ? s + 1 : src);
			set_str(&x->id, x->title);
		}
		if (x->kernel && !x->initrd && g_initrd)
			set_str(&x->initrd, g_initrd);
		if (x->kernel && !x->options && g_append)
			set_str(&x->options, g_append);
		classify(x);
	}
	free(g_initrd);
	free(g_append);
	flat_levels(m);
}

/* ---- SYSLINUX / EXTLINUX ---- */

/* the value of "initrd=" in kernel arguments */
static char *append_initrd(const char *opts)
{
	for (const char *s = opts; s && *s;) {
		while (*s == ' ')
			s++;
		size_t len = strcspn(s, " ");
		if (len > 7 && !strncmp(s, "initrd=", 7))
			return dup_cap(s + 7, len - 7);
		s += len;
	}
	return NULL;
}

void bootcfg_extlinux(const char *text, struct boot_menu *m)
{
	const char *p = text, *b, *e;
	struct boot_entry *cur = NULL;
	char *def = NULL, *ontimeout = NULL;
	int lines = 0;

	while (next_line(&p, &b, &e)) {
		char kw[32];
		const char *v;

		if (++lines > BOOTCFG_MAX_LINES) {
			m->truncated = 1;
			break;
		}
		if (b == e || *b == '#')
			continue;
		split_kw(b, e, kw, sizeof(kw), &v);
		/* split_kw also eats '=', which SYSLINUX does not use: harmless */
		if (!strcmp(kw, "label")) {
			cur = new_entry(m);
			if (!cur)
				break;
			cur->id = dup_cap(v, (size_t)(e - v));
			set_str(&cur->title, cur->id);
		} else if (!strcmp(kw, "menu")) {
			char sub[16];
			const char *v2;
			split_kw(v, e, sub, sizeof(sub), &v2);
			if (!strcmp(sub, "label") && cur) {
				struct buf t = BUF_INIT;
				/* '^' marks the hotkey */
				for (const char *s = v2; s < e; s++)
					if (*s != '^')
						buf_addc(&t, *s);
				set_str(&cur->title, t.data);
				buf_release(&t);
			} else if (!strcmp(sub, "default") && cur) {
				m->menu_default = (int)(cur - m->v);
			}
		} else if (!strcmp(kw, "kernel") || !strcmp(kw, "linux") || !strcmp(kw, "com32")) {
			if (!cur)
				continue;
			char *k = first_word(v, e, NULL);
			if (ci_contains(k, "chain.c32"))
				set_str(&cur->chain, k);
			else
				set_str(&cur->kernel, k);
			free(k);
		} else if (!strcmp(kw, "localboot") && cur) {
			set_str(&cur->chain, "localboot");
		} else if (!strcmp(kw, "initrd") && cur) {
			free(cur->initrd);
			cur->initrd = dup_cap(v, (size_t)(e - v));
		} else if (!strcmp(kw, "append") && cur) {
			free(cur->options);
			cur->options = dup_cap(v, (size_t)(e - v));
		} else if (!strcmp(kw, "default")) {
			/* global wherever it stands; MENU DEFAULT is the per-label one */
			free(def);
			def = first_word(v, e, NULL);
		} else if (!strcmp(kw, "ontimeout")) {
			free(ontimeout);
			ontimeout = first_word(v, e, NULL);
		}
	}
	for (size_t i = 0; i < m->n; i++) {
		struct boot_entry *x = &m->v[i];
		if (!x->initrd)
			x->initrd = append_initrd(x->options);
		classify(x);
	}
	/* "DEFAULT menu.c32" runs the menu: the label comes from MENU DEFAULT or ONTIMEOUT */
	if (def && !ci_contains(def, ".c32"))
		set_str(&m->default_spec, def);
	else if (ontimeout)
		set_str(&m->default_spec, ontimeout);
	free(def);
	free(ontimeout);
	flat_levels(m);
}

/* ---- lookups ---- */

/* does one level of spec [s, s+n) name level k of e? */
static int level_match(const struct boot_entry *e, int k, const char *s, size_t n, int ci)
{
	char num[16];

	snprintf(num, sizeof(num), "%d", e->idx[k]);
	if (strlen(num) == n && !memcmp(num, s, n))
		return 1;
	for (int t = 0; t < 2; t++) {
		const char *name = t ? e->lev_id[k] : e->lev_title[k];
		if (name && strlen(name) == n &&
		    (ci ? !strncasecmp(name, s, n) : !memcmp(name, s, n)))
			return 1;
	}
	return 0;
}

static int path_match(const struct boot_entry *e, const char *spec, int ci)
{
	const char *s = spec;
	int k = 0;

	for (;;) {
		const char *gt = strchr(s, '>');
		size_t n = gt ? (size_t)(gt - s) : strlen(s);
		if (k >= e->depth || !level_match(e, k, s, n, ci))
			return 0;
		k++;
		if (!gt)
			break;
		s = gt + 1;
	}
	return k == e->depth;
}

static int same(const char *a, const char *b, int ci)
{
	return a && (ci ? !strcasecmp(a, b) : !strcmp(a, b));
}

int bootcfg_find(const struct boot_menu *m, const char *spec)
{
	if (!spec || !*spec)
		return -1;
	for (int ci = 0; ci < 2; ci++) {
		for (size_t i = 0; i < m->n; i++)
			if (path_match(&m->v[i], spec, ci))
				return (int)i;
		/* the whole title, '>' included, or the id */
		for (size_t i = 0; i < m->n; i++) {
			const struct boot_entry *e = &m->v[i];
			if (same(e->title, spec, ci) || same(e->id, spec, ci))
				return (int)i;
		}
	}
	return -1;
}

int bootcfg_get(const char *text, const char *key, char sep, struct buf *out)
{
	const char *p = text, *b, *e;
	size_t kl = strlen(key);
	int found = 0;

	buf_clear(out);
	while (next_line(&p, &b, &e)) {
		if ((size_t)(e - b) < kl || memcmp(b, key, kl))
			continue;
		const char *v = b + kl;
		if (sep == '=') {
			if (v >= e || *v != '=')
				continue;
			v++;
		} else {
			if (v < e && !isspace((unsigned char)*v))
				continue;
			while (v < e && isspace((unsigned char)*v))
				v++;
		}
		buf_clear(out);
		size_t n = (size_t)(e - v);
		buf_add(out, v, n > BOOTCFG_MAX_WORD ? BOOTCFG_MAX_WORD : n);
		found = 1;
	}
	return found;
}
