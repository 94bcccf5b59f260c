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
#include <yaml.h>

#include "../scanner/err.h"
#include "../scanner/fsread.h"
#include "../scanner/kv.h"
#include "netconf.h"
#include "../scanner/banned.h"

#define YAML_MAX_DEPTH 32	/* levels of a netplan file */
#define YAML_MAX_NODES 20000	/* nodes of a netplan file, alias copies included */
#define YAML_MAX_ANCHORS 256	/* anchors of a netplan file */
#define INI_MAX_LINES 8192

/* ------------------------------------------------------------------ */
/* the set, notes and small helpers                                    */

void netconf_set_init(struct netconf_set *s)
{
	memset(s, 0, sizeof(*s));
}

static void netconf_release(struct netconf *c)
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
		netconf_release(&s->v[i]);
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

static void note_read(struct scan_ctx *ctx, struct netconf_set *s, const char *path, int rc)
{
	netconf_note(ctx, s, "cannot read '%s': %s", path, err_str(rc));
}

static void set_str(char **dst, const char *val)
{
	free(*dst);
	*dst = val ? xstrdup(val) : NULL;
}

static void set_strn(char **dst, const char *val, size_t n)
{
	free(*dst);
	*dst = xstrndup(val, n);
}

static int is_true(const char *v)
{
	static const char *const yes[] = { "yes", "true", "on", "y", "1" };

	for (size_t i = 0; v && i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcasecmp(v, yes[i]))
			return 1;
	return 0;
}

static int is_false(const char *v)
{
	static const char *const no[] = { "no", "false", "off", "n", "0" };

	for (size_t i = 0; v && i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcasecmp(v, no[i]))
			return 1;
	return 0;
}

/* a decimal number no larger than max; 0 on success */
static int parse_uint(const char *s, unsigned long max, unsigned long *out)
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

static int has_glob(const char *s)
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
		if (parse_uint(slash + 1, out->family == 4 ? 32 : 128, &prefix) < 0)
			return -1;
		out->prefix = (int)prefix;
	}
	return 0;
}

