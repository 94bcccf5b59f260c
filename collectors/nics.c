/*
 * nics.c - network interfaces: MAC, MTU, driver, state, kind, master,
 * addresses, and whether the configuration files give them DHCP or static
 * addressing
 *
 * Sources: the kernel's sysfs-class-net ABI (Documentation/ABI/testing/
 * sysfs-class-net: address, mtu, operstate, type, ifindex, iflink,
 * tun_flags, device/driver, master, bridge/, bonding/,
 * bonding_slave/perm_hwaddr, uevent DEVTYPE), rtnetlink(7) RTM_GETLINK for
 * the link kind (IFLA_INFO_KIND) and getifaddrs(3) for the addresses on the
 * live system.  Under --root, ROOT/sys/class/net when it is there (a copy:
 * plain files and relative links), else the configuration files alone.
 * The configuration parsers are in netconf.c.
 *
 * A NIC is virtual when no device backs it (no sys/class/net/X/device): a
 * bond member is a physical NIC whose master is the bond.  The driver is
 * the one bound to the backing device, so virtual interfaces have none.
 * Addresses are stored once: the live ones (source 'live'), then the
 * configured ones not already live (source 'config').
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netpacket/packet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/fsread.h"
#include "../scanner/kv.h"
#include "collectors.h"
#include "lib/netconf.h"
#include "lib/netlink.h"
#include "../scanner/banned.h"

#define NICS_MAX 4096		/* interfaces of one host */
#define NL_MAX_READS 4096	/* recvmsg calls for one dump */
#define SYS_NET "sys/class/net"

/* sysfs "type" is an ARPHRD_* value; glibc's header lacks ARPHRD_IP6GRE */
static const struct {
	unsigned long type;
	const char *kind;
} arphrd_kinds[] = {
	{ ARPHRD_TUNNEL, "ipip" }, { ARPHRD_TUNNEL6, "ip6tnl" }, { ARPHRD_SIT, "sit" },
	{ ARPHRD_IPGRE, "gre" }, { 823, "ip6gre" }, { ARPHRD_PPP, "ppp" },
};

struct nic_addr {
	int family;
	char addr[INET6_ADDRSTRLEN];
	int prefix;
	const char *source;	/* "live" or "config" */
};

struct nic {
	char *name;
	char *mac;
	char *perm_mac;		/* a bond member's own MAC, for config matching */
	char *driver, *state, *kind, *master;
	long mtu;
	int mtu_known;
	int virt;		/* 1, 0, or -1 unknown */
	const char *config;	/* "dhcp", "static", "unknown" */
	char *config_source;
	int ipv6_dynamic;	/* config asks DHCPv6 or router advertisements: 1, 0, -1 unknown */
	struct nic_addr *addrs;
	size_t naddrs;
};

struct nics {
	struct nic *v;
	size_t n, alloc;
	int full;
	struct buf named;	/* "eth0 physical": kinds told by the name alone */
};

/* the kernel's kind of each link, from rtnetlink */
struct linkkinds {
	char **name;
	char **kind;
	size_t n;
};

static void nic_release(struct nic *x)
{
	free(x->name);
	free(x->mac);
	free(x->perm_mac);
	free(x->driver);
	free(x->state);
	free(x->kind);
	free(x->master);
	free(x->config_source);
	free(x->addrs);
}

static void nics_release(struct nics *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		nic_release(&ns->v[i]);
	free(ns->v);
	buf_release(&ns->named);
}

static struct nic *nics_find(struct nics *ns, const char *name)
{
	for (size_t i = 0; i < ns->n; i++)
		if (!strcmp(ns->v[i].name, name))
			return &ns->v[i];
	return NULL;
}

/* a new NIC, or NULL (noted once) past the cap */
static struct nic *nics_add(struct scan_ctx *ctx, struct netconf_set *cs, struct nics *ns,
			    const char *name)
{
	struct nic *x;

	if (ns->n >= NICS_MAX) {
		if (!ns->full)
			netconf_note(ctx, cs, "more than %d interfaces: the rest are left out", NICS_MAX);
		ns->full = 1;
		return NULL;
	}
	if (ns->n == ns->alloc) {
		ns->alloc = ns->alloc ? ns->alloc * 2 : 16;
		ns->v = xrealloc(ns->v, ns->alloc * sizeof(*ns->v));
	}
	x = &ns->v[ns->n++];
	memset(x, 0, sizeof(*x));
	x->name = xstrdup(name);
	x->virt = -1;
	x->ipv6_dynamic = -1;
	return x;
}

