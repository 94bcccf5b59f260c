/*
 * netconf.c - parsers of the distribution's network configuration files
 *
 * Sources: ifcfg-rh (initscripts' sysconfig.txt, nm-settings-ifcfg-rh(5)),
 * SUSE ifcfg(5) and ifcfg-bonding(5), interfaces(5) of ifupdown, netplan(5)
 * and netplan-generate(8) (later files override scalars and append to
 * sequences), nm-settings-keyfile(5), systemd.network(5).  Which of them
 * the host actually uses is read from the enabled service links
 * (the *.wants directories of etc/systemd/system) and the init scripts
 * present.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../scanner/err.h"
#include "../../scanner/fsread.h"
#include "../../scanner/kv.h"
#include "netconf.h"
#include "netconf_int.h"
#include "../../scanner/str.h"
#include "../../scanner/banned.h"

/* the set, notes and small helpers                                    */

void netconf_set_init(struct netconf_set *s)
{
	memset(s, 0, sizeof(*s));
}

void netconf_entry_release(struct netconf *c)
{
	free(c->path);
	free(c->id);
	free(c->name);
	free(c->globs);
	free(c->mac);
	free(c->set_mac);
	free(c->kind);
	free(c->master);
	free(c->addrs);
	memset(c, 0, sizeof(*c));
}

void netconf_set_release(struct netconf_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		netconf_entry_release(&s->v[i]);
	free(s->v);
	netconf_set_init(s);
}

void netconf_note(struct scan_ctx *ctx, struct netconf_set *s, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (s->notes >= NETCONF_MAX_NOTES) {
		s->dropped++;
		return;
	}
	s->notes++;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	ctx_note(ctx, "%s", b.data);
	buf_release(&b);
}

void netconf_notes_flush(struct scan_ctx *ctx, struct netconf_set *s)
{
	if (s->dropped)
		ctx_note(ctx, "%u more notes left out", s->dropped);
	s->dropped = 0;
}

void netconf_note_read(struct scan_ctx *ctx, struct netconf_set *s, const char *path, int rc)
{
	netconf_note(ctx, s, "cannot read '%s': %s", path, err_str(rc));
}

void netconf_set_str(char **dst, const char *val)
{
	free(*dst);
	*dst = val ? xstrdup(val) : NULL;
}

void netconf_set_strn(char **dst, const char *val, size_t n)
{
	free(*dst);
	*dst = xstrndup(val, n);
}

int netconf_is_true(const char *v)
{
	static const char *const yes[] = { "yes", "true", "on", "y", "1" };

	for (size_t i = 0; v && i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcasecmp(v, yes[i]))
			return 1;
	return 0;
}

int netconf_is_false(const char *v)
{
	static const char *const no[] = { "no", "false", "off", "n", "0" };

	for (size_t i = 0; v && i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcasecmp(v, no[i]))
			return 1;
	return 0;
}

/* a decimal number no larger than max; 0 on success */
int netconf_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

int netconf_valid_ifname(const char *s, size_t n)
{
	/* IFNAMSIZ is 16 with the NUL; an alias label adds ":N" */
	if (n == 0 || n > 15 + 6 || (n == 1 && s[0] == '.') ||
	    (n == 2 && s[0] == '.' && s[1] == '.'))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c >= 0x7f || c == '/' || c == '*' || c == '?' || c == '[')
			return 0;
	}
	return 1;
}

int netconf_has_glob(const char *s)
{
	return strpbrk(s, "*?[!") != NULL;
}

int netconf_parse_addr(const char *text, size_t len, struct netconf_addr *out)
{
	char tmp[INET6_ADDRSTRLEN + 8];
	unsigned char bin[16];
	unsigned long prefix;
	char *slash;

	while (len && isspace((unsigned char)*text)) {
		text++;
		len--;
	}
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	if (len == 0 || len >= sizeof(tmp))
		return -1;
	memcpy(tmp, text, len);
	tmp[len] = '\0';
	slash = strchr(tmp, '/');
	if (slash)
		*slash = '\0';
	if (inet_pton(AF_INET, tmp, bin) == 1)
		out->family = 4;
	else if (inet_pton(AF_INET6, tmp, bin) == 1)
		out->family = 6;
	else
		return -1;
	if (!inet_ntop(out->family == 4 ? AF_INET : AF_INET6, bin, out->addr, sizeof(out->addr)))
		return -1;
	out->prefix = -1;
	if (slash) {
		if (netconf_parse_uint(slash + 1, out->family == 4 ? 32 : 128, &prefix) < 0)
			return -1;
		out->prefix = (int)prefix;
	}
	return 0;
}

