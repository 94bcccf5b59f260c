/*
 * firewall.c - the host firewall, and whether it lets SSH in
 *
 * The question the SMS guide asks ("enable SSH and allow it in the host
 * firewall"): does a new TCP connection from anywhere to a port sshd listens
 * on get accepted?  Each firewall is read from the configuration it loads at
 * boot, never from the running kernel (which needs root and a live host):
 *
 *  firewalld   firewalld.conf(5) DefaultZone, the zone file (firewalld.zone(5))
 *              under etc/firewalld/zones or usr/lib/firewalld/zones, its
 *              <service> elements resolved through firewalld.service(5) files,
 *              <port> elements and rich rules; read with libxml2 (each
 *              service file once per scan, its includes followed as
 *              firewalld follows them, under the caps of FWD_MAX_*)
 *  iptables    the iptables-save(8) files loaded at boot: etc/sysconfig/iptables
 *              (iptables-services) and etc/iptables/rules.v4 (netfilter-persistent)
 *  ufw         etc/ufw/ufw.conf ENABLED, etc/default/ufw DEFAULT_INPUT_POLICY
 *              and the rules of etc/ufw/user.rules (iptables-save format)
 *  nftables    etc/nftables.conf and etc/sysconfig/nftables.conf, nft(8) syntax:
 *              the tables' chains with "hook input"; anything beyond a plain
 *              reading of verdicts, ports, protocols, ct state and iif makes
 *              the answer unknown rather than a guess
 *
 * The firewalld files are read by lib/firewalld.c, sshd_config by
 * lib/sshdconf.c; the iptables-save and nft files are walked by
 * lib/fwrules*.c, rule by rule as netfilter walks them; what cannot be
 * decided statically leaves the answer unknown rather than guessed.
 *
 * Whether a firewall starts at boot comes from services.c (svc_lookup), the
 * same reading the services collector records.  The sshd ports come from
 * sshd_config(5): every Port line (and ListenAddress with a port) of the file
 * and of its Include files (each read once, under the caps of SSHD_MAX_*),
 * 22 when there is none.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/parser.h>

#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/fsread.h"
#include "../scanner/kv.h"
#include "collectors.h"
#include "lib/firewalld.h"
#include "lib/fwrules.h"
#include "lib/sshdconf.h"
#include "lib/svc.h"
#include "../scanner/str.h"
#include "../scanner/banned.h"

/* ---- sshd_config(5) ---- */

static int sshd_ports(struct scan_ctx *ctx, struct fw_ports *pp)
{
	struct buf src = BUF_INIT, ports = BUF_INIT;
	struct sshd_read sr = { .ctx = ctx, .pp = pp, .src = &src };
	struct dbrow r;
	int rc;

	memset(pp, 0, sizeof(*pp));
	rc = sshdconf_read(&sr, "etc/ssh/sshd_config");
	if (rc < 0) {
		ctx_note(ctx, "cannot read 'etc/ssh/sshd_config': %s; the firewall checks assume "
			 "port 22", err_str(rc));
		buf_clear(&src);
		buf_addf(&src, "cannot read 'etc/ssh/sshd_config': %s", err_str(rc));
		pp->n = 0;
		pp->assumed = 1;
	} else if (rc > 0) {
		fw_ev_add(&src, "default: no etc/ssh/sshd_config");
	} else if (!pp->n) {
		fw_ev_add(&src, "default: no Port in etc/ssh/sshd_config");
	}
	if (sr.cut)
		pp->partial = 1;
	if (!pp->n)
		pp->p[pp->n++] = 22;
	for (size_t i = 0; i < pp->n; i++)
		buf_addf(&ports, "%s%u", i ? "," : "", pp->p[i]);
	dbrow_init(&r, "sshd");
	dbrow_text(&r, "ports", pp->assumed ? NULL : ports.data);
	dbrow_text(&r, "source", src.data);
	rc = dbrow_insert(ctx->db, ctx->scan_id, &r);
	if (rc < 0)
		ctx_note(ctx, "store: cannot insert sshd");
	free(sr.seen);
	buf_release(&src);
	buf_release(&ports);
	return rc;
}

