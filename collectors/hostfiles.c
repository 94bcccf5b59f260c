/*
 * hostfiles.c - the files MGN's replication agent installer looks for
 *
 * From the MGN installation requirements (aws-spec.md 5.2): a Python 2.4+
 * or 3 interpreter (usr/bin/python, python2, python3), dhclient
 * (sbin/dhclient, usr/sbin/dhclient), and kernel headers that match the
 * running kernel exactly, in a directory that is not a symbolic link:
 * usr/src/kernels/RELEASE (RHEL family), usr/src/linux-headers-RELEASE
 * (Debian, Ubuntu), or wherever lib/modules/RELEASE/build points (SUSE and
 * the rest).  The running release is the kernel collector's for this scan,
 * else proc/sys/kernel/osrelease (under --root, a captured one), else on a
 * live host uname(2).
 *
 * Python versions come from the interpreter's name after its links are
 * followed (python3 -> python3.9), made precise by the package of that name
 * when the packages collector ran first in this scan.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/fsread.h"
#include "collectors.h"
#include "../scanner/str.h"
#include "../scanner/banned.h"


struct fileinfo {
	int present;		/* 1, 0, -1 could not tell */
	const char *kind;
	int symlink;
	struct buf target;	/* a link's target as written */
	int target_present;	/* -1 when not a link */
	int is_dir;		/* what it resolves to is a directory */
};

/* appends to an evidence list, "; " between items */
#define ev_add(b, ...) buf_addf_sep((b), "; ", __VA_ARGS__)

static void probe(struct scan_ctx *ctx, const char *path, struct fileinfo *fi, struct buf *ev)
{
	struct stat st, tst;
	int rc;

	memset(fi, 0, sizeof(*fi));
	buf_init(&fi->target);
	fi->target_present = -1;
	rc = sysroot_lstat(ctx, path, &st);
	if (rc != 0) {
		fi->present = rc > 0 ? 0 : -1;
		if (rc < 0)
			ev_add(ev, "cannot tell whether '%s' exists: %s", path, err_str(rc));
		return;
	}
	fi->present = 1;
	fi->symlink = S_ISLNK(st.st_mode);
	fi->kind = S_ISLNK(st.st_mode) ? "symlink" : S_ISDIR(st.st_mode) ? "dir" :
		   S_ISREG(st.st_mode) ? "file" : "other";
	fi->is_dir = S_ISDIR(st.st_mode);
	if (fi->symlink) {
		sysroot_readlink(ctx, path, &fi->target);
		rc = sysroot_stat(ctx, path, &tst);
		/* a loop or a refusal leaves the target unknown, not absent */
		fi->target_present = rc < 0 ? -1 : rc == 0;
		fi->is_dir = rc == 0 && S_ISDIR(tst.st_mode);
		if (rc < 0)
			ev_add(ev, "cannot follow '%s': %s", path, err_str(rc));
	}
}

/* the name at the end of path's links (python3 -> alternatives -> python3.9) */
static void final_name(struct scan_ctx *ctx, const char *path, struct buf *out)
{
	struct buf cur = BUF_INIT, t = BUF_INIT;
	struct stat st;
	const char *slash;

	buf_adds(&cur, path);
	for (int i = 0; i < 40; i++) {
		if (sysroot_lstat(ctx, cur.data, &st) != 0 || !S_ISLNK(st.st_mode) ||
		    sysroot_readlink(ctx, cur.data, &t) != 0 || !t.len)
			break;
		if (t.data[0] == '/') {
			buf_clear(&cur);
			buf_adds(&cur, t.data + 1);
		} else {
			/* relative to the link's directory; ".." is resolved by the reads */
			slash = strrchr(cur.data, '/');
			buf_setlen(&cur, slash ? (size_t)(slash - cur.data) + 1 : 0);
			buf_adds(&cur, t.data);
		}
	}
	slash = strrchr(cur.data, '/');
	buf_clear(out);
	buf_adds(out, slash ? slash + 1 : cur.data);
	buf_release(&cur);
	buf_release(&t);
}

static void fileinfo_release(struct fileinfo *fi)
{
	buf_release(&fi->target);
}