/* "255.255.255.0" or "24" as a prefix length; -1 when invalid */
static int mask_prefix(const char *mask, int family)
{
	unsigned long v;
	struct in_addr a;

	if (!mask)
		return -1;
	if (parse_uint(mask, family == 4 ? 32 : 128, &v) == 0)
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
static void set_macs(struct scan_ctx *ctx, struct netconf_set *s, char **dst,
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

static void set_mac1(struct scan_ctx *ctx, struct netconf_set *s, char **dst,
		     const char *path, const char *val)
{
	char mac[64];

	if (!val || !*val)
		return;
	if (netconf_parse_mac(val, strlen(val), mac, sizeof(mac)) == 0)
		set_str(dst, mac);
	else
		netconf_note(ctx, s, "'%s': invalid MAC address '%.64s'", path, val);
}

static void set_mtu(struct scan_ctx *ctx, struct netconf_set *s, struct netconf *c,
		    const char *path, const char *val)
{
	unsigned long v;

	if (!val || !*val)
		return;
	/* the kernel's limit for any device is 65536 plus headroom; be generous */
	if (parse_uint(val, 1UL << 24, &v) == 0 && v >= 68)
		c->mtu = (long)v;
	else
		netconf_note(ctx, s, "'%s': invalid MTU '%.32s'", path, val);
}

/* a new entry, or NULL (with a note once) when the cap is reached */
static struct netconf *entry_new(struct scan_ctx *ctx, struct netconf_set *s,
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

static void add_addr(struct scan_ctx *ctx, struct netconf_set *s, struct netconf *c,
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
static void add_addr_text(struct scan_ctx *ctx, struct netconf_set *s, struct netconf *c,
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
		a.prefix = mask_prefix(prefix_text, a.family);
		if (a.prefix < 0)
			netconf_note(ctx, s, "'%s': invalid netmask or prefix '%.64s'", path,
				     prefix_text);
	}
	add_addr(ctx, s, c, &a);
}

static int name_is_alias(const char *name)
{
	return name && strchr(name, ':') != NULL;
}

/* directory entries, capped, or none (a note unless the directory is absent) */
static size_t list_dir(struct scan_ctx *ctx, struct netconf_set *s, const char *dir,
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

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* backup and package-manager leftovers the network scripts skip */
static int is_backup(const char *name)
{
	static const char *const sfx[] = {
		"~", ".bak", ".orig", ".rpmnew", ".rpmorig", ".rpmsave", ".old", ".swp",
		".tmp", ".save", ".dpkg-old", ".dpkg-dist", ".dpkg-new", ".rej",
	};

	if (name[0] == '.')
		return 1;
	for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++)
		if (ends_with(name, sfx[i]))
			return 1;
	return strstr(name, ".~") != NULL;
}

/* a file linked to /dev/null is masked (systemd and netplan both do this) */
static int is_masked(struct scan_ctx *ctx, const char *path)
{
	struct buf t = BUF_INIT;
	int masked = sysroot_readlink(ctx, path, &t) == 0 && !strcmp(t.data, "/dev/null");

	buf_release(&t);
	return masked;
}

static struct netconf *find_entry(struct netconf_set *s, enum netconf_source src,
				  const char *name, int by_id)
{
	for (size_t i = 0; i < s->n; i++) {
		const char *k = by_id ? s->v[i].id : s->v[i].name;
		if (s->v[i].source == src && k && !strcmp(k, name))
			return &s->v[i];
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* ifcfg: RHEL and SUSE share the KEY=value format (scanner/kv.h)      */

/* is l->v[i] the last assignment of its key (the one that counts)? */
static int kv_last(const struct kvlist *l, size_t i)
{
	return kv_get(l, l->v[i].key) == l->v[i].val;
}

/* IPADDR, IPADDRn (RHEL) or IPADDR_x (SUSE) with their PREFIX/NETMASK */
static void ifcfg_addrs(struct scan_ctx *ctx, struct netconf_set *s, struct netconf *c,
			const char *path, const struct kvlist *kv, int suse)
{
	for (size_t i = 0; i < kv->n; i++) {
		const char *key = kv->v[i].key, *val = kv->v[i].val;
		if (strncmp(key, "IPADDR", 6) || !*val || !kv_last(kv, i))
			continue;
		const char *sfx = key + 6;
		if (suse ? (*sfx && *sfx != '_') : (*sfx && strspn(sfx, "0123456789") != strlen(sfx)))
			continue;
		char *pk = xasprintf("%s%s", suse ? "PREFIXLEN" : "PREFIX", sfx);
		char *mk = xasprintf("NETMASK%s", sfx);
		const char *pfx = kv_get_nonempty(kv, pk);
		if (!pfx)
			pfx = kv_get_nonempty(kv, mk);
		/* SUSE: one PREFIXLEN without a suffix applies to every address */
		if (!pfx && suse)
			pfx = kv_get_nonempty(kv, "PREFIXLEN");
		add_addr_text(ctx, s, c, path, val, strlen(val), pfx, 0);
		free(pk);
		free(mk);
	}
}

static void ifcfg_rh_file(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			  const char *suffix)
{
	struct buf b = BUF_INIT;
	struct kvlist kv = KVLIST_INIT;
	struct netconf *c;
	const char *v;
	int rc = fsread(ctx, path, &b);

	if (rc != 0) {
		if (rc < 0)
			note_read(ctx, s, path, rc);
		goto out;
	}
	kv_parse(b.data, &kv);
	const char *dev = kv_get_nonempty(&kv, "DEVICE");
	if (!dev)
		dev = suffix;
	if (!netconf_valid_ifname(dev, strlen(dev))) {
		netconf_note(ctx, s, "'%s': invalid interface name '%.32s'", path, dev);
		goto out;
	}
	c = entry_new(ctx, s, NETCONF_IFCFG, path);
	if (!c)
		goto out;
	c->name = xstrdup(dev);
	c->alias = name_is_alias(dev);
	c->match_name = 1;
	set_str(&c->id, kv_get_nonempty(&kv, "UUID"));
	if ((v = kv_get_nonempty(&kv, "HWADDR"))) {
		set_macs(ctx, s, &c->mac, path, v);
		/* initscripts find the device by HWADDR and name it DEVICE */
		if (c->mac)
			c->match_name = 0;
	}
	set_mac1(ctx, s, &c->set_mac, path, kv_get_nonempty(&kv, "MACADDR"));
	set_mtu(ctx, s, c, path, kv_get_nonempty(&kv, "MTU"));
	v = kv_get_nonempty(&kv, "TYPE");
	if (v && !strcasecmp(v, "Ethernet"))
		set_str(&c->kind, "physical");
	else if ((v && !strcasecmp(v, "Bond")) || kv_get_nonempty(&kv, "BONDING_OPTS") ||
		 is_true(kv_get(&kv, "BONDING_MASTER")))
		set_str(&c->kind, "bond");
	else if (v && !strcasecmp(v, "Bridge"))
		set_str(&c->kind, "bridge");
	else if ((v && !strcasecmp(v, "Vlan")) || is_true(kv_get(&kv, "VLAN")))
		set_str(&c->kind, "vlan");
	else if (v && !strcasecmp(v, "Team"))
		set_str(&c->kind, "team");
	else if (v && !strcasecmp(v, "InfiniBand"))
		set_str(&c->kind, "infiniband");
	else if (!strcmp(dev, "lo"))
		set_str(&c->kind, "loopback");
	if ((v = kv_get_nonempty(&kv, "MASTER")) || (v = kv_get_nonempty(&kv, "BRIDGE")) ||
	    (v = kv_get_nonempty(&kv, "TEAM_MASTER")))
		set_str(&c->master, v);
	else if ((v = kv_get_nonempty(&kv, "MASTER_UUID")))
		/* resolved to a name once every file is read */
		c->master = xasprintf("uuid:%s", v);
	v = kv_get(&kv, "BOOTPROTO");
	c->dhcp4 = v && (!strcasecmp(v, "dhcp") || !strcasecmp(v, "bootp"));
	ifcfg_addrs(ctx, s, c, path, &kv, 0);
	c->dhcp6 = is_true(kv_get(&kv, "IPV6INIT")) &&
		   (is_true(kv_get(&kv, "DHCPV6C")) || is_true(kv_get(&kv, "IPV6_AUTOCONF")));
	if (is_true(kv_get(&kv, "IPV6INIT")) || !kv_get(&kv, "IPV6INIT")) {
		if ((v = kv_get_nonempty(&kv, "IPV6ADDR")))
			add_addr_text(ctx, s, c, path, v, strlen(v), NULL, 6);
		for (const char *p = kv_get(&kv, "IPV6ADDR_SECONDARIES"); p && *p;) {
			size_t n = strcspn(p, " \t");
			if (n)
				add_addr_text(ctx, s, c, path, p, n, NULL, 6);
			p += n;
			p += strspn(p, " \t");
		}
	}
out:
	kvlist_release(&kv);
	buf_release(&b);
}

/* MASTER_UUID=, or MASTER= holding a uuid, named by the master's own file */
static void resolve_uuid_masters(struct netconf_set *s, enum netconf_source src, size_t from)
{
	for (size_t i = from; i < s->n; i++) {
		struct netconf *c = &s->v[i];
		const char *u = c->master;
		if (!u || c->source != src)
			continue;
		if (!strncmp(u, "uuid:", 5))
			u += 5;
		for (size_t j = from; j < s->n; j++) {
			if (s->v[j].source == src && s->v[j].id && s->v[j].name &&
			    !strcmp(s->v[j].id, u)) {
				set_str(&c->master, s->v[j].name);
				break;
			}
		}
		if (c->master && !strncmp(c->master, "uuid:", 5)) {
			/* the master's file is not here: keep the uuid, it is still a fact */
			char *t = xstrdup(c->master + 5);
			free(c->master);
			c->master = t;
		}
	}
}

size_t netconf_read_ifcfg(struct scan_ctx *ctx, struct netconf_set *s)
{
	static const char dir[] = "etc/sysconfig/network-scripts";
	char **names;
	size_t n = list_dir(ctx, s, dir, &names), before = s->n;

	for (size_t i = 0; i < n; i++) {
		if (strncmp(names[i], "ifcfg-", 6) || !names[i][6] || is_backup(names[i]))
			continue;
		char *path = xasprintf("%s/%s", dir, names[i]);
		ifcfg_rh_file(ctx, s, path, names[i] + 6);
		free(path);
	}
	sysroot_names_free(names, n);
	resolve_uuid_masters(s, NETCONF_IFCFG, before);
	return s->n - before;
}

/* SUSE: BONDING_SLAVE_x and BRIDGE_PORTS name the members in the master's file */
struct member {
	char *member;
	char *master;
};

struct members {
	struct member *v;
	size_t n;
};

static void members_add(struct members *m, const char *member, size_t len, const char *master)
{
	if (m->n >= NETCONF_MAX_ENTRIES)
		return;
	m->v = xrealloc(m->v, (m->n + 1) * sizeof(*m->v));
	m->v[m->n].member = xstrndup(member, len);
	m->v[m->n].master = xstrdup(master);
	m->n++;
}

static void members_apply(struct netconf_set *s, enum netconf_source src, size_t from,
			  struct members *m, int by_id)
{
	for (size_t i = 0; i < m->n; i++) {
		for (size_t j = from; j < s->n; j++) {
			struct netconf *c = &s->v[j];
			const char *k = by_id ? c->id : c->name;
			if (c->source == src && k && !strcmp(k, m->v[i].member) && !c->master)
				set_str(&c->master, m->v[i].master);
		}
		free(m->v[i].member);
		free(m->v[i].master);
	}
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

static void wicked_file(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			const char *suffix, struct members *mem)
{
	struct buf b = BUF_INIT;
	struct kvlist kv = KVLIST_INIT;
	struct netconf *c;
	const char *v;
	char mac[64];
	int rc = fsread(ctx, path, &b);

	if (rc != 0) {
		if (rc < 0)
			note_read(ctx, s, path, rc);
		goto out;
	}
	kv_parse(b.data, &kv);
	c = entry_new(ctx, s, NETCONF_WICKED, path);
	if (!c)
		goto out;
	/* SLES 10 names files by MAC: ifcfg-eth-id-52:54:00:12:34:56 */
	if (!strncmp(suffix, "eth-id-", 7) &&
	    netconf_parse_mac(suffix + 7, strlen(suffix + 7), mac, sizeof(mac)) == 0) {
		c->mac = xstrdup(mac);
	} else if (netconf_valid_ifname(suffix, strlen(suffix))) {
		c->name = xstrdup(suffix);
		c->match_name = 1;
		c->alias = name_is_alias(suffix);
	} else {
		netconf_note(ctx, s, "'%s': invalid interface name '%.32s'", path, suffix);
		netconf_release(c);
		s->n--;
		goto out;
	}
	set_mac1(ctx, s, &c->set_mac, path, kv_get_nonempty(&kv, "LLADDR"));
	set_mtu(ctx, s, c, path, kv_get_nonempty(&kv, "MTU"));
	if (is_true(kv_get(&kv, "BONDING_MASTER"))) {
		set_str(&c->kind, "bond");
		for (size_t i = 0; i < kv.n; i++)
			if (!strncmp(kv.v[i].key, "BONDING_SLAVE", 13) && *kv.v[i].val &&
			    kv_last(&kv, i) && c->name)
				members_add(mem, kv.v[i].val, strlen(kv.v[i].val), c->name);
	} else if (is_true(kv_get(&kv, "BRIDGE"))) {
		set_str(&c->kind, "bridge");
		for (const char *p = kv_get(&kv, "BRIDGE_PORTS"); p && *p && c->name;) {
			size_t n = strcspn(p, " \t");
			if (n)
				members_add(mem, p, n, c->name);
			p += n;
			p += strspn(p, " \t");
		}
	} else if (kv_get_nonempty(&kv, "ETHERDEVICE")) {
		set_str(&c->kind, "vlan");
	} else if ((v = kv_get_nonempty(&kv, "TUNNEL")) && (!strcmp(v, "tap") || !strcmp(v, "tun"))) {
		set_str(&c->kind, v);
	} else if (c->name && !strcmp(c->name, "lo")) {
		set_str(&c->kind, "loopback");
	}
	/* ifcfg(5): BOOTPROTO defaults to static */
	v = kv_get(&kv, "BOOTPROTO");
	c->dhcp4 = v && (!strcasecmp(v, "dhcp") || !strcasecmp(v, "dhcp4") ||
			 !strcasecmp(v, "dhcp+autoip"));
	c->dhcp6 = v && (!strcasecmp(v, "dhcp") || !strcasecmp(v, "dhcp6"));
	ifcfg_addrs(ctx, s, c, path, &kv, 1);
out:
	kvlist_release(&kv);
	buf_release(&b);
}

size_t netconf_read_wicked(struct scan_ctx *ctx, struct netconf_set *s)
{
	static const char dir[] = "etc/sysconfig/network";
	struct members mem = { NULL, 0 };
	char **names;
	size_t n = list_dir(ctx, s, dir, &names), before = s->n;

	for (size_t i = 0; i < n; i++) {
		if (strncmp(names[i], "ifcfg-", 6) || !names[i][6] || is_backup(names[i]))
			continue;
		char *path = xasprintf("%s/%s", dir, names[i]);
		wicked_file(ctx, s, path, names[i] + 6, &mem);
		free(path);
	}
	sysroot_names_free(names, n);
	members_apply(s, NETCONF_WICKED, before, &mem, 0);
	return s->n - before;
}

/* ------------------------------------------------------------------ */
/* ifupdown: etc/network/interfaces                                   */

struct ifup_state {
	const char *stack[NETCONF_MAX_INCLUDE + 1];	/* the files being read */
	int depth;
	size_t files;
	struct members mem;
};

struct stanza {
	struct netconf *c;
	int family;		/* 4 or 6; 0 outside an iface stanza */
	char *addrs[64];	/* "address" values, paired with netmask at the end */
	size_t naddrs;
	char *netmask;
};

static void stanza_end(struct scan_ctx *ctx, struct netconf_set *s, struct stanza *st,
		       const char *path)
{
	for (size_t i = 0; i < st->naddrs; i++) {
		if (st->c)
			add_addr_text(ctx, s, st->c, path, st->addrs[i], strlen(st->addrs[i]),
				      st->netmask, st->family);
		free(st->addrs[i]);
	}
	free(st->netmask);
	memset(st, 0, sizeof(*st));
}

static void ifup_file(struct scan_ctx *ctx, struct netconf_set *s, struct ifup_state *ist,
		      const char *path);

/* the directory part of path, "" for none */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("");
}

/*
 * Drops "." and empty components and folds ".." in a root-relative path,
 * in place, so that one file has one spelling ("a/b/../c" is "a/c").  ".."
 * at the top stays at the root, as the sysroot does.
 */
static void path_normalize(char *p)
{
	char *out = p, *s = p;

	while (*s) {
		size_t n = strcspn(s, "/");
		if (n == 0 || (n == 1 && s[0] == '.')) {
			/* nothing to keep */
		} else if (n == 2 && s[0] == '.' && s[1] == '.') {
			while (out > p && out[-1] != '/')
				out--;
			if (out > p)
				out--;
		} else {
			if (out > p)
				*out++ = '/';
			memmove(out, s, n);
			out += n;
		}
		s += n;
		s += strspn(s, "/");
	}
	*out = '\0';
}

/* a path of a source line: absolute from the root, else from the file's directory */
static char *ifup_resolve(const char *from, const char *arg)
{
	char *dir, *p;

	if (arg[0] == '/') {
		p = xstrdup(arg);
	} else {
		dir = dir_of(from);
		p = *dir ? xasprintf("%s/%s", dir, arg) : xstrdup(arg);
		free(dir);
	}
	path_normalize(p);
	return p;
}

/* run-parts(8) names, as source-directory requires */
static int run_parts_name(const char *n)
{
	return *n && strspn(n, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			       "0123456789_-") == strlen(n);
}

static void ifup_source(struct scan_ctx *ctx, struct netconf_set *s, struct ifup_state *ist,
			const char *from, const char *arg, int directory)
{
	char *target = ifup_resolve(from, arg);
	char *dir, **names = NULL;
	const char *pattern;
	size_t n;

	if (directory) {
		dir = xstrdup(target);
		pattern = NULL;
	} else if (!has_glob(target)) {
		ifup_file(ctx, s, ist, target);
		free(target);
		return;
	} else {
		dir = dir_of(target);
		pattern = target + strlen(dir) + (*dir ? 1 : 0);
		if (has_glob(dir)) {
			netconf_note(ctx, s, "'%s': source '%.64s': wildcards in directories are not read",
				     from, arg);
			goto out;
		}
	}
	n = list_dir(ctx, s, *dir ? dir : ".", &names);
	for (size_t i = 0; i < n; i++) {
		if (directory ? !run_parts_name(names[i]) :
		    fnmatch(pattern, names[i], FNM_PERIOD) != 0)
			continue;
		char *p = *dir ? xasprintf("%s/%s", dir, names[i]) : xstrdup(names[i]);
		struct stat stt;
		/* source-directory reads files only; a glob may match directories too */
		if (sysroot_stat(ctx, p, &stt) == 0 && S_ISREG(stt.st_mode))
			ifup_file(ctx, s, ist, p);
		free(p);
	}
	sysroot_names_free(names, n);
out:
	free(dir);
	free(target);
}

/* splits the next word off *p; returns its length (0 at the end) */
static size_t next_word(const char **p, const char **word)
{
	const char *s = *p + strspn(*p, " \t");
	size_t n = strcspn(s, " \t");

	*word = s;
	*p = s + n;
	return n;
}

static int word_is(const char *w, size_t n, const char *lit)
{
	return strlen(lit) == n && !strncmp(w, lit, n);
}

static void ifup_iface(struct scan_ctx *ctx, struct netconf_set *s, struct stanza *st,
		       const char *path, const char *rest)
{
	const char *name, *fam, *method;
	size_t nn = next_word(&rest, &name), fn = next_word(&rest, &fam),
	       mn = next_word(&rest, &method);
	char *n;

	if (!nn || !fn || !mn) {
		netconf_note(ctx, s, "'%s': incomplete iface line", path);
		return;
	}
	if (!netconf_valid_ifname(name, nn)) {
		netconf_note(ctx, s, "'%s': invalid interface name '%.*s'", path,
			     (int)(nn > 32 ? 32 : nn), name);
		return;
	}
	if (!word_is(fam, fn, "inet") && !word_is(fam, fn, "inet6"))
		return;	/* ipx, can: no IP addressing */
	n = xstrndup(name, nn);
	st->c = find_entry(s, NETCONF_IFUPDOWN, n, 0);
	if (!st->c) {
		st->c = entry_new(ctx, s, NETCONF_IFUPDOWN, path);
		if (st->c) {
			st->c->name = xstrdup(n);
			st->c->match_name = 1;
			st->c->alias = name_is_alias(n);
			st->c->dhcp4 = 0;
			st->c->dhcp6 = 0;
			/* the vlan package: "eth0.10" is VLAN 10 on eth0 */
			const char *dot = strrchr(n, '.');
			if (dot && dot > n && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1))
				set_str(&st->c->kind, "vlan");
		}
	}
	free(n);
	if (!st->c)
		return;
	st->family = word_is(fam, fn, "inet") ? 4 : 6;
	if (st->family == 4) {
		/* the inet stanza decides the method: its file is the source */
		set_str(&st->c->path, path);
		st->c->dhcp4 = word_is(method, mn, "dhcp") || word_is(method, mn, "bootp");
	} else {
		st->c->dhcp6 = word_is(method, mn, "dhcp") || word_is(method, mn, "auto");
	}
	if (word_is(method, mn, "loopback"))
		set_str(&st->c->kind, "loopback");
}

static void ifup_option(struct scan_ctx *ctx, struct netconf_set *s, struct stanza *st,
			struct ifup_state *ist, const char *path, const char *key, size_t kn,
			const char *rest)
{
	struct netconf *c = st->c;
	const char *w;
	size_t wn;

	rest += strspn(rest, " \t");
	if (word_is(key, kn, "address")) {
		if (st->naddrs < sizeof(st->addrs) / sizeof(st->addrs[0])) {
			wn = next_word(&rest, &w);
			if (wn)
				st->addrs[st->naddrs++] = xstrndup(w, wn);
		}
	} else if (word_is(key, kn, "netmask")) {
		wn = next_word(&rest, &w);
		if (wn)
			set_strn(&st->netmask, w, wn);
	} else if (word_is(key, kn, "hwaddress")) {
		/* "hwaddress [ether] MAC" */
		wn = next_word(&rest, &w);
		if (word_is(w, wn, "ether"))
			wn = next_word(&rest, &w);
		if (wn) {
			char *m = xstrndup(w, wn);
			set_mac1(ctx, s, &c->set_mac, path, m);
			free(m);
		}
	} else if (word_is(key, kn, "mtu")) {
		wn = next_word(&rest, &w);
		char *m = xstrndup(w, wn);
		set_mtu(ctx, s, c, path, m);
		free(m);
	} else if (word_is(key, kn, "bond-master") || word_is(key, kn, "bond_master")) {
		wn = next_word(&rest, &w);
		if (wn)
			set_strn(&c->master, w, wn);
	} else if (word_is(key, kn, "bond-slaves") || word_is(key, kn, "bond_slaves") ||
		   word_is(key, kn, "bridge_ports") || word_is(key, kn, "bridge-ports")) {
		int bond = key[1] == 'o';
		set_str(&c->kind, bond ? "bond" : "bridge");
		while ((wn = next_word(&rest, &w)) && c->name) {
			if (!word_is(w, wn, "none") && !word_is(w, wn, "all"))
				members_add(&ist->mem, w, wn, c->name);
		}
	} else if (word_is(key, kn, "vlan-raw-device") || word_is(key, kn, "vlan_raw_device")) {
		set_str(&c->kind, "vlan");
	}
}

static void ifup_file(struct scan_ctx *ctx, struct netconf_set *s, struct ifup_state *ist,
		      const char *path)
{
	struct buf b = BUF_INIT, line = BUF_INIT;
	struct stanza st;
	int rc;

	memset(&st, 0, sizeof(st));
	for (int i = 0; i < ist->depth; i++) {
		if (!strcmp(ist->stack[i], path)) {
			netconf_note(ctx, s, "'%s' sources '%s' again (an include loop): not read twice",
				     ist->stack[ist->depth - 1], path);
			return;
		}
	}
	if (ist->depth >= NETCONF_MAX_INCLUDE) {
		netconf_note(ctx, s, "'%s': source nested deeper than %d files: not read",
			     path, NETCONF_MAX_INCLUDE);
		return;
	}
	if (++ist->files > NETCONF_MAX_FILES) {
		if (ist->files == NETCONF_MAX_FILES + 1)
			netconf_note(ctx, s, "'%s': more than %d interfaces files: the rest are not read",
				     path, NETCONF_MAX_FILES);
		return;
	}
	rc = fsread(ctx, path, &b);
	if (rc != 0) {
		/* the top file may be absent; a sourced file that is not is a fact */
		if (rc < 0 || ist->depth > 0)
			netconf_note(ctx, s, "cannot read '%s': %s", path,
				     rc > 0 ? "No such file or directory" : err_str(rc));
		goto out;
	}
	ist->stack[ist->depth++] = path;
	for (const char *p = b.data; *p;) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		/* interfaces(5): a trailing backslash continues the line */
		buf_add(&line, p, n);
		if (line.len && line.data[line.len - 1] == '\r')
			buf_setlen(&line, line.len - 1);
		p = eol ? eol + 1 : p + n;
		if (line.len && line.data[line.len - 1] == '\\' && *p) {
			buf_setlen(&line, line.len - 1);
			buf_addc(&line, ' ');
			continue;
		}
		const char *l = line.data + strspn(line.data, " \t"), *kw;
		const char *rest = l;
		size_t kn = next_word(&rest, &kw);
		if (!kn || *kw == '#') {
			buf_clear(&line);
			continue;
		}
		if (word_is(kw, kn, "iface")) {
			stanza_end(ctx, s, &st, path);
			ifup_iface(ctx, s, &st, path, rest);
		} else if (word_is(kw, kn, "source") || word_is(kw, kn, "source-directory")) {
			stanza_end(ctx, s, &st, path);
			const char *arg;
			size_t an = next_word(&rest, &arg);
			if (an) {
				char *a = xstrndup(arg, an);
				ifup_source(ctx, s, ist, path, a, kn > 6);
				free(a);
			}
		} else if (word_is(kw, kn, "auto") || word_is(kw, kn, "mapping") ||
			   word_is(kw, kn, "rename") || !strncmp(kw, "allow-", 6) ||
			   word_is(kw, kn, "no-auto-down") || word_is(kw, kn, "no-scripts")) {
			stanza_end(ctx, s, &st, path);
		} else if (st.c) {
			ifup_option(ctx, s, &st, ist, path, kw, kn, rest);
		}
		buf_clear(&line);
	}
	stanza_end(ctx, s, &st, path);
	ist->depth--;
out:
	buf_release(&line);
	buf_release(&b);
}

size_t netconf_read_ifupdown(struct scan_ctx *ctx, struct netconf_set *s)
{
	struct ifup_state ist;
	size_t before = s->n;

	memset(&ist, 0, sizeof(ist));
	ifup_file(ctx, s, &ist, "etc/network/interfaces");
	members_apply(s, NETCONF_IFUPDOWN, before, &ist.mem, 0);
	return s->n - before;
}

/* ------------------------------------------------------------------ */
/* netplan's YAML, read through libyaml as netplan reads it            */

/*
 * netplan loads each file with libyaml's yaml_parser_load (src/parse.c,
 * load_yaml): the first document of the file, aliases standing for the
 * node they name.  Here libyaml's events build a small tree instead, so
 * that every cap holds while the file is read: YAML_MAX_DEPTH levels,
 * YAML_MAX_NODES nodes with every copy an alias makes counted (a "billion
 * laughs" stops there), YAML_MAX_ANCHORS anchors.  The input is the
 * fsread buffer, already capped in size.
 */

enum ykind { Y_NULL, Y_SCALAR, Y_MAP, Y_SEQ };

struct ynode {
	enum ykind kind;
	char *key;		/* its key in the parent map */
	char *val;		/* Y_SCALAR */
	struct ynode *kids;	/* Y_MAP, Y_SEQ */
	size_t n, alloc;
	int line;		/* a map value has its key's line */
};

struct yanchor {
	char *name;
	struct ynode node;	/* a copy of the node it names */
};

/* why a file was not read: "line: msg" */
struct yerror {
	int line;
	char msg[96];
};

struct yparser {
	yaml_parser_t lp;
	const char *text;	/* the input, for a reader error's line */
	size_t len;
	size_t nodes;
	struct yanchor *anchors;
	size_t nanchors;
	struct yerror *err;
	int failed;
};

static void ynode_release(struct ynode *y)
{
	for (size_t i = 0; i < y->n; i++)
		ynode_release(&y->kids[i]);
	free(y->kids);
	free(y->key);
	free(y->val);
	memset(y, 0, sizeof(*y));
}

/* the first failure is the one reported */
__attribute__((format(printf, 3, 4)))
static int yfail(struct yparser *p, int line, const char *fmt, ...)
{
	va_list ap;

	if (!p->failed) {
		p->failed = 1;
		p->err->line = line;
		va_start(ap, fmt);
		vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
		va_end(ap);
	}
	return -1;
}

/*
 * libyaml's reason for its failure; a tab where indentation goes and a
 * key out of line are told apart as netplan does (src/error.c,
 * parser_error), for libyaml's own words say neither
 */
static int yfail_lib(struct yparser *p)
{
	const yaml_parser_t *lp = &p->lp;
	int line = 1;

	switch (lp->error) {
	case YAML_MEMORY_ERROR:
		return yfail(p, 0, "out of memory");
	case YAML_READER_ERROR:
		/* invalid UTF-8 or a control character: problem_offset is in bytes */
		for (size_t i = 0; i < lp->problem_offset && i < p->len; i++)
			line += p->text[i] == '\n';
		return yfail(p, line, "%s", lp->problem ? lp->problem : "unreadable text");
	default:
		line = (int)lp->problem_mark.line + 1;
		if (lp->error == YAML_SCANNER_ERROR && lp->buffer.pointer &&
		    *lp->buffer.pointer == '\t')
			return yfail(p, line, "tab in indentation");
		if (lp->state == YAML_PARSE_BLOCK_MAPPING_KEY_STATE)
			return yfail(p, line, "unexpected indentation");
		return yfail(p, line, "%s", lp->problem ? lp->problem : "invalid YAML");
	}
}

static int ynext(struct yparser *p, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&p->lp, ev))
		return yfail_lib(p);
	return 0;
}

/* one more node, at depth */
static int ycount(struct yparser *p, int line, int depth)
{
	if (depth > YAML_MAX_DEPTH)
		return yfail(p, line, "nesting deeper than %d levels", YAML_MAX_DEPTH);
	if (++p->nodes > YAML_MAX_NODES)
		return yfail(p, line, "more than %d nodes", YAML_MAX_NODES);
	return 0;
}

static void ypush(struct ynode *parent, struct ynode *kid)
{
	if (parent->n == parent->alloc) {
		parent->alloc = parent->alloc ? parent->alloc * 2 : 4;
		parent->kids = xrealloc(parent->kids, parent->alloc * sizeof(*parent->kids));
	}
	parent->kids[parent->n++] = *kid;
	memset(kid, 0, sizeof(*kid));
}

/*
 * A copy of src placed at depth, counted node by node as if written out;
 * line is where a cap is reported (the alias's)
 */
static int ycopy(struct yparser *p, const struct ynode *src, int depth, int line,
		 struct ynode *dst)
{
	memset(dst, 0, sizeof(*dst));
	if (ycount(p, line, depth) < 0)
		return -1;
	dst->kind = src->kind;
	dst->line = src->line;
	dst->key = src->key ? xstrdup(src->key) : NULL;
	dst->val = src->val ? xstrdup(src->val) : NULL;
	for (size_t i = 0; i < src->n; i++) {
		struct ynode kid;
		if (ycopy(p, &src->kids[i], depth + 1, line, &kid) < 0) {
			ynode_release(&kid);
			return -1;
		}
		ypush(dst, &kid);
	}
	return 0;
}

/* remembers the node an anchor names; a later anchor of the same name wins */
static int yanchor_add(struct yparser *p, char *name, const struct ynode *y, int depth)
{
	struct yanchor *a;

	if (p->nanchors >= YAML_MAX_ANCHORS) {
		free(name);
		return yfail(p, y->line, "more than %d anchors", YAML_MAX_ANCHORS);
	}
	p->anchors = xrealloc(p->anchors, (p->nanchors + 1) * sizeof(*p->anchors));
	a = &p->anchors[p->nanchors++];
	a->name = name;
	return ycopy(p, y, depth, y->line, &a->node);
}

static int yalias(struct yparser *p, const char *name, int depth, int line, struct ynode *out)
{
	for (size_t i = p->nanchors; i-- > 0;)
		if (!strcmp(p->anchors[i].name, name))
			return ycopy(p, &p->anchors[i].node, depth, line, out);
	/* an anchor is known once its node is complete: no alias loops */
	return yfail(p, line, "unknown alias '%.32s'", name);
}

/*
 * Builds out from the node that starts with *ev (deleted here) and the
 * events after it.  line is the line out is reported at (its key's), or 0
 * for its own.
 */
static int ybuild(struct yparser *p, yaml_event_t *ev, int depth, int line, struct ynode *out)
{
	int at = (int)ev->start_mark.line + 1;
	const yaml_char_t *anchor = NULL;
	char *name = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		rc = yalias(p, (const char *)ev->data.alias.anchor, depth, at, out);
		yaml_event_delete(ev);
		out->line = line ? line : at;
		return rc;
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		/* "key:" with nothing after it */
		if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !ev->data.scalar.length) {
			out->kind = Y_NULL;
		} else {
			out->kind = Y_SCALAR;
			out->val = xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
		}
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		out->kind = Y_SEQ;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		out->kind = Y_MAP;
		break;
	default:
		yaml_event_delete(ev);
		return yfail(p, at, "unexpected YAML event");
	}
	out->line = line ? line : at;
	if (anchor)
		name = xstrdup((const char *)anchor);
	yaml_event_delete(ev);
	if (ycount(p, at, depth) < 0)
		goto out;
	while (out->kind == Y_SEQ || out->kind == Y_MAP) {
		yaml_event_t kev;
		struct ynode kid, key;
		int kline;

		if (ynext(p, &kev) < 0)
			goto out;
		if (kev.type == YAML_SEQUENCE_END_EVENT || kev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&kev);
			break;
		}
		if (out->kind == Y_SEQ) {
			if (ybuild(p, &kev, depth + 1, 0, &kid) < 0) {
				ynode_release(&kid);
				goto out;
			}
			ypush(out, &kid);
			continue;
		}
		/*
		 * netplan wants scalar keys (assert_type in process_mapping):
		 * refused at once, a key never nests.  A key is part of its
		 * map's entry: it adds no level.
		 */
		if (kev.type == YAML_SEQUENCE_START_EVENT || kev.type == YAML_MAPPING_START_EVENT) {
			yfail(p, (int)kev.start_mark.line + 1, "a key that is not a scalar");
			yaml_event_delete(&kev);
			goto out;
		}
		if (ybuild(p, &kev, depth, 0, &key) < 0) {
			ynode_release(&key);
			goto out;
		}
		if (key.kind != Y_SCALAR && key.kind != Y_NULL) {
			/* an alias of a collection */
			yfail(p, key.line, "a key that is not a scalar");
			ynode_release(&key);
			goto out;
		}
		kline = key.line;
		if (ynext(p, &kev) < 0) {
			ynode_release(&key);
			goto out;
		}
		if (ybuild(p, &kev, depth + 1, kline, &kid) < 0) {
			ynode_release(&kid);
			ynode_release(&key);
			goto out;
		}
		kid.key = key.val ? key.val : xstrdup("");
		key.val = NULL;
		ynode_release(&key);
		ypush(out, &kid);
	}
	rc = 0;
	if (name) {
		rc = yanchor_add(p, name, out, depth);
		name = NULL;
	}
