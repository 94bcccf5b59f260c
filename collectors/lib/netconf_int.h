/*
 * netconf_int.h - used by netconf.c and the netconf_*.c parsers only
 *
 * What the netconf parsers share among themselves (the nics collector
 * uses netconf.h).
 */
#ifndef PREMIG_NETCONF_INT_H
#define PREMIG_NETCONF_INT_H

#include <stddef.h>

#include "../../scanner/ctx.h"
#include "../../scanner/kv.h"
#include "netconf.h"

#define INI_MAX_LINES 8192

/* SUSE: BONDING_SLAVE_x and BRIDGE_PORTS name the members in the master's file */
struct member {
	char *member;
	char *master;
};

struct members {
	struct member *v;
	size_t n;
};

struct ini {
	char *section;	/* borrowed from the text */
	char *key;
	char *val;
	int line;
};

void netconf_note_read(struct scan_ctx *ctx, struct netconf_set *s, const char *path, int rc);

void netconf_set_str(char **dst, const char *val);

void netconf_set_strn(char **dst, const char *val, size_t n);

int netconf_is_true(const char *v);

int netconf_is_false(const char *v);

/* a decimal number no larger than max; 0 on success */
int netconf_parse_uint(const char *s, unsigned long max, unsigned long *out);

int netconf_has_glob(const char *s);

/* "255.255.255.0" or "24" as a prefix length; -1 when invalid */
int netconf_mask_prefix(const char *mask, int family);

/* a MAC list "a b c" for netconf.mac; invalid ones are noted and skipped */
void netconf_set_macs(struct scan_ctx *ctx, struct netconf_set *s, char **dst,
		     const char *path, const char *list);

void netconf_set_mac1(struct scan_ctx *ctx, struct netconf_set *s, char **dst,
		     const char *path, const char *val);

void netconf_set_mtu(struct scan_ctx *ctx, struct netconf_set *s, struct netconf *c,
		    const char *path, const char *val);

/* a new entry, or NULL (with a note once) when the cap is reached */
struct netconf *netconf_entry_new(struct scan_ctx *ctx, struct netconf_set *s,
				 enum netconf_source src, const char *path);

void netconf_add_addr(struct scan_ctx *ctx, struct netconf_set *s, struct netconf *c,
		     const struct netconf_addr *a);

/* parses text as an address; prefix_text, when given, supplies the prefix */
void netconf_add_addr_text(struct scan_ctx *ctx, struct netconf_set *s, struct netconf *c,
			  const char *path, const char *text, size_t len,
			  const char *prefix_text, int want_family);

int netconf_name_is_alias(const char *name);

/* directory entries, capped, or none (a note unless the directory is absent) */
size_t netconf_list_dir(struct scan_ctx *ctx, struct netconf_set *s, const char *dir,
		       char ***names);

/* backup and package-manager leftovers the network scripts skip */
int netconf_is_backup(const char *name);

/* a file linked to /dev/null is masked (systemd and netplan both do this) */
int netconf_is_masked(struct scan_ctx *ctx, const char *path);

struct netconf *netconf_find_entry(struct netconf_set *s, enum netconf_source src,
				  const char *name, int by_id);

void netconf_members_add(struct members *m, const char *member, size_t len, const char *master);

void netconf_members_apply(struct netconf_set *s, enum netconf_source src, size_t from,
			  struct members *m, int by_id);

/* splits text (modified in place) into at most INI_MAX_LINES assignments */
size_t netconf_ini_parse(char *text, struct ini **out);

const char *netconf_ini_get(const struct ini *v, size_t n, const char *section, const char *key);

/* frees one entry's strings (netconf_set_release frees them all) */
void netconf_entry_release(struct netconf *c);

/* ifcfg (RHEL and SUSE): is l->v[i] the last assignment of its key? */
int netconf_kv_last(const struct kvlist *l, size_t i);

/* ifcfg: IPADDR, IPADDRn (RHEL) or IPADDR_x (SUSE) with their PREFIX/NETMASK */
void netconf_ifcfg_addrs(struct scan_ctx *ctx, struct netconf_set *s, struct netconf *c,
			 const char *path, const struct kvlist *kv, int suse);

#endif
