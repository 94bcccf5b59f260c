/*
 * hostkey.c - the host key, and one host per machine (see hostkey.h)
 *
 * Identities: the GPT disk GUID (UEFI specification 2.10, 5.3.2, DiskGUID
 * of the GPT header), the MBR disk signature (the 4 bytes at offset 440 of
 * sector 0, which Linux calls the disk identifier), filesystem UUIDs and
 * PARTUUIDs as libblkid reports them, and etc/fstab's root (fstab(5)).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../collectors/lib/blockdev.h"
#include "hostid.h"
#include "db.h"
#include "err.h"
#include "fsread.h"
#include "hostkey.h"
#include "banned.h"

/* ---- sets of identities ---- */

static void set_add(struct hostkey_set *s, const char *kind, const char *value)
{
	if (s->n >= HOSTKEY_MAX_IDS)
		return;
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? 2 * s->alloc : 8;
		s->v = xrealloc(s->v, s->alloc * sizeof(*s->v));
	}
	s->v[s->n++] = xasprintf("%s:%s", kind, value);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* sorts the set and drops repeats */
static void set_finish(struct hostkey_set *s)
{
	size_t j = 0;

	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), cmp_str);
	for (size_t i = 0; i < s->n; i++) {
		if (j && !strcmp(s->v[j - 1], s->v[i]))
			free(s->v[i]);
		else
			s->v[j++] = s->v[i];
	}
	s->n = j;
}