static void nic_add_addr(struct nic *x, int family, const char *addr, int prefix,
			 const char *source)
{
	for (size_t i = 0; i < x->naddrs; i++)
		if (x->addrs[i].family == family && !strcmp(x->addrs[i].addr, addr))
			return;
	if (x->naddrs >= NETCONF_MAX_ADDRS)
		return;
	x->addrs = xrealloc(x->addrs, (x->naddrs + 1) * sizeof(*x->addrs));
	struct nic_addr *a = &x->addrs[x->naddrs++];
	a->family = family;
	snprintf(a->addr, sizeof(a->addr), "%s", addr);
	a->prefix = prefix;
	a->source = source;
}

static void set_str(char **dst, const char *val)
{
	free(*dst);
	*dst = val ? xstrdup(val) : NULL;
}

static const char *basename_of(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* ------------------------------------------------------------------ */
/* rtnetlink: the link kind of each interface (live only)             */

static char *attr_str(const struct rtattr *a)
{
	size_t len = RTA_PAYLOAD(a);
	const char *s = RTA_DATA(a);
	size_t n = strnlen(s, len);

	return n < len && n > 0 ? xstrndup(s, n) : NULL;
}

static void link_message(const struct nlmsghdr *nh, struct linkkinds *lk)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(nh);
	int alen = (int)IFLA_PAYLOAD(nh);
	char *name = NULL, *kind = NULL;

	for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
		unsigned int type = a->rta_type & NLA_TYPE_MASK;
		if (type == IFLA_IFNAME && !name) {
			name = attr_str(a);
		} else if (type == IFLA_LINKINFO) {
			int ilen = (int)RTA_PAYLOAD(a);
			for (struct rtattr *b = RTA_DATA(a); RTA_OK(b, ilen); b = RTA_NEXT(b, ilen))
				if ((b->rta_type & NLA_TYPE_MASK) == IFLA_INFO_KIND && !kind)
					kind = attr_str(b);
		}
	}
	if (name && kind && lk->n < NICS_MAX) {
		lk->name = xrealloc(lk->name, (lk->n + 1) * sizeof(*lk->name));
		lk->kind = xrealloc(lk->kind, (lk->n + 1) * sizeof(*lk->kind));
		lk->name[lk->n] = name;
		lk->kind[lk->n] = kind;
		lk->n++;
		return;
	}
	free(name);
	free(kind);
}

/* a link of the dump (nl_dump's fn) */
static int link_msg(const struct nlmsghdr *nh, void *arg)
{
	if (nh->nlmsg_type == RTM_NEWLINK && nh->nlmsg_len >= NLMSG_LENGTH(sizeof(struct ifinfomsg)))
		link_message(nh, arg);
	return 0;
}

/* one RTM_GETLINK dump; returns 0 or a -errno code */
static int link_kinds(struct linkkinds *lk)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
	} req;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req.nh.nlmsg_type = RTM_GETLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nh.nlmsg_seq = 1;
	req.ifi.ifi_family = AF_UNSPEC;
	return nl_dump(NETLINK_ROUTE, &req, req.nh.nlmsg_len, NL_MAX_READS, link_msg, lk);
}

static const char *link_kind_of(const struct linkkinds *lk, const char *name)
{
	for (size_t i = 0; i < lk->n; i++)
		if (!strcmp(lk->name[i], name))
			return lk->kind[i];
	return NULL;
}

static void linkkinds_release(struct linkkinds *lk)
{
	for (size_t i = 0; i < lk->n; i++) {
		free(lk->name[i]);
		free(lk->kind[i]);
	}
	free(lk->name);
	free(lk->kind);
}

/* ------------------------------------------------------------------ */
/* sys/class/net                                                       */

/* a kind word as the kernel spells it: lowercase letters, digits, - and _ */
static int valid_kind(const char *k)
{
	size_t n = strlen(k);

	return n && n < 32 && strspn(k, "abcdefghijklmnopqrstuvwxyz0123456789-_") == n;
}

static int has_entry(char **names, size_t n, const char *want)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], want))
			return 1;
	return 0;
}

