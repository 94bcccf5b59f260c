/*
 * fwrules.c - firewall rule files read statically: iptables-save(8) files and
 * nft(8) configuration, walked as netfilter walks its chains for one packet,
 * a new TCP connection from anywhere to a port sshd listens on
 *
 * Both readers reduce a rule to a match (no, yes, or conditional: a source
 * address, a rate limit, a module this reading does not evaluate) and a
 * verdict (none, accept, drop/reject, jump, goto, return, unknown).  The walk
 * follows user chains; a conditional accept followed by a refusal leaves the
 * answer unknown, a conditional refusal followed by an accept still allows.
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../scanner/err.h"
#include "../scanner/fsread.h"
#include "fwrules.h"
#include "../scanner/banned.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_DEPTH 8		/* chain jumps, includes */
#define MAX_WALK 20000		/* chains entered by one walk, sub-walks included */
#define MAX_EVIDENCE 4096	/* bytes of a walk's evidence */
#define MAX_RULES 100000

/* appends to an evidence list, "; " between items, up to MAX_EVIDENCE bytes */
#define ev_add(b, ...)                                                         \
	do {                                                                   \
		if ((b)->len < MAX_EVIDENCE)                                   \
			buf_addf_sep((b), "; ", __VA_ARGS__);                  \
		else if ((b)->len < MAX_EVIDENCE + 64 &&                       \
			 !strstr((b)->data + MAX_EVIDENCE - 1, "truncated"))    \
			buf_adds((b), "; ... (evidence truncated at 4096 bytes)"); \
	} while (0)

/* a port number 1-65535, or -1 */
long fw_parse_port(const char *s, size_t n)
{
	char tmp[8], *end;
	unsigned long long v;

	if (n == 3 && !strncasecmp(s, "ssh", 3))
		return 22;
	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (!isdigit((unsigned char)tmp[0]))
		return -1;
	errno = 0;
	v = strtoull(tmp, &end, 10);
	if (errno || *end || v == 0 || v > 65535)
		return -1;
	return (long)v;
}

/*
 * Does a port list ("22", "ssh", "1:1024", "1000-2000", "22,80,443") hold
 * one of the sshd ports?  1 yes, 0 no, -1 not understood.
 */
int fw_ports_hit(const char *spec, const struct fw_ports *pp)
{
	int hit = 0;

	for (const char *p = spec; *p;) {
		size_t n = strcspn(p, ",");
		size_t r = strcspn(p, ":-");
		long lo, hi;

		if (r < n) {
			/* a range; an empty end is open */
			lo = r ? fw_parse_port(p, r) : 1;
			hi = n - r - 1 ? fw_parse_port(p + r + 1, n - r - 1) : 65535;
		} else {
			lo = hi = fw_parse_port(p, n);
		}
		if (lo < 0 || hi < 0)
			return -1;
		for (size_t i = 0; i < pp->n; i++)
			if (pp->p[i] >= (unsigned long)lo && pp->p[i] <= (unsigned long)hi)
				hit = 1;
		p += n;
		if (*p == ',')
			p++;
	}
	return hit;
}

/* ---- the rule model shared by the iptables and nftables readers ---- */

enum match { M_NO, M_YES, M_COND };
enum verdict { V_NONE, V_ACCEPT, V_DROP, V_JUMP, V_GOTO, V_RETURN, V_UNKNOWN };
enum result { R_ALLOW, R_DENY, R_RETURN, R_UNKNOWN };

struct rule {
	enum match match;
	enum verdict verdict;
	char *target;		/* V_JUMP, V_GOTO */
	char *text;		/* "etc/sysconfig/iptables:12: -A INPUT ..." */
	char *cond;		/* why conditional or unknown */
};

struct chain {
	char *table;		/* iptables: "filter"; nft: "inet filter" */
	char *name;
	int base;		/* a built-in or hooked chain */
	enum verdict policy;	/* V_ACCEPT or V_DROP for base chains */
	char *policy_text;
	struct rule *rules;
	size_t n;
};

struct ruleset {
	struct chain *chains;
	size_t n;
	size_t nrules;
	struct buf complex;	/* why the file could not be read plainly */
};