out:
	free(name);
	return rc;
}

/*
 * Parses the first document of text (len bytes) into root, which is Y_NULL
 * for a file without one.  Returns 0, or -1 with *err saying why (root is
 * then empty).
 */
static int ydoc_parse(const char *text, size_t len, struct ynode *root, struct yerror *err)
{
	struct yparser p;
	yaml_event_t ev;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	memset(root, 0, sizeof(*root));
	p.text = text;
	p.len = len;
	p.err = err;
	if (!yaml_parser_initialize(&p.lp))
		return yfail(&p, 0, "out of memory");
	yaml_parser_set_input_string(&p.lp, (const unsigned char *)text, len);
	if (ynext(&p, &ev) < 0)		/* the stream's start */
		goto out;
	yaml_event_delete(&ev);
	if (ynext(&p, &ev) < 0)
		goto out;
	if (ev.type != YAML_DOCUMENT_START_EVENT) {
		/* the stream's end: no document */
		yaml_event_delete(&ev);
		rc = 0;
		goto out;
	}
	yaml_event_delete(&ev);
	if (ynext(&p, &ev) < 0 || ybuild(&p, &ev, 0, 0, root) < 0)
		goto out;
	/* the document's end, as yaml_parser_load reads it; what follows is not read */
	if (ynext(&p, &ev) < 0)
		goto out;
	yaml_event_delete(&ev);
	rc = 0;
out:
	if (rc < 0)
		ynode_release(root);
	for (size_t i = 0; i < p.nanchors; i++) {
		free(p.anchors[i].name);
		ynode_release(&p.anchors[i].node);
	}
	free(p.anchors);
	yaml_parser_delete(&p.lp);
	return rc;
}

