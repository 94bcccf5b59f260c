/*
 * unitstate.h - used by the services collector, and firewall through svc.h
 *
 * Systemd unit files and their enablement state, as
 * `systemctl --root=DIR list-unit-files` tells them
 *
 * unit_tree_load() reads systemd's unit search path under the scanned root
 * once: every directory, its entries, and the links in its .wants/,
 * .requires/ and .upholds/ directories.  unit_tree_names() gives the names
 * systemctl lists, unit_state_lookup() the state of one name.  States are
 * systemd's UnitFileState strings (systemctl(1) "is-enabled"): enabled,
 * enabled-runtime, linked, linked-runtime, alias, masked, masked-runtime,
 * static, indirect, disabled, generated, transient, bad; NULL when the
 * scan cannot tell (a file or directory that could not be read).
 */
#ifndef PREMIG_UNITSTATE_H
#define PREMIG_UNITSTATE_H

#include <stddef.h>
#include <sys/types.h>

#include "../../scanner/buf.h"
#include "../../scanner/ctx.h"

/* entries read from one unit directory, or from one .wants/ directory */
#define UNIT_DIR_CAP 20000

enum {
	UNIT_DIR_CONFIG = 1 << 0,	/* etc/systemd/system: links made by `systemctl enable` */
	UNIT_DIR_RUNTIME = 1 << 1,	/* under run/: gone at the next boot */
	UNIT_DIR_GENERATOR = 1 << 2,	/* written by generators at boot */
	UNIT_DIR_TRANSIENT = 1 << 3,	/* written by the manager for transient units */
};

struct unit_entry {
	char *name;
	char kind;		/* 'f' regular, 'l' link, 'd' directory, 'o' other */
	char *target;		/* a link's target as written; NULL otherwise */
};

/* a .wants/, .requires/ or .upholds/ directory: the names of its links */
struct unit_wants {
	char *path;		/* root-relative */
	char **links;
	size_t n;
};

struct unit_dir {
	char *path;		/* root-relative: usr/lib/systemd/system */
	unsigned int flags;	/* UNIT_DIR_* */
	dev_t dev;
	ino_t ino;
	struct unit_entry *entries;	/* sorted by name */
	size_t n;
	struct unit_wants *wants;
	size_t nwants;
	int whole;		/* every name of it is in entries: a name not there is absent */
};

struct unit_tree {
	struct unit_dir *dirs;	/* in systemd's order of precedence */
	size_t ndirs;
	struct buf unlisted;	/* directories that could not be read whole */
};

/* 0; never fails: what could not be read is named in t->unlisted */
int unit_tree_load(struct scan_ctx *ctx, struct unit_tree *t);
void unit_tree_release(struct unit_tree *t);

/*
 * The unit names `systemctl list-unit-files` lists: every link or regular
 * file with a valid unit name in a search directory, sorted.  *names is
 * malloc'd (free with sysroot_names_free()); 0, or 1 when there are none.
 */
int unit_tree_names(const struct unit_tree *t, char ***names, size_t *n);

/* a valid unit name (systemd.unit(5) "unit names"), and its type suffix */
int unit_name_valid(const char *name);
const char *unit_name_type(const char *name);

/*
 * The [Install] section of one unit file's text (len bytes, read up to a
 * NUL), as systemctl reads it when it loads the unit called name:
 * fn(arg, key, value) for every word that stays in WantedBy, RequiredBy,
 * UpheldBy, Alias and Also (in that order) and for DefaultInstance.
 * Returns 0, or -1 where systemd gives up on the whole file (why says so;
 * fn is not called).  The collector's unit_state_lookup() reads files
 * through it; the systemd-unit decoder calls it directly.
 */
typedef void (*unit_key_fn)(void *arg, const char *key, const char *value);
int unit_install_parse(const char *name, const char *text, size_t len, unit_key_fn fn, void *arg,
		       struct buf *why);

struct unit_state {
	const char *state;	/* UnitFileState; NULL unknown */
	char *unit;		/* the unit the name resolves to (an alias's unit) */
	char *path;		/* its file, root-relative; NULL when none was found */
	struct buf evidence;	/* the files and links that decide the state */
};

void unit_state_init(struct unit_state *s);
void unit_state_release(struct unit_state *s);

/*
 * The state of unit name (valid, with its suffix).  Returns 0 when the
 * name is a unit file or a link to one (state bad included), 1 when no
 * search directory has it.  out is reset first; what it holds is the
 * caller's.
 */
int unit_state_lookup(struct scan_ctx *ctx, const struct unit_tree *t, const char *name,
		      struct unit_state *out);

/* is there a unit file or link named name outside the generator directories? */
int unit_native_exists(const struct unit_tree *t, const char *name);

#endif