static int has_prefix_entry(char **names, size_t n, const char *prefix)
{
	for (size_t i = 0; i < n; i++)
		if (!strncmp(names[i], prefix, strlen(prefix)))
			return 1;
	return 0;
}

/* reads SYS_NET/<nic>/<file>: 0 read, 1 absent, <0 error */
static int sys_read(struct scan_ctx *ctx, const char *nic, const char *file, struct buf *out)
{
	char *p = xasprintf(SYS_NET "/%s/%s", nic, file);
	int rc = fsread_line(ctx, p, out);

	free(p);
	return rc;
}

/* a number from SYS_NET/<nic>/<file> (base 0: "0x1002" too); 0 ok */
static int sys_ulong(struct scan_ctx *ctx, const char *nic, const char *file,
		     unsigned long max, unsigned long *v, int *rcp)
{
	struct buf b = BUF_INIT;
	char *end;
	int rc = sys_read(ctx, nic, file, &b);

	*rcp = rc;
	if (rc == 0) {
		errno = 0;
		*v = strtoul(b.data, &end, 0);
		if (!isdigit((unsigned char)b.data[0]) || errno || *end || *v > max)
			rc = -EINVAL;
		*rcp = rc;
	}
	buf_release(&b);
	return rc;
}

static void sys_note(struct scan_ctx *ctx, struct netconf_set *cs, const char *nic,
		     const char *file, int rc)
{
	netconf_note(ctx, cs, "cannot read '" SYS_NET "/%s/%s': %s", nic, file,
		     rc > 0 ? "No such file" : rc == -EINVAL ? "not a number in range" :
		     err_str(rc));
}

/*
 * The basename of the link SYS_NET/<nic>/<file> (an interface or a driver
 * name: printable, no blanks, short), or NULL with *rcp set.
 */
static char *sys_link(struct scan_ctx *ctx, const char *nic, const char *file, int *rcp)
{
	struct buf b = BUF_INIT;
	char *p = xasprintf(SYS_NET "/%s/%s", nic, file), *r = NULL;
	int rc = sysroot_readlink(ctx, p, &b);

	if (rc == 0) {
		while (b.len > 1 && b.data[b.len - 1] == '/')
			buf_setlen(&b, b.len - 1);
		const char *base = basename_of(b.data);
		size_t n = strlen(base);
		int ok = n > 0 && n < 64;
		for (size_t i = 0; ok && i < n; i++)
			ok = base[i] > ' ' && base[i] < 0x7f;
		if (ok)
			r = xstrdup(base);
		else
			rc = -EINVAL;
	}
	if (rcp)
		*rcp = rc;
	free(p);
	buf_release(&b);
	return r;
}

static void sys_mac(struct scan_ctx *ctx, struct netconf_set *cs, const char *nic,
		    const char *file, char **dst, int note)
{
	struct buf b = BUF_INIT;
	char mac[64];
	int rc = sys_read(ctx, nic, file, &b);

	if (rc == 0 && b.len) {
		if (netconf_parse_mac(b.data, b.len, mac, sizeof(mac)) == 0) {
			/* all zeros: no link-layer address (loopback, tunnels) */
			if (strspn(mac, "0:") != strlen(mac))
				set_str(dst, mac);
		} else if (note) {
			netconf_note(ctx, cs, "'" SYS_NET "/%s/%s': not a link address", nic, file);
		}
	} else if (rc != 0 && note) {
		sys_note(ctx, cs, nic, file, rc);
	}
	buf_release(&b);
}

static const char *const operstates[] = {
	"unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up",
};

/* the kind from what sysfs shows; NULL when it does not tell */
static const char *sys_kind(struct scan_ctx *ctx, const char *nic, char **names, size_t n,
			    int type_known, unsigned long type, const char *nlkind,
			    struct buf *devtype)
{
	unsigned long flags, ifindex, iflink;
	struct kvlist kv = KVLIST_INIT;
	struct buf b = BUF_INIT;
	const char *k = NULL;
	int rc;