/* the value of key in map: the last one, as a repeated key overrides */
static const struct ynode *yget(const struct ynode *map, const char *key)
{
	const struct ynode *found = NULL;

	if (!map || map->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (map->kids[i].key && !strcmp(map->kids[i].key, key))
			found = &map->kids[i];
	return found;
}

/*
 * Each value of key in map, in the file's order (*i starts at 0): netplan
 * walks a repeated key as often as it is written, so mappings merge and
 * sequences append.
 */
static const struct ynode *yeach(const struct ynode *map, const char *key, size_t *i)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	for (; *i < map->n; (*i)++)
		if (!strcmp(map->kids[*i].key, key))
			return &map->kids[(*i)++];
	return NULL;
}

static const char *yscalar(const struct ynode *y)
{
	return y && y->kind == Y_SCALAR ? y->val : NULL;
}

/* ------------------------------------------------------------------ */
/* netplan                                                             */

static const struct {
	const char *section;
	const char *kind;
} netplan_sections[] = {
	{ "ethernets", "physical" }, { "bonds", "bond" }, { "bridges", "bridge" },
	{ "vlans", "vlan" }, { "wifis", "wlan" }, { "tunnels", NULL }, { "vrfs", "vrf" },
	{ "dummy-devices", "dummy" }, { "virtual-ethernets", "veth" }, { "modems", "modem" },
};

