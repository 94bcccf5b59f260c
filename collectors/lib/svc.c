/*
 * svc.c - the init system in use and the state of one service as it would
 * start it at boot, for the services and firewall collectors
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
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../scanner/db.h"
#include "../../scanner/err.h"
#include "../../scanner/fsread.h"
#include "svc.h"
#include "../../scanner/str.h"
#include "../../scanner/banned.h"

#define RC_S 7		/* the index of rcS.d in env->rc */

/* where default.target is looked for, in systemd's order */
static const char *const target_dirs[] = {
	"etc/systemd/system", "run/systemd/system", "usr/local/lib/systemd/system",
	"lib/systemd/system", "usr/lib/systemd/system",
};

/* appends to an evidence list, "; " between items */
#define evidence(b, ...) buf_addf_sep((b), "; ", __VA_ARGS__)

const char *svc_init_name(enum svc_init init)
{
	switch (init) {
	case SVC_INIT_SYSTEMD:
		return "systemd";
	case SVC_INIT_UPSTART:
		return "upstart";
	case SVC_INIT_SYSV:
		return "sysv";
	default:
		return NULL;
	}
}

void svc_state_init(struct svc_state *s)
{
	memset(s, 0, sizeof(*s));
	buf_init(&s->evidence);
}

void svc_state_release(struct svc_state *s)
{
	free(s->name);
	free(s->path);
	buf_release(&s->evidence);
	svc_state_init(s);
}

static int is_dir(struct scan_ctx *ctx, const char *path)
{
	struct stat st;

	return sysroot_stat(ctx, path, &st) == 0 && S_ISDIR(st.st_mode);
}

int svc_exists(struct scan_ctx *ctx, const char *path)
{
	struct stat st;

	return sysroot_lstat(ctx, path, &st) == 0;
}

/* lists a directory; a failure other than absence goes into the notes */
static int list_dir(struct scan_ctx *ctx, struct svc_env *env, const char *dir,
		    char ***names, size_t *n)
{
	int rc = sysroot_list(ctx, dir, names, n);

	if (rc < 0) {
		evidence(&env->notes, "cannot list '%s': %s", dir, err_str(rc));
		evidence(&env->unlisted, "cannot list '%s': %s", dir, err_str(rc));
	}
	return rc;
}

/* the basename of a link's target into out; 0, or 1 when not a link */
int svc_link_base(struct scan_ctx *ctx, const char *path, struct buf *target)
{
	struct stat st;

	buf_clear(target);
	if (sysroot_lstat(ctx, path, &st) != 0 || !S_ISLNK(st.st_mode))
		return 1;
	return sysroot_readlink(ctx, path, target) == 0 ? 0 : 1;
}

static void detect_init(struct scan_ctx *ctx, struct svc_env *env)
{
	struct buf b = BUF_INIT;
	struct stat st, sd;
	int rc;

	if (ctx->live && fsread_line(ctx, "proc/1/comm", &b) == 0) {
		if (!strcmp(b.data, "systemd")) {
			env->init = SVC_INIT_SYSTEMD;
			evidence(&env->init_evidence, "proc/1/comm: systemd");
			goto out;
		}
		evidence(&env->init_evidence, "proc/1/comm: %s", b.data);
	}
	rc = sysroot_lstat(ctx, "sbin/init", &st);
	if (rc == 0 && S_ISLNK(st.st_mode) && sysroot_readlink(ctx, "sbin/init", &b) == 0) {
		evidence(&env->init_evidence, "sbin/init -> %s", b.data);
		if (strstr(str_base_name(b.data), "systemd")) {
			env->init = SVC_INIT_SYSTEMD;
			goto out;
		}
		if (strstr(str_base_name(b.data), "upstart")) {
			env->init = SVC_INIT_UPSTART;
			goto out;
		}
	}
	if (rc == 0 && sysroot_stat(ctx, "sbin/init", &st) == 0) {
		/* the init binary itself: systemd's, upstart's, or SysV init */
		for (size_t i = 0; i < 2; i++) {
			const char *p = i ? "lib/systemd/systemd" : "usr/lib/systemd/systemd";
			if (sysroot_stat(ctx, p, &sd) == 0 && sd.st_dev == st.st_dev &&
			    sd.st_ino == st.st_ino) {
				env->init = SVC_INIT_SYSTEMD;
				evidence(&env->init_evidence, "sbin/init is %s", p);
				goto out;
			}
		}
		if (svc_exists(ctx, "sbin/initctl") && is_dir(ctx, "etc/init")) {
			env->init = SVC_INIT_UPSTART;
			evidence(&env->init_evidence, "sbin/initctl and etc/init/ (upstart)");
			goto out;
		}
		env->init = SVC_INIT_SYSV;
		evidence(&env->init_evidence, "sbin/init is neither systemd nor upstart%s",
			 svc_exists(ctx, "etc/inittab") ? "; etc/inittab" : "");
		goto out;
	}
	evidence(&env->notes, "init system unknown: %s", rc == 1 ? "no sbin/init" :
		 "cannot read sbin/init");
out:
	buf_release(&b);
}