static int insert_file(struct scan_ctx *ctx, const char *role, const char *path,
		       const struct fileinfo *fi, const char *version, int running,
		       const char *evidence)
{
	struct dbrow r;

	dbrow_init(&r, "host_files");
	dbrow_text(&r, "role", role);
	dbrow_text(&r, "path", path);
	dbrow_int_if(&r, "present", fi->present >= 0, fi->present);
	dbrow_text(&r, "kind", fi->kind);
	dbrow_int_if(&r, "symlink", fi->present == 1, fi->symlink);
	dbrow_text(&r, "target", fi->symlink && fi->target.len ? fi->target.data : NULL);
	dbrow_int_if(&r, "target_present", fi->target_present >= 0, fi->target_present);
	dbrow_text(&r, "version", version);
	dbrow_int_if(&r, "running_kernel", running >= 0, running);
	dbrow_text(&r, "evidence", evidence && *evidence ? evidence : NULL);
	if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0) {
		ctx_note(ctx, "store: cannot insert host file '%s'", path);
		return -1;
	}
	return 0;
}

/* "python3.9" -> "3.9"; NULL when the name carries no version */
static char *version_of_name(const char *name)
{
	const char *v = name + 6;
	size_t n = 0;

	if (strncmp(name, "python", 6) || !isdigit((unsigned char)*v))
		return NULL;
	while (isdigit((unsigned char)v[n]) || (v[n] == '.' && isdigit((unsigned char)v[n + 1])))
		n++;
	return v[n] ? NULL : xstrndup(v, n);
}

/* the version of the installed package name, if the packages collector saw it */
static char *package_version(struct scan_ctx *ctx, const char *name)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
		"SELECT version FROM packages WHERE scan_id = ? AND name = ? AND version IS NOT NULL"
		" ORDER BY rowid LIMIT 1");
	char *v = NULL;

	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, ctx->scan_id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW && db_col_text(st, 0))
		v = xstrdup(db_col_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static int prefix_version(const char *base, const char *v)
{
	size_t n = strlen(base);

	return !strncmp(base, v, n) && (v[n] == '\0' || v[n] == '.');
}

/* the only usr/lib/pythonMAJOR.MINOR directory, if there is exactly one */
static char *only_libdir(struct scan_ctx *ctx, char major)
{
	char **names, *found = NULL;
	size_t n, hits = 0;

	if (sysroot_list(ctx, "usr/lib", &names, &n) != 0)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char *v = version_of_name(names[i]);
		if (v && v[0] == major && strchr(v, '.')) {
			hits++;
			free(found);
			found = v;
		} else {
			free(v);
		}
	}
	sysroot_names_free(names, n);
	if (hits != 1) {
		free(found);
		return NULL;
	}
	return found;
}

static int do_python(struct scan_ctx *ctx)
{
	static const char *const paths[] = { "usr/bin/python", "usr/bin/python2", "usr/bin/python3" };
	int rc = 0;

	for (size_t i = 0; i < ARRAY_SIZE(paths) && rc == 0; i++) {
		struct buf ev = BUF_INIT, last = BUF_INIT;
		struct fileinfo fi;
		char *version = NULL, *pkg = NULL;
		const char *name, *from, *base = strrchr(paths[i], '/') + 1;

		probe(ctx, paths[i], &fi, &ev);
		if (fi.present == 1 && (!fi.symlink || fi.target_present == 1)) {
			/* python3 -> python3.9: the name at the end of the links */
			final_name(ctx, paths[i], &last);
			name = last.data;
			from = name;
			version = version_of_name(name);
			if (!version) {
				from = base;
				version = version_of_name(base);
			}
			if (version)
				ev_add(&ev, "version %s from the name '%s'", version, from);
			/* the package of that name knows the full version */
			const char *cands[] = { name, base,
						!strncmp(name, "python2", 7) ? "python" : NULL };
			for (size_t k = 0; k < ARRAY_SIZE(cands) && !pkg; k++) {
				if (!cands[k])
					continue;
				pkg = package_version(ctx, cands[k]);
				if (pkg && version && !prefix_version(version, pkg)) {
					free(pkg);
					pkg = NULL;
				}
				if (pkg) {
					ev_add(&ev, "package %s %s", cands[k], pkg);
					free(version);
					version = pkg;
				}
			}
			if (version && !strchr(version, '.')) {
				char *lib = only_libdir(ctx, version[0]);
				if (lib) {
					ev_add(&ev, "usr/lib/python%s is its only library directory", lib);
					free(version);
					version = lib;
				}
			}
			/* "2" alone spans 2.0 to 2.7: too little to compare with 2.4 */
			if (version && !strcmp(version, "2")) {
				ev_add(&ev, "version 2.x: the minor version is unknown");
				free(version);
				version = NULL;
			} else if (!version) {
				ev_add(&ev, "version unknown: neither the name nor a package tells");
			}
		} else if (fi.present == 1 && fi.target_present == 0) {
			ev_add(&ev, "dangling link to '%s'", fi.target.data);
		}
		rc = insert_file(ctx, "python", paths[i], &fi, version, -1, ev.data);
		free(version);
		fileinfo_release(&fi);
		buf_release(&ev);
		buf_release(&last);
	}
	return rc;
}