struct walk {
	const struct ruleset *rs;
	size_t *steps;		/* chains entered so far, shared with sub-walks */
	int cond_accept;	/* a conditional rule may have accepted */
	int cond_refuse;	/* a conditional rule may have refused */
	struct buf ev;
	const char *why;	/* for R_UNKNOWN */
	int told;		/* why is in ev already */
};

static void ruleset_release(struct ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		struct chain *c = &rs->chains[i];
		for (size_t j = 0; j < c->n; j++) {
			free(c->rules[j].target);
			free(c->rules[j].text);
			free(c->rules[j].cond);
		}
		free(c->rules);
		free(c->table);
		free(c->name);
		free(c->policy_text);
	}
	free(rs->chains);
	buf_release(&rs->complex);
	memset(rs, 0, sizeof(*rs));
}

static struct chain *chain_find(struct ruleset *rs, const char *table, const char *name)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->chains[i].table, table) && !strcmp(rs->chains[i].name, name))
			return &rs->chains[i];
	return NULL;
}

static struct chain *chain_get(struct ruleset *rs, const char *table, const char *name)
{
	struct chain *c = chain_find(rs, table, name);

	if (c)
		return c;
	rs->chains = xrealloc(rs->chains, (rs->n + 1) * sizeof(*rs->chains));
	c = &rs->chains[rs->n++];
	memset(c, 0, sizeof(*c));
	c->table = xstrdup(table);
	c->name = xstrdup(name);
	c->policy = V_ACCEPT;
	return c;
}

static struct rule *rule_add(struct ruleset *rs, struct chain *c)
{
	struct rule *r;

	if (rs->nrules >= MAX_RULES)
		return NULL;
	rs->nrules++;
	c->rules = xrealloc(c->rules, (c->n + 1) * sizeof(*c->rules));
	r = &c->rules[c->n++];
	memset(r, 0, sizeof(*r));
	return r;
}

static void set_cond(struct rule *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_cond(struct rule *r, const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;

	if (r->match == M_NO)
		return;
	r->match = M_COND;
	if (r->cond) {
		buf_adds(&b, r->cond);
		buf_adds(&b, ", ");
		free(r->cond);
	}
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	r->cond = buf_detach(&b);
}

static void set_no(struct rule *r)
{
	r->match = M_NO;
}

static enum result walk_chain(struct walk *w, const struct chain *c, int depth);

/* the result of jumping to target from a rule of c */
static enum result walk_jump(struct walk *w, const struct chain *c, const struct rule *r,
			     int depth)
{
	const struct chain *t = NULL;

	for (size_t i = 0; i < w->rs->n; i++)
		if (!strcmp(w->rs->chains[i].table, c->table) &&
		    !strcmp(w->rs->chains[i].name, r->target))
			t = &w->rs->chains[i];
	if (!t) {
		w->why = "a rule jumps to a chain the file does not define";
		return R_UNKNOWN;
	}
	if (depth >= MAX_DEPTH) {
		w->why = "chains nest too deep";
		return R_UNKNOWN;
	}
	/*
	 * Conditional jumps fork the walk: n of them over k chains make n^k
	 * paths.  The walk is bounded by the chains it enters, not by time.
	 */
	if (w->steps && ++*w->steps > MAX_WALK) {
		w->why = "the rules branch too much to follow (over 20000 chain walks)";
		return R_UNKNOWN;
	}
	return walk_chain(w, t, depth + 1);
}

/*
 * Walks a chain for a new TCP connection to sshd: R_ALLOW or R_DENY when a
 * rule decides, R_RETURN when the chain ends or returns, R_UNKNOWN when the
 * reading cannot tell.
 */
static enum result walk_chain(struct walk *w, const struct chain *c, int depth)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct rule *r = &c->rules[i];
		enum result sub;

		if (r->match == M_NO || r->verdict == V_NONE)
			continue;
		if (r->match == M_COND) {
			switch (r->verdict) {
			case V_ACCEPT:
				w->cond_accept = 1;
				ev_add(&w->ev, "accepted only if %s by %s", r->cond, r->text);
				break;
			case V_DROP:
				w->cond_refuse = 1;
				ev_add(&w->ev, "refused if %s by %s", r->cond, r->text);
				break;
			case V_JUMP:
			case V_GOTO: {
				/* what the chain would decide, had the condition held */
				struct walk sw = { .rs = w->rs, .steps = w->steps };
				buf_init(&sw.ev);
				sub = walk_jump(&sw, c, r, depth);
				if (sub == R_UNKNOWN && sw.why && !sw.told++)
					ev_add(&sw.ev, "%s: %s", sw.why, r->text);
				if (sub == R_ALLOW || sub == R_UNKNOWN || sw.cond_accept)
					w->cond_accept = 1;
				if (sub == R_DENY || sub == R_UNKNOWN || sw.cond_refuse)
					w->cond_refuse = 1;
				if (sub != R_RETURN || sw.ev.len)
					ev_add(&w->ev, "if %s, %s (%s)", r->cond, sub == R_ALLOW ? "accepted" :
					       sub == R_DENY ? "refused" : sub == R_UNKNOWN ? "not understood" :
					       "returned", sw.ev.len ? sw.ev.data : r->text);
				buf_release(&sw.ev);
				break;
			}
			default:
				w->cond_accept = w->cond_refuse = 1;
				ev_add(&w->ev, "not understood if %s: %s", r->cond, r->text);
				break;
			}
			continue;
		}
		switch (r->verdict) {
		case V_ACCEPT:
			ev_add(&w->ev, "accepted by %s", r->text);
			return R_ALLOW;
		case V_DROP:
			ev_add(&w->ev, "refused by %s", r->text);
			return R_DENY;
		case V_RETURN:
			if (c->base)
				goto policy;	/* a return from a base chain: its policy */
			return R_RETURN;
		case V_JUMP:
		case V_GOTO:
			sub = walk_jump(w, c, r, depth);
			if (sub == R_RETURN && r->verdict == V_JUMP)
				continue;
			if (sub == R_UNKNOWN && !w->told++)
				ev_add(&w->ev, "%s: %s", w->why, r->text);
			return sub;
		default:
			w->why = "a verdict is not understood";
			w->told = 1;
			ev_add(&w->ev, "%s: %s", w->why, r->text);
			return R_UNKNOWN;
		}
	}
	if (!c->base)
		return R_RETURN;