	if (type_known && type == ARPHRD_LOOPBACK)
		return "loopback";
	if (has_entry(names, n, "device"))
		return "physical";
	if (has_entry(names, n, "bridge"))
		return "bridge";
	if (has_entry(names, n, "bonding"))
		return "bond";
	if (has_entry(names, n, "tun_flags") &&
	    sys_ulong(ctx, nic, "tun_flags", 0xffffffffUL, &flags, &rc) == 0) {
		if (flags & IFF_TAP)
			return "tap";
		if (flags & IFF_TUN)
			return "tun";
	}
	if (sys_read(ctx, nic, "uevent", &b) == 0) {
		kv_parse(b.data, &kv);
		const char *dt = kv_get_nonempty(&kv, "DEVTYPE");
		buf_clear(devtype);
		if (dt && valid_kind(dt))
			buf_adds(devtype, dt);
	}
	kvlist_release(&kv);
	buf_release(&b);
	if (devtype->len)
		return devtype->data;
	if (nlkind) {
		if (!strcmp(nlkind, "tun"))
			return "tun";
		return nlkind;
	}
	for (size_t i = 0; type_known && i < sizeof(arphrd_kinds) / sizeof(arphrd_kinds[0]); i++)
		if (arphrd_kinds[i].type == type)
			return arphrd_kinds[i].kind;
	/*
	 * An Ethernet-type device with no device, whose iflink is another
	 * link (its peer) and which is stacked on no lower device: a veth.
	 */
	if (type_known && type == ARPHRD_ETHER && !has_prefix_entry(names, n, "lower_") &&
	    sys_ulong(ctx, nic, "ifindex", 0x7fffffffUL, &ifindex, &rc) == 0 &&
	    sys_ulong(ctx, nic, "iflink", 0x7fffffffUL, &iflink, &rc) == 0 && iflink != ifindex &&
	    iflink != 0)
		k = "veth";
	return k;
}

static void sys_nic(struct scan_ctx *ctx, struct netconf_set *cs, struct nic *x,
		    const struct linkkinds *lk)
{
	struct buf b = BUF_INIT, devtype = BUF_INIT;
	unsigned long v, type = 0;
	char **names = NULL;
	size_t n = 0;
	int rc, type_known, listed;
	char *dir = xasprintf(SYS_NET "/%s", x->name);

	rc = sysroot_list(ctx, dir, &names, &n);
	listed = rc == 0;
	if (rc != 0)
		netconf_note(ctx, cs, "cannot list '%s': %s", dir,
			     rc > 0 ? "No such file" : err_str(rc));
	sys_mac(ctx, cs, x->name, "address", &x->mac, 1);
	if (has_entry(names, n, "bonding_slave"))
		sys_mac(ctx, cs, x->name, "bonding_slave/perm_hwaddr", &x->perm_mac, 0);
	if (sys_ulong(ctx, x->name, "mtu", 0x7fffffffUL, &v, &rc) == 0) {
		x->mtu = (long)v;
		x->mtu_known = 1;
	} else {
		sys_note(ctx, cs, x->name, "mtu", rc);
	}
	rc = sys_read(ctx, x->name, "operstate", &b);
	if (rc == 0) {
		for (size_t i = 0; i < sizeof(operstates) / sizeof(operstates[0]); i++)
			if (!strcmp(b.data, operstates[i]))
				set_str(&x->state, operstates[i]);
		if (!x->state)
			netconf_note(ctx, cs, "'" SYS_NET "/%s/operstate': unknown state '%.16s'",
				     x->name, b.data);
	} else {
		sys_note(ctx, cs, x->name, "operstate", rc);
	}
	type_known = sys_ulong(ctx, x->name, "type", 0xffffUL, &type, &rc) == 0;
	if (!type_known)
		sys_note(ctx, cs, x->name, "type", rc);
	if (has_entry(names, n, "device")) {
		x->virt = 0;
		x->driver = sys_link(ctx, x->name, "device/driver", &rc);
		if (!x->driver)
			netconf_note(ctx, cs, "'%s': %s", x->name, rc > 0 ?
				     "its device has no driver bound" : "cannot read its device's driver link");
	} else if (listed) {
		x->virt = 1;
	}
	const char *kind = sys_kind(ctx, x->name, names, n, type_known, type,
				    lk ? link_kind_of(lk, x->name) : NULL, &devtype);
	if (kind)
		set_str(&x->kind, kind);
	else
		netconf_note(ctx, cs, "kind of '%s' unknown: a virtual link that sysfs does not "
			     "classify (dummy, ifb and the like look alike there)", x->name);
	if (has_entry(names, n, "master"))
		x->master = sys_link(ctx, x->name, "master", NULL);
	else if (has_entry(names, n, "brport"))
		/* kernels before 3.x: a bridge port links to its bridge only here */
		x->master = sys_link(ctx, x->name, "brport/bridge", NULL);
	sysroot_names_free(names, n);
	buf_release(&b);
	buf_release(&devtype);
	free(dir);
}