/* "255.255.255.0" or "24" as a prefix length; -1 when invalid */
int netconf_mask_prefix(const char *mask, int family)
{
	unsigned long v;
	struct in_addr a;

	if (!mask)
		return -1;
	if (netconf_parse_uint(mask, family == 4 ? 32 : 128, &v) == 0)
		return (int)v;
	if (family != 4 || inet_pton(AF_INET, mask, &a) != 1)
		return -1;
	uint32_t m = ntohl(a.s_addr), inv = ~m;
	/* a netmask is ones then zeros: its inverse plus one is a power of two */
	if (inv & (inv + 1))
		return -1;
	return __builtin_popcount(m);
}

int netconf_parse_mac(const char *text, size_t len, char *out, size_t outsz)
{
	size_t o = 0, bytes = 0, i = 0;

	while (len && isspace((unsigned char)*text)) {
		text++;
		len--;
	}
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	while (i < len) {
		if (i + 1 >= len || !isxdigit((unsigned char)text[i]) ||
		    !isxdigit((unsigned char)text[i + 1]))
			return -1;
		if (o + 3 > outsz)
			return -1;
		if (bytes)
			out[o++] = ':';
		out[o++] = (char)tolower((unsigned char)text[i]);
		out[o++] = (char)tolower((unsigned char)text[i + 1]);
		bytes++;
		i += 2;
		if (i < len) {
			if (text[i] != ':' && text[i] != '-')
				return -1;
			if (++i == len)
				return -1;
		}
	}
	/* Ethernet, EUI-64 and InfiniBand link addresses */
	if (bytes != 6 && bytes != 8 && bytes != 20)
		return -1;
	out[o] = '\0';
	return 0;
}

/* a MAC list "a b c" for netconf.mac; invalid ones are noted and skipped */
void netconf_set_macs(struct scan_ctx *ctx, struct netconf_set *s, char **dst,
		     const char *path, const char *list)
{
	struct buf b = BUF_INIT;
	char mac[64];

	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, " \t,");
		if (n) {
			if (netconf_parse_mac(p, n, mac, sizeof(mac)) == 0) {
				if (b.len)
					buf_addc(&b, ' ');
				buf_adds(&b, mac);
			} else {
				netconf_note(ctx, s, "'%s': invalid MAC address '%.*s'", path,
					     (int)(n > 64 ? 64 : n), p);
			}
		}
		p += n;
		p += strspn(p, " \t,");
	}
	free(*dst);
	*dst = b.len ? buf_detach(&b) : NULL;
	buf_release(&b);
}

void netconf_set_mac1(struct scan_ctx *ctx, struct netconf_set *s, char **dst,
		     const char *path, const char *val)
{
	char mac[64];

	if (!val || !*val)
		return;
	if (netconf_parse_mac(val, strlen(val), mac, sizeof(mac)) == 0)
		netconf_set_str(dst, mac);
	else
		netconf_note(ctx, s, "'%s': invalid MAC address '%.64s'", path, val);
}

void netconf_set_mtu(struct scan_ctx *ctx, struct netconf_set *s, struct netconf *c,
		    const char *path, const char *val)
{
	unsigned long v;

	if (!val || !*val)
		return;
	/* the kernel's limit for any device is 65536 plus headroom; be generous */
	if (netconf_parse_uint(val, 1UL << 24, &v) == 0 && v >= 68)
		c->mtu = (long)v;
	else
		netconf_note(ctx, s, "'%s': invalid MTU '%.32s'", path, val);
}

/* a new entry, or NULL (with a note once) when the cap is reached */
struct netconf *netconf_entry_new(struct scan_ctx *ctx, struct netconf_set *s,
				 enum netconf_source src, const char *path)
{
	struct netconf *c;

	if (s->n >= NETCONF_MAX_ENTRIES) {
		if (!s->full)
			netconf_note(ctx, s, "more than %d configured interfaces: the rest are ignored",
				     NETCONF_MAX_ENTRIES);
		s->full = 1;
		return NULL;
	}
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 16;
		s->v = xrealloc(s->v, s->alloc * sizeof(*s->v));
	}
	c = &s->v[s->n++];
	memset(c, 0, sizeof(*c));
	c->source = src;
	c->path = xstrdup(path);
	c->dhcp4 = -1;
	c->dhcp6 = -1;
	return c;
}