policy:
	if (c->policy == V_ACCEPT) {
		ev_add(&w->ev, "accepted by the policy of chain %s%s%s", c->name,
		       c->policy_text ? ": " : "", c->policy_text ? c->policy_text : "");
		return R_ALLOW;
	}
	ev_add(&w->ev, "refused by the policy of chain %s%s%s", c->name,
	       c->policy_text ? ": " : "", c->policy_text ? c->policy_text : "");
	return R_DENY;
}

/* 1 allowed, 0 refused, -1 unknown, from a walk's result and conditions */
static int walk_answer(struct walk *w, enum result res)
{
	if (res == R_ALLOW)
		return 1;
	if (res == R_DENY && !w->cond_accept)
		return 0;
	if (res == R_DENY)
		ev_add(&w->ev, "so SSH is accepted only under the conditions above");
	return -1;
}

/* ---- iptables-save files ---- */

size_t fw_split_words(char *line, char **tok, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (*p && n < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		char *out = p;
		tok[n++] = p;
		while (*p && *p != ' ' && *p != '\t') {
			if (*p == '"') {
				p++;
				while (*p && *p != '"') {
					if (*p == '\\' && p[1])
						p++;
					*out++ = *p++;
				}
				if (*p)
					p++;
			} else {
				*out++ = *p++;
			}
		}
		if (*p)
			p++;
		*out = '\0';
	}
	return n;
}

static int word_in(const char *w, const char *const *set)
{
	for (; *set; set++)
		if (!strcasecmp(w, *set))
			return 1;
	return 0;
}

static const char *const ipt_nonterminal[] = {
	"LOG", "NFLOG", "ULOG", "MARK", "CONNMARK", "CT", "NOTRACK", "AUDIT", "TRACE",
	"SET", "CLASSIFY", "TCPMSS", "DSCP", "TOS", "TTL", "HL", "SECMARK", "CONNSECMARK",
	"LED", "IDLETIMER", "CHECKSUM", "RATEEST", "DNAT", "SNAT", "MASQUERADE", "REDIRECT",
	NULL,
};

