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
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/fsread.h"
#include "../scanner/kv.h"
#include "collectors.h"
#include "../scanner/banned.h"

struct osinfo {
	char *id, *version_id, *version, *name, *pretty, *codename, *id_like;
	const char *family;	/* set when the files, not the id, tell it */
	struct buf source;
};

static void set(char **dst, const char *val)
{
	free(*dst);
	*dst = val && *val ? xstrdup(val) : NULL;
}

static void setn(char **dst, const char *val, size_t n)
{
	free(*dst);
	*dst = n ? xstrndup(val, n) : NULL;
}

static void add_source(struct osinfo *o, const char *path)
{
	if (o->source.len)
		buf_adds(&o->source, ",");
	buf_adds(&o->source, path);
}

/* legacy release-file names to os-release ids, longest prefix first */
static const struct {
	const char *prefix;
	const char *id;
} name_ids[] = {
	{ "Red Hat Enterprise Linux", "rhel" },
	{ "Red Hat Linux", "rhl" },
	{ "CentOS Stream", "centos" },
	{ "CentOS", "centos" },
	{ "Scientific Linux", "scientific" },
	{ "Oracle Linux", "ol" },
	{ "Enterprise Linux Enterprise Linux", "ol" },
	{ "CloudLinux", "cloudlinux" },
	{ "Amazon Linux", "amzn" },
	{ "Fedora", "fedora" },
	{ "Rocky Linux", "rocky" },
	{ "AlmaLinux", "almalinux" },
	{ "EuroLinux", "eurolinux" },
	{ "Virtuozzo", "virtuozzo" },
	{ "XenServer", "xenenterprise" },
	{ "SUSE Linux Enterprise Server", "sles" },
	{ "SUSE LINUX Enterprise Server", "sles" },
	{ "SUSE Linux Enterprise Desktop", "sled" },
	{ "SUSE Linux", "opensuse" },	/* SUSE Linux 10.x, openSUSE's predecessor */
	{ "openSUSE", "opensuse" },
	{ "Asianux", "asianux" },
	{ "ClearOS", "clearos" },
	{ "PUIAS", "puias" },
	{ "ALT Linux", "altlinux" },
	{ "Mageia", "mageia" },
	{ "Mandriva", "mandriva" },
	{ "Gentoo", "gentoo" },
	{ "Ubuntu", "ubuntu" },
	{ "Debian", "debian" },
};

/* families by id; an id's own entry wins over its ID_LIKE */
static const struct {
	const char *id;
	const char *family;
} families[] = {
	{ "rhel", "rhel" }, { "centos", "rhel" }, { "ol", "rhel" }, { "rocky", "rhel" },
	{ "almalinux", "rhel" }, { "cloudlinux", "rhel" }, { "scientific", "rhel" },
	{ "amzn", "rhel" }, { "eurolinux", "rhel" }, { "virtuozzo", "rhel" },
	{ "xenenterprise", "rhel" }, { "rhl", "rhel" }, { "circle", "rhel" },
	{ "navy", "rhel" }, { "euleros", "rhel" }, { "anolis", "rhel" },
	{ "asianux", "rhel" }, { "clearos", "rhel" }, { "puias", "rhel" },
	{ "fedora", "fedora" },
	{ "debian", "debian" }, { "ubuntu", "debian" }, { "raspbian", "debian" },
	{ "linuxmint", "debian" }, { "devuan", "debian" }, { "kali", "debian" },
	{ "sles", "suse" }, { "sled", "suse" }, { "sles_sap", "suse" }, { "suse", "suse" },
	{ "opensuse", "suse" }, { "opensuse-leap", "suse" }, { "opensuse-tumbleweed", "suse" },
	{ "mageia", "mandriva" }, { "mandriva", "mandriva" }, { "openmandriva", "mandriva" },
	{ "arch", "arch" }, { "gentoo", "gentoo" }, { "alpine", "alpine" },
	{ "slackware", "slackware" },
};

static const char *family_of_word(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (strlen(families[i].id) == n && !strncmp(families[i].id, w, n))
			return families[i].family;
	return NULL;
}

