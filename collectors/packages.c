/*
 * packages.c - installed packages, from the package databases themselves
 *
 * dpkg: var/lib/dpkg/status, read by lib/dpkgstatus.c.
 *
 * rpm: var/lib/rpm (or usr/lib/sysimage/rpm on newer Fedora and openSUSE):
 * rpmdb.sqlite (rpm 4.16+), Packages (Berkeley DB, rpm before 4.16) or
 * Packages.db (SUSE's ndb), read by rpmdb.c.  rpm uses one of them; when a
 * directory holds two, the one written last is current and the other is
 * recorded as ignored.
 *
 * Nothing is run and nothing is written: no librpm, no dpkg-query.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/fsread.h"
#include "collectors.h"
#include "lib/dpkgstatus.h"
#include "lib/rpmdb.h"
#include "../scanner/banned.h"

#define DPKG_STATUS "var/lib/dpkg/status"
#define DPKG_CAP (64u * 1024 * 1024)

struct pkgsink {
	struct scan_ctx *ctx;
	sqlite3_stmt *ins;
	const char *source;	/* package_dbs.kind */
	int failed;		/* a store write failed */
};

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static int sink_add(struct pkgsink *s, const char *name, const char *version,
		    const char *release, int has_epoch, uint64_t epoch, const char *arch)
{
	sqlite3_stmt *st = s->ins;
	int rc;

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	sqlite3_bind_int64(st, 1, s->ctx->scan_id);
	bind_text(st, 2, name);
	bind_text(st, 3, version && *version ? version : NULL);
	bind_text(st, 4, release && *release ? release : NULL);
	if (has_epoch)
		sqlite3_bind_int64(st, 5, (sqlite3_int64)epoch);
	else
		sqlite3_bind_null(st, 5);
	bind_text(st, 6, arch && *arch ? arch : NULL);
	bind_text(st, 7, s->source);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		ctx_note(s->ctx, "store: cannot insert package '%s': %s", name,
			 sqlite3_errmsg(s->ctx->db));
		s->failed = 1;
		return -1;
	}
	return 0;
}

static int record_db(struct scan_ctx *ctx, const char *kind, const char *path,
		     const char *status, const char *reason, int known, int64_t count)
{
	struct dbrow r;

	dbrow_init(&r, "package_dbs");
	dbrow_text(&r, "kind", kind);
	dbrow_text(&r, "path", path);
	dbrow_text(&r, "status", status);
	dbrow_text(&r, "reason", reason && *reason ? reason : NULL);
	dbrow_int_if(&r, "packages", known, count);
	if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0) {
		ctx_note(ctx, "store: cannot insert package database '%s'", path);
		return -1;
	}
	return 0;
}

static int dpkg_cb(void *arg, const struct dpkg_pkg *p)
{
	return sink_add(arg, p->name, p->version, p->release, p->has_epoch, p->epoch, p->arch);
}

static int read_dpkg(struct scan_ctx *ctx, struct pkgsink *s)
{
	struct buf b = BUF_INIT, why = BUF_INIT;
	struct dpkg_result w;
	int rc;

	dpkg_result_init(&w);
	rc = fsread_cap(ctx, DPKG_STATUS, &b, DPKG_CAP, FSREAD_TEXT);
	if (rc > 0)
		goto out;
	if (rc < 0) {
		buf_addf(&why, "cannot read: %s", err_str(rc));
		ctx_note(ctx, "%s: %s", DPKG_STATUS, why.data);
		rc = record_db(ctx, "dpkg", DPKG_STATUS, "unknown", why.data, 0, 0) < 0 ? -1 : -2;
		goto out;
	}
	s->source = "dpkg";
	if (dpkg_status_parse(b.data, b.len, dpkg_cb, s, &w) < 0) {
		rc = -1;
		goto out;
	}
	if (w.why.len)
		ctx_note(ctx, "%s: %s", DPKG_STATUS, w.why.data);
	if (record_db(ctx, "dpkg", DPKG_STATUS, w.status, w.why.data, 1, (int64_t)w.count) < 0)
		rc = -1;
	else
		rc = strcmp(w.status, "unknown") ? 0 : -2;
out:
	buf_release(&b);
	buf_release(&why);
	dpkg_result_release(&w);
	return rc;
}