void netconf_add_addr(struct scan_ctx *ctx, struct netconf_set *s, struct netconf *c,
		     const struct netconf_addr *a)
{
	for (size_t i = 0; i < c->naddrs; i++)
		if (c->addrs[i].family == a->family && !strcmp(c->addrs[i].addr, a->addr))
			return;
	if (c->naddrs >= NETCONF_MAX_ADDRS) {
		if (!c->addrs_full)
			netconf_note(ctx, s, "'%s': more than %d addresses: the rest are ignored",
				     c->path, NETCONF_MAX_ADDRS);
		c->addrs_full = 1;
		return;
	}
	c->addrs = xrealloc(c->addrs, (c->naddrs + 1) * sizeof(*c->addrs));
	c->addrs[c->naddrs++] = *a;
}

/* parses text as an address; prefix_text, when given, supplies the prefix */
void netconf_add_addr_text(struct scan_ctx *ctx, struct netconf_set *s, struct netconf *c,
			  const char *path, const char *text, size_t len,
			  const char *prefix_text, int want_family)
{
	struct netconf_addr a;

	if (netconf_parse_addr(text, len, &a) < 0 ||
	    (want_family && a.family != want_family)) {
		netconf_note(ctx, s, "'%s': invalid address '%.*s'", path,
			     (int)(len > 64 ? 64 : len), text);
		return;
	}
	if (a.prefix < 0 && prefix_text) {
		a.prefix = netconf_mask_prefix(prefix_text, a.family);
		if (a.prefix < 0)
			netconf_note(ctx, s, "'%s': invalid netmask or prefix '%.64s'", path,
				     prefix_text);
	}
	netconf_add_addr(ctx, s, c, &a);
}

int netconf_name_is_alias(const char *name)
{
	return name && strchr(name, ':') != NULL;
}

/* directory entries, capped, or none (a note unless the directory is absent) */
size_t netconf_list_dir(struct scan_ctx *ctx, struct netconf_set *s, const char *dir,
		       char ***names)
{
	size_t n = 0;
	int rc = sysroot_list(ctx, dir, names, &n);

	if (rc != 0) {
		if (rc < 0 && rc != -ENOTDIR)
			netconf_note(ctx, s, "cannot list '%s': %s", dir, err_str(rc));
		*names = NULL;
		return 0;
	}
	if (n > NETCONF_MAX_FILES) {
		netconf_note(ctx, s, "'%s' has %zu entries: only the first %d are read",
			     dir, n, NETCONF_MAX_FILES);
		for (size_t i = NETCONF_MAX_FILES; i < n; i++)
			free((*names)[i]);
		n = NETCONF_MAX_FILES;
	}
	return n;
}

/* backup and package-manager leftovers the network scripts skip */
int netconf_is_backup(const char *name)
{
	static const char *const sfx[] = {
		"~", ".bak", ".orig", ".rpmnew", ".rpmorig", ".rpmsave", ".old", ".swp",
		".tmp", ".save", ".dpkg-old", ".dpkg-dist", ".dpkg-new", ".rej",
	};

	if (name[0] == '.')
		return 1;
	for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++)
		if (str_ends_with(name, sfx[i]))
			return 1;
	return strstr(name, ".~") != NULL;
}

/* a file linked to /dev/null is masked (systemd and netplan both do this) */
int netconf_is_masked(struct scan_ctx *ctx, const char *path)
{
	struct buf t = BUF_INIT;
	int masked = sysroot_readlink(ctx, path, &t) == 0 && !strcmp(t.data, "/dev/null");

	buf_release(&t);
	return masked;
}

struct netconf *netconf_find_entry(struct netconf_set *s, enum netconf_source src,
				  const char *name, int by_id)
{
	for (size_t i = 0; i < s->n; i++) {
		const char *k = by_id ? s->v[i].id : s->v[i].name;
		if (s->v[i].source == src && k && !strcmp(k, name))
			return &s->v[i];
	}
	return NULL;
}

void netconf_members_add(struct members *m, const char *member, size_t len, const char *master)
{
	if (m->n >= NETCONF_MAX_ENTRIES)
		return;
	m->v = xrealloc(m->v, (m->n + 1) * sizeof(*m->v));
	m->v[m->n].member = xstrndup(member, len);
	m->v[m->n].master = xstrdup(master);
	m->n++;
}