static const char *const ipt_known_matches[] = {
	"tcp", "multiport", "state", "conntrack", "comment", "icmp", "udp", NULL,
};

/* does a comma-separated state list hold NEW? */
static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; *p;) {
		size_t k = strcspn(p, ",");
		if (k == n && !strncasecmp(p, word, n))
			return 1;
		p += k;
		if (*p == ',')
			p++;
	}
	return 0;
}

static void ipt_target(struct rule *r, const char *t, int jump)
{
	if (!strcmp(t, "ACCEPT")) {
		r->verdict = V_ACCEPT;
	} else if (!strcmp(t, "DROP") || !strcmp(t, "REJECT")) {
		r->verdict = V_DROP;
	} else if (!strcmp(t, "RETURN")) {
		r->verdict = V_RETURN;
	} else if (word_in(t, ipt_nonterminal)) {
		r->verdict = V_NONE;
	} else if (!strcmp(t, "QUEUE") || !strcmp(t, "NFQUEUE") || !strcmp(t, "TARPIT")) {
		r->verdict = V_UNKNOWN;
	} else {
		r->verdict = jump ? V_JUMP : V_GOTO;
		free(r->target);	/* "-j A -j B", which iptables refuses: the last here */
		r->target = xstrdup(t);
	}
}

/*
 * One "-A CHAIN ..." rule, or "-I CHAIN [N] ..." inserted at position N
 * (1 when absent), as ufw's user.rules has them.
 */
static void ipt_rule(struct ruleset *rs, char **tok, size_t nt, const char *where,
		     const struct fw_ports *pp)
{
	struct chain *c = chain_get(rs, "filter", tok[1]);
	struct rule *r = rule_add(rs, c);
	int after_target = 0, other_match = 0;
	int insert = !strcmp(tok[0], "-I") || !strcmp(tok[0], "--insert");
	size_t first = 2;

	if (!r) {
		if (!rs->complex.len)
			ev_add(&rs->complex, "more than %d rules", MAX_RULES);
		return;
	}
	if (insert) {
		size_t at = 0;
		char *end;
		if (nt > 2 && isdigit((unsigned char)tok[2][0])) {
			unsigned long long n;
			errno = 0;
			n = strtoull(tok[2], &end, 10);
			if (!errno && !*end && n >= 1 && n <= c->n)
				at = (size_t)n - 1;
			else if (!errno && !*end && n > c->n)
				at = c->n - 1;
			first = 3;
		}
		/* the new rule is last: move it to its place */
		struct rule tmp = c->rules[c->n - 1];
		memmove(&c->rules[at + 1], &c->rules[at], (c->n - 1 - at) * sizeof(*c->rules));
		c->rules[at] = tmp;
		r = &c->rules[at];
	}
	r->match = M_YES;
	r->text = xstrdup(where);
	for (size_t i = first; i < nt; i++) {
		const char *o = tok[i], *v;
		int neg = 0;

		if (!strcmp(o, "!") && i + 1 < nt) {
			neg = 1;
			o = tok[++i];
		}
		v = i + 1 < nt ? tok[i + 1] : "";
		/* the old form "-s ! 10.0.0.0/8" */
		if (!strcmp(v, "!") && i + 2 < nt) {
			neg = 1;
			i++;
			v = tok[i + 1];
		}
		if (!strcmp(o, "-j") || !strcmp(o, "--jump") || !strcmp(o, "-g") || !strcmp(o, "--goto")) {
			ipt_target(r, v, o[1] == 'j' || o[2] == 'j');
			after_target = 1;
			i++;
		} else if (after_target) {
			/* options of the target: --reject-with, --log-prefix */
		} else if (!strcmp(o, "-p") || !strcmp(o, "--protocol")) {
			int tcp = !strcasecmp(v, "tcp") || !strcmp(v, "6") || !strcasecmp(v, "all") ||
				  !strcmp(v, "0");
			if (tcp == neg)
				set_no(r);
			i++;
		} else if (!strcmp(o, "-s") || !strcmp(o, "--source") || !strcmp(o, "--src") ||
			   !strcmp(o, "-d") || !strcmp(o, "--destination") || !strcmp(o, "--dst")) {
			if (neg || (strcmp(v, "0.0.0.0/0") && strcmp(v, "::/0")))
				set_cond(r, "%s %s%s", o, neg ? "! " : "", v);
			i++;
		} else if (!strcmp(o, "-i") || !strcmp(o, "--in-interface")) {
			if (!strcmp(v, "lo") && !neg)
				set_no(r);
			else if (strcmp(v, "lo"))
				set_cond(r, "-i %s%s", neg ? "! " : "", v);
			i++;
		} else if (!strcmp(o, "-o") || !strcmp(o, "--out-interface") || !strcmp(o, "--comment") ||
			   !strcmp(o, "--icmp-type")) {
			i++;
		} else if (!strcmp(o, "-m") || !strcmp(o, "--match")) {
			other_match = !word_in(v, ipt_known_matches);
			if (other_match)
				set_cond(r, "-m %s", v);
			i++;
		} else if (!strcmp(o, "--dport") || !strcmp(o, "--destination-port") ||
			   !strcmp(o, "--dports") || !strcmp(o, "--destination-ports") ||
			   !strcmp(o, "--ports")) {
			int hit = fw_ports_hit(v, pp);
			if (hit < 0)
				set_cond(r, "port %s not understood", v);
			else if (hit == neg)
				set_no(r);
			i++;
		} else if (!strcmp(o, "--sport") || !strcmp(o, "--source-port") ||
			   !strcmp(o, "--sports") || !strcmp(o, "--source-ports")) {
			set_cond(r, "%s %s", o, v);
			i++;
		} else if (!strcmp(o, "--state") || !strcmp(o, "--ctstate")) {
			/* a new connection is in state NEW */
			if (has_word(v, "NEW") == neg)
				set_no(r);
			i++;
		} else if (!strcmp(o, "--syn")) {
			if (neg)
				set_no(r);
		} else if (!strcmp(o, "-f") || !strcmp(o, "--fragment")) {
			if (!neg)
				set_no(r);
		} else {
			/* the options of a match module already named are its own */
			if (!other_match)
				set_cond(r, "%s", o);
			if (v[0] && v[0] != '-')
				i++;
		}
	}
}

