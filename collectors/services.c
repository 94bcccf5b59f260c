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

static int insert_state(struct scan_ctx *ctx, const struct svc_state *s)
{
	struct dbrow r;
	size_t n = strlen(s->name);

	dbrow_init(&r, "services");
	dbrow_text(&r, "name", s->name);
	if (str_has_stem(s->name, ".service"))
		n -= 8;
	else if (str_has_stem(s->name, ".socket"))
		n -= 7;
	char *service = xstrndup(s->name, n);
	dbrow_text(&r, "service", service);
	free(service);
	dbrow_text(&r, "manager", s->manager);
	/* SysV scripts and upstart jobs are services */
	dbrow_text(&r, "type", strcmp(s->manager, "systemd") ? "service" : unit_name_type(s->name));
	dbrow_text(&r, "state", s->state);
	dbrow_text(&r, "path", s->path);
	dbrow_text(&r, "evidence", s->evidence.len ? s->evidence.data : NULL);
	if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0) {
		ctx_note(ctx, "store: cannot insert service '%s'", s->name);
		return -1;
	}
	return 0;
}

static int collect_systemd(struct scan_ctx *ctx, const struct svc_env *env, size_t *rows)
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
		rc = insert_state(ctx, &s);
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

static int collect_sysv(struct scan_ctx *ctx, const struct svc_env *env, size_t *rows)
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
		rc = insert_state(ctx, &s);
		svc_state_release(&s);
		if (rc == 0)
			(*rows)++;
	}
	sysroot_names_free(names, n);
	return rc;
}

static int collect_upstart(struct scan_ctx *ctx, size_t *rows)
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
		rc = insert_state(ctx, &s);
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
		rc = collect_systemd(ctx, &env, &rows);
	if (rc == 0 && (env.init == SVC_INIT_UPSTART || env.init == SVC_INIT_UNKNOWN))
		rc = collect_upstart(ctx, &rows);
	if (rc == 0)
		rc = collect_sysv(ctx, &env, &rows);
	if (env.notes.len)
		ctx_note(ctx, "%s", env.notes.data);
	if (rc < 0)
		goto out;
	if (env.init == SVC_INIT_UNKNOWN && !rows) {
		ctx_note(ctx, "no init system and no services found");
		rc = 1;
	}
out:
	svc_env_release(&env);
	return rc;
}