/* ---- the collector ---- */

struct fwrow {
	const char *kind;
	int present;
	struct buf config;
	int enabled;		/* 1, 0, -1 unknown */
	struct buf enabled_ev;
	int rules;		/* 1, 0, -1 unknown */
	struct buf ev;
};

static void fwrow_init(struct fwrow *f, const char *kind)
{
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	buf_init(&f->config);
	buf_init(&f->enabled_ev);
	buf_init(&f->ev);
	f->rules = -1;
}

static void fwrow_release(struct fwrow *f)
{
	buf_release(&f->config);
	buf_release(&f->enabled_ev);
	buf_release(&f->ev);
}

/* the boot state of the first of names that is installed */
static void boot_state(struct scan_ctx *ctx, const struct svc_env *env,
		       const char *const *names, struct fwrow *f)
{
	const char *const *first = names;
	struct svc_state s;

	svc_state_init(&s);
	for (; *names; names++) {
		if (svc_lookup(ctx, env, *names, &s) != 0)
			continue;
		fw_ev_add(&f->enabled_ev, "%s %s %s%s%s", s.manager, s.name,
		       s.state ? s.state : "state unknown", s.evidence.len ? ": " : "",
		       s.evidence.data);
		f->enabled = !s.state ? -1 : !strcmp(s.state, "enabled");
		goto out;
	}
	f->enabled = 0;
	fw_ev_add(&f->enabled_ev, "no %s service", *first);
out:
	svc_state_release(&s);
}

static int fwrow_insert(struct scan_ctx *ctx, struct fwrow *f, const struct fw_ports *pp)
{
	struct dbrow r;
	int allowed;

	if (!f->present) {
		f->enabled = 0;
		f->rules = -1;
	}
	/* refused on the ports read says nothing of those not read */
	if (f->present && pp->partial) {
		fw_ev_add(&f->ev, "sshd ports read in part (see sshd.source)");
		if (f->rules == 0)
			f->rules = -1;
	}
	/* a firewall that is not started lets SSH through, whatever its rules */
	if (f->enabled == 0)
		allowed = 1;
	else if (f->enabled == 1)
		allowed = f->rules;
	else
		allowed = f->rules == 1 ? 1 : -1;
	if (f->present && pp->assumed)
		fw_ev_add(&f->ev, "sshd port 22 assumed");
	dbrow_init(&r, "firewalls");
	dbrow_text(&r, "kind", f->kind);
	dbrow_int(&r, "present", f->present);
	dbrow_text(&r, "config", f->config.len ? f->config.data : NULL);
	dbrow_int_if(&r, "enabled", f->enabled >= 0, f->enabled);
	dbrow_text(&r, "enabled_evidence", f->enabled_ev.len ? f->enabled_ev.data : NULL);
	dbrow_int_if(&r, "rules_allow_ssh", f->present && f->rules >= 0, f->rules);
	dbrow_int_if(&r, "ssh_allowed", allowed >= 0, allowed);
	dbrow_text(&r, "evidence", f->ev.len ? f->ev.data : NULL);
	if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0) {
		ctx_note(ctx, "store: cannot insert firewall '%s'", f->kind);
		return -1;
	}
	return 0;
}

static int any_exists(struct scan_ctx *ctx, const char *const *paths, struct buf *which)
{
	struct stat st;

	for (; *paths; paths++) {
		if (sysroot_stat(ctx, *paths, &st) == 0) {
			if (which)
				buf_adds(which, *paths);
			return 1;
		}
	}
	return 0;
}

static void do_firewalld(struct scan_ctx *ctx, const struct svc_env *env, const struct fw_ports *pp,
			 struct fwrow *f)
{
	static const char *const marks[] = { "etc/firewalld", "usr/lib/firewalld",
					     "usr/sbin/firewalld", NULL };
	static const char *const svc[] = { "firewalld", NULL };
	struct buf b = BUF_INIT, files = BUF_INIT;
	struct kvlist kv = KVLIST_INIT;
	struct fwd fw = { .ctx = ctx, .pp = pp };
	const char *zone = "public";
	int rc;

