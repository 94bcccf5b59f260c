/*
 * netconf_ifupdown.c - Debian's etc/network/interfaces (interfaces(5))
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
#include "../../scanner/banned.h"

/* ------------------------------------------------------------------ */
/* ifupdown: etc/network/interfaces                                   */

struct ifup_state {
	const char *stack[NETCONF_MAX_INCLUDE + 1];	/* the files being read */
	int depth;
	size_t files;
	struct members mem;
	int no_source;		/* one file's text alone: source lines are noted, not read */
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
			netconf_add_addr_text(ctx, s, st->c, path, st->addrs[i], strlen(st->addrs[i]),
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

	if (ist->no_source) {
		netconf_note(ctx, s, "'%s': source%s '%.64s' not followed (one file read alone)",
			     from, directory ? "-directory" : "", arg);
		free(target);
		return;
	}
	if (directory) {
		dir = xstrdup(target);
		pattern = NULL;
	} else if (!netconf_has_glob(target)) {
		ifup_file(ctx, s, ist, target);
		free(target);
		return;
	} else {
		dir = dir_of(target);
		pattern = target + strlen(dir) + (*dir ? 1 : 0);
		if (netconf_has_glob(dir)) {
			netconf_note(ctx, s, "'%s': source '%.64s': wildcards in directories are not read",
				     from, arg);
			goto out;
		}
	}
	n = netconf_list_dir(ctx, s, *dir ? dir : ".", &names);
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
	st->c = netconf_find_entry(s, NETCONF_IFUPDOWN, n, 0);
	if (!st->c) {
		st->c = netconf_entry_new(ctx, s, NETCONF_IFUPDOWN, path);
		if (st->c) {
			st->c->name = xstrdup(n);
			st->c->match_name = 1;
			st->c->alias = netconf_name_is_alias(n);
			st->c->dhcp4 = 0;
			st->c->dhcp6 = 0;
			/* the vlan package: "eth0.10" is VLAN 10 on eth0 */
			const char *dot = strrchr(n, '.');
			if (dot && dot > n && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1))
				netconf_set_str(&st->c->kind, "vlan");
		}
	}
	free(n);
	if (!st->c)
		return;
	st->family = word_is(fam, fn, "inet") ? 4 : 6;
	if (st->family == 4) {
		/* the inet stanza decides the method: its file is the source */
		netconf_set_str(&st->c->path, path);
		st->c->dhcp4 = word_is(method, mn, "dhcp") || word_is(method, mn, "bootp");
	} else {
		st->c->dhcp6 = word_is(method, mn, "dhcp") || word_is(method, mn, "auto");
	}
	if (word_is(method, mn, "loopback"))
		netconf_set_str(&st->c->kind, "loopback");
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
			netconf_set_strn(&st->netmask, w, wn);
	} else if (word_is(key, kn, "hwaddress")) {
		/* "hwaddress [ether] MAC" */
		wn = next_word(&rest, &w);
		if (word_is(w, wn, "ether"))
			wn = next_word(&rest, &w);
		if (wn) {
			char *m = xstrndup(w, wn);
			netconf_set_mac1(ctx, s, &c->set_mac, path, m);
			free(m);
		}
	} else if (word_is(key, kn, "mtu")) {
		wn = next_word(&rest, &w);
		char *m = xstrndup(w, wn);
		netconf_set_mtu(ctx, s, c, path, m);
		free(m);
	} else if (word_is(key, kn, "bond-master") || word_is(key, kn, "bond_master")) {
		wn = next_word(&rest, &w);
		if (wn)
			netconf_set_strn(&c->master, w, wn);
	} else if (word_is(key, kn, "bond-slaves") || word_is(key, kn, "bond_slaves") ||
		   word_is(key, kn, "bridge_ports") || word_is(key, kn, "bridge-ports")) {
		int bond = key[1] == 'o';
		netconf_set_str(&c->kind, bond ? "bond" : "bridge");
		while ((wn = next_word(&rest, &w)) && c->name) {
			if (!word_is(w, wn, "none") && !word_is(w, wn, "all"))
				netconf_members_add(&ist->mem, w, wn, c->name);
		}
	} else if (word_is(key, kn, "vlan-raw-device") || word_is(key, kn, "vlan_raw_device")) {
		netconf_set_str(&c->kind, "vlan");
	}
}

/* the lines of one file's text (NUL-terminated), named path */
static void ifup_text(struct scan_ctx *ctx, struct netconf_set *s, struct ifup_state *ist,
		      const char *path, const char *text)
{
	struct buf line = BUF_INIT;
	struct stanza st;

	memset(&st, 0, sizeof(st));
	ist->stack[ist->depth++] = path;
	for (const char *p = text; *p;) {
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
	buf_release(&line);
}

static void ifup_file(struct scan_ctx *ctx, struct netconf_set *s, struct ifup_state *ist,
		      const char *path)
{
	struct buf b = BUF_INIT;
	int rc;

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
	ifup_text(ctx, s, ist, path, b.data);
out:
	buf_release(&b);
}

size_t netconf_read_ifupdown(struct scan_ctx *ctx, struct netconf_set *s)
{
	struct ifup_state ist;
	size_t before = s->n;

	memset(&ist, 0, sizeof(ist));
	ifup_file(ctx, s, &ist, "etc/network/interfaces");
	netconf_members_apply(s, NETCONF_IFUPDOWN, before, &ist.mem, 0);
	return s->n - before;
}

size_t netconf_parse_ifupdown(struct scan_ctx *ctx, struct netconf_set *s, const char *path,
			      const char *text, size_t len)
{
	struct ifup_state ist;
	char *t = xstrndup(text, len);
	size_t before = s->n;

	memset(&ist, 0, sizeof(ist));
	ist.no_source = 1;
	ifup_text(ctx, s, &ist, path, t);
	netconf_members_apply(s, NETCONF_IFUPDOWN, before, &ist.mem, 0);
	free(t);
	return s->n - before;
}
