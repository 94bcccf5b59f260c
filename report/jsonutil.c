/*
 * jsonutil.c - building JSON values from store rows, for the report writers
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/jsontext.h"
#include "jsonutil.h"
#include "../scanner/banned.h"

/* the value of column i as JSON; names in bools become true/false */
json_t *col_json(sqlite3_stmt *st, int i, const char *const *bools)
{
	const char *name = sqlite3_column_name(st, i);

	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		for (; bools && *bools; bools++)
			if (!strcmp(*bools, name))
				return json_boolean(sqlite3_column_int64(st, i));
		return json_integer(sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(st, i));
	case SQLITE_NULL:
		return json_null();
	default:
		return json_text((const char *)sqlite3_column_text(st, i),
				 (size_t)sqlite3_column_bytes(st, i));
	}
}

/* column i, which holds JSON text, as a value; null for NULL */
json_t *col_parsed(sqlite3_stmt *st, int i)
{
	const char *s = db_col_text(st, i);
	json_t *v;

	if (!s)
		return json_null();
	v = json_loads(s, JSON_DECODE_ANY, NULL);
	/* written by premig itself; should it not parse, keep the text */
	return v ? v : json_text(s, strlen(s));
}

/* values that repeat across hosts, kept for one report: key -> value */
static json_t *memo;

json_t *report_memo(void)
{
	if (!memo)
		memo = json_object();
	return memo;
}

/* sets every column of the current row on obj, keyed by its name */
void row_into(json_t *obj, sqlite3_stmt *st, const char *const *bools)
{
	for (int i = 0; i < sqlite3_column_count(st); i++)
		json_object_set_new(obj, sqlite3_column_name(st, i), col_json(st, i, bools));
}

/*
 * The statement cache: a report asks the same few dozen queries of every
 * host, and preparing one costs more than running it (a fleet report spent
 * most of its time in SQLite's parser).  Each SQL text is prepared once per
 * database, then reset and rebound; stmt_cache_release finalizes them all.
 * Open addressing on the text's hash.
 */
#define STMT_CACHE_SLOTS 256	/* a power of two; far more than the report's queries */

static struct {
	sqlite3 *db;
	size_t used;
	struct {
		char *sql;		/* a copy: the key */
		uint64_t hash;
		sqlite3_stmt *st;
	} slot[STMT_CACHE_SLOTS];
} cache;

static uint64_t sql_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

void stmt_cache_release(void)
{
	for (size_t i = 0; i < STMT_CACHE_SLOTS; i++) {
		sqlite3_finalize(cache.slot[i].st);
		free(cache.slot[i].sql);
		cache.slot[i].st = NULL;
		cache.slot[i].sql = NULL;
	}
	cache.db = NULL;
	cache.used = 0;
	json_decref(memo);
	memo = NULL;
}

sqlite3_stmt *stmt_cached(sqlite3 *db, const char *sql)
{
	uint64_t h = sql_hash(sql);
	size_t i = (size_t)h & (STMT_CACHE_SLOTS - 1);
	sqlite3_stmt *st = NULL;

	if (cache.db != db)
		stmt_cache_release();
	cache.db = db;
	for (; cache.slot[i].st; i = (i + 1) & (STMT_CACHE_SLOTS - 1)) {
		if (cache.slot[i].hash == h &&
		    !strcmp(cache.slot[i].sql, sql)) {
			sqlite3_reset(cache.slot[i].st);
			sqlite3_clear_bindings(cache.slot[i].st);
			return cache.slot[i].st;
		}
	}
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		scan_error("store: cannot prepare statement: %s", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return NULL;
	}
	/* full (never in a report): the statement is the caller's to finalize */
	if (cache.used + 1 >= STMT_CACHE_SLOTS / 2)
		return st;
	cache.slot[i].sql = xstrdup(sql);
	cache.slot[i].hash = h;
	cache.slot[i].st = st;
	cache.used++;
	return st;
}

void stmt_done(sqlite3_stmt *st)
{
	for (size_t i = 0; st && i < STMT_CACHE_SLOTS; i++)
		if (cache.slot[i].st == st) {
			sqlite3_reset(st);
			return;
		}
	sqlite3_finalize(st);
}

sqlite3_stmt *prep_scan(sqlite3 *db, const char *sql, sqlite3_int64 scan)
{
	sqlite3_stmt *st = stmt_cached(db, sql);

	if (st)
		sqlite3_bind_int64(st, 1, scan);
	return st;
}

/*
 * An object with the columns of sql's single row for this scan, or with
 * every column null when the scan has no row (the collector did not record).
 */
json_t *one_row(sqlite3 *db, const char *sql, sqlite3_int64 scan,
		       const char *const *bools, int *err)
{
	sqlite3_stmt *st = prep_scan(db, sql, scan);
	json_t *obj = json_object();
	int rc;

	if (!st) {
		*err = 1;
		return obj;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		row_into(obj, st, bools);
	} else {
		for (int i = 0; i < sqlite3_column_count(st); i++)
			json_object_set_new(obj, sqlite3_column_name(st, i), json_null());
		if (rc != SQLITE_DONE)
			*err = 1;
	}
	stmt_done(st);
	return obj;
}

/* an array with one object per row */
json_t *rows(sqlite3 *db, const char *sql, sqlite3_int64 scan,
		    const char *const *bools, int *err)
{
	sqlite3_stmt *st = prep_scan(db, sql, scan);
	json_t *arr = json_array();
	int rc;

	if (!st) {
		*err = 1;
		return arr;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *o = json_object();
		row_into(o, st, bools);
		json_array_append_new(arr, o);
	}
	if (rc != SQLITE_DONE)
		*err = 1;
	stmt_done(st);
	return arr;
}

/* a list of the first column's values, or null when the query says unknown */
json_t *list_or_null(sqlite3 *db, const char *sql, sqlite3_int64 scan,
			    const char *known_sql, int *err)
{
	sqlite3_stmt *st = prep_scan(db, known_sql, scan);
	int known = 0;

	if (!st) {
		*err = 1;
		return json_null();
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		known = sqlite3_column_int(st, 0);
	stmt_done(st);
	if (!known)
		return json_null();
	st = prep_scan(db, sql, scan);
	if (!st) {
		*err = 1;
		return json_null();
	}
	json_t *arr = json_array();
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(arr, col_json(st, 0, NULL));
	stmt_done(st);
	return arr;
}
