/*
 * osrelease.c - os-release(5) files, and the family of the distribution
 * they name (osrelease.h)
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../../scanner/kv.h"
#include "osrelease.h"
#include "../../scanner/banned.h"

void osinfo_set(char **dst, const char *val)
{
	free(*dst);
	*dst = val && *val ? xstrdup(val) : NULL;
}

void osinfo_setn(char **dst, const char *val, size_t n)
{
	free(*dst);
	*dst = n ? xstrndup(val, n) : NULL;
}

void osinfo_release(struct osinfo *o)
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
const char *osrel_family(const struct osinfo *o)
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

int osrel_parse(const char *text, struct osinfo *o)
{
	struct kvlist kv = KVLIST_INIT;
	int rc = 1;

	kv_parse(text, &kv);
	if (!kv_get_nonempty(&kv, "ID") && !kv_get_nonempty(&kv, "NAME"))
		goto out;
	/* os-release(5): ID defaults to "linux", NAME to "Linux" */
	osinfo_set(&o->id, kv_get_nonempty(&kv, "ID") ?: "linux");
	for (char *p = o->id; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	osinfo_set(&o->version_id, kv_get(&kv, "VERSION_ID"));
	osinfo_set(&o->name, kv_get_nonempty(&kv, "NAME") ?: "Linux");
	osinfo_set(&o->pretty, kv_get(&kv, "PRETTY_NAME"));
	osinfo_set(&o->id_like, kv_get(&kv, "ID_LIKE"));
	osinfo_set(&o->codename, kv_get_nonempty(&kv, "VERSION_CODENAME") ?:
				 kv_get(&kv, "UBUNTU_CODENAME"));
	const char *ver = kv_get(&kv, "VERSION");
	if (ver && !o->codename) {
		/* "7.0 (Maipo)", "14.04.3 LTS, Trusty Tahr" */
		const char *open = strchr(ver, '('), *comma = strchr(ver, ',');
		if (open && strchr(open, ')'))
			osinfo_setn(&o->codename, open + 1, strcspn(open + 1, ")"));
		else if (comma)
			osinfo_set(&o->codename, comma + 1 + strspn(comma + 1, " "));
	}
	osinfo_set(&o->version, ver);
	rc = 0;
out:
	kvlist_release(&kv);
	return rc;
}