/*
 * Reads an iptables-save file into rs (the filter table only).  0 read,
 * 1 absent, <0 unreadable (why says so).
 */
static int ipt_read(struct scan_ctx *ctx, const char *path, const struct fw_ports *pp,
		    struct ruleset *rs, struct buf *why)
{
	struct buf b = BUF_INIT, where = BUF_INIT;
	unsigned long lineno = 0;
	int in_filter = 0, rc;

	rc = fsread_cap(ctx, path, &b, 16u * 1024 * 1024, FSREAD_TEXT);
	if (rc != 0) {
		if (rc < 0)
			buf_addf(why, "cannot read '%s': %s", path, err_str(rc));
		goto out;
	}
	for (char *line = b.data; line;) {
		char *eol = strchr(line, '\n'), *tok[256];
		size_t nt;

		if (eol)
			*eol = '\0';
		lineno++;
		while (*line == ' ' || *line == '\t')
			line++;
		buf_clear(&where);
		buf_addf(&where, "%s:%lu: %.*s", path, lineno, 160, line);
		if (*line == '*') {
			in_filter = !strcmp(line + 1, "filter");
		} else if (!strcmp(line, "COMMIT")) {
			in_filter = 0;
		} else if (in_filter && *line == ':') {
			/* ":INPUT DROP [0:0]": a built-in chain has a policy, "-" otherwise */
			nt = fw_split_words(line + 1, tok, 3);
			if (nt >= 2) {
				struct chain *c = chain_get(rs, "filter", tok[0]);
				if (strcmp(tok[1], "-")) {
					c->base = 1;
					c->policy = !strcmp(tok[1], "ACCEPT") ? V_ACCEPT : V_DROP;
					free(c->policy_text);
					c->policy_text = xasprintf("%s:%lu: :%s %s", path, lineno, tok[0], tok[1]);
				}
			}
		} else if (in_filter && *line) {
			char *l = line;
			/* iptables-save -c puts "[packets:bytes]" first */
			if (*l == '[' && strchr(l, ']'))
				l = strchr(l, ']') + 1;
			nt = fw_split_words(l, tok, ARRAY_SIZE(tok));
			if (nt >= 2 && (!strcmp(tok[0], "-A") || !strcmp(tok[0], "--append") ||
					!strcmp(tok[0], "-I") || !strcmp(tok[0], "--insert")))
				ipt_rule(rs, tok, nt, where.data, pp);
			else if (nt && tok[0][0] != '#')
				ev_add(&rs->complex, "%s:%lu: not an iptables-save line", path, lineno);
		}
		line = eol ? eol + 1 : NULL;
	}
out:
	buf_release(&b);
	buf_release(&where);
	return rc;
}

