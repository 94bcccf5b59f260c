/*
 * scan.c - the scan driver
 *
 * Validates the root, opens the store, derives the host key, then runs each
 * collector in one transaction of its own and records its run (status,
 * reason, duration) in collector_runs, so that a fact that is missing is
 * visibly unknown.  One collector failing never stops the scan.  Before a
 * collector runs, its inputs (the collectors its row's .after names) are
 * looked up there: which ran ok is its to ask (ctx_after_ok).  At the
 * end, the disks the scan saw settle which host it is (hostkey.h).
 *
 * All but the checks of the command line run in a worker process under
 * the watchdog (watch.h): a collector that outlives its time budget or
 * its memory, or crashes, fails alone and the scan goes on.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "../collectors/collectors.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "exitcodes.h"
#include "fsread.h"
#include "hostkey.h"
#include "scan.h"
#include "version.h"
#include "watch.h"
#include "banned.h"

/* is name in the comma-separated list? */
static int in_list(const char *list, const char *name)
{
	const char *item;
	size_t n = strlen(name), len;

	while ((item = collector_list_next(&list, &len)))
		if (len == n && !strncmp(item, name, n))
			return 1;
	return 0;
}

static int check_list(const char *opt, const char *list)
{
	const char *item;
	size_t len;

	while ((item = collector_list_next(&list, &len)))
		if (!collector_findn(item, len))
			return scan_error("scan: %s: unknown collector '%.*s' (see 'premig scan --help')",
					  opt, (int)len, item);
	return 0;
}

/* a row that reads facts of a collector that runs after it is a bug of premig */
static int check_table(void)
{
	struct buf why = BUF_INIT;
	size_t n;
	const struct collector *table = collector_table(&n);
	int rc = 0;

	if (collector_table_check(table, n, &why) < 0)
		rc = scan_error("scan: collector table: %s", why.data);
	buf_release(&why);
	return rc;
}

int scan_check_lists(const struct scan_opts *o)
{
	if (check_list("--only", o->only) < 0 || check_list("--skip", o->skip) < 0)
		return -1;
	return 0;
}

char *scan_default_stem(void)
{
	struct utsname u;
	struct buf b = BUF_INIT;

	buf_adds(&b, "premig-");
	if (uname(&u) == 0 && u.nodename[0]) {
		for (const char *p = u.nodename; *p; p++)
			buf_addc(&b, (isalnum((unsigned char)*p) || *p == '.' || *p == '-' ||
				      *p == '_') ? *p : '_');
	} else {
		buf_adds(&b, "host");
	}
	return buf_detach(&b);
}

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* the scan's host (hostkey.h) and its row in scans */
static int record_host_and_scan(struct scan_ctx *ctx, const struct scan_opts *o,
				struct buf *note)
{
	const char *source;
	char *key = NULL, when[32], uid[33];
	int64_t host = 0;
	int rc = -1;

	hostkey_derive(ctx, o->host_id, &key, &source, note);
	db_now(when);
	if (db_begin(ctx->db) < 0)
		goto out;
	if (hostkey_host(ctx->db, key, source, when, &host, note) < 0)
		goto err;
	struct dbrow r;
	dbrow_init(&r, "scans");
	dbrow_int(&r, "host_id", host);
	dbrow_text(&r, "started_at", when);
	dbrow_text(&r, "premig_version", PREMIG_VERSION);
	dbrow_text(&r, "mode", ctx->nimages ? "image" : ctx->live ? "live" : "root");
	dbrow_text(&r, "root", ctx->no_files ? "" : ctx->root[0] ? ctx->root : "/");
	dbrow_int(&r, "as_root", ctx->as_root);
	dbrow_text(&r, "host_note", note->len ? note->data : NULL);
	dbrow_text(&r, "selinux", ctx->selinux);
	dbrow_text(&r, "proc_hidepid", ctx->proc_hidepid);
	dbrow_int(&r, "userns", ctx->userns);
	db_uid(uid);
	dbrow_text(&r, "uid", uid);
	if (dbrow_insert(ctx->db, 0, &r) < 0)
		goto err;
	ctx->scan_id = sqlite3_last_insert_rowid(ctx->db);
	if (db_commit(ctx->db) < 0)
		goto err;
	rc = 0;
	goto out;
err:
	db_rollback(ctx->db);
out:
	free(key);
	return rc;
}