static void set_release(struct hostkey_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* the first member of both sorted sets, borrowed; NULL when none */
static const char *set_common(const struct hostkey_set *a, const struct hostkey_set *b)
{
	size_t i = 0, j = 0;

	while (i < a->n && j < b->n) {
		int c = strcmp(a->v[i], b->v[j]);
		if (!c)
			return a->v[i];
		if (c < 0)
			i++;
		else
			j++;
	}
	return NULL;
}

static int set_has(const struct hostkey_set *s, const char *id)
{
	/* bsearch wants a base even for no members */
	return id && s->n && bsearch(&id, s->v, s->n, sizeof(*s->v), cmp_str) != NULL;
}

void host_ids_init(struct host_ids *h)
{
	memset(h, 0, sizeof(*h));
}

void host_ids_release(struct host_ids *h)
{
	if (!h)
		return;
	free(h->key);
	free(h->key_source);
	set_release(&h->disks);
	set_release(&h->fs);
	set_release(&h->root);
	host_ids_init(h);
}

void host_ids_free(struct host_ids *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		host_ids_release(&v[i]);
	free(v);
}

/* ---- the rule ---- */

/* "gpt-disk:1c2d..." as words: "GPT disk GUID 1c2d..." */
static void describe(struct buf *b, const char *id)
{
	static const struct {
		const char *kind, *words;
	} kinds[] = {
		{ "gpt-disk:", "GPT disk GUID " }, { "mbr-disk:", "MBR disk signature " },
		{ "fs:", "filesystem UUID " }, { "part:", "partition PARTUUID " },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t n = strlen(kinds[i].kind);
		if (!strncmp(id, kinds[i].kind, n)) {
			buf_addf(b, "%s%s", kinds[i].words, id + n);
			return;
		}
	}
	buf_adds(b, id);
}

static int is_source(const struct host_ids *h, const char *source)
{
	return h->key_source && !strcmp(h->key_source, source);
}

/* the identity an image-only host's key names ("gpt-disk:G"), malloc'd; NULL if none */
static char *key_identity(const struct host_ids *h)
{
	const char *colon = h->key ? strchr(h->key, ':') : NULL;

	if (!colon)
		return NULL;
	if (is_source(h, "gpt-disk-guid"))
		return xasprintf("gpt-disk:%s", colon + 1);
	if (is_source(h, "mbr-disk-signature"))
		return xasprintf("mbr-disk:%s", colon + 1);
	if (is_source(h, "fs-uuid"))
		return xasprintf("fs:%s", colon + 1);
	return NULL;
}

/* does image-only host i fold into t? */
static int folds_into(const struct host_ids *i, const struct host_ids *t, struct buf *why)
{
	const char *c;
	char *kid;
	int yes = 0;

	if (i->file_tree || is_source(i, "--host-id") || is_source(t, "--host-id"))
		return 0;
	if (t->file_tree) {
		if ((c = set_common(&i->disks, &t->disks))) {
			describe(why, c);
			buf_adds(why, " on the disks of both");
			return 1;
		}
		if ((c = set_common(&i->fs, &t->root))) {
			buf_adds(why, "root ");
			describe(why, c);
			buf_addf(why, " of '%s' on the disks of '%s'", t->key, i->key);
			return 1;
		}
		return 0;
	}
	/* two image-only hosts: one keyed by its path joins the one keyed by its disks */
	if (!is_source(i, "image-path") || is_source(t, "image-path"))
		return 0;
	kid = key_identity(t);
	if (kid && (set_has(&i->disks, kid) || set_has(&i->fs, kid))) {
		describe(why, kid);
		buf_adds(why, " on the disks of both");
		yes = 1;
	}
	free(kid);
	return yes;
}

enum hostkey_match hostkey_match(const struct host_ids *a, const struct host_ids *b,
				 struct buf *why)
{
	if (folds_into(a, b, why))
		return HOSTKEY_A_INTO_B;
	if (folds_into(b, a, why))
		return HOSTKEY_B_INTO_A;
	return HOSTKEY_APART;
}

/* ---- the store's hosts ---- */

static struct host_ids *find_host(struct host_ids *v, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].id == id)
			return &v[mid];
		if (v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void add_identity(struct host_ids *h, const char *kind, const char *value)
{
	if (!strcmp(kind, "gpt-disk") || !strcmp(kind, "mbr-disk"))
		set_add(&h->disks, kind, value);
	else if (!strcmp(kind, "fs") || !strcmp(kind, "part"))
		set_add(&h->fs, kind, value);
	else if (!strcmp(kind, "root-fs"))
		set_add(&h->root, "fs", value);
	else if (!strcmp(kind, "root-part"))
		set_add(&h->root, "part", value);
}

int hostkey_load(sqlite3 *db, struct host_ids **out, size_t *n)
{
	struct host_ids *v = NULL;
	size_t nv = 0, alloc = 0;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT h.id, h.host_key, h.key_source,"
			" EXISTS (SELECT 1 FROM scans s WHERE s.host_id = h.id AND s.root <> '')"
			" FROM hosts h ORDER BY h.id");
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (nv == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			v = xrealloc(v, alloc * sizeof(*v));
		}
		struct host_ids *h = &v[nv++];
		host_ids_init(h);
		h->id = sqlite3_column_int64(st, 0);
		h->key = xstrdup(db_col_text(st, 1) ? db_col_text(st, 1) : "");
		h->key_source = xstrdup(db_col_text(st, 2) ? db_col_text(st, 2) : "");
		h->file_tree = sqlite3_column_int(st, 3);
		char *kid = key_identity(h);
		if (kid) {
			char *colon = strchr(kid, ':');
			*colon = '\0';
			add_identity(h, kid, colon + 1);
			free(kid);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		goto err;
	st = db_prepare(db, "SELECT DISTINCT s.host_id, i.kind, i.value FROM disk_identities i"
			" JOIN scans s ON s.id = i.scan_id");
	if (!st)
		goto err;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct host_ids *h = find_host(v, nv, sqlite3_column_int64(st, 0));
		const char *kind = db_col_text(st, 1), *value = db_col_text(st, 2);
		if (h && kind && value)
			add_identity(h, kind, value);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		goto err;
	for (size_t i = 0; i < nv; i++) {
		set_finish(&v[i].disks);
		set_finish(&v[i].fs);
		set_finish(&v[i].root);
	}
	*out = v;
	*n = nv;
	return 0;
err:
	scan_error("store: cannot read the hosts' disk identities: %s", sqlite3_errmsg(db));
	host_ids_free(v, nv);
	return -1;
}

/* ---- the key of this scan ---- */

/* does value identify anything (not empty, not all zeros)? */
static int identifies(const char *value)
{
	return value && value[strspn(value, "0-")] != '\0';
}

static char *lower_dup(const char *s)
{
	char *d = xstrdup(s);

	for (char *p = d; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

/* --image alone: the first disk identity of the images, else the first filesystem UUID */
static void image_key(struct scan_ctx *ctx, char **key, const char **source, struct buf *note)
{
	struct bdev *v = NULL;
	size_t n = 0;
	char *fs = NULL;

	if (bdev_list(ctx, &v, &n) == 0) {
		for (size_t i = 0; i < n && !*key; i++) {
			struct bp_disk p;
			const char *format = NULL;
			int refused = 0;

			bp_disk_init(&p);
			bdev_probe(ctx, &v[i], &p, &format, &refused);
			int gpt = p.pt_type && !strcmp(p.pt_type, "gpt");
			int mbr = p.pt_type && !strcmp(p.pt_type, "mbr");
			if ((gpt || mbr) && identifies(p.pt_uuid)) {
				char *id = lower_dup(p.pt_uuid);
				*key = xasprintf("disk:%s", id);
				*source = gpt ? "gpt-disk-guid" : "mbr-disk-signature";
				free(id);
			}
			if (!fs && identifies(p.fs.uuid))
				fs = lower_dup(p.fs.uuid);
			for (size_t j = 0; j < p.nparts && !fs; j++)
				if (identifies(p.parts[j].fs.uuid))
					fs = lower_dup(p.parts[j].fs.uuid);
			bp_disk_release(&p);
		}
	}
	bdev_free(v, n);
	/* the probe is the disks collector's business to explain */
	buf_clear(&ctx->notes);
	if (!*key && fs) {
		*key = xasprintf("fs:%s", fs);
		*source = "fs-uuid";
		buf_addf_sep(note, "; ", "keyed by the first filesystem UUID of the images: "
			     "no disk has a GPT disk GUID or an MBR disk signature");
	} else if (!*key) {
		*key = xasprintf("image:%s", ctx->images[0]);
		*source = "image-path";
		buf_addf_sep(note, "; ", "keyed by the path of the first image: nothing on the "
			     "disks identifies them (no GPT disk GUID, MBR disk signature or "
			     "filesystem UUID), so a copy elsewhere is another host");
	}
	free(fs);
}

void hostkey_derive(struct scan_ctx *ctx, const char *override, char **key,
		    const char **source, struct buf *note)
{
	struct buf b = BUF_INIT;

	*key = NULL;
	if (override) {
		*key = xstrdup(override);
		*source = "--host-id";
		return;
	}
	if (ctx->captures_only) {
		/* no machine at all: the scan is named after what it read */
		const char *first = ctx->npcaps ? ctx->pcaps[0] : ctx->flowlogs[0];
		const char *base = strrchr(first, '/');
		*key = xasprintf("capture:%s", base ? base + 1 : first);
		*source = "capture-file";
		buf_addf_sep(note, "; ", "only captures given: the scan is named after its first "
			     "capture file (give --host-id to name it)");
		return;
	}
	if (ctx->no_files) {
		/* nothing of the machine's own to read: name it by its disks */
		image_key(ctx, key, source, note);
		return;
	}
	if (hostid_machine_id(ctx, &b) == 0) {
		*source = "machine-id";
		goto done;
	}
	if (fsread_line(ctx, "sys/class/dmi/id/product_uuid", &b) == 0 &&
	    hostid_uuid_usable(b.data)) {
		*source = "dmi-uuid";
		goto done;
	}
	if (hostid_hostname(ctx, &b, NULL) == 0) {
		*source = "hostname";
		goto done;
	}
	buf_clear(&b);
	buf_addf(&b, "root:%s", ctx->root[0] ? ctx->root : "/");
	*source = "root-path";
done:
	*key = buf_detach(&b);
}

/* ---- hosts in the store ---- */

/* steps one statement binding ?1 and ?2 as ids and ?3, ?4 as texts */
static int exec_bound(sqlite3 *db, const char *sql, int64_t a, int64_t b, const char *c,
		      const char *d)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	sqlite3_bind_text(st, 3, c, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, d, -1, SQLITE_TRANSIENT);
	return db_step_done(db, st);
}

int hostkey_host(sqlite3 *db, const char *key, const char *source, const char *when,
		 int64_t *host, struct buf *note)
{
	sqlite3_stmt *st;

	*host = 0;
	st = db_prepare(db, "SELECT a.host_id, h.host_key FROM host_aliases a"
			" JOIN hosts h ON h.id = a.host_id WHERE a.alias_key = ?");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*host = sqlite3_column_int64(st, 0);
		buf_addf_sep(note, "; ", "'%s' was folded into host '%s' by an earlier scan", key,
			     db_col_text(st, 1));
	}
	sqlite3_finalize(st);
	if (*host)
		return 0;
	st = db_prepare(db, "INSERT INTO hosts (host_key, key_source, first_seen) "
			"VALUES (?, ?, ?) ON CONFLICT (host_key) DO NOTHING");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, source, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, when, -1, SQLITE_TRANSIENT);
	if (db_step_done(db, st) < 0)
		return -1;
	st = db_prepare(db, "SELECT id FROM hosts WHERE host_key = ?");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		*host = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (!*host)
		return scan_error("store: cannot find host '%s': %s", key, sqlite3_errmsg(db));
	return 0;
}