	if (!any_exists(ctx, marks, NULL)) {
		fw_ev_add(&f->ev, "not present: no etc/firewalld, usr/lib/firewalld, usr/sbin/firewalld");
		return;
	}
	f->present = 1;
	boot_state(ctx, env, svc, f);
	rc = fsread(ctx, "etc/firewalld/firewalld.conf", &b);
	if (rc == 0) {
		buf_adds(&files, "etc/firewalld/firewalld.conf");
		kv_parse(b.data, &kv);
		if (kv_get_nonempty(&kv, "DefaultZone"))
			zone = kv_get_nonempty(&kv, "DefaultZone");
		else
			fw_ev_add(&f->ev, "no DefaultZone in etc/firewalld/firewalld.conf: public");
	} else if (rc < 0) {
		fw_ev_add(&f->ev, "cannot read 'etc/firewalld/firewalld.conf': %s", err_str(rc));
		goto out;
	} else {
		fw_ev_add(&f->ev, "no etc/firewalld/firewalld.conf: default zone public");
	}
	if (strchr(zone, '/')) {
		fw_ev_add(&f->ev, "default zone '%s' is not a zone name", zone);
		goto out;
	}
	f->rules = fwd_zone(&fw, zone, &f->ev, &files);
	f->rules = fwd_other_zones(&fw, zone, f->rules, &f->ev);
out:
	buf_adds(&f->config, files.data[0] == ',' ? files.data + 1 : files.data);
	fwd_release(&fw);
	kvlist_release(&kv);
	buf_release(&b);
	buf_release(&files);
}

static void do_iptables(struct scan_ctx *ctx, const struct svc_env *env,
			const struct fw_ports *pp, struct fwrow *f)
{
	/* the saved rules, each with the service that loads it at boot */
	static const struct {
		const char *path;
		const char *const svc[3];
	} files[] = {
		{ "etc/sysconfig/iptables", { "iptables", NULL } },
		{ "etc/iptables/rules.v4", { "netfilter-persistent", "iptables-persistent", NULL } },
	};
	int rc = 1, answer;

	for (size_t i = 0; i < ARRAY_SIZE(files) && rc == 1; i++) {
		rc = fw_iptables(ctx, files[i].path, "INPUT", 1,
				 "no INPUT chain policy: the kernel's ACCEPT", pp, &answer, &f->ev);
		if (rc == 1)
			continue;
		f->present = 1;
		buf_adds(&f->config, files[i].path);
		boot_state(ctx, env, files[i].svc, f);
		if (rc == 0)
			f->rules = answer;
	}
	if (!f->present)
		fw_ev_add(&f->ev, "not present: no saved rules in etc/sysconfig/iptables, "
		       "etc/iptables/rules.v4");
}

static void do_ufw(struct scan_ctx *ctx, const struct svc_env *env, const struct fw_ports *pp,
		   struct fwrow *f)
{
	static const char *const marks[] = { "etc/ufw/ufw.conf", "usr/sbin/ufw", NULL };
	static const char *const svc[] = { "ufw", NULL };
	struct buf b = BUF_INIT, policy = BUF_INIT;
	struct kvlist kv = KVLIST_INIT;
	const char *v;
	int rc, conf_on = -1, accept = 0, answer;