/* 0 read (even empty), 1 no sys/class/net, <0 unreadable */
static int read_sys(struct scan_ctx *ctx, struct netconf_set *cs, struct nics *ns,
		    const struct linkkinds *lk)
{
	char **names = NULL;
	size_t n = 0;
	int rc = sysroot_list(ctx, SYS_NET, &names, &n);

	if (rc != 0) {
		if (rc < 0)
			netconf_note(ctx, cs, "cannot list '" SYS_NET "': %s", err_str(rc));
		return rc;
	}
	for (size_t i = 0; i < n; i++) {
		char *p = xasprintf(SYS_NET "/%s", names[i]);
		struct stat st;
		/* bonding_masters is a file among the interfaces */
		int isdir = sysroot_stat(ctx, p, &st) == 0 && S_ISDIR(st.st_mode);
		free(p);
		if (!isdir || !netconf_valid_ifname(names[i], strlen(names[i])) ||
		    nics_find(ns, names[i]))
			continue;
		struct nic *x = nics_add(ctx, cs, ns, names[i]);
		if (!x)
			break;
		sys_nic(ctx, cs, x, lk);
	}
	sysroot_names_free(names, n);
	return 0;
}

/* ------------------------------------------------------------------ */
/* getifaddrs(3): the live addresses                                   */

static int mask_bits(const unsigned char *m, size_t len)
{
	int bits = 0;
	size_t i = 0;

	while (i < len && m[i] == 0xff) {
		bits += 8;
		i++;
	}
	if (i < len) {
		unsigned char b = m[i];
		while (b & 0x80) {
			bits++;
			b = (unsigned char)(b << 1);
		}
		if (b)
			return -1;	/* not contiguous */
		for (i++; i < len; i++)
			if (m[i])
				return -1;
	}
	return bits;
}

static void live_addrs(struct scan_ctx *ctx, struct netconf_set *cs, struct nics *ns,
		       int have_sys)
{
	struct ifaddrs *all = NULL;
	size_t count = 0;

	if (getifaddrs(&all) < 0) {
		netconf_note(ctx, cs, "getifaddrs: %s: live addresses unknown", err_str(-errno));
		return;
	}
	for (struct ifaddrs *a = all; a && count < NICS_MAX * 16; a = a->ifa_next, count++) {
		char base[IF_NAMESIZE + 8], text[INET6_ADDRSTRLEN];
		int fam, prefix = -1;

		if (!a->ifa_name || !a->ifa_addr)
			continue;
		/* IPv4 labels "eth0:1" belong to eth0 */
		snprintf(base, sizeof(base), "%.*s", (int)strcspn(a->ifa_name, ":"), a->ifa_name);
		if (!netconf_valid_ifname(base, strlen(base)))
			continue;
		struct nic *x = nics_find(ns, base);
		if (!x) {
			x = nics_add(ctx, cs, ns, base);
			if (!x)
				continue;
			if (have_sys)
				netconf_note(ctx, cs, "'%s' has addresses but is not in " SYS_NET, base);
		}
		fam = a->ifa_addr->sa_family;
		if (fam == AF_PACKET) {
			const struct sockaddr_ll *ll = (const struct sockaddr_ll *)(void *)a->ifa_addr;
			char mac[64];
			size_t o = 0;
			/* only for a NIC that sysfs did not describe */
			if (x->mac || x->kind || ll->sll_halen == 0 || ll->sll_halen > 8)
				continue;
			for (size_t i = 0; i < ll->sll_halen; i++)
				o += (size_t)snprintf(mac + o, sizeof(mac) - o, "%s%02x", i ? ":" : "",
						      ll->sll_addr[i]);
			if (strspn(mac, "0:") != strlen(mac))
				set_str(&x->mac, mac);
			if (a->ifa_flags & IFF_LOOPBACK) {
				set_str(&x->kind, "loopback");
				x->virt = 1;
			}
			continue;
		}
		if (fam == AF_INET) {
			const struct sockaddr_in *sin = (const struct sockaddr_in *)(void *)a->ifa_addr;
			if (!inet_ntop(AF_INET, &sin->sin_addr, text, sizeof(text)))
				continue;
			if (a->ifa_netmask)
				prefix = mask_bits((const unsigned char *)
						   &((const struct sockaddr_in *)(void *)a->ifa_netmask)->sin_addr, 4);
			nic_add_addr(x, 4, text, prefix, "live");
		} else if (fam == AF_INET6) {
			const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(void *)a->ifa_addr;
			if (!inet_ntop(AF_INET6, &s6->sin6_addr, text, sizeof(text)))
				continue;
			if (a->ifa_netmask)
				prefix = mask_bits((const unsigned char *)
						   &((const struct sockaddr_in6 *)(void *)a->ifa_netmask)->sin6_addr, 16);
			nic_add_addr(x, 6, text, prefix, "live");
		}
	}
	freeifaddrs(all);
}

