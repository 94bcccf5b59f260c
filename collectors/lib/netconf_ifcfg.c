/*
 * netconf_ifcfg.c - RHEL ifcfg files: etc/sysconfig/network-scripts/ifcfg-* (ifcfg-rh)
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

/* ------------------------------------------------------------------ */
/* ifcfg: RHEL and SUSE share the KEY=value format (scanner/kv.h)      */

/* is l->v[i] the last assignment of its key (the one that counts)? */
int netconf_kv_last(const struct kvlist *l, size_t i)
{
	return kv_get(l, l->v[i].key) == l->v[i].val;
}

/* IPADDR, IPADDRn (RHEL) or IPADDR_x (SUSE) with their PREFIX/NETMASK */
void netconf_ifcfg_addrs(struct scan_ctx *ctx, struct netconf_set *s, struct netconf *c,
			const char *path, const struct kvlist *kv, int suse)
{
	for (size_t i = 0; i < kv->n; i++) {
		const char *key = kv->v[i].key, *val = kv->v[i].val;
		if (strncmp(key, "IPADDR", 6) || !*val || !netconf_kv_last(kv, i))
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
		netconf_add_addr_text(ctx, s, c, path, val, strlen(val), pfx, 0);
		free(pk);
		free(mk);
	}
}

/* one ifcfg file's text (NUL-terminated), named path, for interface suffix */
static void ifcfg_rh_text(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			  const char *suffix, const char *text)
{
	struct kvlist kv = KVLIST_INIT;
	struct netconf *c;
	const char *v;

	kv_parse(text, &kv);
	const char *dev = kv_get_nonempty(&kv, "DEVICE");
	if (!dev)
		dev = suffix;
	if (!netconf_valid_ifname(dev, strlen(dev))) {
		netconf_note(ctx, s, "'%s': invalid interface name '%.32s'", path, dev);
		goto out;
	}
	c = netconf_entry_new(ctx, s, NETCONF_IFCFG, path);
	if (!c)
		goto out;
	c->name = xstrdup(dev);
	c->alias = netconf_name_is_alias(dev);
	c->match_name = 1;
	netconf_set_str(&c->id, kv_get_nonempty(&kv, "UUID"));
	if ((v = kv_get_nonempty(&kv, "HWADDR"))) {
		netconf_set_macs(ctx, s, &c->mac, path, v);
		/* initscripts find the device by HWADDR and name it DEVICE */
		if (c->mac)
			c->match_name = 0;
	}
	netconf_set_mac1(ctx, s, &c->set_mac, path, kv_get_nonempty(&kv, "MACADDR"));
	netconf_set_mtu(ctx, s, c, path, kv_get_nonempty(&kv, "MTU"));
	v = kv_get_nonempty(&kv, "TYPE");
	if (v && !strcasecmp(v, "Ethernet"))
		netconf_set_str(&c->kind, "physical");
	else if ((v && !strcasecmp(v, "Bond")) || kv_get_nonempty(&kv, "BONDING_OPTS") ||
		 netconf_is_true(kv_get(&kv, "BONDING_MASTER")))
		netconf_set_str(&c->kind, "bond");
	else if (v && !strcasecmp(v, "Bridge"))
		netconf_set_str(&c->kind, "bridge");
	else if ((v && !strcasecmp(v, "Vlan")) || netconf_is_true(kv_get(&kv, "VLAN")))
		netconf_set_str(&c->kind, "vlan");
	else if (v && !strcasecmp(v, "Team"))
		netconf_set_str(&c->kind, "team");
	else if (v && !strcasecmp(v, "InfiniBand"))
		netconf_set_str(&c->kind, "infiniband");
	else if (!strcmp(dev, "lo"))
		netconf_set_str(&c->kind, "loopback");
	if ((v = kv_get_nonempty(&kv, "MASTER")) || (v = kv_get_nonempty(&kv, "BRIDGE")) ||
	    (v = kv_get_nonempty(&kv, "TEAM_MASTER")))
		netconf_set_str(&c->master, v);
	else if ((v = kv_get_nonempty(&kv, "MASTER_UUID")))
		/* resolved to a name once every file is read */
		c->master = xasprintf("uuid:%s", v);
	v = kv_get(&kv, "BOOTPROTO");
	c->dhcp4 = v && (!strcasecmp(v, "dhcp") || !strcasecmp(v, "bootp"));
	netconf_ifcfg_addrs(ctx, s, c, path, &kv, 0);
	c->dhcp6 = netconf_is_true(kv_get(&kv, "IPV6INIT")) &&
		   (netconf_is_true(kv_get(&kv, "DHCPV6C")) || netconf_is_true(kv_get(&kv, "IPV6_AUTOCONF")));
	if (netconf_is_true(kv_get(&kv, "IPV6INIT")) || !kv_get(&kv, "IPV6INIT")) {
		if ((v = kv_get_nonempty(&kv, "IPV6ADDR")))
			netconf_add_addr_text(ctx, s, c, path, v, strlen(v), NULL, 6);
		for (const char *p = kv_get(&kv, "IPV6ADDR_SECONDARIES"); p && *p;) {
			size_t n = strcspn(p, " \t");
			if (n)
				netconf_add_addr_text(ctx, s, c, path, p, n, NULL, 6);
			p += n;
			p += strspn(p, " \t");
		}
	}
out:
	kvlist_release(&kv);
}

static void ifcfg_rh_file(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			  const char *suffix)
{
	struct buf b = BUF_INIT;
	int rc = fsread(ctx, path, &b);

	if (rc < 0)
		netconf_note_read(ctx, s, path, rc);
	else if (rc == 0)
		ifcfg_rh_text(ctx, s, path, suffix, b.data);
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
				netconf_set_str(&c->master, s->v[j].name);
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
	size_t n = netconf_list_dir(ctx, s, dir, &names), before = s->n;

	for (size_t i = 0; i < n; i++) {
		if (strncmp(names[i], "ifcfg-", 6) || !names[i][6] || netconf_is_backup(names[i]))
			continue;
		char *path = xasprintf("%s/%s", dir, names[i]);
		ifcfg_rh_file(ctx, s, path, names[i] + 6);
		free(path);
	}
	sysroot_names_free(names, n);
	resolve_uuid_masters(s, NETCONF_IFCFG, before);
	return s->n - before;
}

size_t netconf_parse_ifcfg(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			   const char *text, size_t len)
{
	const char *base = str_base_name(path);
	char *t = xstrndup(text, len);
	size_t before = s->n;

	ifcfg_rh_text(ctx, s, path, strncmp(base, "ifcfg-", 6) ? base : base + 6, t);
	resolve_uuid_masters(s, NETCONF_IFCFG, before);
	free(t);
	return s->n - before;
}
