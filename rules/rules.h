/*
 * rules.h - the rules engine: rule packs as data, checks as SQL
 *
 * A pack is a directory <profile>/ holding pack.json (name, profile,
 * version, documentation date, sources) and one file per rule, named by
 * its id (MGN-BOOT-001.json).  rules/README describes the file format and
 * the environment a check runs in; in short:
 *
 *  - a check is one SQL SELECT over the store.  Its first column is
 *    scan_id, and it returns one row per violation; the other columns are
 *    the evidence.  It reads the scans under assessment from the temporary
 *    table target_scans(scan_id, host_id, host_key) and so runs once for
 *    all of them, never once per host.
 *  - a row whose column unknown_reason is not NULL is not a violation: it
 *    says the fact the rule needs is missing, and why.  The rule is then
 *    unknown for that scan (unless another row is a violation): a rule
 *    never passes on a NULL fact.
 *  - a rule is unknown, without running its check for that scan, when a
 *    collector it requires did not run ok (failed, not-applicable, or not
 *    run); the reason is the collector's name and what it recorded
 *    ("disks: not root, cannot open /dev/sda").  Not-applicable never
 *    stands for "none of it here": a collector that looked and found
 *    nothing runs ok with no rows (the volumes collector with no LVM), and
 *    one that could look only partly runs ok with a note, the places it
 *    could not look being facts the check reads (disks.probe_status).
 *  - parameters are bound, never formatted: :name for each declared
 *    param, and :today (the assessment date, YYYY-MM-DD), which the engine
 *    supplies.  --set NAME=VALUE overrides either for one run.
 *  - the functions vercmp(a, b) (-1, 0, 1 in rpm/dpkg version order) and
 *    verpart(v, n) (the n-th numeric component of a version, from 1) are
 *    registered on the connection.
 *
 * Ownership: a struct rule_set owns its packs, rules, strings and prepared
 * statements; rule_set_release() frees them all (before the database is
 * closed).  Strings returned as const char * are borrowed from the set.
 */
#ifndef PREMIG_RULES_H
#define PREMIG_RULES_H

#include <stddef.h>
#include <sqlite3.h>

#include "../scanner/buf.h"

/*
 * The budget of a check, in SQLite virtual machine steps: RULE_CHECK_STEPS
 * plus RULE_CHECK_HOST_STEPS per host assessed (premig assess
 * --check-steps N makes it N).  The built-in checks take at most 2,000 on a
 * live host with 848 packages, and 7.2 million (MGN-BOOT-003, 720 a host)
 * over the 10,000 hosts of tests/tools/gen-fleet.sh: the budget is a
 * hundred times that and more.  SQLite runs about 50 million steps a
 * second here, so a check that never ends is cut after about 0.2 s, plus
 * 2 ms per host.
 */
#define RULE_CHECK_STEPS 10000000ULL
#define RULE_CHECK_HOST_STEPS 100000ULL

#define RULE_FILE_MAX (1024 * 1024)	/* a pack file larger than this is not read */

enum rule_severity {
	RULE_BLOCKER,
	RULE_WARNING,
	RULE_INFO,
};

enum rule_status {
	RULE_PASS,
	RULE_FAIL,
	RULE_UNKNOWN,
};

/* in rising order of gravity; --fail-on compares against this order */
enum rule_verdict {
	VERDICT_READY,
	VERDICT_CONDITIONS,	/* ready-with-conditions */
	VERDICT_UNKNOWN,
	VERDICT_NOT_READY,
};

struct rule_param {
	char *name;
	int type;		/* SQLITE_INTEGER, SQLITE_FLOAT or SQLITE_TEXT */
	sqlite3_int64 i;
	double d;
	char *s;
	char *text;		/* the value as the pack or --set wrote it */
	int overridden;		/* set by --set */
};

struct rule {
	char *id, *profile, *title, *rationale, *remediation;
	char *source;		/* the "source" object, as compact JSON text */
	char *file;		/* the file it came from, for messages */
	enum rule_severity severity;
	char **requires;	/* collector names */
	size_t nrequires;
	struct rule_param *params;
	size_t nparams;
	char *check;		/* the SQL */
	sqlite3_stmt *stmt;	/* check, prepared against the store */
	int today_index;	/* bind index of :today, 0 if unused */
	int unknown_col;	/* column index of unknown_reason, -1 if none */
};

