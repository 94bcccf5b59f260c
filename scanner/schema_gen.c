/*
 * schema_gen.c - a build tool, not part of premig: the schema's snapshot
 *
 *   schema_gen >BUILD/scanner/schema_snap.c
 *
 * Replays every step of schema.c into an in-memory database and writes
 * what they made, sqlite_schema's statements in rowid order (the order
 * they were made in), as C: schema_snapshot, for db.c to make a new
 * store with, and schema_snapshot_version, the version it stands for.
 * Made at build time from the steps themselves, it cannot fall behind
 * them; tests/cases/schema.sh checks that a store made from it equals
 * one migrated step by step.  The steps must leave every table empty in
 * a new store (only the schema is copied): a step that seeds rows fails
 * the build here.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "schema.h"

static int fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "schema_gen: %s: %s\n", what, sqlite3_errmsg(db));
	return 1;
}

/* text as a C string literal, one line per statement */
static void literal(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if (*s == '\n')
			fputs("\\n\"\n\t\"", stdout);
		else if ((unsigned char)*s < 0x20)
			printf("\\%03o", (unsigned char)*s);
		else
			putchar(*s);
	}
	fputs(";\\n\"\n", stdout);
}

#define PAGE 4096

/* FILE made from the snapshot's text, its pages as C */
static int image(const char *path, const char *snapshot)
{
	sqlite3 *db = NULL;
	char pragma[64];
	unsigned char page[PAGE];
	FILE *f;
	size_t n, pages = 0;

	unlink(path);
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %zu", schema_nsteps);
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA page_size = 4096; PRAGMA journal_mode = OFF; BEGIN", NULL, NULL,
			 NULL) != SQLITE_OK ||
	    sqlite3_exec(db, snapshot, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, pragma, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "COMMIT; PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, "cannot make the store's image");
	if (sqlite3_close(db) != SQLITE_OK)
		return fail(db, "cannot make the store's image");
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	printf("\nconst unsigned char schema_image[] = {\n");
	while ((n = fread(page, 1, PAGE, f)) == PAGE) {
		size_t len = PAGE;
		while (len && !page[len - 1])
			len--;
		printf("\t/* page %zu: %zu bytes */\n\t%zu, %zu,", ++pages, len, len >> 8, len & 0xff);
		for (size_t i = 0; i < len; i++)
			printf("%s%u,", i % 16 ? " " : "\n\t", page[i]);
		printf("\n");
	}
	printf("};\n\nconst size_t schema_image_pages = %zu;\n"
	       "const size_t schema_image_size = sizeof(schema_image);\n", pages);
	if (n || ferror(f) || !pages) {
		fprintf(stderr, "schema_gen: %s: not a whole number of %d-byte pages\n", path, PAGE);
		return 1;
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return fail(db, "cannot open a database in memory");
	for (size_t i = 0; i < schema_nsteps; i++)
		if (sqlite3_exec(db, schema_steps[i], NULL, NULL, NULL) != SQLITE_OK) {
			fprintf(stderr, "schema_gen: step %zu: %s\n", i + 1, sqlite3_errmsg(db));
			return 1;
		}
	/* no step may leave a row in a new store */
	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table'"
			       " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'", -1, &st, NULL) != SQLITE_OK)
		return fail(db, "cannot list the tables");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char sql[512];
		sqlite3_stmt *c = NULL;

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", sqlite3_column_text(st, 0));
		if (sqlite3_prepare_v2(db, sql, -1, &c, NULL) != SQLITE_OK || sqlite3_step(c) != SQLITE_ROW)
			return fail(db, "cannot count a table's rows");
		if (sqlite3_column_int64(c, 0) != 0) {
			fprintf(stderr, "schema_gen: the steps leave rows in table '%s'\n",
				sqlite3_column_text(st, 0));
			return 1;
		}
		sqlite3_finalize(c);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(db, "cannot list the tables");
	/* autoindexes (sql NULL) come with their tables */
	if (sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL"
			       " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
			       -1, &st, NULL) != SQLITE_OK)
		return fail(db, "cannot read the schema");
	printf("/* made by scanner/schema_gen.c from scanner/schema.c: do not edit */\n"
	       "#include \"schema.h\"\n\n"
	       "const size_t schema_snapshot_version = %zu;\n\n"
	       "const char schema_snapshot[] =\n", schema_nsteps);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *sql = (const char *)sqlite3_column_text(st, 0);
		size_t k = strlen(sql);
		char *more = realloc(text, len + k + 3);
		if (!more)
			return fail(db, "out of memory");
		text = more;
		memcpy(text + len, sql, k);
		memcpy(text + len + k, ";\n", 3);
		len += k + 2;
		putchar('\t');
		literal(sql);
	}
	printf("\t\"\";\n");
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE || !text)
		return fail(db, "cannot read the schema");
	sqlite3_close(db);
	if (argc > 1 && image(argv[1], text) != 0)
		return 1;
	free(text);
	return fflush(stdout) || ferror(stdout) ? 1 : 0;
}
