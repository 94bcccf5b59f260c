/*
 * services.c - the services the init system starts at boot
 *
 * systemd: every unit file systemd's search path holds, with the state
 * `systemctl --root=DIR list-unit-files` gives it (unitstate.c follows
 * systemd's own rules, systemctl(1) and systemd.unit(5)): enabled,
 * enabled-runtime, linked, linked-runtime, alias, masked, masked-runtime,
 * static, indirect, disabled, generated, transient or bad.  Every type is
 * listed (services, sockets, timers, targets, paths, mounts, automounts,
 * swaps, slices).  "static" units may still start at boot, pulled in by
 * the links their package ships in lib/systemd/system/NAME.wants/: the
 * evidence names those links, as systemctl does not count them.
 *
 * SysV init: the scripts of etc/rc.d/init.d (RHEL) or etc/init.d, enabled
 * when an S link (S55sshd) in the rc directory of the default runlevel, or
 * of rcS.d, names them (inittab(5) "id:3:initdefault:").  Under systemd,
 * systemd-sysv-generator(8) decides: an S link in rc2.d-rc4.d starts the
 * script with multi-user.target, one in rc5.d with graphical.target, so
 * what counts is every rc directory the default target reaches; a script
 * with a native unit of the same name is ignored, as the generator ignores it.
 *
 * upstart: the jobs etc/init/NAME.conf (init(5) of upstart), disabled by a
 * "manual" stanza in the job or in its .override file, enabled by a
 * "start on" stanza.
 *
 * The init system in use: proc/1/comm when live, else what sbin/init is.
 */
#include <stdlib.h>
#include <string.h>

#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/fsread.h"
#include "collectors.h"
#include "lib/svc.h"
#include "../scanner/str.h"
#include "../scanner/banned.h"


static const char *const skip_scripts[] = {
	"README", "functions", "skeleton", "rc", "rcS", ".depend.boot",
	".depend.start", ".depend.stop", ".legacy-bootordering",
};

/* appends to an evidence list, "; " between items */
#define evidence(b, ...) buf_addf_sep((b), "; ", __VA_ARGS__)

/* ---- the collector ---- */

/*
 * The rows go to the store BATCH_ROWS to a statement: each run of an
 * INSERT costs its own start and end (a statement transaction, the
 * program's setup), which one row at a time was half of this collector's
 * store time (callgrind: 33M -> 17.5M instructions for 225 units).  The
 * tables SQLite builds for the CHECK (type IN (...)) lists of the services
 * table are still built for every row (constraints are coded without
 * OP_Once).  64 rows of 8 values stay under the 999 values of older SQLites.
 */
#define BATCH_ROWS 64
#define BATCH_COLS 7

struct batch {
	char *v[BATCH_ROWS][BATCH_COLS];	/* in the order of batch_flush's columns */
	size_t n;
};

static void batch_clear(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		for (size_t k = 0; k < BATCH_COLS; k++)
			free(b->v[i][k]);
	b->n = 0;
}

static int batch_flush(struct scan_ctx *ctx, struct batch *b)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	int rc = 0, k = 1;

	if (!b->n)
		return 0;
	buf_adds(&sql, "INSERT INTO services (scan_id, name, service, manager, type, state, path,"
		 " evidence) VALUES ");
	for (size_t i = 0; i < b->n; i++)
		buf_adds(&sql, i ? ", (?, ?, ?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?, ?)");
	st = db_prepare(ctx->db, sql.data);
	if (st) {
		for (size_t i = 0; i < b->n; i++) {
			sqlite3_bind_int64(st, k++, ctx->scan_id);
			for (size_t c = 0; c < BATCH_COLS; c++, k++)
				sqlite3_bind_text(st, k, b->v[i][c], -1, SQLITE_STATIC);
		}
		rc = db_step_done(ctx->db, st);
	}
	if (!st || rc < 0) {
		ctx_note(ctx, "store: cannot insert services '%s' to '%s'", b->v[0][0], b->v[b->n - 1][0]);
		rc = -1;
	}
	buf_release(&sql);
	batch_clear(b);
	return rc;
}

static int insert_state(struct scan_ctx *ctx, struct batch *b, const struct svc_state *s)
{
	char **v = b->v[b->n];
	size_t n = strlen(s->name);

	if (str_has_stem(s->name, ".service"))
		n -= 8;
	else if (str_has_stem(s->name, ".socket"))
		n -= 7;
	v[0] = xstrdup(s->name);
	v[1] = xstrndup(s->name, n);
	v[2] = xstrdup(s->manager);
	/* SysV scripts and upstart jobs are services */
	v[3] = xstrdup(strcmp(s->manager, "systemd") ? "service" : unit_name_type(s->name));
	v[4] = s->state ? xstrdup(s->state) : NULL;
	v[5] = s->path ? xstrdup(s->path) : NULL;
	v[6] = s->evidence.len ? xstrdup(s->evidence.data) : NULL;
	return ++b->n == BATCH_ROWS ? batch_flush(ctx, b) : 0;
}

