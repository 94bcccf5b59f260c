/*
 * fwrules_int.h - used by fwrules.c, fwrules_iptables.c and fwrules_nftables.c only
 *
 * The rule model and the chain walk that the iptables and nftables
 * readers share (the firewall collector uses fwrules.h).
 */
#ifndef PREMIG_FWRULES_INT_H
#define PREMIG_FWRULES_INT_H

#include "../../scanner/buf.h"
#include "fwrules.h"
#include "../../scanner/str.h"

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

void fw_ruleset_release(struct ruleset *rs);

struct chain *fw_chain_find(struct ruleset *rs, const char *table, const char *name);

struct chain *fw_chain_get(struct ruleset *rs, const char *table, const char *name);

struct rule *fw_rule_add(struct ruleset *rs, struct chain *c);

void fw_set_cond(struct rule *r, const char *fmt, ...);

void fw_set_no(struct rule *r);

/* the result of jumping to target from a rule of c */
enum result fw_walk_jump(struct walk *w, const struct chain *c, const struct rule *r,
			     int depth);

/*
 * Walks a chain for a new TCP connection to sshd: R_ALLOW or R_DENY when a
 * rule decides, R_RETURN when the chain ends or returns, R_UNKNOWN when the
 * reading cannot tell.
 */
enum result fw_walk_chain(struct walk *w, const struct chain *c, int depth);

/* 1 allowed, 0 refused, -1 unknown, from a walk's result and conditions */
int fw_walk_answer(struct walk *w, enum result res);

int fw_word_in(const char *w, const char *const *set);

#endif