/* ------------------------------------------------------------------ */
/* the configuration                                                   */

static int kind_virtual(const char *kind)
{
	static const char *const phys[] = { "physical", "infiniband", "wlan", "wwan", "modem" };

	if (!kind)
		return -1;
	for (size_t i = 0; i < sizeof(phys) / sizeof(phys[0]); i++)
		if (!strcmp(kind, phys[i]))
			return 0;
	return 1;
}

/* the first MAC of a space-separated list, malloc'd */
static char *first_mac(const char *list)
{
	return list ? xstrndup(list, strcspn(list, " ")) : NULL;
}

/* config-only roots: the NICs the files name */
static void nics_from_config(struct scan_ctx *ctx, struct netconf_set *cs, struct nics *ns)
{
	for (size_t i = 0; i < cs->n; i++) {
		const struct netconf *c = &cs->v[i];
		if (c->alias)
			continue;
		if (!c->name) {
			netconf_note(ctx, cs, "'%s' matches %s only: without " SYS_NET
				     " it names no interface", c->path,
				     c->mac ? "by MAC address" : "by name pattern");
			continue;
		}
		if (nics_find(ns, c->name))
			continue;
		struct nic *x = nics_add(ctx, cs, ns, c->name);
		if (!x)
			break;
		/* the hardware address the file expects, so that matching by MAC works */
		x->perm_mac = first_mac(c->mac);
	}
}

static int only_loopback(const struct nics *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		if (!ns->v[i].kind || strcmp(ns->v[i].kind, "loopback"))
			return 0;
	return 1;
}

/*
 * With no sysfs, the kind from the name the kernel or udev gives: eth* by
 * Ethernet drivers, en*, wl*, ww*, ib* by udev's naming scheme for
 * hardware (PCI, USB, virtio) only; bridges, bonds, VLANs and tunnels by
 * the names their tools give.  NULL when the name says nothing.
 */
static const char *kind_of_name(const char *name)
{
	static const struct {
		const char *prefix, *kind;
	} names[] = {
		{ "bond", "bond" }, { "team", "team" }, { "virbr", "bridge" }, { "br", "bridge" },
		{ "docker", "bridge" }, { "cni", "bridge" }, { "veth", "veth" }, { "tun", "tun" },
		{ "tap", "tap" }, { "vlan", "vlan" }, { "vnet", "tap" }, { "wg", "wireguard" },
		{ "eth", "physical" }, { "en", "physical" }, { "em", "physical" },
		{ "wl", "wlan" }, { "ww", "wwan" }, { "ib", "infiniband" },
	};

	if (strchr(name, '.'))
		return "vlan";	/* eth0.100 */
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n = strlen(names[i].prefix);
		if (!strncmp(name, names[i].prefix, n) && name[n] && !strchr(name + n, ':'))
			return names[i].kind;
	}
	/* p1p1, p3p2: biosdevname's PCI slot names */
	if (name[0] == 'p' && isdigit((unsigned char)name[1])) {
		const char *q = name + 1 + strspn(name + 1, "0123456789");
		if (*q == 'p' && isdigit((unsigned char)q[1]))
			return "physical";
	}
	return NULL;
}

