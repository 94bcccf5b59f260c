/*
 * svc.h - used by the services and firewall collectors
 *
 * Which services start at boot.
 *
 * svc_env_load() looks at the scanned system once: the init system in use
 * (systemd, upstart or SysV init), systemd's unit directories, the default
 * target or runlevel, and the SysV rc directories.  svc_lookup() then
 * tells the state of one service by name, as the init system in use would
 * start it.  The env owns everything it holds until svc_env_release().
 */
#ifndef PREMIG_SVC_H
#define PREMIG_SVC_H

#include <stddef.h>

#include "../../scanner/buf.h"
#include "../../scanner/ctx.h"
#include "unitstate.h"

enum svc_init {
	SVC_INIT_UNKNOWN,
	SVC_INIT_SYSTEMD,
	SVC_INIT_UPSTART,
	SVC_INIT_SYSV,
};

struct svc_names {
	char *dir;	/* root-relative, NULL when absent */
	char **names;
	size_t n;
};

struct svc_env {
	enum svc_init init;
	struct buf init_evidence;
	char *default_target;		/* systemd: multi-user.target; NULL unknown */
	int runlevel;			/* 0-6, -1 unknown */
	struct buf runlevel_evidence;
	struct unit_tree units;		/* systemd's unit directories */
	struct svc_names rc[8];		/* rc0.d .. rc6.d, then rcS.d */
	char *initd;			/* etc/rc.d/init.d or etc/init.d; NULL none */
	struct buf notes;		/* what could not be read, for the caller */
	struct buf unlisted;		/* unit and rc directories that could not be listed */
};

struct svc_state {
	const char *manager;	/* "systemd", "sysv", "upstart" */
	const char *state;	/* systemd: systemctl's UnitFileState (unitstate.h); SysV and
				   upstart: enabled, disabled, static; NULL unknown */
	char *name;		/* the unit, script or job: sshd.service, sshd */
	char *path;		/* its file; NULL for a link without a unit file */
	struct buf evidence;
};

/* 0 loaded (env->init may still be unknown); never fails, notes say why */
int svc_env_load(struct scan_ctx *ctx, struct svc_env *env);
void svc_env_release(struct svc_env *env);

void svc_state_init(struct svc_state *s);
void svc_state_release(struct svc_state *s);

/* the init system as the services table spells it, or NULL */
const char *svc_init_name(enum svc_init init);

/*
 * The state of service name ("sshd", "firewalld": no ".service") under the
 * init system in use: its systemd unit (an alias tells the state of the
 * unit it names), its upstart job, or its SysV script (also when systemd's
 * unit for it is the one systemd-sysv-generator wrote).  Returns 0 found, 1 not installed.  out is
 * reset first and owned by the caller.
 */
int svc_lookup(struct scan_ctx *ctx, const struct svc_env *env, const char *name,
	       struct svc_state *out);

/* does path exist in the root (a dangling link counts)? */
int svc_exists(struct scan_ctx *ctx, const char *path);

/* the target of the link at path into target; 0, or 1 when not a link */
int svc_link_base(struct scan_ctx *ctx, const char *path, struct buf *target);

/* the state of one systemd unit (a full name: sshd.service), one SysV
 * script of env->initd, one upstart job of etc/init; out as svc_lookup's */
void svc_state_systemd(struct scan_ctx *ctx, const struct svc_env *env, const char *unit,
		       struct svc_state *out);
void svc_state_sysv(const struct svc_env *env, const char *script, struct svc_state *out);
void svc_state_upstart(struct scan_ctx *ctx, const char *job, struct svc_state *out);

#endif