/* ---- rpm ---- */

enum rpm_kind { RPM_SQLITE, RPM_BDB, RPM_NDB };

static const struct {
	const char *file;
	const char *kind;
} rpm_files[] = {
	[RPM_SQLITE] = { "rpmdb.sqlite", "rpm-sqlite" },
	[RPM_BDB] = { "Packages", "rpm-bdb" },
	[RPM_NDB] = { "Packages.db", "rpm-ndb" },
};

#define NRPM (sizeof(rpm_files) / sizeof(rpm_files[0]))

static int rpm_cb(void *arg, const struct rpm_pkg *p)
{
	return sink_add(arg, p->name, p->version, p->release, p->has_epoch, p->epoch, p->arch);
}

/* reads one rpm database; 0 read, -1 store failure, -2 unreadable */
static int read_rpm(struct scan_ctx *ctx, struct pkgsink *s, const char *dir,
		    enum rpm_kind k)
{
	struct rpmdb_result res;
	struct buf path = BUF_INIT, host = BUF_INIT, why = BUF_INIT;
	const char *status;
	struct stat st;
	int fd, rc;

	rpmdb_result_init(&res);
	buf_addf(&path, "%s/%s", dir, rpm_files[k].file);
	s->source = rpm_files[k].kind;
	/* opened here for every kind, so that a refusal is told the same way */
	fd = sysroot_open(ctx, path.data);
	if (fd >= 0 && k == RPM_SQLITE) {
		close(fd);
		fd = sysroot_path(ctx, path.data, &host);
	}
	if (fd < 0) {
		buf_addf(&why, "cannot read: %s", err_str(fd));
		ctx_note(ctx, "%s: %s", path.data, why.data);
		rc = record_db(ctx, s->source, path.data, "unknown", why.data, 0, 0) < 0 ? -1 : -2;
		goto out;
	}
	if (k == RPM_SQLITE)
		rc = rpmdb_read_sqlite(host.data, rpm_cb, s, &res);
	else if (k == RPM_BDB)
		rc = rpmdb_read_bdb(fd, rpm_cb, s, &res);
	else
		rc = rpmdb_read_ndb(fd, rpm_cb, s, &res);
	if (k != RPM_SQLITE)
		close(fd);
	if (rc == -2 || s->failed) {
		rc = -1;
		goto out;
	}
	if (res.why.len)
		buf_adds(&why, res.why.data);
	if (rc == 0 && res.bad)
		buf_addf(&why, "%s%zu records unreadable", why.len ? "; " : "", res.bad);
	if (res.capped)
		buf_addf(&why, "%s%zu packages over the limit of %u not recorded",
			 why.len ? "; " : "", res.capped, (unsigned)RPMDB_MAX_PACKAGES);
	if (rc == 0 && k == RPM_SQLITE) {
		/* immutable=1 reads the main file only, never its write-ahead log */
		buf_clear(&host);
		buf_addf(&host, "%s-wal", path.data);
		if (sysroot_stat(ctx, host.data, &st) == 0 && st.st_size > 0) {
			buf_addf(&why, "%s'%s' holds %lld bytes not yet checkpointed: changes "
				 "since the last checkpoint are not read", why.len ? "; " : "",
				 host.data, (long long)st.st_size);
			res.bad++;
		}
	}
	/* nothing readable in a damaged file is not a partial reading */
	if (rc == 0 && res.bad && !res.packages)
		rc = -1;
	status = rc < 0 ? "unknown" : res.bad || res.capped ? "partial" : "ok";
	if (why.len)
		ctx_note(ctx, "%s: %s", path.data, why.data);
	if (record_db(ctx, s->source, path.data, status, why.data, rc == 0,
		      (int64_t)res.packages) < 0)
		rc = -1;
	else
		rc = rc < 0 ? -2 : 0;
out:
	rpmdb_result_release(&res);
	buf_release(&path);
	buf_release(&host);
	buf_release(&why);
	return rc;
}

