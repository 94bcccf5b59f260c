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
#include <stdarg.h>
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

void fw_ruleset_release(struct ruleset *rs)
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

struct chain *fw_chain_find(struct ruleset *rs, const char *table, const char *name)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->chains[i].table, table) && !strcmp(rs->chains[i].name, name))
			return &rs->chains[i];
	return NULL;
}

struct chain *fw_chain_get(struct ruleset *rs, const char *table, const char *name)
{
	struct chain *c = fw_chain_find(rs, table, name);

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

struct rule *fw_rule_add(struct ruleset *rs, struct chain *c)
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

void fw_set_cond(struct rule *r, const char *fmt, ...)
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

void fw_set_no(struct rule *r)
{
	r->match = M_NO;
}

/* the result of jumping to target from a rule of c */
enum result fw_walk_jump(struct walk *w, const struct chain *c, const struct rule *r,
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
	return fw_walk_chain(w, t, depth + 1);
}

/*
 * Walks a chain for a new TCP connection to sshd: R_ALLOW or R_DENY when a
 * rule decides, R_RETURN when the chain ends or returns, R_UNKNOWN when the
 * reading cannot tell.
 */
enum result fw_walk_chain(struct walk *w, const struct chain *c, int depth)
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
				sub = fw_walk_jump(&sw, c, r, depth);
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
			sub = fw_walk_jump(w, c, r, depth);
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
int fw_walk_answer(struct walk *w, enum result res)
{
	if (res == R_ALLOW)
		return 1;
	if (res == R_DENY && !w->cond_accept)
		return 0;
	if (res == R_DENY)
		ev_add(&w->ev, "so SSH is accepted only under the conditions above");
	return -1;
}

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

int fw_word_in(const char *w, const char *const *set)
{
	for (; *set; set++)
		if (!strcasecmp(w, *set))
			return 1;
	return 0;
}

void fw_ev_once(struct buf *b, const char *fmt, ...)
{
	struct buf t = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&t, fmt, ap);
	va_end(ap);
	if (!strstr(b->data, t.data))
		fw_ev_add(b, "%s", t.data);
	buf_release(&t);
}