/* from folds into into: its scans and aliases move, its key becomes an alias */
static int fold(sqlite3 *db, const struct host_ids *from, const struct host_ids *into,
		const char *why, struct buf *note)
{
	char when[32];

	db_now(when);
	if (exec_bound(db, "UPDATE scans SET host_id = ?1 WHERE host_id = ?2", into->id,
		       from->id, NULL, NULL) < 0 ||
	    exec_bound(db, "UPDATE host_aliases SET host_id = ?1 WHERE host_id = ?2", into->id,
		       from->id, NULL, NULL) < 0 ||
	    exec_bound(db, "INSERT INTO host_aliases (alias_key, host_id, key_source, first_seen,"
		       " folded_at, reason) SELECT host_key, ?1, key_source, first_seen, ?3, ?4"
		       " FROM hosts WHERE id = ?2", into->id, from->id, when, why) < 0 ||
	    exec_bound(db, "UPDATE hosts SET first_seen = min(first_seen,"
		       " (SELECT first_seen FROM hosts WHERE id = ?2)) WHERE id = ?1",
		       into->id, from->id, NULL, NULL) < 0 ||
	    exec_bound(db, "DELETE FROM hosts WHERE id = ?2", into->id, from->id, NULL, NULL) < 0)
		return -1;
	buf_addf_sep(note, "; ", "host '%s' folded into '%s': %s", from->key, into->key, why);
	return 0;
}