static int do_dhclient(struct scan_ctx *ctx)
{
	static const char *const paths[] = { "sbin/dhclient", "usr/sbin/dhclient" };
	struct stat a, b;
	int rc = 0, same;

	/* on merged-/usr hosts sbin is usr/sbin: one file, told once */
	same = sysroot_stat(ctx, "sbin", &a) == 0 && sysroot_stat(ctx, "usr/sbin", &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
	for (size_t i = 0; i < ARRAY_SIZE(paths) && rc == 0; i++) {
		struct buf ev = BUF_INIT;
		struct fileinfo fi;

		probe(ctx, paths[i], &fi, &ev);
		if (same)
			ev_add(&ev, "sbin is usr/sbin");
		rc = insert_file(ctx, "dhclient", paths[i], &fi, NULL, -1, ev.data);
		fileinfo_release(&fi);
		buf_release(&ev);
	}
	return rc;
}

/* the running kernel release: the kernel collector's, else the live kernel's */
static char *running_release(struct scan_ctx *ctx, const char **source)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT release FROM kernel WHERE scan_id = ?");
	struct buf b = BUF_INIT;
	struct utsname u;
	char *rel = NULL;

	*source = NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, ctx->scan_id);
		if (sqlite3_step(st) == SQLITE_ROW && db_col_text(st, 0)) {
			rel = xstrdup(db_col_text(st, 0));
			*source = "kernel collector";
		}
		sqlite3_finalize(st);
	}
	/* under --root, a captured proc/ of the host, as the kernel collector reads it */
	if (!rel && fsread_line(ctx, "proc/sys/kernel/osrelease", &b) == 0 && b.len) {
		rel = xstrdup(b.data);
		*source = "proc/sys/kernel/osrelease";
	}
	if (!rel && ctx->live && uname(&u) == 0) {
		rel = xstrdup(u.release);
		*source = "uname";
	}
	buf_release(&b);
	/* the release names directories: nothing that could climb out of them */
	if (rel && (!*rel || strchr(rel, '/') || !strcmp(rel, ".") || !strcmp(rel, ".."))) {
		ctx_note(ctx, "kernel release '%s' is not a directory name", rel);
		free(rel);
		rel = NULL;
		*source = NULL;
	}
	return rel;
}

/* header directories of other releases: usr/src/kernels/X, usr/src/linux-headers-X */
static int other_headers(struct scan_ctx *ctx, const char *rel)
{
	static const struct {
		const char *dir;
		const char *prefix;
	} places[] = {
		{ "usr/src/kernels", "" },
		{ "usr/src", "linux-headers-" },
	};
	int rc = 0;

	for (size_t p = 0; p < ARRAY_SIZE(places) && rc == 0; p++) {
		char **names;
		size_t n, k = strlen(places[p].prefix);

		if (sysroot_list(ctx, places[p].dir, &names, &n) != 0)
			continue;
		for (size_t i = 0; i < n && rc == 0; i++) {
			struct buf ev = BUF_INIT;
			struct fileinfo fi;
			if (strncmp(names[i], places[p].prefix, k) || !names[i][k] ||
			    (rel && !strcmp(names[i] + k, rel)))
				continue;
			char *path = xasprintf("%s/%s", places[p].dir, names[i]);
			probe(ctx, path, &fi, &ev);
			if (fi.is_dir)
				rc = insert_file(ctx, "kernel_headers", path, &fi, NULL, rel ? 0 : -1,
						 ev.data);
			free(path);
			fileinfo_release(&fi);
			buf_release(&ev);
		}
		sysroot_names_free(names, n);
	}
	return rc;
}