static int target_runlevel(const char *t)
{
	static const struct {
		const char *target;
		int runlevel;
	} map[] = {
		{ "poweroff.target", 0 }, { "rescue.target", 1 }, { "multi-user.target", 3 },
		{ "graphical.target", 5 }, { "reboot.target", 6 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(t, map[i].target))
			return map[i].runlevel;
	/* runlevel3.target and its siblings */
	if (!strncmp(t, "runlevel", 8) && t[8] >= '0' && t[8] <= '6' && !strcmp(t + 9, ".target"))
		return t[8] - '0';
	return -1;
}

static void default_target(struct scan_ctx *ctx, struct svc_env *env)
{
	struct buf path = BUF_INIT, target = BUF_INIT;

	for (size_t d = 0; d < ARRAY_SIZE(target_dirs) && !env->default_target; d++) {
		buf_clear(&path);
		buf_addf(&path, "%s/default.target", target_dirs[d]);
		if (svc_link_base(ctx, path.data, &target) == 0 && str_has_stem(target.data, ".target")) {
			env->default_target = xstrdup(str_base_name(target.data));
			env->runlevel = target_runlevel(env->default_target);
			if (env->runlevel >= 0)
				evidence(&env->runlevel_evidence, "%s -> %s", path.data, target.data);
		}
	}
	buf_release(&path);
	buf_release(&target);
}

/* inittab(5): "id:3:initdefault:"; upstart on Ubuntu: DEFAULT_RUNLEVEL=2 */
static void default_runlevel(struct scan_ctx *ctx, struct svc_env *env)
{
	struct buf b = BUF_INIT;
	unsigned long lineno = 0;

	if (fsread(ctx, "etc/inittab", &b) == 0) {
		for (char *line = b.data; line && *line;) {
			char *eol = strchr(line, '\n');
			const char *f2, *f3;
			lineno++;
			if (eol)
				*eol = '\0';
			/* id:runlevels:action:process */
			if (*line != '#' && (f2 = strchr(line, ':')) && (f3 = strchr(f2 + 1, ':')) &&
			    !strncmp(f3 + 1, "initdefault:", 12) && f3 - f2 == 2 &&
			    f2[1] >= '0' && f2[1] <= '6') {
				env->runlevel = f2[1] - '0';
				evidence(&env->runlevel_evidence, "etc/inittab:%lu: %s", lineno, line);
				goto out;
			}
			line = eol ? eol + 1 : NULL;
		}
	}
	if (fsread(ctx, "etc/init/rc-sysinit.conf", &b) == 0) {
		const char *p = strstr(b.data, "DEFAULT_RUNLEVEL=");
		if (p && p[17] >= '0' && p[17] <= '6') {
			env->runlevel = p[17] - '0';
			evidence(&env->runlevel_evidence, "etc/init/rc-sysinit.conf: DEFAULT_RUNLEVEL=%c",
				 p[17]);
			goto out;
		}
	}
	evidence(&env->notes, "default runlevel unknown: no initdefault in etc/inittab");
out:
	buf_release(&b);
}

static void load_rc(struct scan_ctx *ctx, struct svc_env *env)
{
	struct buf p = BUF_INIT;

	for (int i = 0; i < 8; i++) {
		char lvl = i == RC_S ? 'S' : (char)('0' + i);
		buf_clear(&p);
		buf_addf(&p, "etc/rc.d/rc%c.d", lvl);
		if (!is_dir(ctx, p.data)) {
			buf_clear(&p);
			buf_addf(&p, "etc/rc%c.d", lvl);
			if (!is_dir(ctx, p.data))
				continue;
		}
		if (list_dir(ctx, env, p.data, &env->rc[i].names, &env->rc[i].n) == 0)
			env->rc[i].dir = xstrdup(p.data);
	}
	if (is_dir(ctx, "etc/rc.d/init.d"))
		env->initd = xstrdup("etc/rc.d/init.d");
	else if (is_dir(ctx, "etc/init.d"))
		env->initd = xstrdup("etc/init.d");
	buf_release(&p);
}

int svc_env_load(struct scan_ctx *ctx, struct svc_env *env)
{
	memset(env, 0, sizeof(*env));
	buf_init(&env->init_evidence);
	buf_init(&env->runlevel_evidence);
	buf_init(&env->notes);
	buf_init(&env->unlisted);
	env->runlevel = -1;
	detect_init(ctx, env);
	if (env->init == SVC_INIT_SYSTEMD || env->init == SVC_INIT_UNKNOWN) {
		unit_tree_load(ctx, &env->units);
		if (env->units.unlisted.len) {
			evidence(&env->notes, "%s", env->units.unlisted.data);
			evidence(&env->unlisted, "%s", env->units.unlisted.data);
		}
	}
	if (env->init == SVC_INIT_SYSTEMD)
		default_target(ctx, env);
	else
		default_runlevel(ctx, env);
	load_rc(ctx, env);
	return 0;
}

void svc_env_release(struct svc_env *env)
{
	unit_tree_release(&env->units);
	for (int i = 0; i < 8; i++) {
		free(env->rc[i].dir);
		sysroot_names_free(env->rc[i].names, env->rc[i].n);
	}
	free(env->initd);
	free(env->default_target);
	buf_release(&env->init_evidence);
	buf_release(&env->runlevel_evidence);
	buf_release(&env->notes);
	buf_release(&env->unlisted);
	memset(env, 0, sizeof(*env));
}

/* ---- systemd ---- */

void svc_state_systemd(struct scan_ctx *ctx, const struct svc_env *env, const char *unit,
		       struct svc_state *out)
{
	struct unit_state u;

	unit_state_init(&u);
	out->manager = "systemd";
	out->name = xstrdup(unit);
	unit_state_lookup(ctx, &env->units, unit, &u);
	out->state = u.state;
	out->path = u.path;
	u.path = NULL;
	buf_adds(&out->evidence, u.evidence.data);
	unit_state_release(&u);
}

/* ---- SysV ---- */

/* "S55sshd" or "K25sshd" for script; returns 'S', 'K' or 0 */
static char rc_link(const char *entry, const char *script)
{
	const char *p = entry + 1;

	if (entry[0] != 'S' && entry[0] != 'K')
		return 0;
	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	return strcmp(p, script) ? 0 : entry[0];
}

/*
 * The rc directories whose S links start a script at boot, as indexes of
 * env->rc into levels; returns how many, and names them in span.  SysV init
 * runs the default runlevel's and rcS.d (inittab(5)), all of 2-5 when the
 * default is unknown.  Under systemd, systemd-sysv-generator(8) hooks the S
 * links of rc2.d-rc4.d to multi-user.target and of rc5.d to
 * graphical.target, which pulls in multi-user.target; it reads no rcS.d,
 * and poweroff, rescue and reboot pull in none of them.
 */
static size_t boot_levels(const struct svc_env *env, int levels[8], struct buf *span)
{
	size_t n = 0;
	int top;

	if (env->init == SVC_INIT_SYSTEMD) {
		top = env->runlevel < 0 || env->runlevel == 5 ? 5 :
		      env->runlevel >= 2 && env->runlevel <= 4 ? 4 : 0;
		for (int l = 2; l <= top; l++)
			levels[n++] = l;
		if (n)
			buf_addf(span, "runlevels 2-%d", top);
		return n;
	}
	if (env->runlevel >= 0) {
		levels[n++] = env->runlevel;
		buf_addf(span, "runlevel %d", env->runlevel);
	} else {
		for (int l = 2; l <= 5; l++)
			levels[n++] = l;
		buf_addf(span, "runlevels 2-5");
	}
	levels[n++] = RC_S;
	return n;
}

void svc_state_sysv(const struct svc_env *env, const char *script, struct svc_state *out)
{
	int levels[8];
	size_t nlevels;
	int any_dir = 0, on = 0;
	struct buf kills = BUF_INIT, ignored = BUF_INIT, span = BUF_INIT;

	out->manager = "sysv";
	out->name = xstrdup(script);
	out->path = xasprintf("%s/%s", env->initd, script);
	nlevels = boot_levels(env, levels, &span);
	for (size_t i = 0; i < nlevels; i++) {
		const struct svc_names *rc = &env->rc[levels[i]];
		if (!rc->dir)
			continue;
		any_dir = 1;
		for (size_t j = 0; j < rc->n; j++) {
			char c = rc_link(rc->names[j], script);
			if (c == 'S') {
				on++;
				evidence(&out->evidence, "%s/%s", rc->dir, rc->names[j]);
			} else if (c == 'K') {
				evidence(&kills, "%s/%s", rc->dir, rc->names[j]);
			}
		}
	}
	/* rcS.d links, which systemd does not read: named when nothing starts it */
	if (env->init == SVC_INIT_SYSTEMD) {
		const struct svc_names *rc = &env->rc[RC_S];
		for (size_t j = 0; rc->dir && j < rc->n; j++)
			if (rc_link(rc->names[j], script) == 'S')
				evidence(&ignored, "%s/%s (not read under systemd)", rc->dir,
					 rc->names[j]);
	}
	if (on) {
		out->state = "enabled";
		if (env->runlevel < 0 && env->init == SVC_INIT_SYSTEMD && env->default_target)
			evidence(&out->evidence, "default target %s is no runlevel's target",
				 env->default_target);
		else if (env->runlevel < 0)
			evidence(&out->evidence, "default %s unknown",
				 env->init == SVC_INIT_SYSTEMD ? "target" : "runlevel");
	} else if (!nlevels) {
		out->state = "disabled";
		evidence(&out->evidence, "%s starts no SysV runlevel", env->default_target);
	} else if (env->unlisted.len) {
		evidence(&out->evidence, "no S link found, but %s", env->unlisted.data);
	} else if (!any_dir) {
		evidence(&out->evidence, "no rc directory for %s", span.data);
	} else {
		out->state = "disabled";
		if (kills.len)
			evidence(&out->evidence, "%s", kills.data);
		else
			evidence(&out->evidence, "no S link in %s", span.data);
	}
	if (!on && ignored.len)
		evidence(&out->evidence, "%s", ignored.data);
	buf_release(&kills);
	buf_release(&ignored);
	buf_release(&span);
}

/* ---- upstart ---- */

/* the first line of text that is stanza (a whole word), or NULL */
static const char *stanza(const char *text, const char *word, size_t *len)
{
	size_t n = strlen(word);

	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n');
		const char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!strncmp(p, word, n) && (p[n] == '\0' || p[n] == '\n' || isspace((unsigned char)p[n]))) {
			*len = eol ? (size_t)(eol - p) : strlen(p);
			return p;
		}
		line = eol ? eol + 1 : NULL;
	}
	return NULL;
}

