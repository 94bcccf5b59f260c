/*
 * netconf_nm.c - NetworkManager keyfiles (nm-settings-keyfile(5))
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

/* the keyfile's "[ethernet]" is also spelled "[802-3-ethernet]" */
static const char *nm_get2(const struct ini *v, size_t n, const char *s1, const char *s2,
			   const char *key)
{
	const char *r = netconf_ini_get(v, n, s1, key);

	return r ? r : netconf_ini_get(v, n, s2, key);
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
		if (netconf_parse_uint(p2, family == 4 ? 32 : 128, &pfx) == 0) {
			netconf_add_addr_text(ctx, s, c, path, val, (size_t)(semi - val), p2, family);
			free(p2);
			return;
		}
		free(p2);
	}
	for (const char *p = val; *p;) {
		size_t n = strcspn(p, ";");
		size_t a = strcspn(p, ",;");
		if (a)
			netconf_add_addr_text(ctx, s, c, path, p, a, NULL, family);
		p += n;
		p += strspn(p, ";");
	}
}

static int nm_address_key(const char *k)
{
	const char *d = !strncmp(k, "addresses", 9) ? k + 9 : !strncmp(k, "address", 7) ? k + 7 : NULL;

	return d && strspn(d, "0123456789") == strlen(d);
}

/* one file's text (NUL-terminated, modified), named path */
static void nm_text(struct scan_ctx *ctx, struct netconf_set *s, const char *path, char *text)
{
	struct ini *v = NULL;
	struct netconf *c;
	const char *t, *m4, *m6, *ifname, *mac;
	size_t n;

	n = netconf_ini_parse(text, &v);
	if (!netconf_ini_get(v, n, "connection", "type") && !netconf_ini_get(v, n, "connection", "id")) {
		netconf_note(ctx, s, "'%s': not a keyfile (no [connection] type= or id=)", path);
		goto out;
	}
	ifname = netconf_ini_get(v, n, "connection", "interface-name");
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
	c = netconf_entry_new(ctx, s, NETCONF_NM, path);
	if (!c)
		goto out;
	if (ifname && *ifname) {
		c->name = xstrdup(ifname);
		c->match_name = 1;
	}
	if (mac && *mac)
		netconf_set_macs(ctx, s, &c->mac, path, mac);
	t = netconf_ini_get(v, n, "connection", "uuid");
	netconf_set_str(&c->id, t && *t ? t : NULL);
	t = netconf_ini_get(v, n, "connection", "type");
	for (size_t i = 0; t && i < sizeof(nm_types) / sizeof(nm_types[0]); i++)
		if (!strcmp(t, nm_types[i].type))
			netconf_set_str(&c->kind, nm_types[i].kind);
	if (c->kind && !strcmp(c->kind, "tun") && (t = netconf_ini_get(v, n, "tun", "mode")) &&
	    !strcmp(t, "2"))
		netconf_set_str(&c->kind, "tap");
	t = nm_get2(v, n, "ethernet", "802-3-ethernet", "cloned-mac-address");
	/* "preserve", "permanent", "random", "stable": no fixed MAC */
	if (t && strspn(t, "abcdefghijklmnopqrstuvwxyz-") != strlen(t))
		netconf_set_mac1(ctx, s, &c->set_mac, path, t);
	netconf_set_mtu(ctx, s, c, path, nm_get2(v, n, "ethernet", "802-3-ethernet", "mtu"));
	t = netconf_ini_get(v, n, "connection", "controller");
	if (!t || !*t)
		t = netconf_ini_get(v, n, "connection", "master");
	if (t && *t)
		netconf_set_str(&c->master, t);	/* a name or a uuid, resolved below */
	m4 = netconf_ini_get(v, n, "ipv4", "method");
	m6 = netconf_ini_get(v, n, "ipv6", "method");
	/* nm-settings(5): a port has no IP configuration; else method defaults to auto */
	c->dhcp4 = !c->master && (!m4 || !strcmp(m4, "auto"));
	c->dhcp6 = !c->master && (!m6 || !strcmp(m6, "auto") || !strcmp(m6, "dhcp"));
	for (size_t i = 0; i < n; i++) {
		int fam = !strcmp(v[i].section, "ipv4") ? 4 : !strcmp(v[i].section, "ipv6") ? 6 : 0;
		/* the last assignment of a key counts */
		if (fam && nm_address_key(v[i].key) && *v[i].val &&
		    netconf_ini_get(v, n, v[i].section, v[i].key) == v[i].val)
			nm_addrs(ctx, s, c, path, v[i].val, fam);
	}
out:
	free(v);
}

static void nm_file(struct scan_ctx *ctx, struct netconf_set *s, const char *path)
{
	struct buf b = BUF_INIT;
	int rc = fsread(ctx, path, &b);

	if (rc < 0)
		netconf_note_read(ctx, s, path, rc);
	else if (rc == 0)
		nm_text(ctx, s, path, b.data);
	buf_release(&b);
}

size_t netconf_read_nm(struct scan_ctx *ctx, struct netconf_set *s)
{
	static const char dir[] = "etc/NetworkManager/system-connections";
	char **names;
	size_t n = netconf_list_dir(ctx, s, dir, &names), before = s->n;

	for (size_t i = 0; i < n; i++) {
		if (netconf_is_backup(names[i]) ||
		    (strchr(names[i], '.') && !str_ends_with(names[i], ".nmconnection")))
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
				netconf_set_str(&c->master, s->v[j].name);
				break;
			}
	}
	return s->n - before;
}

/* appends a space-separated list; an empty assignment resets it (systemd) */

size_t netconf_parse_nm(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			 const char *text, size_t len)
{
	char *t = xstrndup(text, len);
	size_t before = s->n;

	nm_text(ctx, s, path, t);
	free(t);
	return s->n - before;
}