void netconf_members_apply(struct netconf_set *s, enum netconf_source src, size_t from,
			  struct members *m, int by_id)
{
	for (size_t i = 0; i < m->n; i++) {
		for (size_t j = from; j < s->n; j++) {
			struct netconf *c = &s->v[j];
			const char *k = by_id ? c->id : c->name;
			if (c->source == src && k && !strcmp(k, m->v[i].member) && !c->master)
				netconf_set_str(&c->master, m->v[i].master);
		}
		free(m->v[i].member);
		free(m->v[i].master);
	}
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

/* ------------------------------------------------------------------ */
/* INI-style files: NetworkManager keyfiles, systemd.network            */


/* splits text (modified in place) into at most INI_MAX_LINES assignments */
size_t netconf_ini_parse(char *text, struct ini **out)
{
	struct ini *v = NULL;
	size_t n = 0, alloc = 0;
	char *section = NULL;
	int lineno = 0;

	for (char *s = text; s && *s;) {
		char *eol = strchr(s, '\n');
		lineno++;
		if (eol)
			*eol = '\0';
		char *l = s + strspn(s, " \t");
		char *e = l + strlen(l);
		while (e > l && isspace((unsigned char)e[-1]))
			*--e = '\0';
		if (*l == '[' && e > l + 1 && e[-1] == ']') {
			e[-1] = '\0';
			section = l + 1;
		} else if (*l && *l != '#' && *l != ';' && section && n < INI_MAX_LINES) {
			char *eq = strchr(l, '=');
			if (eq) {
				char *k = eq;
				while (k > l && isspace((unsigned char)k[-1]))
					k--;
				*k = '\0';
				if (n == alloc) {
					alloc = alloc ? alloc * 2 : 32;
					v = xrealloc(v, alloc * sizeof(*v));
				}
				v[n].section = section;
				v[n].key = l;
				v[n].val = eq + 1 + strspn(eq + 1, " \t");
				v[n].line = lineno;
				n++;
			}
		}
		s = eol ? eol + 1 : NULL;
	}
	*out = v;
	return n;
}

const char *netconf_ini_get(const struct ini *v, size_t n, const char *section, const char *key)
{
	const char *found = NULL;

	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].section, section) && !strcmp(v[i].key, key))
			found = v[i].val;
	return found;
}

/* ------------------------------------------------------------------ */
/* which of them the host uses                                         */

static const struct {
	enum netconf_source src;
	const char *path;
} evidence[] = {
	{ NETCONF_NETWORKD, "etc/systemd/system/multi-user.target.wants/systemd-networkd.service" },
	{ NETCONF_NETWORKD, "etc/systemd/system/sockets.target.wants/systemd-networkd.socket" },
	{ NETCONF_NM, "etc/systemd/system/multi-user.target.wants/NetworkManager.service" },
	{ NETCONF_NM, "etc/systemd/system/dbus-org.freedesktop.NetworkManager.service" },
	{ NETCONF_WICKED, "etc/systemd/system/multi-user.target.wants/wicked.service" },
	{ NETCONF_IFUPDOWN, "etc/systemd/system/multi-user.target.wants/networking.service" },
	{ NETCONF_IFUPDOWN, "etc/systemd/system/network-online.target.wants/networking.service" },
	/* SysV hosts: the init script that reads the files */
	{ NETCONF_IFUPDOWN, "etc/init.d/networking" },
	{ NETCONF_IFCFG, "etc/rc.d/init.d/network" },
	{ NETCONF_WICKED, "etc/init.d/network" },
};

