/*
 * netconf.h - used by the nics collector
 *
 * The distribution's network configuration, as files say it
 *
 * One parser per format, each reading through the sysroot and adding one
 * struct netconf per interface it configures:
 *
 *   ifcfg      RHEL, CentOS, Fedora: etc/sysconfig/network-scripts/ifcfg-*
 *   wicked     SUSE: etc/sysconfig/network/ifcfg-* (ifcfg(5), ifcfg-bonding(5))
 *   ifupdown   Debian: etc/network/interfaces, with source and
 *              source-directory (interfaces(5))
 *   netplan    Ubuntu: *.yaml in lib/netplan, etc/netplan, run/netplan
 *              (netplan(5)), read through libyaml as netplan reads them
 *   nm         NetworkManager keyfiles in etc/NetworkManager/system-connections
 *              (nm-settings-keyfile(5))
 *   networkd   systemd-networkd: *.network in etc/systemd/network
 *              (systemd.network(5))
 *
 * Whatever cannot be read or parsed becomes a note (netconf_note), never a
 * guess.  Every file read is capped by fsread, every count by the limits
 * below.
 *
 * Ownership: a netconf_set owns its entries and their strings; everything
 * is freed by netconf_set_release().  Pointers into s->v stay valid until
 * the next parser call or the release.
 */
#ifndef PREMIG_NETCONF_H
#define PREMIG_NETCONF_H

#include <netinet/in.h>
#include <stddef.h>

#include "../../scanner/ctx.h"

#define NETCONF_MAX_FILES 512		/* files read from one directory */
#define NETCONF_MAX_ENTRIES 4096	/* configured interfaces, all sources */
#define NETCONF_MAX_ADDRS 256		/* addresses of one interface */
#define NETCONF_MAX_INCLUDE 8		/* nesting of interfaces(5) source */
#define NETCONF_MAX_NOTES 32		/* notes of one collector run */

/* in rising order of preference when two sources configure one interface */
enum netconf_source {
	NETCONF_NETWORKD,
	NETCONF_WICKED,
	NETCONF_IFCFG,
	NETCONF_NM,
	NETCONF_IFUPDOWN,
	NETCONF_NETPLAN,
	NETCONF_NSOURCES
};

struct netconf_addr {
	int family;			/* 4 or 6 */
	char addr[INET6_ADDRSTRLEN];	/* canonical text (inet_ntop) */
	int prefix;			/* -1 when the file gives none */
};

struct netconf {
	enum netconf_source source;
	char *path;		/* root-relative file that decided the addressing */
	char *id;		/* netplan id, NetworkManager id/uuid; may be NULL */
	char *name;		/* the interface name it configures, or NULL */
	int match_name;		/* name is a match condition, not just a rename */
	char *globs;		/* space-separated fnmatch(3) patterns; '!' first negates */
	char *mac;		/* match: space-separated lowercase MACs */
	char *set_mac;		/* the MAC it assigns (MACADDR=, macaddress:, ...) */
	char *kind;		/* as the file states: physical, bond, bridge, vlan, ... */
	char *master;		/* the bond or bridge it is enslaved to */
	long mtu;		/* 0 when the file gives none */
	int dhcp4, dhcp6;	/* 1 on, 0 off, -1 not said (netplan merges) */
	int alias;		/* "eth0:1": only adds addresses to eth0 */
	struct netconf_addr *addrs;
	size_t naddrs;
	int addrs_full;		/* the cap was noted */
};

struct netconf_set {
	struct netconf *v;
	size_t n, alloc;
	int in_use[NETCONF_NSOURCES];		/* evidence the host runs it */
	const char *evidence[NETCONF_NSOURCES];	/* borrowed static path */
	unsigned int notes, dropped;
	int full;				/* the entry cap was noted */
};

void netconf_set_init(struct netconf_set *s);
void netconf_set_release(struct netconf_set *s);

/* runs every parser below, then looks for which of them the host uses */
void netconf_read(struct scan_ctx *ctx, struct netconf_set *s);

/* each returns the number of entries it added */
size_t netconf_read_ifcfg(struct scan_ctx *ctx, struct netconf_set *s);
size_t netconf_read_wicked(struct scan_ctx *ctx, struct netconf_set *s);
size_t netconf_read_ifupdown(struct scan_ctx *ctx, struct netconf_set *s);
size_t netconf_read_netplan(struct scan_ctx *ctx, struct netconf_set *s);
size_t netconf_read_nm(struct scan_ctx *ctx, struct netconf_set *s);
size_t netconf_read_networkd(struct scan_ctx *ctx, struct netconf_set *s);

/*
 * One file's bytes (text, len; need not be NUL-terminated: the text ends at
 * a NUL byte, as a C string does), read as the netconf_read_* above read
 * the file at path, with nothing else of the root: for `premig debug
 * decode` (collectors/lib/decode_net.c), which has no root to read from.
 * Bonds and bridges are resolved within the file; ifupdown's source lines
 * are noted, not followed; ifcfg and wicked take the interface from path's
 * base name ("ifcfg-eth0").  Return the number of entries added; ctx takes
 * the notes.
 */
size_t netconf_parse_ifcfg(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			   const char *text, size_t len);
size_t netconf_parse_wicked(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			    const char *text, size_t len);
size_t netconf_parse_ifupdown(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			      const char *text, size_t len);
size_t netconf_parse_netplan(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			     const char *text, size_t len);
size_t netconf_parse_nm(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			const char *text, size_t len);
size_t netconf_parse_networkd(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			      const char *text, size_t len);
void netconf_detect_in_use(struct scan_ctx *ctx, struct netconf_set *s);

/* "ifcfg", "netplan", ...: a static string */
const char *netconf_source_name(enum netconf_source src);

/* the preference of an entry: in-use sources first, then the enum order */
int netconf_rank(const struct netconf_set *s, const struct netconf *c);

/*
 * How the entry configures addressing: "dhcp" when DHCP (or SLAAC, for a
 * config without IPv4) is on, else "static" (fixed addresses, or none).
 */
const char *netconf_method(const struct netconf *c);

/*
 * Does the (non-alias) entry apply to the interface called name, whose MAC
 * is mac and permanent MAC perm_mac (either may be NULL)?  A known
 * perm_mac is the NIC's own address and replaces mac in the comparison.
 */
int netconf_matches(const struct netconf *c, const char *name, const char *mac,
		    const char *perm_mac);

/* helpers shared with nics.c; 0 on success, -1 invalid */
int netconf_parse_addr(const char *text, size_t len, struct netconf_addr *out);
int netconf_parse_mac(const char *text, size_t len, char *out, size_t outsz);
int netconf_valid_ifname(const char *s, size_t n);

/* a note, at most NETCONF_MAX_NOTES of them; the rest are counted */
void netconf_note(struct scan_ctx *ctx, struct netconf_set *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* adds "N more notes left out" when notes were dropped */
void netconf_notes_flush(struct scan_ctx *ctx, struct netconf_set *s);

#endif