/* 1, 0 or -1 for the INPUT chain of an iptables ruleset */
static int ipt_answer(const struct ruleset *rs, const char *start, enum verdict fallback,
		      const char *fallback_text, struct buf *ev)
{
	size_t steps = 0;
	struct walk w = { .rs = rs, .steps = &steps };
	const struct chain *c = NULL;
	enum result res;
	int ans;

	buf_init(&w.ev);
	if (rs->complex.len) {
		ev_add(ev, "not read plainly: %s", rs->complex.data);
		buf_release(&w.ev);
		return -1;
	}
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->chains[i].name, start))
			c = &rs->chains[i];
	if (!c) {
		res = fallback == V_ACCEPT ? R_ALLOW : R_DENY;
		ev_add(&w.ev, "no %s chain: %s", start, fallback_text);
	} else {
		res = walk_chain(&w, c, 0);
		if (res == R_RETURN) {
			res = fallback == V_ACCEPT ? R_ALLOW : R_DENY;
			ev_add(&w.ev, "%s", fallback_text);
		}
	}
	ans = walk_answer(&w, res);
	if (steps > MAX_WALK) {
		/* a cut walk decides nothing: say so first, before the cut evidence */
		ev_add(ev, "not followed to the end: the rules branch too much (over %d chain walks)",
		       MAX_WALK);
		ans = -1;
	}
	if (w.ev.len)
		ev_add(ev, "%s", w.ev.data);
	buf_release(&w.ev);
	return ans;
}