static int record_run(struct scan_ctx *ctx, const char *name, const char *status,
		      const char *reason, int64_t us, unsigned int denied)
{
	struct dbrow r;

	dbrow_init(&r, "collector_runs");
	dbrow_text(&r, "collector", name);
	dbrow_text(&r, "status", status);
	dbrow_text(&r, "reason", reason && *reason ? reason : NULL);
	dbrow_int(&r, "duration_us", us);
	dbrow_int(&r, "denied", denied);
	return dbrow_insert(ctx->db, ctx->scan_id, &r);
}

/*
 * The inputs of c (its row's .after) that ran ok in this scan, into ok[]
 * (COLL_AFTER_MAX and a NULL): read from collector_runs, which also holds
 * the runs of a worker that the watchdog replaced.  Each input that did
 * not run ok is a note of c's run, so that what c could not take from it
 * reads as unknown with the reason ("its input disks did not run ok: failed").
 */
static int after_ok(struct scan_ctx *ctx, const struct collector *c, const char **ok)
{
	const char *p = c->after, *item;
	sqlite3_stmt *st;
	size_t len, n = 0;

	ok[0] = NULL;
	if (!c->after)
		return 0;
	st = db_prepare(ctx->db, "SELECT status FROM collector_runs"
			" WHERE scan_id = ? AND collector = ?");
	if (!st)
		return -1;
	while ((item = collector_list_next(&p, &len)) && n < COLL_AFTER_MAX) {
		/* its row's name, for item is not NUL-terminated */
		const struct collector *in = collector_findn(item, len);
		int rc;

		if (!in)
			continue;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, ctx->scan_id);
		sqlite3_bind_text(st, 2, in->name, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			scan_error("store: cannot read the run of %s: %s", in->name,
				   sqlite3_errmsg(ctx->db));
			sqlite3_finalize(st);
			return -1;
		}
		if (rc == SQLITE_ROW && !strcmp(db_col_text(st, 0) ? db_col_text(st, 0) : "", "ok"))
			ok[n++] = in->name;
		else
			ctx_note(ctx, "its input %s did not run ok: %s", in->name,
				 rc == SQLITE_ROW && db_col_text(st, 0) ? db_col_text(st, 0) :
				 "not run in this scan");
	}
	ok[n] = NULL;
	sqlite3_finalize(st);
	return 0;
}

/*
 * The reads the collector was refused, and who could read them: root,
 * unless it ran as root already (then a user namespace, SELinux, or
 * another policy of the host or its container refused them).
 */
static void note_denials(struct scan_ctx *ctx)
{
	const struct ctx_denials *d = ctx->denials;
	const char *why;

	if (!ctx->as_root)
		why = ctx->selinux && !strcmp(ctx->selinux, "enforcing") ?
			"not root (a root scan would read them, unless SELinux, which is "
			"enforcing, denies them to root too)" :
			"not root (a root scan would read them)";
	else if (ctx->userns)
		why = "uid 0 of a user namespace (a container): not root on the host "
		      "(a scan as root on the host would read them)";
	else if (ctx->selinux && !strcmp(ctx->selinux, "enforcing"))
		why = "although root: SELinux is enforcing, and its policy denies them";
	else
		why = "although root: a policy of the host or of its container "
		      "(device cgroup, security module, capabilities) denies them";
	ctx_note(ctx, "permission denied on %u read%s (%s%s): %s", d->n, d->n == 1 ? "" : "s",
		 d->list.data, d->n > d->named ? ", ..." : "", why);
}

