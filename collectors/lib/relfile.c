/*
 * relfile.c - the legacy release files (relfile.h)
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../../scanner/kv.h"
#include "relfile.h"
#include "../../scanner/str.h"
#include "../../scanner/banned.h"

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
size_t relfile_find_version(const char *text, const char **at)
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
int relfile_release_line(const char *text, char **name, char **version, char **codename)
{
	size_t linelen = strcspn(text, "\n");
	char *line = xstrndup(text, linelen);
	char *rel = strstr(line, " release ");
	const char *v = NULL;
	size_t vn;
	int rc = -1;

	if (rel) {
		osinfo_setn(name, line, (size_t)(rel - line));
		vn = relfile_find_version(rel + 9, &v);
	} else {
		vn = relfile_find_version(line, &v);
		if (vn) {
			size_t nn = (size_t)(v - line);
			while (nn && line[nn - 1] == ' ')
				nn--;
			osinfo_setn(name, line, nn);
		}
	}
	if (vn)
		osinfo_setn(version, v, vn);
	char *open = strrchr(line, '(');
	char *close = open ? strchr(open, ')') : NULL;
	if (open && close && close > open + 1)
		osinfo_setn(codename, open + 1, (size_t)(close - open - 1));
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
	relfile_release_line(text, &name, &ver, &code);
	const char *id = id_from_name(name);
	osinfo_set(&o->id, id ? id : "sles");
	osinfo_set(&o->name, name);
	osinfo_set(&o->pretty, name ? text : NULL);
	if (o->pretty)
		o->pretty[strcspn(o->pretty, "\n")] = '\0';
	const char *v = kv_get_nonempty(&kv, "VERSION") ?: ver;
	const char *pl = kv_get_nonempty(&kv, "PATCHLEVEL");
	if (v && pl && strcmp(pl, "0") && !strchr(v, '.')) {
		char *vv = xasprintf("%s.%s", v, pl);
		osinfo_set(&o->version_id, vv);
		free(vv);
	} else {
		osinfo_set(&o->version_id, v);
	}
	/* "SUSE Linux Enterprise Server 11 (x86_64)": the parentheses hold the
	 * architecture there, not a codename */
	static const char *const arches[] = { "x86_64", "i386", "i486", "i586", "i686",
		"ia64", "ppc", "ppc64", "ppc64le", "s390", "s390x", "aarch64" };
	for (size_t i = 0; code && i < sizeof(arches) / sizeof(arches[0]); i++)
		if (!strcmp(code, arches[i]))
			osinfo_set(&code, NULL);
	osinfo_set(&o->codename, kv_get_nonempty(&kv, "CODENAME") ?: code);
	free(name);
	free(ver);
	free(code);
	buf_release(&norm);
	kvlist_release(&kv);
	return 0;
}

/* lsb-release: -1 without DISTRIB_ID */
static int from_lsb(struct osinfo *o, const char *text)
{
	struct kvlist l = KVLIST_INIT, *kv = &l;
	const char *id;

	kv_parse(text, kv);
	id = kv_get_nonempty(kv, "DISTRIB_ID");
	if (!id) {
		kvlist_release(kv);
		return -1;
	}

	osinfo_set(&o->id, id);
	for (char *p = o->id; p && *p; p++)
		*p = (char)(*p == ' ' ? '-' : tolower((unsigned char)*p));
	osinfo_set(&o->name, id);
	osinfo_set(&o->version_id, kv_get(kv, "DISTRIB_RELEASE"));
	osinfo_set(&o->codename, kv_get(kv, "DISTRIB_CODENAME"));
	osinfo_set(&o->pretty, kv_get(kv, "DISTRIB_DESCRIPTION"));
	kvlist_release(kv);
	return 0;
}

/* debian_version: "8.2", "12.5", or "trixie/sid" on testing and unstable */
static void from_debian_version(struct osinfo *o, const char *text)
{
	osinfo_set(&o->id, "debian");
	osinfo_set(&o->name, "Debian GNU/Linux");
	if (version_len(text) == strlen(text)) {
		osinfo_setn(&o->version_id, text, strcspn(text, "."));
		osinfo_set(&o->version, text);
	} else {
		osinfo_setn(&o->codename, text, strcspn(text, "/"));
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
	osinfo_set(&o->id, "slackware");
	osinfo_set(&o->name, "Slackware");
	osinfo_setn(&o->version_id, v, version_len(v));
	osinfo_set(&o->version, o->version_id);
	osinfo_setn(&o->pretty, text, strcspn(text, "\n"));
	return 0;
}

static int from_rh_file(struct osinfo *o, const char *path, const char *text, struct buf *why)
{
	char *name = NULL, *ver = NULL, *code = NULL;
	const char *id;

	if (relfile_release_line(text, &name, &ver, &code) < 0) {
		buf_addf(why, "'%s' is not a release line", path);
		goto err;
	}
	id = id_from_name(name);
	if (!id) {
		/* a distribution premig does not know: the first word of its name
		 * ("Foo Linux release 2" is foo), else the file's ("foo-release");
		 * redhat-release and system-release are the Red Hat family's files */
		const char *base = str_base_name(path);
		size_t n = name && *name ? strcspn(name, " ") : 0;
		char *fid = n ? xstrndup(name, n) : xstrndup(base, strcspn(base, "-"));
		for (char *p = fid; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		osinfo_set(&o->id, fid);
		free(fid);
		if (!strcmp(base, "redhat-release") || !strcmp(base, "system-release"))
			o->family = "rhel";
	} else {
		osinfo_set(&o->id, id);
	}
	osinfo_set(&o->name, name);
	osinfo_set(&o->version_id, ver);
	osinfo_set(&o->codename, code);
	osinfo_setn(&o->pretty, text, strcspn(text, "\n"));
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


static const struct {
	const char *name;
	enum relfile_kind kind;
} kinds[] = {
	{ "SuSE-release", RELFILE_SUSE },
	{ "slackware-version", RELFILE_SLACKWARE },
	{ "lsb-release", RELFILE_LSB },
	{ "debian_version", RELFILE_DEBIAN },
};

enum relfile_kind relfile_kind_of(const char *name)
{
	const char *base = str_base_name(name);

	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(base, kinds[i].name))
			return kinds[i].kind;
	return RELFILE_RH;
}

const char *relfile_kind_name(enum relfile_kind k)
{
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (kinds[i].kind == k)
			return kinds[i].name;
	return "redhat-release";
}

int relfile_parse(enum relfile_kind k, const char *path, const char *text, struct osinfo *o,
		  struct buf *why)
{
	switch (k) {
	case RELFILE_SUSE:
		return from_suse_release(o, text);
	case RELFILE_SLACKWARE:
		if (from_slackware_version(o, text) == 0)
			return 0;
		buf_addf(why, "'%s' does not say \"Slackware VERSION\"", path);
		return -1;
	case RELFILE_LSB:
		if (from_lsb(o, text) == 0)
			return 0;
		buf_addf(why, "'%s' has no DISTRIB_ID", path);
		return -1;
	case RELFILE_DEBIAN:
		from_debian_version(o, text);
		return 0;
	case RELFILE_RH:
		break;
	}
	return from_rh_file(o, path, text, why);
}