/* the hosts i folds into; *first is the first of them */
static size_t targets(const struct host_ids *v, size_t n, const struct host_ids *i,
		      const struct host_ids **first, struct buf *why, struct buf *keys)
{
	size_t count = 0;

	*first = NULL;
	for (size_t j = 0; j < n; j++) {
		struct buf w = BUF_INIT;
		if (&v[j] != i && folds_into(i, &v[j], &w)) {
			if (!count++) {
				*first = &v[j];
				buf_adds(why, w.data);
			}
			if (count <= 4)
				buf_addf_sep(keys, ", ", "'%s'", v[j].key);
		}
		buf_release(&w);
	}
	return count;
}

/* an image-only host that matches count hosts (keys: the first four) */
static void note_apart(struct buf *note, const struct host_ids *h, size_t count,
		       const struct buf *keys)
{
	buf_addf_sep(note, "; ", "host '%s' matches %zu hosts (%s%s): not folded into any "
		     "(clones of one template share their disks' identities; give --host-id)",
		     h->key, count, keys->data, count > 4 ? ", ..." : "");
}

/* says which other hosts with a file tree share self's disks or root filesystem */
static void note_clones(const struct host_ids *v, size_t n, const struct host_ids *self,
			struct buf *note)
{
	size_t shown = 0;

	for (size_t j = 0; self->file_tree && j < n; j++) {
		const char *c;
		if (&v[j] == self || !v[j].file_tree)
			continue;
		c = set_common(&self->disks, &v[j].disks);
		if (!c)
			c = set_common(&self->root, &v[j].root);
		if (!c)
			continue;
		if (shown++ == 4) {
			buf_adds(note, ", ...");
			break;
		}
		buf_addf_sep(note, "; ", "shares its ");
		describe(note, c);
		buf_addf(note, " with host '%s', kept apart: hosts with a file tree are never "
			 "merged (clones of one template share their disks' identities)", v[j].key);
	}
}

/*
 * One fold that the rule asks for between self and another host: self into
 * the one host it matches, else another host into self.  Returns 1 when it
 * folded, 0 when nothing is left to fold (then the matches left apart and
 * the clones are noted), <0 on a store error.
 */
static int settle_one(sqlite3 *db, int64_t *host, struct buf *note)
{
	struct host_ids *v = NULL, *self;
	const struct host_ids *t;
	struct buf why = BUF_INIT, keys = BUF_INIT, apart = BUF_INIT;
	size_t n = 0, c;
	int rc = 0;

	if (hostkey_load(db, &v, &n) < 0)
		return -1;
	self = find_host(v, n, *host);
	if (!self || is_source(self, "--host-id"))
		goto out;
	c = targets(v, n, self, &t, &why, &keys);
	if (c == 1) {
		rc = fold(db, self, t, why.data, note) < 0 ? -1 : 1;
		*host = t->id;
		goto out;
	}
	if (c > 1)
		note_apart(&apart, self, c, &keys);
	for (size_t j = 0; j < n; j++) {
		struct host_ids *h = &v[j];
		if (h == self || !folds_into(h, self, &why))
			continue;
		buf_clear(&why);
		buf_clear(&keys);
		c = targets(v, n, h, &t, &why, &keys);
		if (c == 1) {
			rc = fold(db, h, self, why.data, note) < 0 ? -1 : 1;
			goto out;
		}
		note_apart(&apart, h, c, &keys);
	}
	if (apart.len)
		buf_addf_sep(note, "; ", "%s", apart.data);
	note_clones(v, n, self, note);
out:
	buf_release(&why);
	buf_release(&keys);
	buf_release(&apart);
	host_ids_free(v, n);
	return rc;
}

int hostkey_settle(sqlite3 *db, int64_t *host, struct buf *note)
{
	int rc;

	/* each fold removes a host, so this ends */
	while ((rc = settle_one(db, host, note)) > 0)
		;
	return rc;
}
