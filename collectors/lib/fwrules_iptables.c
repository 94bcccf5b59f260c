/*
 * fwrules_iptables.c - iptables-save(8) files, walked for one new SSH connection
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
#include "../../scanner/str.h"
#include "../../scanner/banned.h"

#define IPT_FILE_CAP (16u * 1024 * 1024)	/* the largest iptables-save file read */

static const char *const ipt_nonterminal[] = {
	"LOG", "NFLOG", "ULOG", "MARK", "CONNMARK", "CT", "NOTRACK", "AUDIT", "TRACE",
	"SET", "CLASSIFY", "TCPMSS", "DSCP", "TOS", "TTL", "HL", "SECMARK", "CONNSECMARK",
	"LED", "IDLETIMER", "CHECKSUM", "RATEEST", "DNAT", "SNAT", "MASQUERADE", "REDIRECT",
	NULL,
};

static const char *const ipt_known_matches[] = {
	"tcp", "multiport", "state", "conntrack", "comment", "icmp", "udp", NULL,
};

static void ipt_target(struct rule *r, const char *t, int jump)
{
	if (!strcmp(t, "ACCEPT")) {
		r->verdict = V_ACCEPT;
	} else if (!strcmp(t, "DROP") || !strcmp(t, "REJECT")) {
		r->verdict = V_DROP;
	} else if (!strcmp(t, "RETURN")) {
		r->verdict = V_RETURN;
	} else if (fw_word_in(t, ipt_nonterminal)) {
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
	struct chain *c = fw_chain_get(rs, "filter", tok[1]);
	struct rule *r = fw_rule_add(rs, c);
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
				fw_set_no(r);
			i++;
		} else if (!strcmp(o, "-s") || !strcmp(o, "--source") || !strcmp(o, "--src") ||
			   !strcmp(o, "-d") || !strcmp(o, "--destination") || !strcmp(o, "--dst")) {
			if (neg || (strcmp(v, "0.0.0.0/0") && strcmp(v, "::/0")))
				fw_set_cond(r, "%s %s%s", o, neg ? "! " : "", v);
			i++;
		} else if (!strcmp(o, "-i") || !strcmp(o, "--in-interface")) {
			if (!strcmp(v, "lo") && !neg)
				fw_set_no(r);
			else if (strcmp(v, "lo"))
				fw_set_cond(r, "-i %s%s", neg ? "! " : "", v);
			i++;
		} else if (!strcmp(o, "-o") || !strcmp(o, "--out-interface") || !strcmp(o, "--comment") ||
			   !strcmp(o, "--icmp-type")) {
			i++;
		} else if (!strcmp(o, "-m") || !strcmp(o, "--match")) {
			other_match = !fw_word_in(v, ipt_known_matches);
			if (other_match)
				fw_set_cond(r, "-m %s", v);
			i++;
		} else if (!strcmp(o, "--dport") || !strcmp(o, "--destination-port") ||
			   !strcmp(o, "--dports") || !strcmp(o, "--destination-ports") ||
			   !strcmp(o, "--ports")) {
			int hit = fw_ports_hit(v, pp);
			if (hit < 0)
				fw_set_cond(r, "port %s not understood", v);
			else if (hit == neg)
				fw_set_no(r);
			i++;
		} else if (!strcmp(o, "--sport") || !strcmp(o, "--source-port") ||
			   !strcmp(o, "--sports") || !strcmp(o, "--source-ports")) {
			fw_set_cond(r, "%s %s", o, v);
			i++;
		} else if (!strcmp(o, "--state") || !strcmp(o, "--ctstate")) {
			/* a new connection is in state NEW */
			if (str_in_list_ci(v, ",", "NEW") == neg)
				fw_set_no(r);
			i++;
		} else if (!strcmp(o, "--syn")) {
			if (neg)
				fw_set_no(r);
		} else if (!strcmp(o, "-f") || !strcmp(o, "--fragment")) {
			if (!neg)
				fw_set_no(r);
		} else {
			/* the options of a match module already named are its own */
			if (!other_match)
				fw_set_cond(r, "%s", o);
			if (v[0] && v[0] != '-')
				i++;
		}
	}
}

/* the filter table of iptables-save text (NUL-terminated, modified) into rs */
static void ipt_parse(const char *path, char *text, const struct fw_ports *pp,
		      struct ruleset *rs)
{
	struct buf where = BUF_INIT;
	unsigned long lineno = 0;
	int in_filter = 0;

	for (char *line = text; line;) {
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
				struct chain *c = fw_chain_get(rs, "filter", tok[0]);
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
	buf_release(&where);
}

/*
 * Reads an iptables-save file into rs (the filter table only).  0 read,
 * 1 absent, <0 unreadable (why says so).
 */
static int ipt_read(struct scan_ctx *ctx, const char *path, const struct fw_ports *pp,
		    struct ruleset *rs, struct buf *why)
{
	struct buf b = BUF_INIT;
	int rc;

	rc = fsread_cap(ctx, path, &b, IPT_FILE_CAP, FSREAD_TEXT);
	if (rc < 0)
		buf_addf(why, "cannot read '%s': %s", path, err_str(rc));
	else if (rc == 0)
		ipt_parse(path, b.data, pp, rs);
	buf_release(&b);
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
		res = fw_walk_chain(&w, c, 0);
		if (res == R_RETURN) {
			res = fallback == V_ACCEPT ? R_ALLOW : R_DENY;
			ev_add(&w.ev, "%s", fallback_text);
		}
	}
	ans = fw_walk_answer(&w, res);
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
	fw_ruleset_release(&rs);
	return rc;
}

int fw_iptables_text(const char *path, const char *text, size_t len, const char *start,
		     int fallback_accept, const char *fallback_text, const struct fw_ports *pp,
		     int *answer, struct buf *ev)
{
	struct ruleset rs;
	char *t;

	*answer = -1;
	if (len > IPT_FILE_CAP) {
		buf_addf(ev, "cannot read '%s': %s", path, err_str(-EFBIG));
		return -EFBIG;
	}
	t = xstrndup(text, len);
	memset(&rs, 0, sizeof(rs));
	buf_init(&rs.complex);
	ipt_parse(path, t, pp, &rs);
	*answer = ipt_answer(&rs, start, fallback_accept ? V_ACCEPT : V_DROP, fallback_text, ev);
	fw_ruleset_release(&rs);
	free(t);
	return 0;
}