/*
 * The rpm databases of one directory.  rpm reads a single backend; when two
 * files are there (a leftover Packages beside rpmdb.sqlite after a rebuild),
 * the newest is the one rpm wrote last.  Adds to *found the databases seen
 * and to *ok those read; returns -1 when the store failed.
 */
static int read_rpm_dir(struct scan_ctx *ctx, struct pkgsink *s, const char *dir,
			int *found, int *ok)
{
	struct stat st[NRPM];
	int have[NRPM] = { 0 }, unstat[NRPM] = { 0 }, best = -1, nerr = 0, err = 0;

	for (size_t k = 0; k < NRPM; k++) {
		char *p = xasprintf("%s/%s", dir, rpm_files[k].file);
		int rc = sysroot_stat(ctx, p, &st[k]);
		free(p);
		if (rc == 1)
			continue;
		/* present, or there but unreadable: read_rpm says why */
		have[k] = 1;
		if (rc < 0) {
			/* its age is unknown: it neither wins nor loses */
			unstat[k] = 1;
			nerr++;
			err = rc;
			continue;
		}
		if (best < 0 || st[k].st_mtime > st[best].st_mtime)
			best = (int)k;
	}
	if (nerr == NRPM) {
		/* the directory cannot be searched: which files are there is unknown */
		(*found)++;
		ctx_note(ctx, "cannot read '%s': %s", dir, err_str(err));
		return 0;
	}
	for (size_t k = 0; k < NRPM; k++) {
		int rc;

		if (!have[k])
			continue;
		(*found)++;
		if (best >= 0 && (int)k != best && !unstat[k]) {
			char *p = xasprintf("%s/%s", dir, rpm_files[k].file);
			char *why = xasprintf("older than '%s/%s', which rpm wrote last", dir,
					      rpm_files[best].file);
			rc = record_db(ctx, rpm_files[k].kind, p, "ignored", why, 0, 0);
			ctx_note(ctx, "%s: ignored, %s", p, why);
			free(p);
			free(why);
			if (rc < 0)
				return -1;
			continue;
		}
		rc = read_rpm(ctx, s, dir, (enum rpm_kind)k);
		if (rc == -1)
			return -1;
		if (rc == 0)
			(*ok)++;
	}
	return 0;
}

int collect_packages(struct scan_ctx *ctx)
{
	static const char *const rpm_dirs[] = { "var/lib/rpm", "usr/lib/sysimage/rpm" };
	struct stat dirst[2];
	struct pkgsink s = { .ctx = ctx };
	int found = 0, ok = 0, rc;

	s.ins = db_prepare(ctx->db,
		"INSERT INTO packages (scan_id, name, version, release, epoch, arch, source)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!s.ins) {
		ctx_note(ctx, "store: cannot prepare the package insert");
		return -1;
	}
	rc = read_dpkg(ctx, &s);
	if (rc == -1)
		goto out;
	found += rc != 1;
	ok += rc == 0;
	for (size_t i = 0; i < sizeof(rpm_dirs) / sizeof(rpm_dirs[0]); i++) {
		if (sysroot_stat(ctx, rpm_dirs[i], &dirst[i]) != 0 || !S_ISDIR(dirst[i].st_mode))
			continue;
		/* var/lib/rpm is a link to usr/lib/sysimage/rpm on Fedora 36+ */
		if (i == 1 && sysroot_stat(ctx, rpm_dirs[0], &dirst[0]) == 0 &&
		    dirst[0].st_dev == dirst[1].st_dev && dirst[0].st_ino == dirst[1].st_ino)
			continue;
		if (read_rpm_dir(ctx, &s, rpm_dirs[i], &found, &ok) < 0) {
			rc = -1;
			goto out;
		}
	}
	if (!found) {
		ctx_note(ctx, "no package database: none of %s, var/lib/rpm/{rpmdb.sqlite,"
			 "Packages,Packages.db}, usr/lib/sysimage/rpm", DPKG_STATUS);
		rc = 1;
	} else {
		/* facts recorded unless no database could be read */
		rc = ok ? 0 : -1;
	}
out:
	sqlite3_finalize(s.ins);
	return rc;
}