/* runs one collector in its own transaction; returns 1 if it failed */
static int run_one(struct scan_ctx *ctx, const struct collector *c)
{
	const char *status, *ok[COLL_AFTER_MAX + 1];
	int64_t t0 = now_us();
	int rc;

	buf_clear(&ctx->notes);
	ctx->collector = c->name;
	if (!ctx->denials)
		ctx->denials = xcalloc(1, sizeof(*ctx->denials));
	ctx->denials->n = ctx->denials->named = 0;
	buf_clear(&ctx->denials->list);
	if (ctx->captures_only && !(c->flags & COLL_CAPTURE)) {
		ctx_note(ctx, "only captures given (--pcap, --flows): the host itself is not scanned "
			 "(add --root DIR, or --root / for this host)");
		rc = 1;
	} else if ((c->flags & COLL_LIVE_ONLY) && !ctx->live) {
		ctx_note(ctx, "reads the running system only; not applicable to %s",
			 ctx->nimages ? "--image" : "--root");
		rc = 1;
	} else if (ctx->no_files && !(c->flags & (COLL_IMAGE | COLL_CAPTURE))) {
		ctx_note(ctx, "only --image given: no file tree to read "
			 "(mount the image read-only and add --root DIR)");
		rc = 1;
	} else {
		if (after_ok(ctx, c, ok) < 0 || db_begin(ctx->db) < 0)
			return -1;
		ctx->after_ok = ok;
		rc = c->collect(ctx);
		ctx->after_ok = NULL;
		if (rc < 0) {
			/* a failure keeps none of its partial rows */
			db_rollback(ctx->db);
		} else if (db_commit(ctx->db) < 0) {
			db_rollback(ctx->db);
			ctx_note(ctx, "store: cannot commit");
			rc = -1;
		}
	}
	if (ctx->denials->n) {
		note_denials(ctx);
		/* what it could not read may be there: not "does not apply" */
		if (rc > 0)
			rc = -1;
	}
	if (rc < 0 && !ctx->notes.len)
		ctx_note(ctx, "failed without a reason");
	status = rc < 0 ? "failed" : rc > 0 ? "not-applicable" : "ok";
	if (rc < 0)
		scan_warn("%s: %s", c->name, ctx->notes.data);
	if (db_begin(ctx->db) < 0 ||
	    record_run(ctx, c->name, status, ctx->notes.data, now_us() - t0,
		       ctx->denials->n) < 0 ||
	    db_commit(ctx->db) < 0) {
		db_rollback(ctx->db);
		return -1;
	}
	ctx->collector = NULL;
	return rc < 0 ? 1 : 0;
}

/*
 * Ends the scan in one transaction: its host settled by the disks it saw
 * (hostkey_settle), its note, finish time and status.
 */
static int finish_scan(struct scan_ctx *ctx, const struct scan_opts *o, const char *status,
		       struct buf *note)
{
	char when[32];
	sqlite3_stmt *st;
	int64_t host;