static void config_facts(struct netconf_set *cs, struct nic *x, const struct netconf *best,
			 struct buf *named)
{
	if (!x->mac)
		x->mac = best->set_mac ? xstrdup(best->set_mac) : first_mac(best->mac);
	if (!x->mtu_known && best->mtu) {
		x->mtu = best->mtu;
		x->mtu_known = 1;
	}
	if (!x->kind && best->kind)
		x->kind = xstrdup(best->kind);
	if (!x->kind && !strcmp(x->name, "lo"))
		x->kind = xstrdup("loopback");
	if (!x->kind && kind_of_name(x->name)) {
		x->kind = xstrdup(kind_of_name(x->name));
		buf_addf_sep(named, ", ", "%s %s", x->name, x->kind);
	}
	x->virt = kind_virtual(x->kind);
	if (!x->master && best->master)
		x->master = xstrdup(best->master);
	for (size_t i = 0; i < cs->n && !x->master; i++)
		if (cs->v[i].master && netconf_matches(&cs->v[i], x->name, x->mac, x->perm_mac))
			x->master = xstrdup(cs->v[i].master);
}

/* "eth0:1" is an alias of eth0 */
static int alias_of(const struct netconf *c, const char *name)
{
	size_t n = strlen(name);

	return c->alias && c->name && !strncmp(c->name, name, n) && c->name[n] == ':';
}

static void apply_config(struct scan_ctx *ctx, struct netconf_set *cs, struct nics *ns,
			 int have_links)
{
	unsigned char *used = xcalloc(cs->n ? cs->n : 1, 1);
	struct buf none = BUF_INIT;
	size_t nnone = 0;

	for (size_t k = 0; k < ns->n; k++) {
		struct nic *x = &ns->v[k];
		const struct netconf *best = NULL;
		size_t bi = 0;

		for (size_t i = 0; i < cs->n; i++) {
			const struct netconf *c = &cs->v[i];
			if (!netconf_matches(c, x->name, x->mac, x->perm_mac))
				continue;
			used[i] = 1;
			if (!best || netconf_rank(cs, c) > netconf_rank(cs, best)) {
				best = c;
				bi = i;
			}
		}
		if (!best) {
			x->config = "unknown";
			if (nnone++ < 16)
				buf_addf(&none, "%s'%s'", none.len ? ", " : "", x->name);
			if (!have_links) {
				/* a NIC from an alias only: nothing else is known */
				x->virt = kind_virtual(x->kind);
			}
			continue;
		}
		for (size_t i = 0; i < cs->n; i++) {
			const struct netconf *c = &cs->v[i];
			if (i == bi || c->source == best->source ||
			    !netconf_matches(c, x->name, x->mac, x->perm_mac) ||
			    !strcmp(netconf_method(c), netconf_method(best)))
				continue;
			netconf_note(ctx, cs, "'%s': '%s' says %s, '%s' says %s: %s decides%s%s%s",
				     x->name, c->path, netconf_method(c), best->path,
				     netconf_method(best), netconf_source_name(best->source),
				     cs->in_use[best->source] ? " (in use: " : "",
				     cs->in_use[best->source] ? cs->evidence[best->source] : "",
				     cs->in_use[best->source] ? ")" : "");
		}
		x->config = netconf_method(best);
		x->config_source = xstrdup(best->path);
		x->ipv6_dynamic = best->dhcp6;
		for (size_t i = 0; i < best->naddrs; i++)
			nic_add_addr(x, best->addrs[i].family, best->addrs[i].addr,
				     best->addrs[i].prefix, "config");
		for (size_t i = 0; i < cs->n; i++) {
			const struct netconf *c = &cs->v[i];
			if (c->source != best->source || !alias_of(c, x->name))
				continue;
			used[i] = 1;
			for (size_t j = 0; j < c->naddrs; j++)
				nic_add_addr(x, c->addrs[j].family, c->addrs[j].addr,
					     c->addrs[j].prefix, "config");
		}
		if (!have_links)
			config_facts(cs, x, best, &ns->named);
	}
	if (nnone)
		netconf_note(ctx, cs, "no configuration file configures %s%s: config unknown",
			     none.data, nnone > 16 ? " and others" : "");
	/* files for interfaces that are not there: stale after a clone or a NIC change */
	for (size_t i = 0; have_links && i < cs->n; i++) {
		const struct netconf *c = &cs->v[i];
		int literal = c->name && (c->match_name || (c->globs && !strcmp(c->globs, c->name)));
		/* every kernel has lo: a copy of sys without it is partial, not stale */
		if (used[i] || c->alias || (!c->mac && !literal) ||
		    (c->name && !strcmp(c->name, "lo")))
			continue;
		if (c->mac)
			netconf_note(ctx, cs, "'%s' configures MAC %s, which no interface has",
				     c->path, c->mac);
		else
			netconf_note(ctx, cs, "'%s' configures '%s', which is not present",
				     c->path, c->name);
	}
	buf_release(&none);
	free(used);
}