/* a netplan boolean: 1, 0, or -1 (with a note) when it is not one */
static int netplan_bool(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			const struct ynode *y)
{
	const char *v = yscalar(y);

	if (is_true(v))
		return 1;
	if (is_false(v))
		return 0;
	netconf_note(ctx, s, "'%s':%d: '%s' is not a boolean", path, y->line, y->key);
	return -1;
}

static void netplan_addrs(struct scan_ctx *ctx, struct netconf_set *s, struct netconf *c,
			  const char *path, const struct ynode *y)
{
	if (y->kind != Y_SEQ) {
		netconf_note(ctx, s, "'%s':%d: addresses is not a list", path, y->line);
		return;
	}
	for (size_t i = 0; i < y->n; i++) {
		const struct ynode *a = &y->kids[i];
		/* "- 10.0.0.5/24" or "- 10.0.0.5/24: {lifetime: 0}" */
		const char *t = a->kind == Y_SCALAR ? a->val :
				a->kind == Y_MAP && a->n == 1 ? a->kids[0].key : NULL;
		if (!t) {
			netconf_note(ctx, s, "'%s':%d: an address is not a string", path, a->line);
			continue;
		}
		struct netconf_addr na;
		if (netconf_parse_addr(t, strlen(t), &na) < 0 || na.prefix < 0) {
			/* netplan requires the prefix length */
			netconf_note(ctx, s, "'%s':%d: invalid address '%.64s'", path, a->line, t);
			continue;
		}
		add_addr(ctx, s, c, &na);
	}
}