struct rule_pack {
	char *profile, *name, *version, *doc_date;
	char *sources;		/* the "sources" array, as compact JSON text */
	char *file;
	struct rule *rules;	/* sorted by id */
	size_t nrules;
};

struct rule_set {
	struct rule_pack *packs;	/* sorted by profile */
	size_t npacks;
	char *origin;			/* "built-in" or the --rules directory */
	char today[11];			/* YYYY-MM-DD */
	int today_overridden;
};

/* one file of a pack: its name for messages and its bytes */
struct rule_file {
	const char *name;
	const char *text;
	size_t len;
};

/* the packs under rules/, embedded at build time (rules/embed.sh) */
extern const struct rule_file rule_builtin_files[];
extern const size_t rule_builtin_nfiles;

const char *rule_severity_name(enum rule_severity s);
const char *rule_status_name(enum rule_status s);
const char *rule_verdict_name(enum rule_verdict v);

/*
 * Loads and checks the packs in files (names "<dir>/<profile>/<file>.json")
 * against the store db: every check is prepared on db, so the store must
 * have the current schema.  Creates the temporary table target_scans and
 * registers the SQL functions on db.  Strict: any bad file is reported as
 * "file:line: rule 'ID': reason" on stderr, every bad file once, and the
 * result is <0 with nothing in *out.  Returns 0 on success.
 */
int rules_load_files(sqlite3 *db, const struct rule_file *files, size_t n,
		     const char *origin, struct rule_set *out);

/*
 * One file of a pack checked alone, as rules_load_files checks it: a pack
 * header when its base name is pack.json, else a rule (its profile not
 * compared with a pack's), its check compiled against db (a store of the
 * current schema).  anywhere: the file's name and directory are not
 * checked against its id and profile (a file outside a pack directory, as
 * `premig debug decode rule-pack` reads it).  0 and *out filled, or -1
 * with the first reason in why ("file:line: rule 'ID': reason").
 */
struct rule_check {
	int is_pack;
	struct rule_pack pack;
	struct rule rule;
};
int rules_check_file(sqlite3 *db, const struct rule_file *f, int anywhere,
		     struct rule_check *out, struct buf *why);
void rules_check_release(struct rule_check *c);

/* the built-in packs */
int rules_load_builtin(sqlite3 *db, struct rule_set *out);

/* every DIR/<profile>/<name>.json; <0 after printing on any error */
int rules_load_dir(sqlite3 *db, const char *dir, struct rule_set *out);

/*
 * --set NAME=VALUE: overrides the parameter NAME in every rule that
 * declares it (or today).  The value must parse as the default's type.
 * Returns 0, or <0 after printing.
 */
int rules_set_param(struct rule_set *rs, const char *assignment);

/*
 * Registers vercmp() and verpart() on db (deterministic, innocuous).
 * Returns 0 or <0 after printing.
 */
int rules_sql_functions(sqlite3 *db);

/* the pack of profile, or NULL */
const struct rule_pack *rules_find_pack(const struct rule_set *rs, const char *profile);

void rule_set_release(struct rule_set *rs);

/* one line of the summary table: a host and a profile */
struct assess_row {
	char *host_key;
	const char *profile;		/* borrowed from the rule set */
	enum rule_verdict verdict;
	int blockers, warnings, unknowns;
};

struct assess_summary {
	struct assess_row *rows;	/* ordered by host key, then profile */
	size_t n;
	sqlite3_int64 assessment_id;
	double eval_s, write_s;		/* seconds spent on the checks, on storing */
	unsigned long long most_steps;	/* the most VM steps a check took */
	const char *most_rule;		/* its rule id, borrowed from the rule set */
};

struct assess_opts {
	const char *profile;	/* a pack's profile, or NULL for every pack */
	const char *host;	/* a host key, or NULL for every host */
	unsigned long long check_steps;	/* VM steps a check may take; 0: the default */
};

/*
 * Evaluates the packs of rs (or the one of o->profile) for the latest scan
 * of every host in db (or of o->host), and stores the assessment, the
 * findings and the verdicts in one transaction: all or nothing.  Fills
 * *out.  Returns 0; 1 when there is no host to assess (no such --host);
 * -2 when a check failed as it ran (the pack is at fault: an integer
 * overflow, a function error); -1 on any other failure.  Both print, and
 * store nothing.
 */
int rules_assess(sqlite3 *db, const struct rule_set *rs, const struct assess_opts *o,
		 struct assess_summary *out);

void assess_summary_release(struct assess_summary *s);

#endif
