/*
 * db.c - opening the store, migrations, and bound inserts
 *
 * SQLite C interface: sqlite3_open_v2, PRAGMA user_version, journal_mode=WAL,
 * sqlite3_busy_timeout (https://sqlite.org/c3ref/intro.html).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "db.h"
#include "err.h"
#include "schema.h"
#include "banned.h"

#define BUSY_TIMEOUT_MS 30000

int db_schema_version(void)
{
	return (int)schema_nsteps;
}

void db_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, 32, "1970-01-01T00:00:00Z");
}

void db_uid(char out[33])
{
	unsigned char r[16];
	ssize_t n = getrandom(r, sizeof(r), GRND_NONBLOCK);

	if (n != (ssize_t)sizeof(r)) {
		/* kernels before 3.17 have no getrandom(2): urandom(4) then */
		int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
		n = fd >= 0 ? read(fd, r, sizeof(r)) : -1;
		if (fd >= 0)
			close(fd);
	}
	if (n != (ssize_t)sizeof(r)) {
		/* no randomness at all: the time to the nanosecond and the pid */
		struct timespec ts;
		uint64_t a, b;
		clock_gettime(CLOCK_REALTIME, &ts);
		a = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
		b = (uint64_t)getpid() * 0x9e3779b97f4a7c15u ^ a;
		memcpy(r, &a, 8);
		memcpy(r + 8, &b, 8);
	}
	for (int i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", r[i]);
}

const char *db_col_text(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	return (const char *)sqlite3_column_text(st, i);
}

sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		scan_error("store: cannot prepare statement: %s", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

int db_step_done(sqlite3 *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return scan_error("store: write failed: %s", sqlite3_errmsg(db));
	return 0;
}

static int exec(sqlite3 *db, const char *sql, const char *what)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		scan_error("store: %s failed: %s", what, msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/*
 * Switching a new file to WAL needs an exclusive lock, and SQLite does not
 * call the busy handler for it: when several scans create one file at once,
 * all but one get SQLITE_BUSY.  Retry for as long as the busy timeout.
 */
static int set_wal(sqlite3 *db)
{
	const struct timespec pause = { 0, 10 * 1000 * 1000 };
	struct timespec t0, t;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			break;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 > BUSY_TIMEOUT_MS)
			break;
		nanosleep(&pause, NULL);
	}
	if (rc != SQLITE_OK)
		return scan_error("store: setting WAL mode failed: %s", sqlite3_errmsg(db));
	return 0;
}

/*
 * dbrow_insert() keeps its statements prepared for the rest of the
 * transaction, one per table and set of columns, on the connection
 * itself: found again by their text (sqlite3_next_stmt(3)), told apart
 * from the caller's statements by this mark, and finalized when the
 * transaction ends, so that nothing is left to keep sqlite3_close() from
 * closing.  Preparing an INSERT for every row was a tenth of a scan.
 */
#define DBROW_MARK " /* dbrow */"

static void dbrow_forget(sqlite3 *db)
{
	sqlite3_stmt *st = sqlite3_next_stmt(db, NULL);
	size_t mlen = strlen(DBROW_MARK);

	while (st) {
		sqlite3_stmt *next = sqlite3_next_stmt(db, st);
		const char *sql = sqlite3_sql(st);
		size_t len = sql ? strlen(sql) : 0;
		if (len >= mlen && !strcmp(sql + len - mlen, DBROW_MARK))
			sqlite3_finalize(st);
		st = next;
	}
}

int db_begin(sqlite3 *db)
{
	return exec(db, "BEGIN IMMEDIATE", "begin transaction");
}

int db_commit(sqlite3 *db)
{
	int rc = exec(db, "COMMIT", "commit");

	dbrow_forget(db);
	return rc;
}

void db_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	dbrow_forget(db);
}

/*
 * The schema version and whether the file holds any table, read in one
 * statement so that both come from one snapshot: read apart, another scan
 * could commit its migration in between and make a new store look foreign.
 */
static int read_version(sqlite3 *db, const char *path, int *version, int *ntables)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(db, "SELECT (SELECT user_version FROM pragma_user_version),"
				" (SELECT count(*) FROM sqlite_master)", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int(st, 0);
		*ntables = sqlite3_column_int(st, 1);
		sqlite3_finalize(st);
		return 0;
	}
	sqlite3_finalize(st);
	return scan_error("cannot open database '%s': %s", path, sqlite3_errmsg(db));
}