	if (!any_exists(ctx, marks, NULL)) {
		fw_ev_add(&f->ev, "not present: no etc/ufw/ufw.conf, usr/sbin/ufw");
		goto out;
	}
	f->present = 1;
	rc = fsread(ctx, "etc/ufw/ufw.conf", &b);
	if (rc == 0) {
		buf_adds(&f->config, "etc/ufw/ufw.conf");
		kv_parse(b.data, &kv);
		v = kv_get(&kv, "ENABLED");
		conf_on = v && !strcasecmp(v, "yes");
		fw_ev_add(&f->enabled_ev, "etc/ufw/ufw.conf: ENABLED=%s", v ? v : "(unset)");
		kvlist_release(&kv);
	} else {
		fw_ev_add(&f->enabled_ev, "cannot read 'etc/ufw/ufw.conf': %s",
		       rc > 0 ? "absent" : err_str(rc));
	}
	/* ENABLED=yes takes effect at boot through the ufw service */
	boot_state(ctx, env, svc, f);
	if (conf_on == 0 || (conf_on == 1 && f->enabled == 0))
		f->enabled = 0;
	else if (conf_on == 1 && f->enabled == 1)
		f->enabled = 1;
	else if (conf_on == 1)
		f->enabled = -1;
	else
		f->enabled = f->enabled == 0 ? 0 : -1;
	rc = fsread(ctx, "etc/default/ufw", &b);
	if (rc == 0) {
		kv_parse(b.data, &kv);
		v = kv_get_nonempty(&kv, "DEFAULT_INPUT_POLICY");
		accept = v && !strcasecmp(v, "ACCEPT");
		buf_addf(&policy, "etc/default/ufw: DEFAULT_INPUT_POLICY=%s", v ? v : "(unset: DROP)");
		buf_adds(&f->config, ",etc/default/ufw");
	} else {
		buf_adds(&policy, "no etc/default/ufw: ufw's default input policy DROP");
	}
	/* ufw's own chains hand over to the user rules, then to the policy */
	rc = fw_iptables(ctx, "etc/ufw/user.rules", "ufw-user-input", accept, policy.data, pp,
			 &answer, &f->ev);
	if (rc == 0) {
		buf_adds(&f->config, ",etc/ufw/user.rules");
		f->rules = answer;
	} else if (rc > 0) {
		/* no user rules: the default policy decides */
		fw_ev_add(&f->ev, "no etc/ufw/user.rules; %s", policy.data);
		f->rules = accept;
	}
out:
	kvlist_release(&kv);
	buf_release(&b);
	buf_release(&policy);
}

static void do_nftables(struct scan_ctx *ctx, const struct svc_env *env,
			const struct fw_ports *pp, struct fwrow *f)
{
	static const char *const confs[] = { "etc/nftables.conf", "etc/sysconfig/nftables.conf" };
	static const char *const svc[] = { "nftables", NULL };
	int answer;

	if (fw_nftables(ctx, confs, ARRAY_SIZE(confs), pp, &answer, &f->config, &f->ev) != 0) {
		fw_ev_add(&f->ev, "not present: no etc/nftables.conf, etc/sysconfig/nftables.conf");
		return;
	}
	f->present = 1;
	boot_state(ctx, env, svc, f);
	f->rules = answer;
}

int collect_firewall(struct scan_ctx *ctx)
{
	static void (*const readers[])(struct scan_ctx *, const struct svc_env *,
				       const struct fw_ports *, struct fwrow *) = {
		do_firewalld, do_iptables, do_nftables, do_ufw,
	};
	static const char *const kinds[] = { "firewalld", "iptables", "nftables", "ufw" };
	struct svc_env env;
	struct fw_ports pp;
	int rc, present = 0;

	rc = sshd_ports(ctx, &pp);
	if (rc < 0)
		return -1;
	xmlInitParser();
	svc_env_load(ctx, &env);
	for (size_t i = 0; i < ARRAY_SIZE(readers) && rc == 0; i++) {
		struct fwrow f;
		fwrow_init(&f, kinds[i]);
		readers[i](ctx, &env, &pp, &f);
		present += f.present;
		rc = fwrow_insert(ctx, &f, &pp);
		/* an unknown answer says why in the run's reason too */
		if (f.present && f.enabled != 0 && f.rules < 0 && f.ev.len)
			ctx_note(ctx, "%s: whether SSH is allowed is unknown: %s", f.kind, f.ev.data);
		fwrow_release(&f);
	}
	/* what the boot states rest on matters only for a firewall that is there */
	if (present && env.notes.len)
		ctx_note(ctx, "boot states: %s", env.notes.data);
	svc_env_release(&env);
	return rc;
}