static void netplan_device(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			   const char *section_kind, const struct ynode *dev,
			   struct members *mem)
{
	struct netconf *c;
	const struct ynode *y, *match;
	int addressing = 0;

	if (!dev->key || !*dev->key) {
		netconf_note(ctx, s, "'%s':%d: a device without an id", path, dev->line);
		return;
	}
	if (dev->kind != Y_MAP && dev->kind != Y_NULL) {
		netconf_note(ctx, s, "'%s':%d: '%.32s' is not a mapping", path, dev->line, dev->key);
		return;
	}
	c = find_entry(s, NETCONF_NETPLAN, dev->key, 1);
	if (!c) {
		c = entry_new(ctx, s, NETCONF_NETPLAN, path);
		if (!c)
			return;
		c->id = xstrdup(dev->key);
		set_str(&c->kind, section_kind);
	}
	match = yget(dev, "match");
	if (match && match->kind == Y_MAP) {
		const char *v;
		if ((v = yscalar(yget(match, "macaddress"))))
			set_macs(ctx, s, &c->mac, path, v);
		if ((v = yscalar(yget(match, "name"))))
			set_str(&c->globs, v);
		if (yget(match, "driver") && !c->mac && !c->globs)
			netconf_note(ctx, s, "'%s': '%.32s' matches by driver, which is not evaluated",
				     path, dev->key);
		c->match_name = 0;
		free(c->name);
		c->name = NULL;
		if (c->globs && !has_glob(c->globs) && netconf_valid_ifname(c->globs, strlen(c->globs)))
			c->name = xstrdup(c->globs);
	} else if (!c->mac && !c->globs) {
		if (netconf_valid_ifname(dev->key, strlen(dev->key))) {
			set_str(&c->name, dev->key);
			c->match_name = 1;
		} else {
			netconf_note(ctx, s, "'%s': invalid interface name '%.32s'", path, dev->key);
		}
	}
	if ((y = yget(dev, "set-name")) && yscalar(y)) {
		if (netconf_valid_ifname(y->val, strlen(y->val))) {
			set_str(&c->name, y->val);
			c->match_name = 0;
		} else {
			netconf_note(ctx, s, "'%s':%d: invalid set-name '%.32s'", path, y->line, y->val);
		}
	}
	if ((y = yget(dev, "dhcp4"))) {
		c->dhcp4 = netplan_bool(ctx, s, path, y);
		addressing = 1;
	}
	if ((y = yget(dev, "dhcp6"))) {
		c->dhcp6 = netplan_bool(ctx, s, path, y);
		addressing = 1;
	}
	for (size_t k = 0; (y = yeach(dev, "addresses", &k));) {
		netplan_addrs(ctx, s, c, path, y);
		addressing = 1;
	}
	if (addressing)
		set_str(&c->path, path);
	set_mac1(ctx, s, &c->set_mac, path, yscalar(yget(dev, "macaddress")));
	set_mtu(ctx, s, c, path, yscalar(yget(dev, "mtu")));
	if (!section_kind && (y = yget(dev, "mode")) && yscalar(y))
		set_str(&c->kind, y->val);
	for (size_t k = 0; (y = yeach(dev, "interfaces", &k));) {
		for (size_t i = 0; y->kind == Y_SEQ && i < y->n; i++)
			if (yscalar(&y->kids[i]))
				members_add(mem, y->kids[i].val, strlen(y->kids[i].val), dev->key);
	}
}

/* one file's text: its devices join those of the files before it */
static void netplan_text(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			 const char *text, size_t len, struct members *mem)
{
	struct ynode root;
	const struct ynode *net, *sec;
	struct yerror err;
	size_t k = 0;

	if (ydoc_parse(text, len, &root, &err) < 0) {
		netconf_note(ctx, s, "'%s':%d: %s: file ignored", path, err.line, err.msg);
		return;
	}
	if (root.kind == Y_NULL)
		goto out;
	net = yeach(&root, "network", &k);
	if (!net || (net->kind != Y_MAP && net->kind != Y_NULL)) {
		netconf_note(ctx, s, "'%s': no 'network' mapping: file ignored", path);
		goto out;
	}
	/* a repeated key is walked as often as it is written, as netplan does */
	for (; net; net = yeach(&root, "network", &k)) {
		for (size_t i = 0; i < sizeof(netplan_sections) / sizeof(netplan_sections[0]); i++) {
			for (size_t m = 0; (sec = yeach(net, netplan_sections[i].section, &m));) {
				if (sec->kind == Y_NULL)
					continue;
				if (sec->kind != Y_MAP) {
					netconf_note(ctx, s, "'%s':%d: '%s' is not a mapping", path,
						     sec->line, netplan_sections[i].section);
					continue;
				}
				for (size_t j = 0; j < sec->n; j++)
					netplan_device(ctx, s, path, netplan_sections[i].kind,
						       &sec->kids[j], mem);
			}
		}
	}
out:
	ynode_release(&root);
}

