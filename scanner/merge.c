/*
 * merge.c - premig merge OUT.db IN.db...: per-host stores into one
 *
 * It writes a store, so it lives with the store (scanner/), not with its
 * readers (report/).  SQLite C interface: the online backup API
 * (https://sqlite.org/backup.html), ATTACH, read-only and immutable opens
 * (https://sqlite.org/uri.html), PRAGMA quick_check.
 *
 * The rules:
 *
 * - One host is one host key: an input's host joins the output's host of
 *   that key, or the host that key was folded into (host_aliases), else it
 *   is added.  After the merge, image-only hosts fold as a scan would fold
 *   them (hostkey.h), when there are any.
 * - One scan is its uid (scans.uid: 128 random bits given when it
 *   starts).  A scan of a store older than the uid has none; it is its
 *   host, started_at, mode, root, as_root and premig_version, with its
 *   rank among the scans of its host that share all of these (scans
 *   started in one second).  A scan already in the output is not copied
 *   again, so merging an input twice changes nothing.
 *   A scan the output holds unfinished (finished_at NULL: it was merged
 *   while running, or was interrupted) is replaced by the input's finished
 *   one.  The newest scan of a host is its current one (the report's and
 *   the assessment's choice); older ones stay as history.
 * - A scan's rows are copied from every table with a scan_id column, as
 *   sqlite_master lists them (a table a later schema step adds is merged
 *   with no change here), scan_id, host_id and assessment_id remapped.
 * - Assessments are per scan: the findings and verdicts of a copied scan
 *   come with it, with their assessment (and its packs and rules).  For a
 *   scan already there, a profile's results are replaced when the input's
 *   assessment of it is newer.  Nothing is assessed again.
 * - The dependency analysis is fleet-wide, not per scan: its tables are
 *   not copied, and deps_refresh redoes it over the merged flows, sockets
 *   and addresses.  Any other table without scan_id (infra_rules) gets the
 *   input's rows that the output lacks.
 *
 * Every input is checked (readable, SQLite, premig's, schema not newer,
 * PRAGMA quick_check) before anything is written.  Each is then read in
 * one snapshot into memory (an older schema migrated there) and attached
 * to the temporary output; the input file is only ever opened read-only.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../report/deps.h"
#include "buf.h"
#include "db.h"
#include "err.h"
#include "exitcodes.h"
#include "hostkey.h"
#include "merge.h"
#include "schema.h"
#include "str.h"
#include "banned.h"

/* the fleet-wide results of the dependency analysis: deps_refresh remakes them */
static const char *const derived_tables[] = {
	"dependency_analysis", "dependencies", "application_groups", "group_members",
};

/* a table of the output and how its rows are merged */
enum mtable_kind {
	MT_HOSTS,		/* matched by host_key */
	MT_SCANS,		/* matched by the scan identity above */
	MT_ASSESSMENTS,		/* copied with the results that name them */
	MT_SCAN,		/* has scan_id: a scan's facts */
	MT_RESULTS,		/* has scan_id, assessment_id and profile: findings, verdicts */
	MT_ASSESSMENT,		/* has assessment_id only: packs and rules of an assessment */
	MT_HOST,		/* has host_id only: host_aliases */
	MT_DERIVED,		/* not copied */
	MT_OTHER,		/* rows the output lacks are added */
};

struct mtable {
	char *name;
	enum mtable_kind kind;
	int rowid;		/* a rowid table: rows are copied in rowid order */
	int alias_key;		/* has alias_key (host_aliases) */
	char **cols;
	size_t ncols;
};

struct merge {
	const struct merge_opts *o;
	sqlite3 *db;		/* the temporary output */
	struct mtable *t;
	size_t nt;
	long hosts_added, scans_added, scans_replaced, results_replaced;
};

/*
 * The temporary file's names, for the signal handler: a merge that is
 * interrupted removes it (unlink is async-signal-safe)
 */
static char tmp_names[4][4096];