/* the family: the id's own, else the first known ID_LIKE word, else the id */
static const char *family_of(const struct osinfo *o)
{
	const char *f;

	if (!o->id)
		return NULL;
	if ((f = family_of_word(o->id, strlen(o->id))))
		return f;
	if (o->family)
		return o->family;
	for (const char *p = o->id_like; p && *p;) {
		size_t n = strcspn(p, " \t");
		if (n && (f = family_of_word(p, n)))
			return f;
		p += n;
		p += strspn(p, " \t");
	}
	/* no ID_LIKE: os-release(5) makes it a distribution of its own */
	return o->id_like ? NULL : o->id;
}

/* the length of a version ("6.10", "2016.03", "7.9.2009") at p, or 0 */
static size_t version_len(const char *p)
{
	size_t n = 0;

	if (!isdigit((unsigned char)p[0]))
		return 0;
	while (isdigit((unsigned char)p[n]) ||
	       (p[n] == '.' && isdigit((unsigned char)p[n + 1])))
		n++;
	return n;
}

/* the first version in text, found at a word start */
static size_t find_version(const char *text, const char **at)
{
	for (const char *p = text; *p; p++) {
		if ((p == text || !isalnum((unsigned char)p[-1])) && version_len(p)) {
			*at = p;
			return version_len(p);
		}
	}
	return 0;
}

/*
 * "NAME release VERSION (CODENAME)" as in redhat-release(5)-style files.
 * Sets name, version and codename of the first line; returns 0 if it has
 * a " release " word or a version.
 */
static int parse_release_line(const char *text, char **name, char **version,
			      char **codename)
{
	size_t linelen = strcspn(text, "\n");
	char *line = xstrndup(text, linelen);
	char *rel = strstr(line, " release ");
	const char *v = NULL;
	size_t vn;
	int rc = -1;

	if (rel) {
		setn(name, line, (size_t)(rel - line));
		vn = find_version(rel + 9, &v);
	} else {
		vn = find_version(line, &v);
		if (vn) {
			size_t nn = (size_t)(v - line);
			while (nn && line[nn - 1] == ' ')
				nn--;
			setn(name, line, nn);
		}
	}
	if (vn)
		setn(version, v, vn);
	char *open = strrchr(line, '(');
	char *close = open ? strchr(open, ')') : NULL;
	if (open && close && close > open + 1)
		setn(codename, open + 1, (size_t)(close - open - 1));
	if (rel || vn)
		rc = 0;
	free(line);
	return rc;
}