	if (db_begin(ctx->db) < 0)
		return -1;
	st = db_prepare(ctx->db, "SELECT host_id FROM scans WHERE id = ?");
	if (!st)
		goto err;
	sqlite3_bind_int64(st, 1, ctx->scan_id);
	host = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (!o->host_id && host && hostkey_settle(ctx->db, &host, note) < 0)
		goto err;
	db_now(when);
	st = db_prepare(ctx->db, "UPDATE scans SET finished_at = ?, status = ?, host_note = ?"
			" WHERE id = ?");
	if (!st)
		goto err;
	sqlite3_bind_text(st, 1, when, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	if (note->len)
		sqlite3_bind_text(st, 3, note->data, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, ctx->scan_id);
	if (db_step_done(ctx->db, st) < 0 || db_commit(ctx->db) < 0)
		goto err;
	return 0;
err:
	db_rollback(ctx->db);
	return -1;
}

/* --image FILE: a regular file or a block device, readable */
static int set_images(struct scan_ctx *ctx, const struct scan_opts *o)
{
	if (!o->nimages)
		return 0;
	ctx->images = xcalloc(o->nimages, sizeof(*ctx->images));
	for (size_t i = 0; i < o->nimages; i++) {
		char real[PATH_MAX];
		struct stat st;

		if (stat(o->images[i], &st) < 0)
			return scan_error_errno(errno, "scan: --image '%s'", o->images[i]);
		if (S_ISDIR(st.st_mode))
			return scan_error("scan: --image '%s': Is a directory (give a disk image file; "
					  "use --root for a directory tree)", o->images[i]);
		if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
			return scan_error("scan: --image '%s': not a regular file or block device",
					  o->images[i]);
		if (access(o->images[i], R_OK) < 0)
			return scan_error_errno(errno, "scan: --image '%s'", o->images[i]);
		if (!realpath(o->images[i], real))
			return scan_error_errno(errno, "scan: --image '%s'", o->images[i]);
		ctx->images[ctx->nimages++] = xstrdup(real);
	}
	return 0;
}

/* --pcap, --flows: regular files that can be read; opened again by the flows collector */
static int set_files(const char *opt, const char *const *in, size_t n, char ***out, size_t *nout)
{
	if (!n)
		return 0;
	*out = xcalloc(n, sizeof(**out));
	for (size_t i = 0; i < n; i++) {
		char real[PATH_MAX];
		struct stat st;

		if (stat(in[i], &st) < 0)
			return scan_error_errno(errno, "scan: %s '%s'", opt, in[i]);
		if (!S_ISREG(st.st_mode))
			return scan_error("scan: %s '%s': not a regular file", opt, in[i]);
		if (access(in[i], R_OK) < 0)
			return scan_error_errno(errno, "scan: %s '%s'", opt, in[i]);
		if (!realpath(in[i], real))
			return scan_error_errno(errno, "scan: %s '%s'", opt, in[i]);
		(*out)[(*nout)++] = xstrdup(real);
	}
	return 0;
}

static int set_pcaps(struct scan_ctx *ctx, const struct scan_opts *o)
{
	if (set_files("--pcap", o->pcaps, o->npcaps, &ctx->pcaps, &ctx->npcaps) < 0)
		return -1;
	return set_files("--flows", o->flowlogs, o->nflowlogs, &ctx->flowlogs, &ctx->nflowlogs);
}

static int set_root(struct scan_ctx *ctx, const char *root)
{
	char real[PATH_MAX];
	struct stat st;

	if (!root && !ctx->nimages && (ctx->npcaps || ctx->nflowlogs)) {
		/* captures alone: what they show, not this host */
		ctx->root = xstrdup("");
		ctx->no_files = 1;
		ctx->captures_only = 1;
		return 0;
	}
	if (!root && ctx->nimages) {
		/* only disk images: there is no tree of files to read */
		ctx->root = xstrdup("");
		ctx->no_files = 1;
		return 0;
	}
	if (!root) {
		ctx->root = xstrdup("");
		ctx->live = 1;
		return 0;
	}
	if (stat(root, &st) < 0)
		return scan_error_errno(errno, "scan: --root '%s'", root);
	if (!S_ISDIR(st.st_mode))
		return scan_error("scan: --root '%s': Not a directory", root);
	if (!realpath(root, real))
		return scan_error_errno(errno, "scan: --root '%s'", root);
	/* "--root /" is the running system */
	ctx->live = !strcmp(real, "/");
	ctx->root = xstrdup(ctx->live ? "" : real);
	return 0;
}

/*
 * A new worker after one died in a collector (watch.h): that collector's
 * run recorded as failed, unless the worker died just after recording it,
 * and the scan's note and failures so far read back from the store.
 */
static int resume_scan(struct scan_ctx *ctx, const struct watch_resume *r, struct buf *note,
		       int *failed)
{
	size_t n;
	const struct collector *c = collector_table(&n);
	sqlite3_stmt *st = NULL;
	int has_run;

	if (r->index < 0 || (size_t)r->index >= n)
		return scan_error("scan: no collector %d to resume after", r->index);
	c += r->index;
	ctx->scan_id = r->scan_id;
	if (db_begin(ctx->db) < 0)
		return -1;
	st = db_prepare(ctx->db, "SELECT EXISTS (SELECT 1 FROM collector_runs WHERE scan_id = ?1"
			" AND collector = ?2), (SELECT host_note FROM scans WHERE id = ?1)");
	if (!st)
		goto err;
	sqlite3_bind_int64(st, 1, ctx->scan_id);
	sqlite3_bind_text(st, 2, c->name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		scan_error("store: cannot read scan %lld: %s", (long long)ctx->scan_id,
			   sqlite3_errmsg(ctx->db));
		goto err;
	}
	has_run = sqlite3_column_int(st, 0);
	if (db_col_text(st, 1))
		buf_adds(note, db_col_text(st, 1));
	sqlite3_finalize(st);
	st = NULL;
	if (!has_run) {
		scan_warn("%s: %s", c->name, r->reason);
		if (record_run(ctx, c->name, "failed", r->reason, r->us, 0) < 0)
			goto err;
	}
	st = db_prepare(ctx->db, "SELECT count(*) FROM collector_runs WHERE scan_id = ?"
			" AND status = 'failed'");
	if (!st)
		goto err;
	sqlite3_bind_int64(st, 1, ctx->scan_id);
	*failed = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 1;
	sqlite3_finalize(st);
	st = NULL;
	if (db_commit(ctx->db) < 0)
		goto err;
	return 0;
err:
	sqlite3_finalize(st);
	db_rollback(ctx->db);
	return -1;
}

struct scan_job {
	struct scan_ctx *ctx;
	const struct scan_opts *o;
};

/* the scan proper, in the watchdog's worker: from the collector after r's, if r */
static int scan_body(void *arg, const struct watch_resume *r)
{
	struct scan_job *job = arg;
	struct scan_ctx *ctx = job->ctx;
	const struct scan_opts *o = job->o;
	struct buf note = BUF_INIT;	/* the scan's host_note */
	const struct collector *table;
	size_t n, first = 0;
	int failed = 0, in_tx = 0, ret;

	if (db_open(o->db, DB_WRITE, &ctx->db) < 0) {
		ret = EXIT_STORE;
		goto out;
	}
	if (r) {
		if (resume_scan(ctx, r, &note, &failed) < 0) {
			ret = EXIT_STORE;
			goto out;
		}
		first = (size_t)r->index + 1;
	} else {
		if (record_host_and_scan(ctx, o, &note) < 0) {
			ret = EXIT_STORE;
			goto out;
		}
		watch_scan_id(ctx->scan_id);
	}
	table = collector_table(&n);
	for (size_t i = first; i < n; i++) {
		const struct collector *c = &table[i];
		const char *why = NULL;

		if (o->only && !in_list(o->only, c->name))
			why = "not in --only";
		else if (o->skip && in_list(o->skip, c->name))
			why = "in --skip";
		if (why) {
			/* consecutive skipped runs share one transaction */
			if ((!in_tx && db_begin(ctx->db) < 0) ||
			    record_run(ctx, c->name, "skipped", why, 0, 0) < 0) {
				ret = EXIT_STORE;
				goto out;
			}
			in_tx = 1;
			continue;
		}
		if (in_tx && db_commit(ctx->db) < 0) {
			ret = EXIT_STORE;
			goto out;
		}
		in_tx = 0;
		watch_collector_start((int)i);
		int rc = run_one(ctx, c);
		watch_collector_done((int)i);
		if (rc < 0) {
			ret = EXIT_STORE;
			goto out;
		}
		failed += rc;
		if (ctx->interrupted) {
			/* its facts are stored; Ctrl-C ends the scan as it would elsewhere */
			scan_error("scan: interrupted");
			ret = EXIT_INTERRUPTED;
			goto out;
		}
	}
	if (in_tx && db_commit(ctx->db) < 0) {
		ret = EXIT_STORE;
		goto out;
	}
	if (finish_scan(ctx, o, failed ? "partial" : "complete", &note) < 0) {
		ret = EXIT_STORE;
		goto out;
	}
	ret = failed ? EXIT_PARTIAL : EXIT_OK;
	/*
	 * A caller that opens the store next (the main job's assessment)
	 * checkpoints the WAL at its close: one checkpoint and its two syncs
	 * instead of two (scan.h)
	 */
	if (o->reopen)
		sqlite3_db_config(ctx->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
out:
	buf_release(&note);
	if (ctx->db)
		sqlite3_close(ctx->db);
	ctx->db = NULL;
	return ret;
}

/*
 * --sample applies to the running system's sockets only: elsewhere a
 * warning says why, and the connections collector takes one snapshot or
 * none (its run says it is not applicable).
 */
static void check_sample(struct scan_ctx *ctx, const struct scan_opts *o)
{
	const char *why = NULL;

	if (ctx->captures_only)
		why = "only captures are read (add --root / to scan this host's sockets)";
	else if (ctx->nimages)
		why = "not applicable to --image: a disk image has no live sockets";
	else if (!ctx->live)
		why = "not applicable to --root: a copy of a root has no live sockets";
	else if ((o->only && !in_list(o->only, "connections")) ||
		 (o->skip && in_list(o->skip, "connections")))
		why = "the connections collector does not run (--only, --skip)";
	if (why) {
		scan_warn("--sample: %s; no socket is sampled", why);
		return;
	}
	ctx->sample_s = o->sample_s;
	ctx->sample_interval_s = o->sample_interval_s;
}

/*
 * What may restrict the reads of this scan, read through the root before
 * the collectors run (a --root tree that holds these files, as a captured
 * one or a test's fixture does, stands for the live host):
 * sys/fs/selinux/enforce (selinuxfs, "1" enforcing), the super options
 * of the last proc mount at /proc in proc/self/mountinfo (proc(5):
 * hidepid=); and, always from this machine's /proc since it is premig's
 * own, proc/self/uid_map (user_namespaces(7): uid 0 mapped from another
 * uid, or a range short of the whole, is a namespace's).
 */
static void scan_access(struct scan_ctx *ctx)
{
	struct buf b = BUF_INIT;
	struct scan_ctx self;

	ctx_init(&self);
	self.root = (char *)"";	/* the live root, read only: never released */

	if (ctx->no_files)
		return;
	if (fsread_line(ctx, "sys/fs/selinux/enforce", &b) == 0 &&
	    (!strcmp(b.data, "1") || !strcmp(b.data, "0")))
		ctx->selinux = xstrdup(b.data[0] == '1' ? "enforcing" : "permissive");
	if (fsread_cap(ctx, "proc/self/mountinfo", &b, 4 * 1024 * 1024, FSREAD_TEXT) == 0) {
		for (char *line = b.data, *next; line && *line; line = next) {
			char *sep, *opt;

			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			/* ID PARENT MAJ:MIN ROOT MOUNTPOINT ... - FSTYPE SOURCE SUPEROPTS */
			sep = strstr(line, " - proc ");
			if (!sep || !strstr(line, " /proc ") || strstr(line, " /proc ") > sep)
				continue;
			free(ctx->proc_hidepid);
			ctx->proc_hidepid = NULL;
			opt = strstr(sep, "hidepid=");
			if (opt) {
				opt += strlen("hidepid=");
				ctx->proc_hidepid = xstrndup(opt, strcspn(opt, ", \t"));
			}
		}
	}
	/* premig's own namespace, whatever the root: this process's map */
	if (ctx->as_root && fsread_line(&self, "proc/self/uid_map", &b) == 0) {
		/* the initial namespace's map is the one line "0 0 4294967295" */
		unsigned long long v[3];
		char *p = b.data, *end;
		int n = 0;

		for (; n < 3; n++, p = end) {
			errno = 0;
			v[n] = strtoull(p, &end, 10);
			if (end == p || errno)
				break;
		}
		ctx->userns = !(n == 3 && !*p && v[0] == 0 && v[1] == 0 && v[2] == 4294967295ULL);
	}
	buf_release(&b);
}

int scan_run(const struct scan_opts *o)
{
	struct scan_ctx ctx;
	struct scan_job job = { .ctx = &ctx, .o = o };
	int ret;

	ctx_init(&ctx);
	ctx.as_root = geteuid() == 0;
	if (check_table() < 0) {
		ret = EXIT_FATAL;
		goto out;
	}
	if (scan_check_lists(o) < 0) {
		ret = EXIT_USAGE;
		goto out;
	}
	if (set_images(&ctx, o) < 0 || set_pcaps(&ctx, o) < 0 || set_root(&ctx, o->root) < 0) {
		ret = EXIT_INPUT;
		goto out;
	}
	if (ctx.nimages)
		ctx.live = 0;	/* the images are the machine, not this host */
	scan_access(&ctx);
	ctx.capture = o->capture;
	ctx.capture_s = o->capture_s;
	ctx.capture_filter = o->capture_filter;
	ctx.syn_only = o->syn_only;
	if (o->sample_s)
		check_sample(&ctx, o);
	{
		/*
		 * the flows collector's budget grows by the capture's seconds,
		 * the connections collector's by the sampling's
		 */
		struct watch_limits lim = o->limits;
		size_t n;
		const struct collector *c = collector_table(&n);
		for (int k = 0; k < WATCH_EXTRAS; k++)
			lim.extra[k].index = -1;
		for (size_t i = 0; i < n; i++) {
			if (o->capture && (c[i].flags & COLL_CAPTURE)) {
				lim.extra[0].index = (int)i;
				lim.extra[0].s = o->capture_s + 5;
			}
			if (ctx.sample_s && c[i].collect == collect_connections) {
				lim.extra[1].index = (int)i;
				lim.extra[1].s = ctx.sample_s + 5;
			}
		}
		ret = watch_run(&lim, scan_body, &job);
	}
out:
	ctx_release(&ctx);
	return ret;
}