static int collect_systemd(struct scan_ctx *ctx, const struct svc_env *env, struct batch *b,
			   size_t *rows)
{
	char **units;
	size_t n;
	int rc = 0;

	if (unit_tree_names(&env->units, &units, &n) != 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		struct svc_state s;
		svc_state_init(&s);
		svc_state_systemd(ctx, env, units[i], &s);
		rc = insert_state(ctx, b, &s);
		svc_state_release(&s);
		if (rc < 0)
			break;
		(*rows)++;
	}
	sysroot_names_free(units, n);
	return rc;
}

static int skip_script(struct scan_ctx *ctx, const struct svc_env *env, const char *name)
{
	struct buf p = BUF_INIT, t = BUF_INIT;
	struct stat st;
	int skip = name[0] == '.' || strchr(name, '~') || strstr(name, ".dpkg-") ||
		   strstr(name, ".rpmsave") || strstr(name, ".rpmnew") || strstr(name, ".rpmorig");

	for (size_t i = 0; !skip && i < ARRAY_SIZE(skip_scripts); i++)
		skip = !strcmp(name, skip_scripts[i]);
	if (skip)
		goto out;
	buf_addf(&p, "%s/%s", env->initd, name);
	/* scripts are executable regular files; "functions" and friends are not */
	if (sysroot_stat(ctx, p.data, &st) != 0 || !S_ISREG(st.st_mode) || !(st.st_mode & 0111)) {
		skip = 1;
		goto out;
	}
	/* Ubuntu's compatibility links for upstart jobs */
	if (svc_link_base(ctx, p.data, &t) == 0 && !strcmp(str_base_name(t.data), "upstart-job")) {
		skip = 1;
		goto out;
	}
	if (env->init == SVC_INIT_SYSTEMD) {
		/* systemd-sysv-generator skips scripts that have a native unit */
		char *unit = xasprintf("%s.service", name);
		skip = unit_native_exists(&env->units, unit);
		free(unit);
	} else if (env->init == SVC_INIT_UPSTART) {
		buf_clear(&t);
		buf_addf(&t, "etc/init/%s.conf", name);
		skip = svc_exists(ctx, t.data);
	}
out:
	buf_release(&p);
	buf_release(&t);
	return skip;
}

static int collect_sysv(struct scan_ctx *ctx, const struct svc_env *env, struct batch *b, size_t *rows)
{
	char **names;
	size_t n;
	int rc = 0;

	if (!env->initd || sysroot_list(ctx, env->initd, &names, &n) != 0)
		return 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct svc_state s;
		if (skip_script(ctx, env, names[i]))
			continue;
		svc_state_init(&s);
		svc_state_sysv(env, names[i], &s);
		rc = insert_state(ctx, b, &s);
		svc_state_release(&s);
		if (rc == 0)
			(*rows)++;
	}
	sysroot_names_free(names, n);
	return rc;
}

static int collect_upstart(struct scan_ctx *ctx, struct batch *b, size_t *rows)
{
	char **names;
	size_t n;
	int rc = 0;

	if (sysroot_list(ctx, "etc/init", &names, &n) != 0)
		return 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct svc_state s;
		if (!str_has_stem(names[i], ".conf"))
			continue;
		char *job = xstrndup(names[i], strlen(names[i]) - 5);
		svc_state_init(&s);
		svc_state_upstart(ctx, job, &s);
		rc = insert_state(ctx, b, &s);
		svc_state_release(&s);
		free(job);
		if (rc == 0)
			(*rows)++;
	}
	sysroot_names_free(names, n);
	return rc;
}

int collect_services(struct scan_ctx *ctx)
{
	struct svc_env env;
	struct dbrow r;
	struct batch b = { .n = 0 };
	size_t rows = 0;
	int rc;

	svc_env_load(ctx, &env);
	dbrow_init(&r, "init_system");
	dbrow_text(&r, "init", svc_init_name(env.init));
	dbrow_text(&r, "evidence", env.init_evidence.len ? env.init_evidence.data : NULL);
	dbrow_text(&r, "default_target", env.default_target);
	dbrow_int_if(&r, "default_runlevel", env.runlevel >= 0, env.runlevel);
	rc = dbrow_insert(ctx->db, ctx->scan_id, &r);
	if (rc < 0) {
		ctx_note(ctx, "store: cannot insert init_system");
		goto out;
	}
	/* an unknown init system: every manager's view, each row says which */
	if (env.init == SVC_INIT_SYSTEMD || env.init == SVC_INIT_UNKNOWN)
		rc = collect_systemd(ctx, &env, &b, &rows);
	if (rc == 0 && (env.init == SVC_INIT_UPSTART || env.init == SVC_INIT_UNKNOWN))
		rc = collect_upstart(ctx, &b, &rows);
	if (rc == 0)
		rc = collect_sysv(ctx, &env, &b, &rows);
	if (rc == 0)
		rc = batch_flush(ctx, &b);
	if (env.notes.len)
		ctx_note(ctx, "%s", env.notes.data);
	if (rc < 0)
		goto out;
	if (env.init == SVC_INIT_UNKNOWN && !rows) {
		ctx_note(ctx, "no init system and no services found");
		rc = 1;
	}
out:
	batch_clear(&b);
	svc_env_release(&env);
	return rc;
}