static void netplan_file(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			 struct members *mem)
{
	struct buf b = BUF_INIT;
	int rc = fsread(ctx, path, &b);

	if (rc == 0)
		netplan_text(ctx, s, path, b.data, b.len, mem);
	else if (rc < 0)
		note_read(ctx, s, path, rc);
	buf_release(&b);
}

/* members name ids; a master is known by its interface name */
static void netplan_members(struct netconf_set *s, size_t before, struct members *mem)
{
	for (size_t i = 0; i < mem->n; i++) {
		struct netconf *m = find_entry(s, NETCONF_NETPLAN, mem->v[i].master, 1);
		if (m && m->name)
			set_str(&mem->v[i].master, m->name);
	}
	members_apply(s, NETCONF_NETPLAN, before, mem, 1);
}

size_t netconf_parse_netplan(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			     const char *text, size_t len)
{
	struct members mem = { NULL, 0 };
	size_t before = s->n;

	netplan_text(ctx, s, path, text, len, &mem);
	netplan_members(s, before, &mem);
	return s->n - before;
}

static int cmp_base(const void *a, const void *b)
{
	const char *x = strrchr(*(char *const *)a, '/') + 1;
	const char *y = strrchr(*(char *const *)b, '/') + 1;

	return strcmp(x, y);
}

size_t netconf_read_netplan(struct scan_ctx *ctx, struct netconf_set *s)
{
	/* later directories shadow a file of the same name in earlier ones */
	static const char *const dirs[] = { "lib/netplan", "etc/netplan", "run/netplan" };
	struct members mem = { NULL, 0 };
	char **files = NULL;
	size_t nfiles = 0, before = s->n;

	for (size_t d = 0; d < 3; d++) {
		char **names;
		size_t n = list_dir(ctx, s, dirs[d], &names);
		for (size_t i = 0; i < n; i++) {
			if (!ends_with(names[i], ".yaml") || names[i][0] == '.')
				continue;
			size_t k;
			for (k = 0; k < nfiles; k++)
				if (!strcmp(strrchr(files[k], '/') + 1, names[i]))
					break;
			char *p = xasprintf("%s/%s", dirs[d], names[i]);
			if (k < nfiles) {
				free(files[k]);
				files[k] = p;
			} else if (nfiles < NETCONF_MAX_FILES) {
				files = xrealloc(files, (nfiles + 1) * sizeof(*files));
				files[nfiles++] = p;
			} else {
				free(p);
			}
		}
		sysroot_names_free(names, n);
	}
	/* netplan-generate(8): lexical order of the names, whatever the directory */
	if (nfiles)
		qsort(files, nfiles, sizeof(*files), cmp_base);
	for (size_t i = 0; i < nfiles; i++) {
		if (!is_masked(ctx, files[i]))
			netplan_file(ctx, s, files[i], &mem);
		free(files[i]);
	}
	free(files);
	netplan_members(s, before, &mem);
	return s->n - before;
}

/* ------------------------------------------------------------------ */
/* INI-style files: NetworkManager keyfiles, systemd.network            */

struct ini {
	char *section;	/* borrowed from the text */
	char *key;
	char *val;
	int line;
};

/* splits text (modified in place) into at most INI_MAX_LINES assignments */
static size_t ini_parse(char *text, struct ini **out)
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

static const char *ini_get(const struct ini *v, size_t n, const char *section, const char *key)
{
	const char *found = NULL;

	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].section, section) && !strcmp(v[i].key, key))
			found = v[i].val;
	return found;
}

/* the keyfile's "[ethernet]" is also spelled "[802-3-ethernet]" */
static const char *nm_get2(const struct ini *v, size_t n, const char *s1, const char *s2,
			   const char *key)
{
	const char *r = ini_get(v, n, s1, key);

	return r ? r : ini_get(v, n, s2, key);
}

static const struct {
	const char *type;
	const char *kind;
} nm_types[] = {
	{ "ethernet", "physical" }, { "802-3-ethernet", "physical" }, { "bond", "bond" },
	{ "bridge", "bridge" }, { "vlan", "vlan" }, { "team", "team" },
	{ "wifi", "wlan" }, { "802-11-wireless", "wlan" }, { "infiniband", "infiniband" },
	{ "tun", "tun" }, { "dummy", "dummy" }, { "loopback", "loopback" }, { "veth", "veth" },
	{ "macvlan", "macvlan" }, { "vxlan", "vxlan" }, { "wireguard", "wireguard" },
};

/* "a/n,gw", "a/n" lists, or the old "a;n;gw;" triples */
static void nm_addrs(struct scan_ctx *ctx, struct netconf_set *s, struct netconf *c,
		     const char *path, const char *val, int family)
{
	const char *semi = strchr(val, ';');
	unsigned long pfx;

	if (!strchr(val, '/') && semi) {
		const char *second = semi + 1;
		size_t n2 = strcspn(second, ";");
		char *p2 = xstrndup(second, n2);
		if (parse_uint(p2, family == 4 ? 32 : 128, &pfx) == 0) {
			add_addr_text(ctx, s, c, path, val, (size_t)(semi - val), p2, family);
			free(p2);
			return;
		}
		free(p2);
	}
	for (const char *p = val; *p;) {
		size_t n = strcspn(p, ";");
		size_t a = strcspn(p, ",;");
		if (a)
			add_addr_text(ctx, s, c, path, p, a, NULL, family);
		p += n;
		p += strspn(p, ";");
	}
}

static int nm_address_key(const char *k)
{
	const char *d = !strncmp(k, "addresses", 9) ? k + 9 : !strncmp(k, "address", 7) ? k + 7 : NULL;

	return d && strspn(d, "0123456789") == strlen(d);
}