/* ---- nftables ---- */

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
		if (word_in(vals[k], set))
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
		set_cond(r, "ct state vmap not understood");
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
		set_no(r);
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
	struct rule *r = rule_add(nf->rs, c);
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
				set_cond(r, "ct state comparison");
			else if (vals_have(vals, nv, new_words) == neg)
				set_no(r);
		} else if (!strcmp(w, "iif") || !strcmp(w, "iifname") ||
			   (!strcmp(w, "meta") && (!strcmp(sel, "iif") || !strcmp(sel, "iifname")))) {
			i += !strcmp(w, "meta") ? 2 : 1;
			nv = nft_values(ws, &i, vals, ARRAY_SIZE(vals), &neg);
			if (nv == 1 && !neg && vals_have(vals, nv, lo_words))
				set_no(r);
			else if (!(nv == 1 && neg && vals_have(vals, nv, lo_words)))
				set_cond(r, "%s %s%s", w, neg ? "!= " : "", nv > 0 ? vals[0] : "");
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
				set_cond(r, "dport %s not understood", nv > 0 ? vals[0] : "");
			else if (hit == neg)
				set_no(r);
		} else if (!strcmp(w, "tcp") || !strcmp(w, "th")) {
			set_cond(r, "%s %s", w, sel);
			i += 2;
			nft_values(ws, &i, vals, ARRAY_SIZE(vals), &neg);
		} else if (word_in(w, nft_proto_only)) {
			/* the rule only matches another protocol */
			set_no(r);
			i += 2;
			nft_values(ws, &i, vals, ARRAY_SIZE(vals), &neg);
		} else if ((!strcmp(w, "ip") && !strcmp(sel, "protocol")) ||
			   (!strcmp(w, "meta") && !strcmp(sel, "l4proto"))) {
			i += 2;
			nv = nft_values(ws, &i, vals, ARRAY_SIZE(vals), &neg);
			if (nv < 0)
				set_cond(r, "%s %s comparison", w, sel);
			else if (vals_have(vals, nv, tcp_words) == neg)
				set_no(r);
		} else if (!strcmp(w, "ip") && (!strcmp(sel, "saddr") || !strcmp(sel, "daddr"))) {
			i += 2;
			nv = nft_values(ws, &i, vals, ARRAY_SIZE(vals), &neg);
			if (!(nv == 1 && !neg && !strcmp(vals[0], "0.0.0.0/0")))
				set_cond(r, "ip %s %s%s", sel, neg ? "!= " : "", nv > 0 ? vals[0] : "");
		} else if (!strcmp(w, "meta") && !strcmp(sel, "nfproto")) {
			static const char *const v4[] = { "ipv4", NULL };
			i += 2;
			nv = nft_values(ws, &i, vals, ARRAY_SIZE(vals), &neg);
			if (nv >= 0 && vals_have(vals, nv, v4) == neg)
				set_no(r);
		} else if (!strcmp(w, "counter")) {
			i++;
			while (i + 1 < ws->n && (!strcmp(ws->w[i], "packets") || !strcmp(ws->w[i], "bytes") ||
						 !strcmp(ws->w[i], "name")))
				i += 2;
		} else if (!strcmp(w, "log")) {
			i++;
			while (i + 1 < ws->n && word_in(ws->w[i], log_keys))
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
			set_cond(r, "'%s' not evaluated", w);
			break;
		} else {
			/* not understood: one note, then on to the next known word */
			if (!unknown++)
				set_cond(r, "'%s' not understood", w);
			i++;
			while (i < ws->n && !word_in(ws->w[i], nft_stops)) {
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
	struct chain *c = chain_get(nf->rs, table, name);
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
	if (i < tk->n && word_in(tk->t[i].s, families) && i + 1 < tk->n && !tok_is(tk, i + 1, "{"))
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

/* include "FILE" or a glob of the last component, relative to the root */
static void nft_include(struct nft *nf, const char *pat, const char *from, unsigned long line)
{
	const char *slash = strrchr(pat, '/');
	char **names;
	size_t n;

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
	struct ntoks tk = { NULL, 0 };
	int rc;

	if (nf->depth >= MAX_DEPTH) {
		nft_complex(nf, path, 0, "includes nest too deep");
		return -ELOOP;
	}
	rc = fsread_cap(nf->ctx, path, &b, 4u * 1024 * 1024, FSREAD_TEXT);
	if (rc != 0) {
		if (rc < 0 || must)
			nft_complex(nf, path, 0, "cannot read: %s", rc > 0 ? "absent" : err_str(rc));
		goto out;
	}
	if (nf->files.len)
		buf_adds(&nf->files, ",");
	buf_adds(&nf->files, path);
	nf->depth++;
	nft_lex(b.data, &tk);
	/* nft refuses a file whose braces do not pair, and loads nothing of it */
	long depth = 0;
	for (size_t i = 0; i < tk.n && depth >= 0; i++)
		depth += tok_is(&tk, i, "{") - tok_is(&tk, i, "}");
	if (depth != 0)
		nft_complex(nf, path, 0, "braces do not pair: nft would refuse the file");
	else
		nft_parse(nf, &tk, path);
	nf->depth--;
out:
	ntoks_release(&tk);
	buf_release(&b);
	return rc;
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
		res = walk_chain(&w, c, 0);
		a = walk_answer(&w, res == R_RETURN ? R_UNKNOWN : res);
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


/* ---- the interface ---- */

int fw_iptables(struct scan_ctx *ctx, const char *path, const char *start,
		int fallback_accept, const char *fallback_text, const struct fw_ports *pp,
		int *answer, struct buf *ev)
{
	struct ruleset rs;
	int rc;

	memset(&rs, 0, sizeof(rs));
	buf_init(&rs.complex);
	*answer = -1;
	rc = ipt_read(ctx, path, pp, &rs, ev);
	if (rc == 0)
		*answer = ipt_answer(&rs, start, fallback_accept ? V_ACCEPT : V_DROP,
				     fallback_text, ev);
	ruleset_release(&rs);
	return rc;
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
	ruleset_release(&rs);
	return rc;
}