static int do_headers(struct scan_ctx *ctx)
{
	static const char *const parents[] = { "usr/src", "usr/src/kernels" };
	struct buf ev = BUF_INIT, sum = BUF_INIT;
	const char *source, *found = NULL;
	char *rel, *paths[3] = { NULL, NULL, NULL };
	int rc = 0, present = 0, unknown = 0, symlink = 0, parent_link[2] = { 0, 0 };
	struct dbrow r;

	for (size_t i = 0; i < ARRAY_SIZE(parents) && rc == 0; i++) {
		struct fileinfo fi;
		buf_clear(&ev);
		probe(ctx, parents[i], &fi, &ev);
		parent_link[i] = fi.present == 1 && fi.symlink;
		if (parent_link[i])
			ev_add(&ev, "a symbolic link: MGN refuses a linked headers directory");
		rc = insert_file(ctx, "headers_parent", parents[i], &fi, NULL, -1, ev.data);
		fileinfo_release(&fi);
	}
	rel = running_release(ctx, &source);
	if (!rel) {
		ctx_note(ctx, "running kernel release unknown: no kernel row for this scan, no usable "
			 "proc/sys/kernel/osrelease%s", ctx->live ? ", no uname" : ", not a live scan");
		ev_add(&sum, "running kernel release unknown");
	} else {
		paths[0] = xasprintf("usr/src/kernels/%s", rel);
		paths[1] = xasprintf("usr/src/linux-headers-%s", rel);
		paths[2] = xasprintf("lib/modules/%s/build", rel);
	}
	for (size_t i = 0; rel && i < ARRAY_SIZE(paths) && rc == 0; i++) {
		struct fileinfo fi;
		buf_clear(&ev);
		probe(ctx, paths[i], &fi, &ev);
		if (fi.present < 0 || (fi.present == 1 && fi.symlink && fi.target_present < 0))
			unknown = 1;
		if (fi.present == 1 && fi.is_dir && !found) {
			found = paths[i];
			present = 1;
			/*
			 * The build link of lib/modules is always a link; what
			 * counts is the directory it names and that directory's
			 * parent.  The headers directories proper must be real.
			 */
			if (i < 2) {
				symlink = fi.symlink || parent_link[i == 0 ? 1 : 0];
				if (fi.symlink)
					ev_add(&sum, "'%s' is a symbolic link to '%s'", paths[i],
					       fi.target.data);
				if (parent_link[i == 0 ? 1 : 0])
					ev_add(&sum, "'%s' is a symbolic link", parents[i == 0 ? 1 : 0]);
			} else {
				symlink = parent_link[0] || parent_link[1];
				ev_add(&sum, "'%s' -> '%s'", paths[i], fi.target.data);
			}
		}
		if (fi.present == 1 && !fi.is_dir && fi.target_present != -1)
			ev_add(&ev, "%s", fi.symlink && fi.target_present == 0 ? "a dangling link" :
			       "not a directory");
		rc = insert_file(ctx, "kernel_headers", paths[i], &fi, NULL, 1, ev.data);
		fileinfo_release(&fi);
	}
	if (rc == 0)
		rc = other_headers(ctx, rel);
	if (rel && !present)
		ev_add(&sum, unknown ? "could not tell whether headers for %s are there" :
		       "no headers for %s in usr/src/kernels, usr/src or lib/modules/%s/build",
		       rel, rel);
	if (rc == 0) {
		dbrow_init(&r, "kernel_headers");
		dbrow_text(&r, "release", rel);
		dbrow_text(&r, "release_source", source);
		dbrow_int_if(&r, "present", rel && (present || !unknown), present);
		dbrow_text(&r, "path", found);
		dbrow_int_if(&r, "symlink", present, symlink);
		dbrow_text(&r, "evidence", sum.len ? sum.data : NULL);
		rc = dbrow_insert(ctx->db, ctx->scan_id, &r);
		if (rc < 0)
			ctx_note(ctx, "store: cannot insert kernel_headers");
	}
	for (size_t i = 0; i < ARRAY_SIZE(paths); i++)
		free(paths[i]);
	free(rel);
	buf_release(&ev);
	buf_release(&sum);
	return rc;
}

int collect_hostfiles(struct scan_ctx *ctx)
{
	if (do_python(ctx) < 0 || do_dhclient(ctx) < 0 || do_headers(ctx) < 0)
		return -1;
	return 0;
}
