/*
 * db.h - the SQLite store: opening, schema migrations, prepared inserts
 *
 * The schema is versioned with PRAGMA user_version; scanner/schema.c holds
 * the migrations, one step per version, applied in order inside one
 * transaction each.  The store runs in WAL mode with a busy timeout so that
 * two scans writing one file at once both land.
 */
#ifndef PREMIG_DB_H
#define PREMIG_DB_H

#include <stdint.h>
#include <sqlite3.h>

enum db_mode {
	DB_READ,	/* the file must exist; never written: an older schema is
			   read through a migrated copy in memory */
	DB_WRITE,	/* created if missing, migrated to the current schema */
};

/*
 * Opens (and for DB_WRITE creates and migrates) the store at path.  Prints
 * the reason on failure and returns <0; *out is NULL then.
 */
int db_open(const char *path, enum db_mode mode, sqlite3 **out);

/* configures SQLite before its first use (main calls it first thing) */
void db_init(void);

/*
 * Closes a store (NULL is fine) and returns sqlite3_close's code.  A store
 * opened DB_READ leaves its write-ahead log and shared-memory index
 * (PATH-wal, PATH-shm: https://sqlite.org/wal.html) beside the file, since
 * a read-only connection cannot remove them; when the file is writable they
 * are removed by a moment's read-write open and close, which SQLite does
 * only when no other program has the store open.  The content is unchanged.
 */
int db_close(sqlite3 *db);

/*
 * Brings an open store of an older schema to the current one, all steps in
 * one transaction (premig merge migrates its in-memory copy of an input
 * this way); path names it in messages.  0, or <0 after printing why.
 */
int db_migrate(sqlite3 *db, const char *path);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK; print and return <0 on failure */
int db_begin(sqlite3 *db);
int db_commit(sqlite3 *db);
void db_rollback(sqlite3 *db);

/* prepares sql; prints the SQLite message and returns NULL on failure */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql);
/* steps a statement that returns no rows, then finalizes it */
int db_step_done(sqlite3 *db, sqlite3_stmt *st);

/* a current UTC time as "2026-11-22T06:30:00Z" */
void db_now(char out[32]);

/*
 * A new scan's uid (scans.uid): 128 random bits as 32 hex digits, what
 * premig merge knows a scan by in any store
 */
void db_uid(char out[33]);

/* the column text as a borrowed string, or NULL for SQL NULL */
const char *db_col_text(sqlite3_stmt *st, int i);

/*
 * A row to insert into one table.  Column names are compile-time constants
 * of the caller; values are always bound, never formatted into SQL.  A NULL
 * text value binds SQL NULL, which is how an unknown fact is stored.
 */
#define DBROW_MAX 48
struct dbrow {
	const char *table;
	int n;
	const char *names[DBROW_MAX];
	int types[DBROW_MAX];
	int64_t ints[DBROW_MAX];
	char *texts[DBROW_MAX];
};

void dbrow_init(struct dbrow *r, const char *table);
void dbrow_text(struct dbrow *r, const char *col, const char *val);
void dbrow_int(struct dbrow *r, const char *col, int64_t val);
void dbrow_null(struct dbrow *r, const char *col);
/* an int, or NULL when known is 0 */
void dbrow_int_if(struct dbrow *r, const char *col, int known, int64_t val);
/* inserts the row (adding scan_id when scan_id > 0) and releases r */
int dbrow_insert(sqlite3 *db, int64_t scan_id, struct dbrow *r);
void dbrow_release(struct dbrow *r);

/* the schema version this build writes */
int db_schema_version(void);

#endif