void svc_state_upstart(struct scan_ctx *ctx, const char *job, struct svc_state *out)
{
	struct buf text = BUF_INIT, path = BUF_INIT;
	const char *s;
	size_t len;
	int rc;

	out->manager = "upstart";
	out->name = xstrdup(job);
	out->path = xasprintf("etc/init/%s.conf", job);
	buf_addf(&path, "etc/init/%s.override", job);
	if (fsread(ctx, path.data, &text) == 0 && stanza(text.data, "manual", &len)) {
		out->state = "disabled";
		evidence(&out->evidence, "%s: manual", path.data);
		goto out;
	}
	rc = fsread(ctx, out->path, &text);
	if (rc != 0) {
		evidence(&out->evidence, "cannot read '%s': %s", out->path,
			 rc > 0 ? "absent" : err_str(rc));
		if (rc < 0)
			ctx_note(ctx, "cannot read '%s': %s", out->path, err_str(rc));
		goto out;
	}
	if (stanza(text.data, "manual", &len)) {
		out->state = "disabled";
		evidence(&out->evidence, "%s: manual", out->path);
	} else if ((s = stanza(text.data, "start", &len)) && len > 8 && !strncmp(s, "start on", 8)) {
		out->state = "enabled";
		evidence(&out->evidence, "%s: %.*s", out->path, (int)(len > 80 ? 80 : len), s);
	} else {
		out->state = "static";
		evidence(&out->evidence, "%s: no 'start on' stanza", out->path);
	}
out:
	buf_release(&text);
	buf_release(&path);
}