void netconf_detect_in_use(struct scan_ctx *ctx, struct netconf_set *s)
{
	struct buf t = BUF_INIT;
	struct stat st;
	int have[NETCONF_NSOURCES] = { 0 };

	for (size_t i = 0; i < s->n; i++)
		have[s->v[i].source] = 1;
	for (size_t i = 0; i < sizeof(evidence) / sizeof(evidence[0]); i++) {
		enum netconf_source src = evidence[i].src;
		if (!s->in_use[src] && sysroot_lstat(ctx, evidence[i].path, &st) == 0) {
			s->in_use[src] = 1;
			s->evidence[src] = evidence[i].path;
		}
	}
	/* SUSE: network.service is an alias of wicked.service or NetworkManager.service */
	if (sysroot_readlink(ctx, "etc/systemd/system/network.service", &t) == 0) {
		const char *base = strrchr(t.data, '/') ? strrchr(t.data, '/') + 1 : t.data;
		enum netconf_source src = !strcmp(base, "wicked.service") ? NETCONF_WICKED :
					  !strcmp(base, "NetworkManager.service") ? NETCONF_NM :
					  NETCONF_NSOURCES;
		if (src != NETCONF_NSOURCES && !s->in_use[src]) {
			s->in_use[src] = 1;
			s->evidence[src] = "etc/systemd/system/network.service";
		}
	}
	/* NetworkManager reads ifcfg files through its ifcfg-rh plugin */
	if (s->in_use[NETCONF_NM] && have[NETCONF_IFCFG] && !s->in_use[NETCONF_IFCFG]) {
		s->in_use[NETCONF_IFCFG] = 1;
		s->evidence[NETCONF_IFCFG] = s->evidence[NETCONF_NM];
	}
	/* netplan generates the other back ends' files at every boot */
	if (have[NETCONF_NETPLAN]) {
		s->in_use[NETCONF_NETPLAN] = 1;
		s->evidence[NETCONF_NETPLAN] = "etc/netplan";
	}
	buf_release(&t);
}

void netconf_read(struct scan_ctx *ctx, struct netconf_set *s)
{
	netconf_read_ifcfg(ctx, s);
	netconf_read_wicked(ctx, s);
	netconf_read_ifupdown(ctx, s);
	netconf_read_netplan(ctx, s);
	netconf_read_nm(ctx, s);
	netconf_read_networkd(ctx, s);
	netconf_detect_in_use(ctx, s);
}

/* ------------------------------------------------------------------ */
/* matching and deciding                                               */

const char *netconf_source_name(enum netconf_source src)
{
	static const char *const names[] = {
		[NETCONF_NETWORKD] = "systemd-networkd", [NETCONF_WICKED] = "wicked",
		[NETCONF_IFCFG] = "ifcfg", [NETCONF_NM] = "NetworkManager",
		[NETCONF_IFUPDOWN] = "ifupdown", [NETCONF_NETPLAN] = "netplan",
	};

	return (unsigned)src < NETCONF_NSOURCES ? names[src] : "?";
}

int netconf_rank(const struct netconf_set *s, const struct netconf *c)
{
	return (s->in_use[c->source] ? NETCONF_NSOURCES : 0) + (int)c->source;
}

const char *netconf_method(const struct netconf *c)
{
	int v4addr = 0;

	if (c->dhcp4 > 0)
		return "dhcp";
	for (size_t i = 0; i < c->naddrs; i++)
		if (c->addrs[i].family == 4)
			v4addr = 1;
	if (!v4addr && c->dhcp6 > 0)
		return "dhcp";
	return "static";
}

static int mac_in(const char *list, const char *mac)
{
	size_t n = mac ? strlen(mac) : 0;

	if (!n)
		return 0;
	for (const char *p = list; *p;) {
		size_t k = strcspn(p, " ");
		if (k == n && !strncmp(p, mac, n))
			return 1;
		p += k;
		p += strspn(p, " ");
	}
	return 0;
}

static int glob_match(const char *globs, const char *name)
{
	int neg = globs[0] == '!', hit = 0;
	char pat[256];

	for (const char *p = globs + neg; *p && !hit;) {
		size_t k = strcspn(p, " ");
		if (k && k < sizeof(pat)) {
			memcpy(pat, p, k);
			pat[k] = '\0';
			if (pat[0] == '!')
				memmove(pat, pat + 1, k);
			hit = fnmatch(pat, name, 0) == 0;
		}
		p += k;
		p += strspn(p, " ");
	}
	return neg ? !hit : hit;
}

int netconf_matches(const struct netconf *c, const char *name, const char *mac,
		    const char *perm_mac)
{
	int any = 0;

	if (c->alias)
		return 0;
	if (c->mac) {
		any = 1;
		/* a bond member wears the bond's MAC: only its own one identifies it */
		if (!mac_in(c->mac, perm_mac ? perm_mac : mac))
			return 0;
	}
	if (c->name && c->match_name) {
		any = 1;
		if (strcmp(c->name, name))
			return 0;
	}
	if (c->globs) {
		any = 1;
		if (!glob_match(c->globs, name))
			return 0;
	}
	return any;
}
