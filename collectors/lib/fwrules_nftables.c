/*
 * fwrules_nftables.c - nft(8) configuration files, walked for one new SSH connection
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../scanner/err.h"
#include "../../scanner/fsread.h"
#include "fwrules.h"
#include "fwrules_int.h"
#include "../../scanner/banned.h"

/* ---- nftables ---- */

#define NFT_FILE_CAP (4u * 1024 * 1024)	/* the largest nft file read */

struct ntok {
	char *s;
	unsigned long line;
};

struct ntoks {
	struct ntok *t;
	size_t n;
};

struct ndefine {
	char *name;
	struct ntoks val;
};

struct nft {
	struct scan_ctx *ctx;
	struct ruleset *rs;
	const struct fw_ports *pp;
	struct ndefine *defs;
	size_t ndefs;
	struct buf files;	/* the files read, for the config column */
	int depth;
	int no_include;		/* one file's text alone: an include is not read */
};

static void ntoks_add(struct ntoks *tk, const char *s, size_t n, unsigned long line)
{
	tk->t = xrealloc(tk->t, (tk->n + 1) * sizeof(*tk->t));
	tk->t[tk->n].s = xstrndup(s, n);
	tk->t[tk->n++].line = line;
}

static void ntoks_release(struct ntoks *tk)
{
	for (size_t i = 0; i < tk->n; i++)
		free(tk->t[i].s);
	free(tk->t);
	tk->t = NULL;
	tk->n = 0;
}

/* nft(8) lexical structure: newlines and ';' end statements, '#' comments */
static void nft_lex(const char *text, struct ntoks *tk)
{
	unsigned long line = 1;

	for (const char *p = text; *p;) {
		if (*p == '\\' && p[1] == '\n') {
			p += 2;
			line++;
		} else if (*p == '\n') {
			ntoks_add(tk, ";", 1, line++);
			p++;
		} else if (*p == ' ' || *p == '\t' || *p == '\r') {
			p++;
		} else if (*p == '#') {
			while (*p && *p != '\n')
				p++;
		} else if (*p == '"') {
			const char *e = strchr(p + 1, '"');
			size_t n = e ? (size_t)(e - p - 1) : strlen(p + 1);
			ntoks_add(tk, p + 1, n, line);
			p += n + 1 + (e != NULL);
		} else if ((*p == '!' || *p == '=') && p[1] == '=') {
			ntoks_add(tk, p, 2, line);
			p += 2;
		} else if (strchr("{};,:=", *p)) {
			ntoks_add(tk, p, 1, line);
			p++;
		} else {
			size_t n = strcspn(p, " \t\r\n{};,:=\"#");
			/* "!=" inside a word boundary: "dport!=22" */
			const char *ne = memchr(p, '!', n);
			if (ne && ne > p && ne[1] == '=')
				n = (size_t)(ne - p);
			if (n == 0)
				n = 1;
			ntoks_add(tk, p, n, line);
			p += n;
		}
	}
}

static int tok_is(const struct ntoks *tk, size_t i, const char *s)
{
	return i < tk->n && !strcmp(tk->t[i].s, s);
}

/* skips to the end of the statement at i, over any braces */
static size_t nft_skip(const struct ntoks *tk, size_t i)
{
	int depth = 0;

	for (; i < tk->n; i++) {
		const char *s = tk->t[i].s;
		if (!strcmp(s, "{")) {
			depth++;
		} else if (!strcmp(s, "}")) {
			if (depth == 0)
				return i;	/* the end of the enclosing block: not ours */
			depth--;
		} else if (!strcmp(s, ";") && depth == 0) {
			return i + 1;
		}
	}
	return i;
}

/* the next position of a parser loop: never i itself, so that every turn consumes a token */
static size_t nft_onward(size_t i, size_t next)
{
	return next > i ? next : i + 1;
}

/* skips a "{ ... }" block starting at i */
static size_t nft_skip_block(const struct ntoks *tk, size_t i)
{
	int depth = 0;

	for (; i < tk->n; i++) {
		if (!strcmp(tk->t[i].s, "{"))
			depth++;
		else if (!strcmp(tk->t[i].s, "}") && --depth <= 0)
			return i + 1;
	}
	return i;
}