static const char *id_from_name(const char *name)
{
	for (size_t i = 0; name && i < sizeof(name_ids) / sizeof(name_ids[0]); i++)
		if (!strncmp(name, name_ids[i].prefix, strlen(name_ids[i].prefix)))
			return name_ids[i].id;
	return NULL;
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
	struct kvlist kv = KVLIST_INIT;
	int rc = read_release(ctx, path, &b);

	if (rc != 0)
		goto out;
	kv_parse(b.data, &kv);
	if (!kv_get_nonempty(&kv, "ID") && !kv_get_nonempty(&kv, "NAME")) {
		ctx_note(ctx, "'%s' has neither ID= nor NAME=", path);
		rc = 1;
		goto out;
	}
	/* os-release(5): ID defaults to "linux", NAME to "Linux" */
	set(&o->id, kv_get_nonempty(&kv, "ID") ?: "linux");
	for (char *p = o->id; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	set(&o->version_id, kv_get(&kv, "VERSION_ID"));
	set(&o->name, kv_get_nonempty(&kv, "NAME") ?: "Linux");
	set(&o->pretty, kv_get(&kv, "PRETTY_NAME"));
	set(&o->id_like, kv_get(&kv, "ID_LIKE"));
	set(&o->codename, kv_get_nonempty(&kv, "VERSION_CODENAME") ?:
			  kv_get(&kv, "UBUNTU_CODENAME"));
	const char *ver = kv_get(&kv, "VERSION");
	if (ver && !o->codename) {
		/* "7.0 (Maipo)", "14.04.3 LTS, Trusty Tahr" */
		const char *open = strchr(ver, '('), *comma = strchr(ver, ',');
		if (open && strchr(open, ')'))
			setn(&o->codename, open + 1, strcspn(open + 1, ")"));
		else if (comma)
			set(&o->codename, comma + 1 + strspn(comma + 1, " "));
	}
	set(&o->version, ver);
	add_source(o, path);
out:
	kvlist_release(&kv);
	buf_release(&b);
	return rc;
}

static int from_suse_release(struct osinfo *o, const char *text)
{
	struct kvlist kv = KVLIST_INIT;
	struct buf norm = BUF_INIT;
	char *name = NULL, *ver = NULL, *code = NULL;

	/* "VERSION = 11" lines: drop the blanks around '=' for kv_parse */
	for (const char *p = text; *p; p++) {
		if (*p == ' ' && (p[1] == '=' || (p > text && p[-1] == '=')))
			continue;
		buf_addc(&norm, *p);
	}
	kv_parse(norm.data, &kv);
	parse_release_line(text, &name, &ver, &code);
	const char *id = id_from_name(name);
	set(&o->id, id ? id : "sles");
	set(&o->name, name);
	set(&o->pretty, name ? text : NULL);
	if (o->pretty)
		o->pretty[strcspn(o->pretty, "\n")] = '\0';
	const char *v = kv_get_nonempty(&kv, "VERSION") ?: ver;
	const char *pl = kv_get_nonempty(&kv, "PATCHLEVEL");
	if (v && pl && strcmp(pl, "0") && !strchr(v, '.')) {
		char *vv = xasprintf("%s.%s", v, pl);
		set(&o->version_id, vv);
		free(vv);
	} else {
		set(&o->version_id, v);
	}
	/* "SUSE Linux Enterprise Server 11 (x86_64)": the parentheses hold the
	 * architecture there, not a codename */
	static const char *const arches[] = { "x86_64", "i386", "i486", "i586", "i686",
		"ia64", "ppc", "ppc64", "ppc64le", "s390", "s390x", "aarch64" };
	for (size_t i = 0; code && i < sizeof(arches) / sizeof(arches[0]); i++)
		if (!strcmp(code, arches[i]))
			set(&code, NULL);
	set(&o->codename, kv_get_nonempty(&kv, "CODENAME") ?: code);
	free(name);
	free(ver);
	free(code);
	buf_release(&norm);
	kvlist_release(&kv);
	return 0;
}

static void from_lsb(struct osinfo *o, const struct kvlist *kv)
{
	const char *id = kv_get_nonempty(kv, "DISTRIB_ID");

	set(&o->id, id);
	for (char *p = o->id; p && *p; p++)
		*p = (char)(*p == ' ' ? '-' : tolower((unsigned char)*p));
	set(&o->name, id);
	set(&o->version_id, kv_get(kv, "DISTRIB_RELEASE"));
	set(&o->codename, kv_get(kv, "DISTRIB_CODENAME"));
	set(&o->pretty, kv_get(kv, "DISTRIB_DESCRIPTION"));
}

/* debian_version: "8.2", "12.5", or "trixie/sid" on testing and unstable */
static void from_debian_version(struct osinfo *o, const char *text)
{
	set(&o->id, "debian");
	set(&o->name, "Debian GNU/Linux");
	if (version_len(text) == strlen(text)) {
		setn(&o->version_id, text, strcspn(text, "."));
		set(&o->version, text);
	} else {
		setn(&o->codename, text, strcspn(text, "/"));
	}
}

/* slackware-version: "Slackware 14.1" (Slackware had no os-release before 14.2) */
static int from_slackware_version(struct osinfo *o, const char *text)
{
	const char *v;

	if (strncmp(text, "Slackware ", 10))
		return -1;
	v = text + 10;
	v += strspn(v, " ");
	if (!version_len(v))
		return -1;
	set(&o->id, "slackware");
	set(&o->name, "Slackware");
	setn(&o->version_id, v, version_len(v));
	set(&o->version, o->version_id);
	setn(&o->pretty, text, strcspn(text, "\n"));
	return 0;
}

/* the redhat-release family, most specific first */
static const char *const rh_files[] = {
	"etc/oracle-release", "etc/enterprise-release", "etc/centos-release",
	"etc/rocky-release", "etc/almalinux-release", "etc/cloudlinux-release",
	"etc/system-release", "etc/redhat-release", "etc/fedora-release",
	"etc/mageia-release", "etc/mandriva-release", "etc/gentoo-release",
};

#define NRH (sizeof(rh_files) / sizeof(rh_files[0]))

static int from_rh_file(struct scan_ctx *ctx, struct osinfo *o, const char *path,
			const char *text)
{
	char *name = NULL, *ver = NULL, *code = NULL;
	const char *id;

	if (parse_release_line(text, &name, &ver, &code) < 0) {
		ctx_note(ctx, "'%s' is not a release line", path);
		goto err;
	}
	id = id_from_name(name);
	if (!id) {
		/* a distribution premig does not know: the first word of its name
		 * ("Foo Linux release 2" is foo), else the file's ("foo-release");
		 * redhat-release and system-release are the Red Hat family's files */
		const char *base = strrchr(path, '/') + 1;
		size_t n = name && *name ? strcspn(name, " ") : 0;
		char *fid = n ? xstrndup(name, n) : xstrndup(base, strcspn(base, "-"));
		for (char *p = fid; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		set(&o->id, fid);
		free(fid);
		if (!strcmp(base, "redhat-release") || !strcmp(base, "system-release"))
			o->family = "rhel";
	} else {
		set(&o->id, id);
	}
	set(&o->name, name);
	set(&o->version_id, ver);
	set(&o->codename, code);
	setn(&o->pretty, text, strcspn(text, "\n"));
	add_source(o, path);
	free(name);
	free(ver);
	free(code);
	return 0;
err:
	free(name);
	free(ver);
	free(code);
	return -1;
}

static int legacy(struct scan_ctx *ctx, struct osinfo *o)
{
	struct buf b = BUF_INIT;
	struct kvlist kv = KVLIST_INIT;
	char **names = NULL;
	size_t n = 0;
	int rc = 1;

	for (size_t i = 0; i < NRH; i++) {
		if (read_release(ctx, rh_files[i], &b) == 0 &&
		    from_rh_file(ctx, o, rh_files[i], b.data) == 0) {
			rc = 0;
			goto out;
		}
	}
	if (read_release(ctx, "etc/SuSE-release", &b) == 0) {
		from_suse_release(o, b.data);
		add_source(o, "etc/SuSE-release");
		rc = 0;
		goto out;
	}
	if (read_release(ctx, "etc/slackware-version", &b) == 0 &&
	    from_slackware_version(o, b.data) == 0) {
		add_source(o, "etc/slackware-version");
		rc = 0;
		goto out;
	}
	if (read_release(ctx, "etc/lsb-release", &b) == 0) {
		kv_parse(b.data, &kv);
		if (kv_get_nonempty(&kv, "DISTRIB_ID")) {
			from_lsb(o, &kv);
			add_source(o, "etc/lsb-release");
			rc = 0;
			goto out;
		}
	}
	if (read_release(ctx, "etc/debian_version", &b) == 0) {
		from_debian_version(o, b.data);
		add_source(o, "etc/debian_version");
		rc = 0;
		goto out;
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
				 read_release(ctx, path, &b) == 0 &&
				 from_rh_file(ctx, o, path, b.data) == 0;
			free(path);
			if (ok) {
				rc = 0;
				goto out;
			}
		}
	}
out:
	sysroot_names_free(names, n);
	kvlist_release(&kv);
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
	size_t n = text ? find_version(text, &at) : 0;

	if (!n)
		return;
	char *v = xstrndup(at, n);
	if ((!base || extends(base, v)) && (!*best || strlen(v) > strlen(*best)))
		set(best, v);
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
			set(&o->codename, kv_get(&kv, "DISTRIB_CODENAME"));
	}
	for (size_t i = 0; i < NRH + sizeof(more) / sizeof(more[0]); i++) {
		if (fsread(ctx, i < NRH ? rh_files[i] : more[i - NRH], &b) != 0)
			continue;
		b.data[strcspn(b.data, "\n")] = '\0';
		const char *rel = strstr(b.data, " release ");
		consider(&best, o->version_id, rel ? rel + 9 : b.data);
		if (!o->codename && rel) {
			char *name = NULL, *ver = NULL, *code = NULL;
			parse_release_line(b.data, &name, &ver, &code);
			if (code)
				set(&o->codename, code);
			free(name);
			free(ver);
			free(code);
		}
	}
	set(&o->version, best);
	free(best);
	kvlist_release(&kv);
	buf_release(&b);
}

static void osinfo_release(struct osinfo *o)
{
	free(o->id);
	free(o->version_id);
	free(o->version);
	free(o->name);
	free(o->pretty);
	free(o->codename);
	free(o->id_like);
	buf_release(&o->source);
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
	dbrow_text(&r, "family", family_of(&o));
	dbrow_text(&r, "id_like", o.id_like);
	dbrow_text(&r, "source", o.source.data);
	rc = dbrow_insert(ctx->db, ctx->scan_id, &r);
	if (rc < 0)
		ctx_note(ctx, "store: cannot insert os");
out:
	osinfo_release(&o);
	return rc;
}