/* ------------------------------------------------------------------ */
/* the store                                                           */

static int store(struct scan_ctx *ctx, const struct nics *ns)
{
	for (size_t k = 0; k < ns->n; k++) {
		const struct nic *x = &ns->v[k];
		struct dbrow r;

		dbrow_init(&r, "nics");
		dbrow_text(&r, "name", x->name);
		dbrow_text(&r, "mac", x->mac);
		dbrow_int_if(&r, "mtu", x->mtu_known, x->mtu);
		dbrow_text(&r, "driver", x->driver);
		dbrow_text(&r, "state", x->state);
		dbrow_text(&r, "kind", x->kind);
		dbrow_int_if(&r, "virtual", x->virt >= 0, x->virt);
		dbrow_text(&r, "master", x->master);
		dbrow_text(&r, "config", x->config);
		dbrow_text(&r, "config_source", x->config_source);
		dbrow_int_if(&r, "ipv6_dynamic", x->ipv6_dynamic >= 0, x->ipv6_dynamic > 0);
		if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0) {
			ctx_note(ctx, "store: cannot insert nic '%s'", x->name);
			return -1;
		}
		for (size_t i = 0; i < x->naddrs; i++) {
			dbrow_init(&r, "nic_addresses");
			dbrow_text(&r, "nic", x->name);
			dbrow_int(&r, "family", x->addrs[i].family);
			dbrow_text(&r, "address", x->addrs[i].addr);
			dbrow_int_if(&r, "prefix", x->addrs[i].prefix >= 0, x->addrs[i].prefix);
			dbrow_text(&r, "source", x->addrs[i].source);
			if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0) {
				ctx_note(ctx, "store: cannot insert an address of '%s'", x->name);
				return -1;
			}
		}
	}
	return 0;
}

int collect_nics(struct scan_ctx *ctx)
{
	struct netconf_set cs;
	struct nics ns;
	struct linkkinds lk;
	int rc, have_links;

	netconf_set_init(&cs);
	memset(&ns, 0, sizeof(ns));
	buf_init(&ns.named);
	memset(&lk, 0, sizeof(lk));
	if (ctx->live) {
		rc = link_kinds(&lk);
		if (rc < 0)
			netconf_note(ctx, &cs, "rtnetlink link dump: %s: kinds from sysfs alone",
				     err_str(rc));
	}
	rc = read_sys(ctx, &cs, &ns, ctx->live ? &lk : NULL);
	have_links = rc == 0;
	if (ctx->live) {
		live_addrs(ctx, &cs, &ns, have_links);
		have_links = have_links || ns.n > 0;
	}
	netconf_read(ctx, &cs);
	if (!have_links) {
		netconf_note(ctx, &cs, "no " SYS_NET " under the root: interfaces, MACs, MTUs and "
			     "kinds come from the configuration files alone, drivers and states are unknown");
		nics_from_config(ctx, &cs, &ns);
	}
	apply_config(ctx, &cs, &ns, have_links);
	if (ns.named.len)
		netconf_note(ctx, &cs, "kinds from the interface names alone: %s", ns.named.data);
	if (ns.n == 0) {
		netconf_note(ctx, &cs, "no interfaces: neither " SYS_NET
			     " nor any network configuration file names one");
		rc = 1;
	} else if (!have_links && only_loopback(&ns)) {
		/* a NetworkManager desktop's interfaces file holds lo alone:
		 * that says nothing of the interfaces the host has */
		netconf_note(ctx, &cs, "no interfaces but lo: neither " SYS_NET
			     " nor any network configuration file names another");
		rc = 1;
	} else {
		rc = store(ctx, &ns);
	}
	netconf_notes_flush(ctx, &cs);
	linkkinds_release(&lk);
	nics_release(&ns);
	netconf_set_release(&cs);
	return rc;
}
