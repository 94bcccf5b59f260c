/*
 * os.c - the distribution: id, version, name, codename, family
 *
 * os-release(5) first (etc/os-release, then usr/lib/os-release), then the
 * legacy files of hosts that have none: etc/redhat-release and its siblings
 * ("CentOS release 6.10 (Final)"), etc/system-release (Amazon Linux AMI),
 * etc/SuSE-release (VERSION and PATCHLEVEL: SLES 11 SP4 is 11.4),
 * etc/lsb-release, etc/debian_version, then any other etc/<name>-release.
 * Ids are os-release ids (rhel, centos, ol, sles, amzn, ...).  When
 * os-release is present the legacy files still refine the version
 * ("version": the most precise version that agrees with VERSION_ID).
 * The files are read as text by lib/osrelease.c and lib/relfile.c; this
 * file keeps their order and the refinement.
 */
#include <stdlib.h>
#include <string.h>

#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/fsread.h"
#include "../scanner/kv.h"
#include "collectors.h"
#include "lib/osrelease.h"
#include "lib/relfile.h"
#include "../scanner/str.h"
#include "../scanner/banned.h"

static void add_source(struct osinfo *o, const char *path)
{
	if (o->source.len)
		buf_adds(&o->source, ",");
	buf_adds(&o->source, path);
}

/* reads a release file; notes problems other than absence; 0 if it has text */
static int read_release(struct scan_ctx *ctx, const char *path, struct buf *b)
{
	int rc = fsread(ctx, path, b);

	if (rc < 0) {
		ctx_note_read(ctx, path, rc);
		return rc;
	}
	if (rc > 0)
		return 1;
	buf_rtrim(b);
	if (!b->len) {
		ctx_note(ctx, "'%s' is empty", path);
		return 1;
	}
	return 0;
}

static int from_os_release(struct scan_ctx *ctx, struct osinfo *o, const char *path)
{
	struct buf b = BUF_INIT;
	int rc = read_release(ctx, path, &b);

	if (rc == 0) {
		rc = osrel_parse(b.data, o);
		if (rc == 0)
			add_source(o, path);
		else
			ctx_note(ctx, "'%s' has neither ID= nor NAME=", path);
	}
	buf_release(&b);
	return rc;
}

/* a legacy file of kind k at path: 0 when it names the distribution */
static int from_legacy(struct scan_ctx *ctx, struct osinfo *o, const char *path,
		       enum relfile_kind k, struct buf *b)
{
	struct buf why = BUF_INIT;
	int rc = -1;

	if (read_release(ctx, path, b) != 0)
		return -1;
	if (relfile_parse(k, path, b->data, o, &why) == 0) {
		add_source(o, path);
		rc = 0;
	} else if (k == RELFILE_RH) {
		ctx_note(ctx, "%s", why.data);
	}
	buf_release(&why);
	return rc;
}

/* the redhat-release family, most specific first */
static const char *const rh_files[] = {
	"etc/oracle-release", "etc/enterprise-release", "etc/centos-release",
	"etc/rocky-release", "etc/almalinux-release", "etc/cloudlinux-release",
	"etc/system-release", "etc/redhat-release", "etc/fedora-release",
	"etc/mageia-release", "etc/mandriva-release", "etc/gentoo-release",
};

#define NRH (sizeof(rh_files) / sizeof(rh_files[0]))