/* ---- lookup ---- */

int svc_lookup(struct scan_ctx *ctx, const struct svc_env *env, const char *name,
	       struct svc_state *out)
{
	struct buf path = BUF_INIT;
	struct unit_state u;
	char *unit = xasprintf("%s.service", name);
	int rc = 0;

	svc_state_release(out);
	unit_state_init(&u);
	if (env->initd)
		buf_addf(&path, "%s/%s", env->initd, name);
	if ((env->init == SVC_INIT_SYSTEMD || env->init == SVC_INIT_UNKNOWN) &&
	    unit_state_lookup(ctx, &env->units, unit, &u) == 0) {
		/* systemd-sysv-generator's unit for a script: the script's links decide */
		int sysv = u.state && !strcmp(u.state, "generated") && env->initd &&
			   svc_exists(ctx, path.data);
		if (!sysv) {
			/* sshd.service may be an alias of ssh.service: the unit's state */
			svc_state_systemd(ctx, env, u.state && !strcmp(u.state, "alias") ? u.unit : unit,
				      out);
			goto out;
		}
	}
	if (env->init == SVC_INIT_UPSTART || env->init == SVC_INIT_UNKNOWN) {
		char *job = xasprintf("etc/init/%s.conf", name);
		int found = svc_exists(ctx, job);
		free(job);
		if (found) {
			svc_state_upstart(ctx, name, out);
			goto out;
		}
	}
	if (env->initd && svc_exists(ctx, path.data)) {
		svc_state_sysv(env, name, out);
		goto out;
	}
	rc = 1;
out:
	unit_state_release(&u);
	free(unit);
	buf_release(&path);
	return rc;
}