static void nft_complex(struct nft *nf, const char *path, unsigned long line,
			const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void nft_complex(struct nft *nf, const char *path, unsigned long line,
			const char *fmt, ...)
{
	va_list ap;

	if (nf->rs->complex.len)
		buf_adds(&nf->rs->complex, "; ");
	buf_addf(&nf->rs->complex, "%s:%lu: ", path, line);
	va_start(ap, fmt);
	buf_vaddf(&nf->rs->complex, fmt, ap);
	va_end(ap);
}

/* the words of a rule, with $variables replaced by their definitions */
struct words {
	const char **w;
	size_t n;
};

static void words_add(struct words *ws, const char *s)
{
	ws->w = xrealloc(ws->w, (ws->n + 1) * sizeof(*ws->w));
	ws->w[ws->n++] = s;
}

/*
 * An optional operator, then a value or an anonymous set.  Fills vals
 * (borrowed) and returns their count; *neg for "!=", -1 for a comparison
 * this reading does not evaluate.
 */
static int nft_values(const struct words *ws, size_t *i, const char **vals, size_t max,
		      int *neg)
{
	size_t n = 0;

	*neg = 0;
	if (*i < ws->n && (!strcmp(ws->w[*i], "!=") || !strcmp(ws->w[*i], "ne"))) {
		*neg = 1;
		(*i)++;
	} else if (*i < ws->n && (!strcmp(ws->w[*i], "==") || !strcmp(ws->w[*i], "eq"))) {
		(*i)++;
	} else if (*i < ws->n && strchr("<>", ws->w[*i][0])) {
		(*i) += 2;
		return -1;
	}
	if (*i >= ws->n)
		return 0;
	if (!strcmp(ws->w[*i], "{")) {
		for ((*i)++; *i < ws->n && strcmp(ws->w[*i], "}"); (*i)++) {
			const char *s = ws->w[*i];
			if (!strcmp(s, ",") || !strcmp(s, ";"))
				continue;
			if (n < max)
				vals[n++] = s;
		}
		if (*i < ws->n)
			(*i)++;
		return (int)n;
	}
	vals[n++] = ws->w[(*i)++];
	/* "established,related" lexes as words and commas */
	while (*i + 1 < ws->n && !strcmp(ws->w[*i], ",") && n < max) {
		vals[n++] = ws->w[*i + 1];
		*i += 2;
	}
	return (int)n;
}

static int vals_have(const char **vals, int n, const char *const *set)
{
	for (int k = 0; k < n; k++)
		if (fw_word_in(vals[k], set))
			return 1;
	return 0;
}

static const char *const nft_proto_only[] = {
	"udp", "udplite", "icmp", "icmpv6", "sctp", "dccp", "esp", "ah", "igmp", "ip6",
	"comp", "hbh", "frag", "dst", "mh", "rt", "arp", NULL,
};

static const char *const nft_stops[] = {
	"ct", "iif", "iifname", "oif", "oifname", "tcp", "th", "ip", "meta", "counter", "log",
	"limit", "comment", "accept", "drop", "reject", "jump", "goto", "return", "continue",
	"queue", "notrack", "udp", "icmp", "icmpv6", "ip6", NULL,
};

/* "ct state vmap { established : accept, new : drop }": the verdict of new */
static void nft_ct_vmap(const struct words *ws, size_t *i, struct rule *r)
{
	const char *verdict = NULL;

	if (*i >= ws->n || strcmp(ws->w[*i], "{")) {
		fw_set_cond(r, "ct state vmap not understood");
		r->verdict = V_UNKNOWN;
		return;
	}
	for ((*i)++; *i < ws->n && strcmp(ws->w[*i], "}"); (*i)++) {
		if (!strcasecmp(ws->w[*i], "new") && *i + 2 < ws->n && !strcmp(ws->w[*i + 1], ":"))
			verdict = ws->w[*i + 2];
	}
	if (*i < ws->n)
		(*i)++;
	if (!verdict)
		fw_set_no(r);
	else if (!strcmp(verdict, "accept"))
		r->verdict = V_ACCEPT;
	else if (!strcmp(verdict, "drop") || !strcmp(verdict, "reject"))
		r->verdict = V_DROP;
	else
		r->verdict = V_UNKNOWN;
}

/* a rule of chain c, from the words ws */
static void nft_rule(struct nft *nf, struct chain *c, const struct words *ws, const char *where)
{
	static const char *const tcp_words[] = { "tcp", "6", NULL };
	static const char *const lo_words[] = { "lo", NULL };
	static const char *const new_words[] = { "new", NULL };
	static const char *const log_keys[] = { "prefix", "level", "flags", "group", "snaplen",
						"queue-threshold", NULL };
	struct rule *r = fw_rule_add(nf->rs, c);
	const char *vals[64];
	int nv, neg, unknown = 0;
	size_t i = 0;

	if (!r) {
		if (!nf->rs->complex.len)
			ev_add(&nf->rs->complex, "more than %d rules", MAX_RULES);
		return;
	}
	r->match = M_YES;
	r->verdict = V_NONE;
	r->text = xstrdup(where);
	while (i < ws->n) {
		const char *w = ws->w[i], *sel = i + 1 < ws->n ? ws->w[i + 1] : "";

		if (!strcmp(w, "ct") && !strcmp(sel, "state")) {
			i += 2;
			if (i < ws->n && !strcmp(ws->w[i], "vmap")) {
				i++;
				nft_ct_vmap(ws, &i, r);
				continue;
			}
			nv = nft_values(ws, &i, vals, ARRAY_SIZE(vals), &neg);
			if (nv < 0)
				fw_set_cond(r, "ct state comparison");
			else if (vals_have(vals, nv, new_words) == neg)
				fw_set_no(r);
		} else if (!strcmp(w, "iif") || !strcmp(w, "iifname") ||
			   (!strcmp(w, "meta") && (!strcmp(sel, "iif") || !strcmp(sel, "iifname")))) {
			i += !strcmp(w, "meta") ? 2 : 1;
			nv = nft_values(ws, &i, vals, ARRAY_SIZE(vals), &neg);
			if (nv == 1 && !neg && vals_have(vals, nv, lo_words))
				fw_set_no(r);
			else if (!(nv == 1 && neg && vals_have(vals, nv, lo_words)))
				fw_set_cond(r, "%s %s%s", w, neg ? "!= " : "", nv > 0 ? vals[0] : "");
		} else if (!strcmp(w, "oif") || !strcmp(w, "oifname")) {
			i++;
			nft_values(ws, &i, vals, ARRAY_SIZE(vals), &neg);
		} else if ((!strcmp(w, "tcp") || !strcmp(w, "th")) && !strcmp(sel, "dport")) {
			int hit = 0, bad = 0;
			i += 2;
			nv = nft_values(ws, &i, vals, ARRAY_SIZE(vals), &neg);
			for (int k = 0; k < nv; k++) {
				int h = vals[k][0] == '@' || vals[k][0] == '$' ? -1 : fw_ports_hit(vals[k], nf->pp);
				if (h < 0)
					bad = 1;
				else if (h)
					hit = 1;
			}
			if (nv <= 0 || (bad && !hit))
				fw_set_cond(r, "dport %s not understood", nv > 0 ? vals[0] : "");
			else if (hit == neg)
				fw_set_no(r);
		} else if (!strcmp(w, "tcp") || !strcmp(w, "th")) {
			fw_set_cond(r, "%s %s", w, sel);
			i += 2;
			nft_values(ws, &i, vals, ARRAY_SIZE(vals), &neg);
		} else if (fw_word_in(w, nft_proto_only)) {
			/* the rule only matches another protocol */
			fw_set_no(r);
			i += 2;
			nft_values(ws, &i, vals, ARRAY_SIZE(vals), &neg);
		} else if ((!strcmp(w, "ip") && !strcmp(sel, "protocol")) ||
			   (!strcmp(w, "meta") && !strcmp(sel, "l4proto"))) {
			i += 2;
			nv = nft_values(ws, &i, vals, ARRAY_SIZE(vals), &neg);
			if (nv < 0)
				fw_set_cond(r, "%s %s comparison", w, sel);
			else if (vals_have(vals, nv, tcp_words) == neg)
				fw_set_no(r);
		} else if (!strcmp(w, "ip") && (!strcmp(sel, "saddr") || !strcmp(sel, "daddr"))) {
			i += 2;
			nv = nft_values(ws, &i, vals, ARRAY_SIZE(vals), &neg);
			if (!(nv == 1 && !neg && !strcmp(vals[0], "0.0.0.0/0")))
				fw_set_cond(r, "ip %s %s%s", sel, neg ? "!= " : "", nv > 0 ? vals[0] : "");
		} else if (!strcmp(w, "meta") && !strcmp(sel, "nfproto")) {
			static const char *const v4[] = { "ipv4", NULL };
			i += 2;
			nv = nft_values(ws, &i, vals, ARRAY_SIZE(vals), &neg);
			if (nv >= 0 && vals_have(vals, nv, v4) == neg)
				fw_set_no(r);
		} else if (!strcmp(w, "counter")) {
			i++;
			while (i + 1 < ws->n && (!strcmp(ws->w[i], "packets") || !strcmp(ws->w[i], "bytes") ||
						 !strcmp(ws->w[i], "name")))
				i += 2;
		} else if (!strcmp(w, "log")) {
			i++;
			while (i + 1 < ws->n && fw_word_in(ws->w[i], log_keys))
				i += 2;
		} else if (!strcmp(w, "comment")) {
			i += 2;
		} else if (!strcmp(w, "accept")) {
			r->verdict = V_ACCEPT;
			i++;
		} else if (!strcmp(w, "drop") || !strcmp(w, "reject")) {
			r->verdict = V_DROP;
			break;	/* "reject with icmp type ..." */
		} else if ((!strcmp(w, "jump") || !strcmp(w, "goto")) && sel[0]) {
			r->verdict = w[0] == 'j' ? V_JUMP : V_GOTO;
			free(r->target);
			r->target = xstrdup(sel);
			i += 2;
		} else if (!strcmp(w, "return")) {
			r->verdict = V_RETURN;
			i++;
		} else if (!strcmp(w, "continue") || !strcmp(w, "notrack")) {
			i++;
		} else if (!strcmp(w, "snat") || !strcmp(w, "dnat") || !strcmp(w, "masquerade") ||
			   !strcmp(w, "redirect")) {
			break;
		} else if (!strcmp(w, "queue") || !strcmp(w, "vmap")) {
			r->verdict = V_UNKNOWN;
			fw_set_cond(r, "'%s' not evaluated", w);
			break;
		} else {
			/* not understood: one note, then on to the next known word */
			if (!unknown++)
				fw_set_cond(r, "'%s' not understood", w);
			i++;
			while (i < ws->n && !fw_word_in(ws->w[i], nft_stops)) {
				if (!strcmp(ws->w[i], "{"))
					while (i < ws->n && strcmp(ws->w[i], "}"))
						i++;
				i++;
			}
		}
	}
}

static const struct ndefine *nft_define(const struct nft *nf, const char *name)
{
	for (size_t i = nf->ndefs; i-- > 0;)
		if (!strcmp(nf->defs[i].name, name))
			return &nf->defs[i];
	return NULL;
}

/* a chain block: "chain input { type filter hook input priority 0; policy drop; ... }" */
static size_t nft_chain(struct nft *nf, const struct ntoks *tk, size_t i, const char *table,
			int relevant, const char *name, const char *path)
{
	struct chain *c = fw_chain_get(nf->rs, table, name);
	struct buf where = BUF_INIT;
	struct words ws = { NULL, 0 };

	if (!tok_is(tk, i, "{"))
		return nft_skip(tk, i);
	for (i++; i < tk->n && !tok_is(tk, i, "}");) {
		size_t start = i, end;
		int depth = 0;

		if (tok_is(tk, i, ";")) {
			i++;
			continue;
		}
		for (end = i; end < tk->n; end++) {
			const char *s = tk->t[end].s;
			if (!strcmp(s, "{"))
				depth++;
			else if (!strcmp(s, "}") && depth-- == 0)
				break;
			else if (!strcmp(s, ";") && depth == 0)
				break;
		}
		buf_clear(&where);
		buf_addf(&where, "%s:%lu:", path, tk->t[start].line);
		ws.n = 0;
		for (size_t k = start; k < end; k++) {
			const struct ndefine *d;
			if (tk->t[k].s[0] == '$' && (d = nft_define(nf, tk->t[k].s + 1))) {
				for (size_t j = 0; j < d->val.n; j++)
					words_add(&ws, d->val.t[j].s);
			} else {
				words_add(&ws, tk->t[k].s);
			}
			if (where.len < 200)
				buf_addf(&where, " %s", tk->t[k].s);
		}
		if (ws.n && !strcmp(ws.w[0], "type")) {
			for (size_t k = 0; k + 1 < ws.n; k++)
				if (!strcmp(ws.w[k], "hook") && !strcmp(ws.w[k + 1], "input") && relevant)
					c->base = 1;
		} else if (ws.n >= 2 && !strcmp(ws.w[0], "policy")) {
			c->policy = !strcmp(ws.w[1], "accept") ? V_ACCEPT : V_DROP;
			free(c->policy_text);
			c->policy_text = xstrdup(where.data);
		} else if (ws.n && (!strcmp(ws.w[0], "comment") || !strcmp(ws.w[0], "devices"))) {
			/* nothing that filters */
		} else if (ws.n) {
			nft_rule(nf, c, &ws, where.data);
		}
		i = end < tk->n && tok_is(tk, end, ";") ? end + 1 : end;
	}
	free(ws.w);
	buf_release(&where);
	return i < tk->n ? i + 1 : i;
}

static size_t nft_table(struct nft *nf, const struct ntoks *tk, size_t i, const char *path)
{
	static const char *const families[] = { "ip", "ip6", "inet", "arp", "bridge", "netdev", NULL };
	const char *family = "ip", *name = NULL;
	char *table;
	int relevant;

	/* "table [family] name {" */
	if (i < tk->n && fw_word_in(tk->t[i].s, families) && i + 1 < tk->n && !tok_is(tk, i + 1, "{"))
		family = tk->t[i++].s;
	if (i < tk->n)
		name = tk->t[i++].s;
	if (!name || !strcmp(name, "{") || !strcmp(name, "}") || !tok_is(tk, i, "{")) {
		nft_complex(nf, path, i < tk->n ? tk->t[i].line : 0, "table not read");
		return nft_skip(tk, i);
	}
	/* IPv4 SSH passes ip and inet tables only */
	relevant = !strcmp(family, "ip") || !strcmp(family, "inet");
	table = xasprintf("%s %s", family, name);
	for (i++; i < tk->n && !tok_is(tk, i, "}");) {
		const char *w = tk->t[i].s;
		if (!strcmp(w, ";")) {
			i++;
		} else if (!strcmp(w, "chain") && i + 1 < tk->n) {
			i = nft_chain(nf, tk, i + 2, table, relevant, tk->t[i + 1].s, path);
		} else if (!strcmp(w, "set") || !strcmp(w, "map") || !strcmp(w, "flowtable") ||
			   !strcmp(w, "counter") || !strcmp(w, "quota") || !strcmp(w, "limit") ||
			   !strcmp(w, "ct") || !strcmp(w, "secmark") || !strcmp(w, "synproxy")) {
			while (i < tk->n && !tok_is(tk, i, "{") && !tok_is(tk, i, ";"))
				i++;
			i = tok_is(tk, i, "{") ? nft_skip_block(tk, i) : i + 1;
		} else if (!strcmp(w, "flags") || !strcmp(w, "comment")) {
			i = nft_onward(i, nft_skip(tk, i));
		} else {
			nft_complex(nf, path, tk->t[i].line, "'%s' in table %s not read", w, table);
			i = nft_onward(i, nft_skip(tk, i));
		}
	}
	free(table);
	return i < tk->n ? i + 1 : i;
}

static int nft_file(struct nft *nf, const char *path, int must);
static void nft_text(struct nft *nf, const char *path, const char *text);

/* include "FILE" or a glob of the last component, relative to the root */
static void nft_include(struct nft *nf, const char *pat, const char *from, unsigned long line)
{
	const char *slash = strrchr(pat, '/');
	char **names;
	size_t n;

	if (nf->no_include) {
		nft_complex(nf, from, line, "include '%s' not followed (one file read alone)", pat);
		return;
	}
	if (!strpbrk(pat, "*?[")) {
		nft_file(nf, pat, 1);
		return;
	}
	if (!slash || strpbrk(pat, "*?[") < slash) {
		nft_complex(nf, from, line, "include '%s' not read", pat);
		return;
	}
	char *dir = xstrndup(pat, (size_t)(slash - pat));
	if (sysroot_list(nf->ctx, dir, &names, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			if (fnmatch(slash + 1, names[i], FNM_PERIOD) == 0) {
				char *p = xasprintf("%s/%s", dir, names[i]);
				nft_file(nf, p, 1);
				free(p);
			}
		}
		sysroot_names_free(names, n);
	}
	free(dir);
}

static void nft_parse(struct nft *nf, const struct ntoks *tk, const char *path)
{
	for (size_t i = 0; i < tk->n;) {
		const char *w = tk->t[i].s;
		unsigned long line = tk->t[i].line;

		if (!strcmp(w, ";")) {
			i++;
		} else if (!strcmp(w, "flush")) {
			i = nft_skip(tk, i);
		} else if (!strcmp(w, "include") && i + 1 < tk->n) {
			nft_include(nf, tk->t[i + 1].s, path, line);
			i = nft_skip(tk, i);
		} else if ((!strcmp(w, "define") || !strcmp(w, "redefine")) && i + 2 < tk->n &&
			   tok_is(tk, i + 2, "=")) {
			struct ndefine *d;
			size_t end = nft_skip(tk, i);
			nf->defs = xrealloc(nf->defs, (nf->ndefs + 1) * sizeof(*nf->defs));
			d = &nf->defs[nf->ndefs++];
			d->name = xstrdup(tk->t[i + 1].s);
			memset(&d->val, 0, sizeof(d->val));
			for (size_t k = i + 3; k < end && !tok_is(tk, k, ";"); k++)
				ntoks_add(&d->val, tk->t[k].s, strlen(tk->t[k].s), tk->t[k].line);
			i = end;
		} else if (!strcmp(w, "table")) {
			i = nft_table(nf, tk, i + 1, path);
		} else {
			/* a stray "}" at the top is consumed with the note, not met again */
			nft_complex(nf, path, line, "'%s' not read (only table blocks are)", w);
			i = nft_onward(i, nft_skip(tk, i));
		}
	}
}

/* 0 read, 1 absent, <0 unreadable; must: an include, whose absence counts */
static int nft_file(struct nft *nf, const char *path, int must)
{
	struct buf b = BUF_INIT;
	int rc;

	if (nf->depth >= MAX_DEPTH) {
		nft_complex(nf, path, 0, "includes nest too deep");
		return -ELOOP;
	}
	rc = fsread_cap(nf->ctx, path, &b, NFT_FILE_CAP, FSREAD_TEXT);
	if (rc != 0) {
		if (rc < 0 || must)
			nft_complex(nf, path, 0, "cannot read: %s", rc > 0 ? "absent" : err_str(rc));
		goto out;
	}
	nft_text(nf, path, b.data);
out:
	buf_release(&b);
	return rc;
}

/* one file's text (NUL-terminated), named path: lexed, then its tables read */
static void nft_text(struct nft *nf, const char *path, const char *text)
{
	struct ntoks tk = { NULL, 0 };

	if (nf->files.len)
		buf_adds(&nf->files, ",");
	buf_adds(&nf->files, path);
	nf->depth++;
	nft_lex(text, &tk);
	/* nft refuses a file whose braces do not pair, and loads nothing of it */
	long depth = 0;
	for (size_t i = 0; i < tk.n && depth >= 0; i++)
		depth += tok_is(&tk, i, "{") - tok_is(&tk, i, "}");
	if (depth != 0)
		nft_complex(nf, path, 0, "braces do not pair: nft would refuse the file");
	else
		nft_parse(nf, &tk, path);
	nf->depth--;
	ntoks_release(&tk);
}

static void nft_release(struct nft *nf)
{
	for (size_t i = 0; i < nf->ndefs; i++) {
		free(nf->defs[i].name);
		ntoks_release(&nf->defs[i].val);
	}
	free(nf->defs);
	buf_release(&nf->files);
}

/* every input base chain must accept: 1, 0 or -1 */
static int nft_answer(const struct ruleset *rs, struct buf *ev)
{
	int ans = 1, chains = 0;
	size_t steps = 0;

	if (rs->complex.len) {
		ev_add(ev, "not read plainly: %s", rs->complex.data);
		return -1;
	}
	for (size_t i = 0; i < rs->n; i++) {
		const struct chain *c = &rs->chains[i];
		struct walk w = { .rs = rs, .steps = &steps };
		enum result res;
		int a;

		if (!c->base)
			continue;
		chains++;
		buf_init(&w.ev);
		res = fw_walk_chain(&w, c, 0);
		a = fw_walk_answer(&w, res == R_RETURN ? R_UNKNOWN : res);
		ev_add(ev, "chain %s %s: %s", c->table, c->name, w.ev.data);
		buf_release(&w.ev);
		if (a == 0)
			ans = 0;
		else if (a < 0 && ans == 1)
			ans = -1;
	}
	if (!chains)
		ev_add(ev, "no chain hooks input in an ip or inet table: nothing filters SSH");
	if (steps > MAX_WALK) {
		struct buf why = BUF_INIT;
		buf_addf(&why, "not followed to the end: the rules branch too much (over %d chain "
			 "walks); %s", MAX_WALK, ev->data ? ev->data : "");
		buf_release(ev);
		*ev = why;
		ans = -1;
	}
	return ans;
}
int fw_nftables(struct scan_ctx *ctx, const char *const *paths, size_t npaths,
		const struct fw_ports *pp, int *answer, struct buf *files, struct buf *ev)
{
	struct ruleset rs;
	struct nft nf;
	int rc = 1;

	memset(&rs, 0, sizeof(rs));
	buf_init(&rs.complex);
	memset(&nf, 0, sizeof(nf));
	nf.ctx = ctx;
	nf.rs = &rs;
	nf.pp = pp;
	buf_init(&nf.files);
	*answer = -1;
	for (size_t i = 0; i < npaths && rc == 1; i++)
		rc = nft_file(&nf, paths[i], 0);
	if (rc != 1) {
		buf_adds(files, nf.files.data);
		*answer = nft_answer(&rs, ev);
		rc = 0;
	}
	nft_release(&nf);
	fw_ruleset_release(&rs);
	return rc;
}

int fw_nftables_text(const char *path, const char *text, size_t len, const struct fw_ports *pp,
		     int *answer, struct buf *ev)
{
	struct ruleset rs;
	struct nft nf;
	char *t;

	*answer = -1;
	if (len > NFT_FILE_CAP) {
		buf_addf(ev, "cannot read '%s': %s", path, err_str(-EFBIG));
		return -EFBIG;
	}
	t = xstrndup(text, len);
	memset(&rs, 0, sizeof(rs));
	buf_init(&rs.complex);
	memset(&nf, 0, sizeof(nf));
	nf.rs = &rs;
	nf.pp = pp;
	nf.no_include = 1;
	buf_init(&nf.files);
	nft_text(&nf, path, t);
	*answer = nft_answer(&rs, ev);
	nft_release(&nf);
	fw_ruleset_release(&rs);
	free(t);
	return 0;
}