static int legacy(struct scan_ctx *ctx, struct osinfo *o)
{
	static const struct {
		const char *path;
		enum relfile_kind kind;
	} others[] = {
		{ "etc/SuSE-release", RELFILE_SUSE },
		{ "etc/slackware-version", RELFILE_SLACKWARE },
		{ "etc/lsb-release", RELFILE_LSB },
		{ "etc/debian_version", RELFILE_DEBIAN },
	};
	struct buf b = BUF_INIT;
	char **names = NULL;
	size_t n = 0;
	int rc = 1;

	for (size_t i = 0; i < NRH; i++) {
		if (from_legacy(ctx, o, rh_files[i], RELFILE_RH, &b) == 0) {
			rc = 0;
			goto out;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(others); i++) {
		if (from_legacy(ctx, o, others[i].path, others[i].kind, &b) == 0) {
			rc = 0;
			goto out;
		}
	}
	/* any other etc/<name>-release that is a file of its own */
	if (sysroot_list(ctx, "etc", &names, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			size_t len = strlen(names[i]);
			struct stat st;
			if (len <= 8 || strcmp(names[i] + len - 8, "-release") ||
			    !strcmp(names[i], "os-release") || !strcmp(names[i], "lsb-release"))
				continue;
			char *path = xasprintf("etc/%s", names[i]);
			int ok = sysroot_lstat(ctx, path, &st) == 0 && S_ISREG(st.st_mode) &&
				 from_legacy(ctx, o, path, RELFILE_RH, &b) == 0;
			free(path);
			if (ok) {
				rc = 0;
				goto out;
			}
		}
	}
out:
	sysroot_names_free(names, n);
	buf_release(&b);
	return rc;
}

/* does candidate extend base component by component ("7" -> "7.9.2009")? */
static int extends(const char *base, const char *cand)
{
	size_t n = strlen(base);

	return !strncmp(base, cand, n) && (cand[n] == '\0' || cand[n] == '.');
}

static void consider(char **best, const char *base, const char *text)
{
	const char *at;
	size_t n = text ? relfile_find_version(text, &at) : 0;

	if (!n)
		return;
	char *v = xstrndup(at, n);
	if ((!base || extends(base, v)) && (!*best || strlen(v) > strlen(*best)))
		osinfo_set(best, v);
	free(v);
}

/* the most precise version the files agree on (python-distro's best version) */
static void refine_version(struct scan_ctx *ctx, struct osinfo *o)
{
	static const char *const more[] = { "etc/debian_version", "etc/SuSE-release" };
	struct buf b = BUF_INIT;
	struct kvlist kv = KVLIST_INIT;
	char *best = NULL;

	consider(&best, o->version_id, o->version_id);
	consider(&best, o->version_id, o->version);
	consider(&best, o->version_id, o->pretty);
	if (fsread(ctx, "etc/lsb-release", &b) == 0) {
		kv_parse(b.data, &kv);
		consider(&best, o->version_id, kv_get(&kv, "DISTRIB_RELEASE"));
		if (!o->codename)
			osinfo_set(&o->codename, kv_get(&kv, "DISTRIB_CODENAME"));
	}
	for (size_t i = 0; i < NRH + sizeof(more) / sizeof(more[0]); i++) {
		if (fsread(ctx, i < NRH ? rh_files[i] : more[i - NRH], &b) != 0)
			continue;
		b.data[strcspn(b.data, "\n")] = '\0';
		const char *rel = strstr(b.data, " release ");
		consider(&best, o->version_id, rel ? rel + 9 : b.data);
		if (!o->codename && rel) {
			char *name = NULL, *ver = NULL, *code = NULL;
			relfile_release_line(b.data, &name, &ver, &code);
			if (code)
				osinfo_set(&o->codename, code);
			free(name);
			free(ver);
			free(code);
		}
	}
	osinfo_set(&o->version, best);
	free(best);
	kvlist_release(&kv);
	buf_release(&b);
}

int collect_os(struct scan_ctx *ctx)
{
	struct osinfo o = { 0 };
	struct dbrow r;
	int rc;

	buf_init(&o.source);
	rc = from_os_release(ctx, &o, "etc/os-release");
	if (rc != 0)
		rc = from_os_release(ctx, &o, "usr/lib/os-release");
	if (rc != 0)
		rc = legacy(ctx, &o);
	if (rc != 0) {
		ctx_note(ctx, "no release file identifies the distribution "
			 "(etc/os-release, usr/lib/os-release, etc/*-release, etc/lsb-release, "
			 "etc/debian_version)");
		rc = -1;
		goto out;
	}
	refine_version(ctx, &o);
	dbrow_init(&r, "os");
	dbrow_text(&r, "id", o.id);
	dbrow_text(&r, "version_id", o.version_id);
	dbrow_text(&r, "version", o.version);
	dbrow_text(&r, "name", o.name);
	dbrow_text(&r, "pretty_name", o.pretty);
	dbrow_text(&r, "codename", o.codename);
	dbrow_text(&r, "family", osrel_family(&o));
	dbrow_text(&r, "id_like", o.id_like);
	dbrow_text(&r, "source", o.source.data);
	rc = dbrow_insert(ctx->db, ctx->scan_id, &r);
	if (rc < 0)
		ctx_note(ctx, "store: cannot insert os");
out:
	osinfo_release(&o);
	return rc;
}
