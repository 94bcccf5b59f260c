/*
 * netconf_wicked.c - SUSE ifcfg files: etc/sysconfig/network/ifcfg-* (ifcfg(5), ifcfg-bonding(5))
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

/* one ifcfg file's text (NUL-terminated), named path, for interface suffix */
static void wicked_text(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			const char *suffix, const char *text, struct members *mem)
{
	struct kvlist kv = KVLIST_INIT;
	struct netconf *c;
	const char *v;
	char mac[64];

	kv_parse(text, &kv);
	c = netconf_entry_new(ctx, s, NETCONF_WICKED, path);
	if (!c)
		goto out;
	/* SLES 10 names files by MAC: ifcfg-eth-id-52:54:00:12:34:56 */
	if (!strncmp(suffix, "eth-id-", 7) &&
	    netconf_parse_mac(suffix + 7, strlen(suffix + 7), mac, sizeof(mac)) == 0) {
		c->mac = xstrdup(mac);
	} else if (netconf_valid_ifname(suffix, strlen(suffix))) {
		c->name = xstrdup(suffix);
		c->match_name = 1;
		c->alias = netconf_name_is_alias(suffix);
	} else {
		netconf_note(ctx, s, "'%s': invalid interface name '%.32s'", path, suffix);
		netconf_entry_release(c);
		s->n--;
		goto out;
	}
	netconf_set_mac1(ctx, s, &c->set_mac, path, kv_get_nonempty(&kv, "LLADDR"));
	netconf_set_mtu(ctx, s, c, path, kv_get_nonempty(&kv, "MTU"));
	if (netconf_is_true(kv_get(&kv, "BONDING_MASTER"))) {
		netconf_set_str(&c->kind, "bond");
		for (size_t i = 0; i < kv.n; i++)
			if (!strncmp(kv.v[i].key, "BONDING_SLAVE", 13) && *kv.v[i].val &&
			    netconf_kv_last(&kv, i) && c->name)
				netconf_members_add(mem, kv.v[i].val, strlen(kv.v[i].val), c->name);
	} else if (netconf_is_true(kv_get(&kv, "BRIDGE"))) {
		netconf_set_str(&c->kind, "bridge");
		for (const char *p = kv_get(&kv, "BRIDGE_PORTS"); p && *p && c->name;) {
			size_t n = strcspn(p, " \t");
			if (n)
				netconf_members_add(mem, p, n, c->name);
			p += n;
			p += strspn(p, " \t");
		}
	} else if (kv_get_nonempty(&kv, "ETHERDEVICE")) {
		netconf_set_str(&c->kind, "vlan");
	} else if ((v = kv_get_nonempty(&kv, "TUNNEL")) && (!strcmp(v, "tap") || !strcmp(v, "tun"))) {
		netconf_set_str(&c->kind, v);
	} else if (c->name && !strcmp(c->name, "lo")) {
		netconf_set_str(&c->kind, "loopback");
	}
	/* ifcfg(5): BOOTPROTO defaults to static */
	v = kv_get(&kv, "BOOTPROTO");
	c->dhcp4 = v && (!strcasecmp(v, "dhcp") || !strcasecmp(v, "dhcp4") ||
			 !strcasecmp(v, "dhcp+autoip"));
	c->dhcp6 = v && (!strcasecmp(v, "dhcp") || !strcasecmp(v, "dhcp6"));
	netconf_ifcfg_addrs(ctx, s, c, path, &kv, 1);
out:
	kvlist_release(&kv);
}

static void wicked_file(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			const char *suffix, struct members *mem)
{
	struct buf b = BUF_INIT;
	int rc = fsread(ctx, path, &b);

	if (rc < 0)
		netconf_note_read(ctx, s, path, rc);
	else if (rc == 0)
		wicked_text(ctx, s, path, suffix, b.data, mem);
	buf_release(&b);
}

size_t netconf_read_wicked(struct scan_ctx *ctx, struct netconf_set *s)
{
	static const char dir[] = "etc/sysconfig/network";
	struct members mem = { NULL, 0 };
	char **names;
	size_t n = netconf_list_dir(ctx, s, dir, &names), before = s->n;

	for (size_t i = 0; i < n; i++) {
		if (strncmp(names[i], "ifcfg-", 6) || !names[i][6] || netconf_is_backup(names[i]))
			continue;
		char *path = xasprintf("%s/%s", dir, names[i]);
		wicked_file(ctx, s, path, names[i] + 6, &mem);
		free(path);
	}
	sysroot_names_free(names, n);
	netconf_members_apply(s, NETCONF_WICKED, before, &mem, 0);
	return s->n - before;
}

size_t netconf_parse_wicked(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			    const char *text, size_t len)
{
	const char *base = str_base_name(path);
	struct members mem = { NULL, 0 };
	char *t = xstrndup(text, len);
	size_t before = s->n;

	wicked_text(ctx, s, path, strncmp(base, "ifcfg-", 6) ? base : base + 6, t, &mem);
	netconf_members_apply(s, NETCONF_WICKED, before, &mem, 0);
	free(t);
	return s->n - before;
}