static void on_signal(int sig)
{
	for (int i = 0; i < 4; i++)
		if (tmp_names[i][0])
			unlink(tmp_names[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void remove_tmp(void)
{
	for (int i = 0; i < 4; i++) {
		if (tmp_names[i][0])
			unlink(tmp_names[i]);
		tmp_names[i][0] = 0;
	}
}

static int exec_sql(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		scan_error("merge: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* "name" with its quotes doubled: table and column names from sqlite_master */
static void add_ident(struct buf *b, const char *name)
{
	buf_addc(b, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

/* ---- inputs -------------------------------------------------------------- */

/* file:PATH?immutable=1, each byte outside [A-Za-z0-9/._~-] percent-encoded */
static char *immutable_uri(const char *path)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._~-", *p))
			buf_addc(&b, (char)*p);
		else
			buf_addf(&b, "%%%02X", *p);
	}
	buf_adds(&b, "?immutable=1");
	return buf_detach(&b);
}

/* is path's directory writable (where SQLite would put its -shm file)? */
static int dir_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	int w = access(dir, W_OK) == 0;

	free(dir);
	return w;
}

/* the exit status and message for an input SQLite could not read */
static int input_failed(const char *path, sqlite3 *db, int rc, unsigned int wait_s)
{
	const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		scan_error("merge: '%s' is locked by another program (a scan still writing it?);"
			   " waited %u s, nothing was merged", path, wait_s);
		return EXIT_STORE;
	case SQLITE_NOTADB:
		scan_error("merge: '%s' is not an SQLite database; nothing was merged", path);
		return EXIT_INPUT;
	case SQLITE_CORRUPT:
	case SQLITE_IOERR:
		scan_error("merge: '%s' is damaged or truncated (%s); nothing was merged", path, msg);
		return EXIT_INPUT;
	default:
		scan_error("merge: cannot read '%s': %s; nothing was merged", path, msg);
		return EXIT_INPUT;
	}
}

struct input_info {
	int version;		/* PRAGMA user_version */
	int page_size;
};

static int probe(sqlite3 *db, struct input_info *in, int *ntables, int *ours)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(db, "SELECT (SELECT user_version FROM pragma_user_version),"
				" (SELECT count(*) FROM sqlite_master),"
				" (SELECT count(*) FROM sqlite_master WHERE type = 'table'"
				"  AND name IN ('hosts', 'scans', 'collector_runs')),"
				" (SELECT page_size FROM pragma_page_size)", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		in->version = sqlite3_column_int(st, 0);
		*ntables = sqlite3_column_int(st, 1);
		*ours = sqlite3_column_int(st, 2) == 3;
		in->page_size = sqlite3_column_int(st, 3);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Opens an input read-only and says whether it can be merged: 0 with *out
 * open, or an exit status after the message.  A store in WAL mode in a
 * directory that cannot be written (a read-only mount) cannot get its -shm
 * file; no program can be writing it there, so it is opened immutable.
 */
static int open_input(const char *path, unsigned int wait_s, int check, sqlite3 **out,
		      struct input_info *in)
{
	sqlite3 *db = NULL;
	struct stat sb;
	int rc, ntables = 0, ours = 0, xrc = EXIT_INPUT;

	*out = NULL;
	if (stat(path, &sb) < 0) {
		scan_error_errno(errno, "merge: cannot read '%s'", path);
		return EXIT_INPUT;
	}
	if (!S_ISREG(sb.st_mode)) {
		scan_error("merge: '%s' is not a regular file", path);
		return EXIT_INPUT;
	}
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, (int)wait_s * 1000);
		rc = probe(db, in, &ntables, &ours);
	}
	if ((rc & 0xff) == SQLITE_CANTOPEN && access(path, R_OK) == 0 && !dir_writable(path)) {
		char *uri = immutable_uri(path);
		sqlite3_close(db);
		db = NULL;
		rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
				     SQLITE_OPEN_NOMUTEX, NULL);
		free(uri);
		if (rc == SQLITE_OK)
			rc = probe(db, in, &ntables, &ours);
	}
	if (rc != SQLITE_OK) {
		xrc = input_failed(path, db, rc, wait_s);
		goto err;
	}
	if (in->version > (int)schema_nsteps) {
		scan_error("merge: '%s' has schema version %d, newer than this premig's %d"
			   " (merge with a newer premig); nothing was merged", path, in->version,
			   (int)schema_nsteps);
		goto err;
	}
	if (in->version == 0 || !ours) {
		scan_error("merge: '%s' is not a premig database (%s); nothing was merged", path,
			   !ntables ? "empty" : "another program's tables");
		goto err;
	}
	if (check) {
		/* a truncated or damaged file fails here, before anything is written */
		sqlite3_stmt *st = NULL;
		rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok")) {
			scan_error("merge: '%s' is damaged or truncated (%s); nothing was merged",
				   path, (const char *)sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
			goto err;
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW) {
			xrc = input_failed(path, db, rc, wait_s);
			goto err;
		}
	}
	*out = db;
	return 0;
err:
	sqlite3_close(db);
	return xrc;
}

/* copies all of from's schema name into to's schema name; 0 or the SQLite code */
static int backup(sqlite3 *to, const char *name, sqlite3 *from)
{
	sqlite3_backup *b = sqlite3_backup_init(to, name, from, "main");
	int rc;

	if (!b)
		return sqlite3_errcode(to);
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
 * Attaches one snapshot of the input as schema src of m->db, at the
 * current schema: 0, or an exit status after the message.
 */
static int attach_input(struct merge *m, const char *path)
{
	struct input_info in;
	sqlite3 *src = NULL, *mem = NULL;
	char sql[64];
	int rc, xrc;

	xrc = open_input(path, m->o->wait_s, 0, &src, &in);
	if (xrc)
		return xrc;
	xrc = EXIT_STORE;
	if (exec_sql(m->db, "ATTACH ':memory:' AS src") < 0)
		goto out;
	/* an in-memory copy must have the page size of what it copies */
	snprintf(sql, sizeof(sql), "PRAGMA src.page_size = %d", in.page_size);
	if (exec_sql(m->db, sql) < 0)
		goto out;
	if (in.version == (int)schema_nsteps) {
		rc = backup(m->db, "src", src);
	} else {
		/* an older store: migrated in a copy of its own, never in place */
		rc = sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
		snprintf(sql, sizeof(sql), "PRAGMA page_size = %d", in.page_size);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(mem, sql, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = backup(mem, "main", src);
		if (rc == SQLITE_OK) {
			if (db_migrate(mem, path) < 0) {
				xrc = EXIT_INPUT;
				goto out;
			}
			rc = backup(m->db, "src", mem);
		}
	}
	if (rc != SQLITE_OK) {
		xrc = input_failed(path, src, rc, m->o->wait_s);
		goto out;
	}
	xrc = 0;
out:
	sqlite3_close(mem);
	sqlite3_close(src);
	return xrc;
}

/* ---- the output's tables ------------------------------------------------- */

static void mtables_free(struct merge *m)
{
	for (size_t i = 0; i < m->nt; i++) {
		for (size_t k = 0; k < m->t[i].ncols; k++)
			free(m->t[i].cols[k]);
		free(m->t[i].cols);
		free(m->t[i].name);
	}
	free(m->t);
	m->t = NULL;
	m->nt = 0;
}

static int has_col(const struct mtable *t, const char *col)
{
	for (size_t k = 0; k < t->ncols; k++)
		if (!strcmp(t->cols[k], col))
			return 1;
	return 0;
}

/* every table of the output, from sqlite_master, and how it is merged */
static int mtables_load(struct merge *m)
{
	sqlite3_stmt *st, *ci;
	size_t alloc = 0;
	int rc;

	st = db_prepare(m->db, "SELECT t.name, l.wr FROM sqlite_master t"
			" JOIN pragma_table_list l ON l.schema = 'main' AND l.name = t.name"
			" WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite%' ORDER BY t.rowid");
	ci = db_prepare(m->db, "SELECT name FROM pragma_table_info(?1, 'main') ORDER BY cid");
	if (!st || !ci) {
		sqlite3_finalize(st);
		sqlite3_finalize(ci);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct mtable *t;
		size_t calloc_ = 0;
		if (m->nt == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			m->t = xrealloc(m->t, alloc * sizeof(*m->t));
		}
		t = &m->t[m->nt++];
		memset(t, 0, sizeof(*t));
		t->name = xstrdup((const char *)sqlite3_column_text(st, 0));
		t->rowid = !sqlite3_column_int(st, 1);
		sqlite3_bind_text(ci, 1, t->name, -1, SQLITE_TRANSIENT);
		while (sqlite3_step(ci) == SQLITE_ROW) {
			if (t->ncols == calloc_) {
				calloc_ = calloc_ ? 2 * calloc_ : 16;
				t->cols = xrealloc(t->cols, calloc_ * sizeof(*t->cols));
			}
			t->cols[t->ncols++] = xstrdup((const char *)sqlite3_column_text(ci, 0));
		}
		sqlite3_reset(ci);
		t->alias_key = has_col(t, "alias_key");
		if (!strcmp(t->name, "hosts"))
			t->kind = MT_HOSTS;
		else if (!strcmp(t->name, "scans"))
			t->kind = MT_SCANS;
		else if (!strcmp(t->name, "assessments"))
			t->kind = MT_ASSESSMENTS;
		else if (has_col(t, "scan_id"))
			t->kind = has_col(t, "assessment_id") && has_col(t, "profile") ? MT_RESULTS : MT_SCAN;
		else if (has_col(t, "assessment_id"))
			t->kind = MT_ASSESSMENT;
		else if (has_col(t, "host_id"))
			t->kind = MT_HOST;
		else
			t->kind = MT_OTHER;
		for (size_t i = 0; i < ARRAY_SIZE(derived_tables); i++)
			if (!strcmp(t->name, derived_tables[i]))
				t->kind = MT_DERIVED;
	}
	sqlite3_finalize(ci);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return scan_error("merge: cannot list the tables: %s", sqlite3_errmsg(m->db));
	return 0;
}

/*
 * INSERT INTO main.T (cols) SELECT exprs FROM src.T t <from> [WHERE where]
 * [ORDER BY t.rowid]: each column copied, or remapped when it names a scan,
 * a host or an assessment (id, in the table that owns the ids: idexpr)
 */
static void insert_sql(struct buf *b, const struct mtable *t, const char *verb,
		       const char *idexpr, const char *from, const char *where)
{
	buf_addf(b, "%s INTO main.", verb);
	add_ident(b, t->name);
	buf_adds(b, " (");
	for (size_t k = 0; k < t->ncols; k++) {
		if (k)
			buf_adds(b, ", ");
		add_ident(b, t->cols[k]);
	}
	buf_adds(b, ") SELECT ");
	for (size_t k = 0; k < t->ncols; k++) {
		const char *c = t->cols[k];
		if (k)
			buf_adds(b, ", ");
		if (idexpr && !strcmp(c, "id"))
			buf_adds(b, idexpr);
		else if (!strcmp(c, "scan_id") && t->kind != MT_OTHER)
			buf_adds(b, "(SELECT new FROM temp.scan_map WHERE old = t.scan_id)");
		else if (!strcmp(c, "host_id") && t->kind != MT_OTHER)
			buf_adds(b, "(SELECT new FROM temp.host_map WHERE old = t.host_id)");
		else if (!strcmp(c, "assessment_id") && t->kind != MT_OTHER)
			buf_adds(b, "(SELECT new FROM temp.asmt_map WHERE old = t.assessment_id)");
		else {
			buf_adds(b, "t.");
			add_ident(b, c);
		}
	}
	buf_adds(b, " FROM src.");
	add_ident(b, t->name);
	buf_addf(b, " t %s", from ? from : "");
	if (where)
		buf_addf(b, " WHERE %s", where);
	if (t->rowid)
		buf_adds(b, " ORDER BY t.rowid");
}

static int run_buf(struct merge *m, struct buf *b)
{
	int rc = exec_sql(m->db, b->data);

	buf_clear(b);
	return rc;
}

/* DELETE FROM main.T WHERE where */
static int delete_rows(struct merge *m, const struct mtable *t, const char *where)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_adds(&b, "DELETE FROM main.");
	add_ident(&b, t->name);
	buf_addf(&b, " WHERE %s", where);
	rc = run_buf(m, &b);
	buf_release(&b);
	return rc;
}

/* ---- one input ----------------------------------------------------------- */

static const char map_tables[] =
	"CREATE TEMP TABLE IF NOT EXISTS host_map (old INTEGER PRIMARY KEY, new INTEGER);"
	/* action: 0 already there, 1 new, 2 replaces the output's unfinished copy */
	"CREATE TEMP TABLE IF NOT EXISTS scan_map (old INTEGER PRIMARY KEY, new INTEGER,"
	" action INTEGER NOT NULL);"
	"CREATE TEMP TABLE IF NOT EXISTS asmt_map (old INTEGER PRIMARY KEY, new INTEGER);"
	/* results of scans already there to replace: (output scan id, profile) */
	"CREATE TEMP TABLE IF NOT EXISTS redo (scan INTEGER, profile TEXT,"
	" PRIMARY KEY (scan, profile));"
	/* the output's hosts that this merge added or gave scans: settle_hosts */
	"CREATE TEMP TABLE IF NOT EXISTS touched (host INTEGER PRIMARY KEY);"
	"DELETE FROM temp.host_map; DELETE FROM temp.scan_map; DELETE FROM temp.asmt_map;"
	"DELETE FROM temp.redo;";

/* hosts: by key, or by a key folded into a host (hostkey_host's order) */
static const char map_hosts[] =
	"INSERT INTO main.hosts (host_key, key_source, first_seen)"
	" SELECT h.host_key, h.key_source, h.first_seen FROM src.hosts h"
	" WHERE NOT EXISTS (SELECT 1 FROM main.hosts o WHERE o.host_key = h.host_key)"
	" AND NOT EXISTS (SELECT 1 FROM main.host_aliases a WHERE a.alias_key = h.host_key)"
	" ORDER BY h.id;"
	"INSERT INTO temp.host_map (old, new) SELECT h.id,"
	" coalesce((SELECT a.host_id FROM main.host_aliases a WHERE a.alias_key = h.host_key),"
	"  (SELECT o.id FROM main.hosts o WHERE o.host_key = h.host_key)) FROM src.hosts h;"
	"UPDATE main.hosts SET first_seen = x.first FROM (SELECT hm.new AS id,"
	"  min(h.first_seen) AS first FROM src.hosts h JOIN temp.host_map hm ON hm.old = h.id"
	"  GROUP BY hm.new) x WHERE x.id = hosts.id AND x.first < hosts.first_seen;";

/* scans: the identity of merge.c's rules, and new ids in order of start */
static const char map_scans[] =
	"INSERT INTO temp.scan_map (old, new, action) SELECT s.id,"
	" (SELECT o.id FROM main.scans o WHERE o.uid = s.uid), 0"
	" FROM src.scans s WHERE s.uid IS NOT NULL;"
	"WITH s AS (SELECT s.id, hm.new AS host, s.started_at, s.mode, s.root, s.as_root,"
	"  s.premig_version, row_number() OVER (PARTITION BY hm.new,"
	"  s.started_at, s.mode, s.root, s.as_root, s.premig_version ORDER BY s.id) AS k"
	"  FROM src.scans s JOIN temp.host_map hm ON hm.old = s.host_id WHERE s.uid IS NULL),"
	" o AS (SELECT id, host_id AS host, started_at, mode, root, as_root, premig_version,"
	"  row_number() OVER (PARTITION BY host_id, started_at, mode, root,"
	"  as_root, premig_version ORDER BY id) AS k"
	"  FROM main.scans WHERE uid IS NULL AND host_id IN (SELECT new FROM temp.host_map))"
	" INSERT INTO temp.scan_map (old, new, action) SELECT s.id, o.id, 0"
	" FROM s LEFT JOIN o ON o.host = s.host AND o.started_at = s.started_at"
	"  AND o.mode = s.mode AND o.root = s.root AND o.as_root = s.as_root"
	"  AND o.premig_version = s.premig_version AND o.k = s.k;"
	"UPDATE temp.scan_map SET action = CASE WHEN new IS NULL THEN 1"
	"  WHEN (SELECT finished_at FROM main.scans WHERE id = scan_map.new) IS NULL"
	"   AND (SELECT finished_at FROM src.scans WHERE id = scan_map.old) IS NOT NULL THEN 2"
	"  ELSE 0 END;"
	"UPDATE temp.scan_map SET new = x.id FROM (SELECT m.old,"
	"  (SELECT coalesce(max(id), 0) FROM main.scans)"
	"   + row_number() OVER (ORDER BY s.started_at, s.id) AS id"
	"  FROM temp.scan_map m JOIN src.scans s ON s.id = m.old WHERE m.action = 1) x"
	" WHERE x.old = scan_map.old;"
	/* a profile of a scan already there whose input assessment is newer */
	"INSERT OR IGNORE INTO temp.redo (scan, profile) SELECT m.new, v.profile"
	" FROM temp.scan_map m JOIN src.verdicts v ON v.scan_id = m.old"
	" JOIN src.assessments a ON a.id = v.assessment_id WHERE m.action = 0"
	" AND a.started_at > coalesce((SELECT oa.started_at FROM main.verdicts ov"
	"  JOIN main.assessments oa ON oa.id = ov.assessment_id"
	"  WHERE ov.scan_id = m.new AND ov.profile = v.profile), '');";

/* which rows of a results table are copied */
#define RESULTS_COPIED \
	"(m.action IN (1, 2) OR (m.action = 0 AND (m.new, t.profile) IN" \
	" (SELECT scan, profile FROM temp.redo)))"

static long changes_of(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	long n = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int merge_one(struct merge *m, const char *path)
{
	struct buf b = BUF_INIT;
	long before, unfinished;
	int rc = -1;

	if (exec_sql(m->db, map_tables) < 0)
		goto out;
	before = changes_of(m->db, "SELECT count(*) FROM main.hosts");
	if (exec_sql(m->db, map_hosts) < 0)
		goto out;
	m->hosts_added += changes_of(m->db, "SELECT count(*) FROM main.hosts") - before;
	if (exec_sql(m->db, map_scans) < 0 ||
	    exec_sql(m->db, "INSERT OR IGNORE INTO temp.touched (host) SELECT DISTINCT hm.new"
		     " FROM temp.host_map hm JOIN src.scans s ON s.host_id = hm.old"
		     " JOIN temp.scan_map m ON m.old = s.id WHERE m.action IN (1, 2)") < 0)
		goto out;
	m->scans_added += changes_of(m->db, "SELECT count(*) FROM temp.scan_map WHERE action = 1");
	m->scans_replaced += changes_of(m->db, "SELECT count(*) FROM temp.scan_map WHERE action = 2");
	m->results_replaced += changes_of(m->db, "SELECT count(*) FROM temp.redo");
	unfinished = changes_of(m->db, "SELECT count(*) FROM temp.scan_map m JOIN src.scans s"
				" ON s.id = m.old WHERE m.action = 1 AND s.finished_at IS NULL");
	if (unfinished > 0)
		scan_warn("merge: '%s': %ld unfinished scans (still running, or interrupted) merged"
			  " as they stand; merging the file again once they finish completes them",
			  path, unfinished);

	/* the aliases of the input's hosts, unless their key is a host of its own here */
	for (size_t i = 0; i < m->nt; i++) {
		const struct mtable *t = &m->t[i];
		if (t->kind != MT_HOST)
			continue;
		insert_sql(&b, t, "INSERT OR IGNORE", NULL, NULL, t->alias_key ?
			   "t.alias_key NOT IN (SELECT host_key FROM main.hosts)" : NULL);
		if (run_buf(m, &b) < 0)
			goto out;
	}
	/* the unfinished copies being replaced: their rows first, then the scans */
	for (size_t i = 0; i < m->nt; i++) {
		const struct mtable *t = &m->t[i];
		if ((t->kind == MT_SCAN || t->kind == MT_RESULTS) &&
		    delete_rows(m, t, "scan_id IN (SELECT new FROM temp.scan_map WHERE action = 2)") < 0)
			goto out;
		if (t->kind == MT_RESULTS &&
		    delete_rows(m, t, "(scan_id, profile) IN (SELECT scan, profile FROM temp.redo)") < 0)
			goto out;
	}
	for (size_t i = 0; i < m->nt; i++) {
		const struct mtable *t = &m->t[i];
		if (t->kind != MT_SCANS)
			continue;
		if (delete_rows(m, t, "id IN (SELECT new FROM temp.scan_map WHERE action = 2)") < 0)
			goto out;
		insert_sql(&b, t, "INSERT", "m.new", "JOIN temp.scan_map m ON m.old = t.id",
			   "m.action IN (1, 2)");
		if (run_buf(m, &b) < 0)
			goto out;
	}
	/* the assessments that the results copied name, with new ids */
	for (size_t i = 0; i < m->nt; i++) {
		const struct mtable *t = &m->t[i];
		if (t->kind != MT_RESULTS)
			continue;
		buf_adds(&b, "INSERT OR IGNORE INTO temp.asmt_map (old) SELECT DISTINCT t.assessment_id"
			 " FROM src.");
		add_ident(&b, t->name);
		buf_adds(&b, " t JOIN temp.scan_map m ON m.old = t.scan_id WHERE " RESULTS_COPIED);
		if (run_buf(m, &b) < 0)
			goto out;
	}
	if (exec_sql(m->db, "UPDATE temp.asmt_map SET new = x.id FROM (SELECT old,"
		     " (SELECT coalesce(max(id), 0) FROM main.assessments)"
		     "  + row_number() OVER (ORDER BY old) AS id FROM temp.asmt_map) x"
		     " WHERE x.old = asmt_map.old") < 0)
		goto out;
	for (size_t i = 0; i < m->nt; i++) {
		const struct mtable *t = &m->t[i];
		if (t->kind == MT_ASSESSMENTS)
			insert_sql(&b, t, "INSERT", "a.new", "JOIN temp.asmt_map a ON a.old = t.id", NULL);
		else
			continue;
		if (run_buf(m, &b) < 0)
			goto out;
	}
	for (size_t i = 0; i < m->nt; i++) {
		const struct mtable *t = &m->t[i];
		switch (t->kind) {
		case MT_ASSESSMENT:
			insert_sql(&b, t, "INSERT", NULL,
				   "JOIN temp.asmt_map a ON a.old = t.assessment_id", NULL);
			break;
		case MT_SCAN:
			insert_sql(&b, t, "INSERT", NULL, "JOIN temp.scan_map m ON m.old = t.scan_id",
				   "m.action IN (1, 2)");
			break;
		case MT_RESULTS:
			insert_sql(&b, t, "INSERT", NULL, "JOIN temp.scan_map m ON m.old = t.scan_id",
				   RESULTS_COPIED);
			break;
		case MT_OTHER: {
			/* the input's rows that the output lacks, compared column by column */
			struct buf w = BUF_INIT;
			buf_adds(&w, "NOT EXISTS (SELECT 1 FROM main.");
			add_ident(&w, t->name);
			buf_adds(&w, " o WHERE 1");
			for (size_t k = 0; k < t->ncols; k++) {
				buf_adds(&w, " AND o.");
				add_ident(&w, t->cols[k]);
				buf_adds(&w, " IS t.");
				add_ident(&w, t->cols[k]);
			}
			buf_adds(&w, ")");
			insert_sql(&b, t, "INSERT", NULL, NULL, w.data);
			buf_release(&w);
			break;
		}
		default:
			continue;
		}
		if (run_buf(m, &b) < 0)
			goto out;
	}
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

/* ---- the output ---------------------------------------------------------- */

/*
 * Image-only hosts fold as a scan folds them (hostkey.h), now that hosts
 * of several stores meet: each host the merge added or gave scans is
 * settled.  Skipped when no host is image-only (the usual fleet), since it
 * looks at every host for each host settled.
 */
static int settle_hosts(struct merge *m)
{
	sqlite3_stmt *st;
	int64_t *ids = NULL;
	size_t n = 0, alloc = 0;
	int rc = 0;

	if (changes_of(m->db, "SELECT EXISTS (SELECT 1 FROM hosts h WHERE NOT EXISTS"
		       " (SELECT 1 FROM scans s WHERE s.host_id = h.id AND s.mode <> 'image'))") != 1)
		return 0;
	st = db_prepare(m->db, "SELECT host FROM temp.touched ORDER BY host");
	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			ids = xrealloc(ids, alloc * sizeof(*ids));
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct buf note = BUF_INIT;
		sqlite3_stmt *q = db_prepare(m->db, "SELECT 1 FROM hosts WHERE id = ?");
		int64_t h = ids[i];
		int there;

		if (!q) {
			rc = -1;
			break;
		}
		/* a host that an earlier one of this loop folded away is gone */
		sqlite3_bind_int64(q, 1, h);
		there = sqlite3_step(q) == SQLITE_ROW;
		sqlite3_finalize(q);
		if (there && hostkey_settle(m->db, &h, &note) < 0)
			rc = -1;
		if (note.len)
			scan_warn("merge: %s", note.data);
		buf_release(&note);
	}
	free(ids);
	return rc;
}

/* syncs a file or directory to disk; 0 or <0 after the message */
static int sync_path(const char *path, int dir)
{
	int fd = open(path, (dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fsync(fd) < 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return scan_error_errno(e, "merge: cannot sync '%s'", path);
	}
	close(fd);
	return 0;
}

/* makes the temporary file beside out, with out's mode when out exists */
static int make_tmp(const char *out, int out_exists, const struct stat *osb)
{
	size_t len;
	mode_t mask;
	int fd;

	if (snprintf(tmp_names[0], sizeof(tmp_names[0]) - 8, "%s.merge-XXXXXX", out) >=
	    (int)sizeof(tmp_names[0]) - 8) {
		tmp_names[0][0] = 0;
		return scan_error("merge: '%s': the path is too long", out);
	}
	fd = mkstemp(tmp_names[0]);
	if (fd < 0) {
		int e = errno;
		tmp_names[0][0] = 0;
		return scan_error_errno(e, "merge: cannot create a temporary file beside '%s'", out);
	}
	/* the -wal, -shm and -journal names fit: the template left room for them */
	len = strlen(tmp_names[0]);
	memcpy(tmp_names[1], tmp_names[0], len);
	memcpy(tmp_names[1] + len, "-wal", 5);
	memcpy(tmp_names[2], tmp_names[0], len);
	memcpy(tmp_names[2] + len, "-shm", 5);
	/* the rollback journal of the copy of out, before the file is a WAL store */
	memcpy(tmp_names[3], tmp_names[0], len);
	memcpy(tmp_names[3] + len, "-journal", 9);
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, out_exists ? (osb->st_mode & 07777) : (0666 & ~mask)) < 0) {
		int e = errno;
		close(fd);
		return scan_error_errno(e, "merge: cannot set the mode of '%s'", tmp_names[0]);
	}
	close(fd);
	return 0;
}

/* the output's contents first, when it exists: a copy of its pages */
static int copy_out(const char *out, const char *tmp, unsigned int wait_s)
{
	struct input_info in;
	sqlite3 *from = NULL, *to = NULL;
	int rc, xrc;

	xrc = open_input(out, wait_s, 0, &from, &in);
	if (xrc)
		return xrc;
	rc = sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = backup(to, "main", from);
	if (rc != SQLITE_OK) {
		xrc = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ?
			input_failed(out, from, rc, wait_s) : EXIT_STORE;
		if (xrc == EXIT_STORE)
			scan_error("merge: cannot copy '%s' to '%s': %s", out, tmp,
				   to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
	}
	sqlite3_close(to);
	sqlite3_close(from);
	return xrc;
}

static int summary(struct merge *m)
{
	long hosts = changes_of(m->db, "SELECT count(*) FROM hosts");
	long scans = changes_of(m->db, "SELECT count(*) FROM scans");

	if (hosts < 0 || scans < 0)
		return -1;
	if (!m->o->quiet)
		printf("premig: merge: %s: %ld hosts, %ld scans; from %d inputs %ld hosts and"
		       " %ld scans added, %ld unfinished scans completed, %ld results reassessed\n",
		       m->o->out, hosts, scans, m->o->ninputs, m->hosts_added, m->scans_added,
		       m->scans_replaced, m->results_replaced);
	return 0;
}

int merge_run(const struct merge_opts *o)
{
	struct merge m = { .o = o };
	struct stat osb;
	struct sigaction sa, old[3];
	static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };
	char *wal = NULL;
	int xrc, out_exists;

	/* every input is checked before anything is written */
	out_exists = stat(o->out, &osb) == 0;
	for (int i = -1; i < o->ninputs; i++) {
		struct input_info in;
		sqlite3 *db;
		if (i < 0 && !out_exists)
			continue;
		xrc = open_input(i < 0 ? o->out : o->inputs[i], o->wait_s, 1, &db, &in);
		if (xrc)
			return xrc;
		sqlite3_close(db);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	for (int i = 0; i < 3; i++) {
		sigaction(sigs[i], NULL, &old[i]);
		/* a signal ignored by whoever started us (nohup, &) stays ignored */
		if (old[i].sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
	xrc = EXIT_STORE;
	if (make_tmp(o->out, out_exists, &osb) < 0)
		goto out;
	if (out_exists && (xrc = copy_out(o->out, tmp_names[0], o->wait_s)) != 0)
		goto out;
	xrc = EXIT_STORE;
	if (db_open(tmp_names[0], DB_WRITE, &m.db) < 0)
		goto out;
	/*
	 * The temporary file is thrown away unless the whole merge went in, so
	 * it needs no journal and no sync while it is built (a WAL as large as
	 * the inputs, written twice); it is synced, and a WAL store again,
	 * before the rename.
	 */
	if (exec_sql(m.db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
		     " PRAGMA cache_size = -65536") < 0)
		goto out;
	if (mtables_load(&m) < 0)
		goto out;
	for (int i = 0; i < o->ninputs; i++) {
		int rc;
		xrc = attach_input(&m, o->inputs[i]);
		if (xrc)
			goto out;
		xrc = EXIT_STORE;
		if (db_begin(m.db) < 0)
			goto out;
		rc = merge_one(&m, o->inputs[i]);
		if (rc == 0 && db_commit(m.db) < 0)
			rc = -1;
		if (rc < 0) {
			db_rollback(m.db);
			scan_error("merge: '%s' could not be merged; nothing was changed", o->inputs[i]);
			goto out;
		}
		if (exec_sql(m.db, "DETACH src") < 0)
			goto out;
	}
	if (db_begin(m.db) < 0)
		goto out;
	if (settle_hosts(&m) < 0 || db_commit(m.db) < 0) {
		db_rollback(m.db);
		goto out;
	}
	if (deps_refresh(m.db) < 0 || summary(&m) < 0 ||
	    exec_sql(m.db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL") < 0)
		goto out;
	if (sqlite3_close(m.db) != SQLITE_OK) {
		scan_error("merge: cannot close '%s': %s", tmp_names[0], sqlite3_errmsg(m.db));
		goto out;
	}
	m.db = NULL;
	if (sync_path(tmp_names[0], 0) < 0)
		goto out;
	/*
	 * A write-ahead log with frames beside out belongs to out as it is (a
	 * program writing it, or a crash): SQLite would replay it over the
	 * merged file, so out is left alone.
	 */
	wal = xasprintf("%s-wal", o->out);
	if (stat(wal, &osb) == 0 && osb.st_size > 0) {
		scan_error("merge: '%s' is in use or was not closed cleanly ('%s' is not empty);"
			   " it was left as it is", o->out, wal);
		goto out;
	}
	if (rename(tmp_names[0], o->out) < 0) {
		scan_error_errno(errno, "merge: cannot rename '%s' to '%s'", tmp_names[0], o->out);
		goto out;
	}
	tmp_names[0][0] = 0;
	{
		char *slash = strrchr(o->out, '/');
		char *dir = slash ? xstrndup(o->out, slash == o->out ? 1 : (size_t)(slash - o->out)) :
			xstrdup(".");
		sync_path(dir, 1);
		free(dir);
	}
	xrc = EXIT_OK;
out:
	if (m.db)
		sqlite3_close(m.db);
	mtables_free(&m);
	remove_tmp();
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	free(wal);
	return xrc;
}