/*
 * Applies every pending step in one transaction: an upgrade is all or
 * nothing, and a new file costs one commit.  The version is read again
 * under the write lock, since another scan may have migrated the file
 * between our first look and BEGIN IMMEDIATE.
 */
int db_migrate(sqlite3 *db, const char *path)
{
	char pragma[64];
	int v, ntables;

	if (db_begin(db) < 0)
		return scan_error("cannot migrate database '%s'", path);
	if (read_version(db, path, &v, &ntables) < 0)
		goto err;
	if (v == 0 && ntables > 0) {
		scan_error("cannot open database '%s': not a premig database", path);
		goto err;
	}
	for (; v < (int)schema_nsteps; v++) {
		if (exec(db, schema_steps[v], "schema migration") < 0) {
			scan_error("cannot migrate database '%s' to version %d", path, v + 1);
			goto err;
		}
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", (int)schema_nsteps);
	if (exec(db, pragma, "schema migration") < 0 || db_commit(db) < 0)
		goto err;
	return 0;
err:
	db_rollback(db);
	return -1;
}

/* writes the n buffers whole (retrying short writes); 0 or -1 with errno */
static int writev_all(int fd, struct iovec *iov, size_t n)
{
	while (n) {
		ssize_t w = writev(fd, iov, (int)n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		while (n && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

/*
 * A new store's file as the build made it (schema.h schema_image): its
 * pages written as they are, where making it with SQL cost parsing every
 * statement of the schema, and SQLite parsing each again as it stored it
 * (most of a one-collector scan's time).  0 written, 1 no image fit to
 * write (a build gone wrong: nothing written), -1 with errno set (EINVAL:
 * the image is cut short).
 */
static int write_image(int fd)
{
	static const unsigned char zeros[4096];
	struct iovec iov[64];
	size_t off = 0, n = 0;

	/* the pages' bytes where they are, with zeros after, a few calls of writev */
	for (size_t i = 0; i < schema_image_pages; i++) {
		size_t len = off + 2 <= schema_image_size ?
			     (size_t)schema_image[off] << 8 | schema_image[off + 1] : SIZE_MAX;
		if (len > 4096 || off + 2 + len > schema_image_size)
			return i ? (errno = EINVAL, -1) : 1;
		iov[n].iov_base = (void *)(schema_image + off + 2);
		iov[n++].iov_len = len;
		if (len < 4096) {
			iov[n].iov_base = (void *)zeros;
			iov[n++].iov_len = 4096 - len;
		}
		off += 2 + len;
		if (n + 2 > sizeof(iov) / sizeof(iov[0]) || i + 1 == schema_image_pages) {
			if (writev_all(fd, iov, n) < 0)
				return -1;
			n = 0;
		}
	}
	return 0;
}

/*
 * An in-memory copy of the open store src, migrated to the current schema,
 * for a reader of an older store: the file itself is never written (SQLite
 * C interface, the online backup API: https://sqlite.org/backup.html).  The
 * copy takes src's page size, which a backup into memory requires.
 */
static int migrated_copy(sqlite3 *src, const char *path, sqlite3 **out)
{
	sqlite3_backup *b;
	sqlite3_stmt *st = NULL;
	sqlite3 *mem = NULL;
	char sql[64];
	int page = 4096, rc;

	if (sqlite3_prepare_v2(src, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		page = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	rc = sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	snprintf(sql, sizeof(sql), "PRAGMA page_size = %d", page);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(mem, sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK) {
		b = sqlite3_backup_init(mem, "main", src, "main");
		if (!b) {
			rc = sqlite3_errcode(mem);
		} else {
			rc = sqlite3_backup_step(b, -1);
			sqlite3_backup_finish(b);
			rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		}
	}
	if (rc != SQLITE_OK) {
		scan_error("cannot read database '%s' to migrate a copy of it: %s", path,
			   sqlite3_errstr(rc));
		sqlite3_close(mem);
		return -1;
	}
	if (exec(mem, "PRAGMA foreign_keys=ON", "enabling foreign keys") < 0 ||
	    db_migrate(mem, path) < 0) {
		sqlite3_close(mem);
		return -1;
	}
	*out = mem;
	return 0;
}

/*
 * A new store is made whole under a temporary name beside it, written
 * from the build's image of an empty store (write_image) with a single
 * sync, then linked into place: made in place it
 * costs a rollback journal, a WAL and eight syncs (disk flushes, most of
 * a short scan's time), and a crash then leaves no half-made store
 * behind (at worst a stray PATH.new-XXXXXX).  When another scan linked
 * its store first, that one is used.  Returns 0, 1 when no temporary
 * file can be made or linked (the caller creates the store in place, as
 * before, and says why that fails), or -1 after a message.
 */
static int db_create(const char *path)
{
	char *tmp = xasprintf("%s.new-XXXXXX", path);
	sqlite3 *db = NULL;
	mode_t mask = umask(0);
	int fd, irc, rc = -1;

	umask(mask);
	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return 1;
	}
	/* the mode SQLite would have given it */
	if (fchmod(fd, 0666 & ~mask) < 0) {
		scan_error_errno(errno, "cannot create database '%s'", path);
		goto out;
	}
	irc = schema_snapshot_version == schema_nsteps ? write_image(fd) : 1;
	if (irc < 0) {
		scan_error_errno(errno, "cannot create database '%s'", path);
		goto out;
	}
	if (irc == 0)
		goto made;
	/* no image: the steps, one by one */
	if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		scan_error("cannot create database '%s': %s", path,
			   db ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	if (exec(db, "PRAGMA journal_mode=OFF", "creating the store") < 0 ||
	    exec(db, "PRAGMA synchronous=OFF", "creating the store") < 0 ||
	    db_migrate(db, path) < 0 ||
	    exec(db, "PRAGMA journal_mode=WAL", "setting WAL mode") < 0)
		goto out;
	if (sqlite3_close(db) != SQLITE_OK) {
		scan_error("cannot create database '%s': %s", path, sqlite3_errmsg(db));
		goto out;
	}
	db = NULL;
made:
	if (fdatasync(fd) < 0) {
		scan_error_errno(errno, "cannot create database '%s'", path);
		goto out;
	}
	/*
	 * a file system without hard links (FAT on a USB stick, some network
	 * mounts) refuses link(2): the store is then made in place, as before
	 */
	rc = link(tmp, path) < 0 && errno != EEXIST ? 1 : 0;
out:
	sqlite3_close(db);
	close(fd);
	unlink(tmp);
	free(tmp);
	return rc;
}

/*
 * SQLite's page cache draws its pages from one static buffer of fixed
 * slots (SQLITE_CONFIG_PAGECACHE, https://sqlite.org/c3ref/c_config_covering_index_scan.html)
 * before it asks malloc.  A scan opens and closes many small caches (each
 * temporary b-tree of a sort or DISTINCT has its own); with musl's malloc,
 * which premig-static uses, every one of them mapped and unmapped its
 * pages (2,087 mmap/munmap pairs in one scan; 1,115 with the slots).
 * Pages beyond the slots, or larger than 4096 bytes, come from malloc as
 * before (kept_malloc's lists, below).  Only with a libc other than glibc.
 * SQLite links every slot into its free list when it starts, writing to
 * each: 1,024 slots (4.7 MB) cost 2,000 page faults in each process that
 * opens a store, 4 ms of a scan's 38 (median of 30); 256 slots as few as
 * none at all, once the pages past them are kept_malloc's.
 */
#define PAGE_SLOTS 256
#define PAGE_SLOT_MAX (4096 + 512)

#ifndef __GLIBC__
/*
 * SQLite's other allocations keep their freed blocks too, under musl
 * (buf.h kept_malloc): a scan makes about 35,000 of them (statements,
 * their programs, the tables of a CHECK's IN list made for every row
 * inserted ...), and musl's malloc unmaps a group of blocks as soon as
 * its last one is freed, to map it again at the next one (premig-static:
 * 660 munmap, 340 madvise and their page faults in a scan).
 * SQLITE_CONFIG_MALLOC: https://sqlite.org/c3ref/mem_methods.html.
 * (jansson's allocations cannot be so: the strings json_dumps returns
 * are given to free().)
 */
static void *mem_malloc(int n)
{
	return n > 0 ? kept_malloc((size_t)n) : NULL;
}

static int mem_size(void *p)
{
	return (int)kept_size(p);
}

static void *mem_realloc(void *p, int n)
{
	return n > 0 ? kept_realloc(p, (size_t)n) : NULL;
}

static int mem_roundup(int n)
{
	return n > 0 ? (int)kept_roundup((size_t)n) : n;
}

static int mem_init(void *arg)
{
	return SQLITE_OK;
}

static void mem_shutdown(void *arg)
{
}

static const sqlite3_mem_methods mem_methods = {
	mem_malloc, kept_free, mem_realloc, mem_size, mem_roundup, mem_init, mem_shutdown, NULL
};
#endif

void db_init(void)
{
#ifndef __GLIBC__
	/* musl (premig-static); glibc's malloc keeps freed pages for reuse */
	static _Alignas(16) unsigned char slots[PAGE_SLOTS * PAGE_SLOT_MAX];
	int hdr = 0;

	sqlite3_config(SQLITE_CONFIG_MALLOC, &mem_methods);
	if (sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &hdr) != SQLITE_OK || hdr <= 0 ||
	    4096 + hdr > PAGE_SLOT_MAX)
		return;
	sqlite3_config(SQLITE_CONFIG_PAGECACHE, slots, (4096 + hdr + 7) & ~7, PAGE_SLOTS);
#endif
}

int db_close(sqlite3 *db)
{
	const char *name = db ? sqlite3_db_filename(db, "main") : NULL;
	char *path = NULL, *wal;
	struct stat st;
	sqlite3 *w = NULL;
	int rc;

	if (name && *name && sqlite3_db_readonly(db, "main") == 1)
		path = xstrdup(name);
	rc = sqlite3_close(db);
	if (!path)
		return rc;
	wal = xasprintf("%s-wal", path);
	if (rc == SQLITE_OK && stat(wal, &st) == 0 && access(path, W_OK) == 0 &&
	    sqlite3_open_v2(path, &w, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK)
		/*
		 * a read opens the log (the header's user_version: no schema
		 * to parse); the close is then the last one's
		 */
		sqlite3_exec(w, "PRAGMA user_version", NULL, NULL, NULL);
	sqlite3_close(w);
	free(wal);
	free(path);
	return rc;
}

int db_open(const char *path, enum db_mode mode, sqlite3 **out)
{
	sqlite3 *db = NULL;
	struct stat st;
	int version = 0, ntables = 0, flags, rc;

	*out = NULL;
	if (!strcmp(path, ":memory:")) {
		/* SQLite's own store in memory: no file to make (it once made one named so) */
	} else if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return scan_error("cannot open database '%s': Is a directory", path);
	} else if (mode == DB_READ) {
		return scan_error_errno(errno, "cannot open database '%s'", path);
	} else if (errno == ENOENT && db_create(path) < 0) {
		return -1;
	}
	flags = mode == DB_READ ? SQLITE_OPEN_READONLY :
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		scan_error("cannot open database '%s': %s", path,
			   db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		goto err;
	}
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db, 1);
	if (read_version(db, path, &version, &ntables) < 0)
		goto err;
	if (version > (int)schema_nsteps) {
		scan_error("cannot open database '%s': schema version %d is newer than this premig's %d",
			   path, version, (int)schema_nsteps);
		goto err;
	}
	/* a non-empty file that is not ours: it has tables but no user_version */
	if (version == 0 && ntables > 0) {
		scan_error("cannot open database '%s': not a premig database", path);
		goto err;
	}
	if (mode == DB_READ) {
		if (version == 0) {
			scan_error("cannot open database '%s': not a premig database (empty)", path);
			goto err;
		}
		if (version < (int)schema_nsteps) {
			/* an older store of ours: read a migrated copy, never the file */
			sqlite3 *mem = NULL;

			if (migrated_copy(db, path, &mem) < 0)
				goto err;
			db_close(db);
			db = mem;
		}
		*out = db;
		return 0;
	}
	if (sqlite3_db_readonly(db, "main") == 1) {
		scan_error("cannot write database '%s': the file is read-only", path);
		goto err;
	}
	/*
	 * WAL with synchronous=NORMAL: a commit is atomic and the file never
	 * corrupt; a power cut may lose the last scan's commits, which a rerun
	 * restores.  It saves an fsync per collector.
	 */
	if (set_wal(db) < 0 ||
	    exec(db, "PRAGMA synchronous=NORMAL", "setting synchronous mode") < 0 ||
	    exec(db, "PRAGMA foreign_keys=ON", "enabling foreign keys") < 0)
		goto err;
	if (version < (int)schema_nsteps && db_migrate(db, path) < 0)
		goto err;
	*out = db;
	return 0;
err:
	sqlite3_close(db);
	return -1;
}

void dbrow_init(struct dbrow *r, const char *table)
{
	memset(r, 0, sizeof(*r));
	r->table = table;
}

static int slot(struct dbrow *r, const char *col)
{
	if (r->n >= DBROW_MAX) {
		/* a programming error: the table has more columns than a row holds */
		fprintf(stderr, "premig: internal error: too many columns for '%s'\n", r->table);
		abort();
	}
	r->names[r->n] = col;
	return r->n++;
}

void dbrow_text(struct dbrow *r, const char *col, const char *val)
{
	int i = slot(r, col);

	r->types[i] = val ? SQLITE_TEXT : SQLITE_NULL;
	r->texts[i] = val ? xstrdup(val) : NULL;
}

void dbrow_int(struct dbrow *r, const char *col, int64_t val)
{
	int i = slot(r, col);

	r->types[i] = SQLITE_INTEGER;
	r->ints[i] = val;
}

void dbrow_null(struct dbrow *r, const char *col)
{
	r->types[slot(r, col)] = SQLITE_NULL;
}

void dbrow_int_if(struct dbrow *r, const char *col, int known, int64_t val)
{
	if (known)
		dbrow_int(r, col, val);
	else
		dbrow_null(r, col);
}

void dbrow_release(struct dbrow *r)
{
	for (int i = 0; i < r->n; i++)
		free(r->texts[i]);
	memset(r, 0, sizeof(*r));
}

int dbrow_insert(sqlite3 *db, int64_t scan_id, struct dbrow *r)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	int rc = -1, k = 1, keep = 1;

	/* column and table names are constants of the caller, values are bound */
	buf_addf(&sql, "INSERT INTO %s (", r->table);
	if (scan_id > 0)
		buf_adds(&sql, r->n ? "scan_id, " : "scan_id");
	for (int i = 0; i < r->n; i++)
		buf_addf(&sql, "%s%s", i ? ", " : "", r->names[i]);
	buf_adds(&sql, ") VALUES (");
	for (int i = 0; i < r->n + (scan_id > 0); i++)
		buf_adds(&sql, i ? ", ?" : "?");
	buf_adds(&sql, ")" DBROW_MARK);
	if (sqlite3_get_autocommit(db)) {
		/* no transaction to end: nothing would finalize a kept statement */
		keep = 0;
		st = db_prepare(db, sql.data);
	} else {
		for (st = sqlite3_next_stmt(db, NULL); st; st = sqlite3_next_stmt(db, st))
			if (!sqlite3_stmt_busy(st) && sqlite3_sql(st) && !strcmp(sqlite3_sql(st), sql.data))
				break;
		if (st)
			sqlite3_clear_bindings(st);
		else if (sqlite3_prepare_v3(db, sql.data, -1, SQLITE_PREPARE_PERSISTENT, &st,
					      NULL) != SQLITE_OK) {
			scan_error("store: cannot prepare statement: %s", sqlite3_errmsg(db));
			sqlite3_finalize(st);
			st = NULL;
		}
	}
	if (!st)
		goto out;
	if (scan_id > 0)
		sqlite3_bind_int64(st, k++, scan_id);
	for (int i = 0; i < r->n; i++, k++) {
		if (r->types[i] == SQLITE_TEXT)
			sqlite3_bind_text(st, k, r->texts[i], -1, SQLITE_TRANSIENT);
		else if (r->types[i] == SQLITE_INTEGER)
			sqlite3_bind_int64(st, k, r->ints[i]);
		else
			sqlite3_bind_null(st, k);
	}
	if (!keep) {
		rc = db_step_done(db, st);
	} else {
		int src = sqlite3_step(st);
		rc = src == SQLITE_DONE || src == SQLITE_ROW ? 0 :
		     scan_error("store: write failed: %s", sqlite3_errmsg(db));
		sqlite3_reset(st);
	}
out:
	buf_release(&sql);
	dbrow_release(r);
	return rc;
}
