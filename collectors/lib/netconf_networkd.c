/*
 * netconf_networkd.c - systemd-networkd .network files (systemd.network(5))
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

/* one file's text (NUL-terminated, modified), named path */
static void networkd_text(struct scan_ctx *ctx, struct netconf_set *s, const char *path, char *text)
{
	struct ini *v = NULL;
	struct netconf *c;
	char *names = NULL, *macs = NULL;
	int other_match = 0;
	size_t n;

	n = netconf_ini_parse(text, &v);
	c = netconf_entry_new(ctx, s, NETCONF_NETWORKD, path);
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
				c->dhcp4 = netconf_is_true(val) || !strcmp(val, "both") || !strcmp(val, "ipv4") ||
					   !strcmp(val, "v4");
				c->dhcp6 = c->dhcp6 || netconf_is_true(val) || !strcmp(val, "both") ||
					   !strcmp(val, "ipv6") || !strcmp(val, "v6");
			} else if (!strcmp(k, "IPv6AcceptRA") && netconf_is_true(val)) {
				/* systemd.network(5): addresses from router advertisements */
				c->dhcp6 = 1;
			} else if (!strcmp(k, "Address")) {
				for (const char *p = val; *p;) {
					size_t an = strcspn(p, " \t");
					if (an)
						netconf_add_addr_text(ctx, s, c, path, p, an, NULL, 0);
					p += an;
					p += strspn(p, " \t");
				}
			} else if (!strcmp(k, "Bond") || !strcmp(k, "Bridge") || !strcmp(k, "VRF")) {
				if (*val)
					netconf_set_str(&c->master, val);
			}
		} else if (!strcmp(sec, "Address") && !strcmp(k, "Address") && *val) {
			netconf_add_addr_text(ctx, s, c, path, val, strlen(val), NULL, 0);
		} else if (!strcmp(sec, "Link")) {
			if (!strcmp(k, "MTUBytes"))
				netconf_set_mtu(ctx, s, c, path, val);
			else if (!strcmp(k, "MACAddress"))
				netconf_set_mac1(ctx, s, &c->set_mac, path, val);
		}
	}
	if (macs)
		netconf_set_macs(ctx, s, &c->mac, path, macs);
	if (names) {
		c->globs = names;
		names = NULL;
		if (!netconf_has_glob(c->globs) && !strchr(c->globs, ' ') &&
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
}

static void networkd_file(struct scan_ctx *ctx, struct netconf_set *s, const char *path)
{
	struct buf b = BUF_INIT;
	int rc = fsread(ctx, path, &b);

	if (rc < 0)
		netconf_note_read(ctx, s, path, rc);
	else if (rc == 0)
		networkd_text(ctx, s, path, b.data);
	buf_release(&b);
}

size_t netconf_read_networkd(struct scan_ctx *ctx, struct netconf_set *s)
{
	static const char dir[] = "etc/systemd/network";
	char **names;
	size_t n = netconf_list_dir(ctx, s, dir, &names), before = s->n;

	/* the first file in lexical order that matches a link configures it */
	for (size_t i = 0; i < n; i++) {
		if (!str_ends_with(names[i], ".network") || names[i][0] == '.')
			continue;
		char *path = xasprintf("%s/%s", dir, names[i]);
		if (!netconf_is_masked(ctx, path))
			networkd_file(ctx, s, path);
		free(path);
	}
	sysroot_names_free(names, n);
	return s->n - before;
}

size_t netconf_parse_networkd(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			 const char *text, size_t len)
{
	char *t = xstrndup(text, len);
	size_t before = s->n;

	networkd_text(ctx, s, path, t);
	free(t);
	return s->n - before;
}