static void nm_file(struct scan_ctx *ctx, struct netconf_set *s, const char *path)
{
	struct buf b = BUF_INIT;
	struct ini *v = NULL;
	struct netconf *c;
	const char *t, *m4, *m6, *ifname, *mac;
	size_t n;
	int rc = fsread(ctx, path, &b);

	if (rc != 0) {
		if (rc < 0)
			note_read(ctx, s, path, rc);
		goto out;
	}
	n = ini_parse(b.data, &v);
	if (!ini_get(v, n, "connection", "type") && !ini_get(v, n, "connection", "id")) {
		netconf_note(ctx, s, "'%s': not a keyfile (no [connection] type= or id=)", path);
		goto out;
	}
	ifname = ini_get(v, n, "connection", "interface-name");
	mac = nm_get2(v, n, "ethernet", "802-3-ethernet", "mac-address");
	if (!mac)
		mac = nm_get2(v, n, "infiniband", "wifi", "mac-address");
	if ((!ifname || !*ifname) && (!mac || !*mac)) {
		netconf_note(ctx, s, "'%s' names no interface (NetworkManager may apply it to any "
			     "device of its type)", path);
		goto out;
	}
	if (ifname && *ifname && !netconf_valid_ifname(ifname, strlen(ifname))) {
		netconf_note(ctx, s, "'%s': invalid interface name '%.32s'", path, ifname);
		goto out;
	}
	c = entry_new(ctx, s, NETCONF_NM, path);
	if (!c)
		goto out;
	if (ifname && *ifname) {
		c->name = xstrdup(ifname);
		c->match_name = 1;
	}
	if (mac && *mac)
		set_macs(ctx, s, &c->mac, path, mac);
	t = ini_get(v, n, "connection", "uuid");
	set_str(&c->id, t && *t ? t : NULL);
	t = ini_get(v, n, "connection", "type");
	for (size_t i = 0; t && i < sizeof(nm_types) / sizeof(nm_types[0]); i++)
		if (!strcmp(t, nm_types[i].type))
			set_str(&c->kind, nm_types[i].kind);
	if (c->kind && !strcmp(c->kind, "tun") && (t = ini_get(v, n, "tun", "mode")) &&
	    !strcmp(t, "2"))
		set_str(&c->kind, "tap");
	t = nm_get2(v, n, "ethernet", "802-3-ethernet", "cloned-mac-address");
	/* "preserve", "permanent", "random", "stable": no fixed MAC */
	if (t && strspn(t, "abcdefghijklmnopqrstuvwxyz-") != strlen(t))
		set_mac1(ctx, s, &c->set_mac, path, t);
	set_mtu(ctx, s, c, path, nm_get2(v, n, "ethernet", "802-3-ethernet", "mtu"));
	t = ini_get(v, n, "connection", "controller");
	if (!t || !*t)
		t = ini_get(v, n, "connection", "master");
	if (t && *t)
		set_str(&c->master, t);	/* a name or a uuid, resolved below */
	m4 = ini_get(v, n, "ipv4", "method");
	m6 = ini_get(v, n, "ipv6", "method");
	/* nm-settings(5): a port has no IP configuration; else method defaults to auto */
	c->dhcp4 = !c->master && (!m4 || !strcmp(m4, "auto"));
	c->dhcp6 = !c->master && (!m6 || !strcmp(m6, "auto") || !strcmp(m6, "dhcp"));
	for (size_t i = 0; i < n; i++) {
		int fam = !strcmp(v[i].section, "ipv4") ? 4 : !strcmp(v[i].section, "ipv6") ? 6 : 0;
		/* the last assignment of a key counts */
		if (fam && nm_address_key(v[i].key) && *v[i].val &&
		    ini_get(v, n, v[i].section, v[i].key) == v[i].val)
			nm_addrs(ctx, s, c, path, v[i].val, fam);
	}
out:
	free(v);
	buf_release(&b);
}

size_t netconf_read_nm(struct scan_ctx *ctx, struct netconf_set *s)
{
	static const char dir[] = "etc/NetworkManager/system-connections";
	char **names;
	size_t n = list_dir(ctx, s, dir, &names), before = s->n;

	for (size_t i = 0; i < n; i++) {
		if (is_backup(names[i]) ||
		    (strchr(names[i], '.') && !ends_with(names[i], ".nmconnection")))
			continue;
		char *path = xasprintf("%s/%s", dir, names[i]);
		struct stat st;
		if (sysroot_stat(ctx, path, &st) == 0 && S_ISREG(st.st_mode))
			nm_file(ctx, s, path);
		free(path);
	}
	sysroot_names_free(names, n);
	/* controller= may hold the master's uuid */
	for (size_t i = before; i < s->n; i++) {
		struct netconf *c = &s->v[i];
		if (!c->master)
			continue;
		for (size_t j = before; j < s->n; j++)
			if (s->v[j].id && s->v[j].name && !strcmp(s->v[j].id, c->master)) {
				set_str(&c->master, s->v[j].name);
				break;
			}
	}
	return s->n - before;
}

/* appends a space-separated list; an empty assignment resets it (systemd) */
static void list_append(char **dst, const char *val)
{
	char *old = *dst;

	if (!*val) {
		free(old);
		*dst = NULL;
		return;
	}
	*dst = old ? xasprintf("%s %s", old, val) : xstrdup(val);
	free(old);
}

static void networkd_file(struct scan_ctx *ctx, struct netconf_set *s, const char *path)
{
	struct buf b = BUF_INIT;
	struct ini *v = NULL;
	struct netconf *c;
	char *names = NULL, *macs = NULL;
	int other_match = 0;
	size_t n;
	int rc = fsread(ctx, path, &b);

	if (rc != 0) {
		if (rc < 0)
			note_read(ctx, s, path, rc);
		goto out;
	}
	n = ini_parse(b.data, &v);
	c = entry_new(ctx, s, NETCONF_NETWORKD, path);
	if (!c)
		goto out;
	c->dhcp4 = 0;
	c->dhcp6 = 0;
	for (size_t i = 0; i < n; i++) {
		const char *sec = v[i].section, *k = v[i].key, *val = v[i].val;
		if (!strcmp(sec, "Match")) {
			if (!strcmp(k, "Name"))
				list_append(&names, val);
			else if (!strcmp(k, "MACAddress") || !strcmp(k, "PermanentMACAddress"))
				list_append(&macs, val);
			else
				other_match = 1;
		} else if (!strcmp(sec, "Network")) {
			if (!strcmp(k, "DHCP")) {
				c->dhcp4 = is_true(val) || !strcmp(val, "both") || !strcmp(val, "ipv4") ||
					   !strcmp(val, "v4");
				c->dhcp6 = c->dhcp6 || is_true(val) || !strcmp(val, "both") ||
					   !strcmp(val, "ipv6") || !strcmp(val, "v6");
			} else if (!strcmp(k, "IPv6AcceptRA") && is_true(val)) {
				/* systemd.network(5): addresses from router advertisements */
				c->dhcp6 = 1;
			} else if (!strcmp(k, "Address")) {
				for (const char *p = val; *p;) {
					size_t an = strcspn(p, " \t");
					if (an)
						add_addr_text(ctx, s, c, path, p, an, NULL, 0);
					p += an;
					p += strspn(p, " \t");
				}
			} else if (!strcmp(k, "Bond") || !strcmp(k, "Bridge") || !strcmp(k, "VRF")) {
				if (*val)
					set_str(&c->master, val);
			}
		} else if (!strcmp(sec, "Address") && !strcmp(k, "Address") && *val) {
			add_addr_text(ctx, s, c, path, val, strlen(val), NULL, 0);
		} else if (!strcmp(sec, "Link")) {
			if (!strcmp(k, "MTUBytes"))
				set_mtu(ctx, s, c, path, val);
			else if (!strcmp(k, "MACAddress"))
				set_mac1(ctx, s, &c->set_mac, path, val);
		}
	}
	if (macs)
		set_macs(ctx, s, &c->mac, path, macs);
	if (names) {
		c->globs = names;
		names = NULL;
		if (!has_glob(c->globs) && !strchr(c->globs, ' ') &&
		    netconf_valid_ifname(c->globs, strlen(c->globs))) {
			c->name = xstrdup(c->globs);
		}
	}
	if (!c->globs && !c->mac) {
		if (other_match)
			netconf_note(ctx, s, "'%s' matches by Driver=, Type= or the like, which is not "
				     "evaluated: taken to match no interface", path);
		else
			/* systemd.network(5): no [Match] condition matches every link */
			c->globs = xstrdup("*");
	} else if (other_match) {
		netconf_note(ctx, s, "'%s': [Match] conditions other than Name= and MACAddress= "
			     "are not evaluated", path);
	}
out:
	free(names);
	free(macs);
	free(v);
	buf_release(&b);
}

size_t netconf_read_networkd(struct scan_ctx *ctx, struct netconf_set *s)
{
	static const char dir[] = "etc/systemd/network";
	char **names;
	size_t n = list_dir(ctx, s, dir, &names), before = s->n;

	/* the first file in lexical order that matches a link configures it */
	for (size_t i = 0; i < n; i++) {
		if (!ends_with(names[i], ".network") || names[i][0] == '.')
			continue;
		char *path = xasprintf("%s/%s", dir, names[i]);
		if (!is_masked(ctx, path))
			networkd_file(ctx, s, path);
		free(path);
	}
	sysroot_names_free(names, n);
	return s->n - before;
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
