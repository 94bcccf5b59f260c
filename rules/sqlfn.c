/*
 * sqlfn.c - the SQL functions rule checks may call
 *
 *   vercmp(a, b)   -1, 0 or 1: a is older than, equal to or newer than b in
 *                  the order rpm and dpkg give versions (rpmvercmp(3): runs of
 *                  digits compare as numbers, runs of letters as strings, a
 *                  number is newer than letters, '~' sorts before anything,
 *                  even the end); NULL if either is NULL.
 *   verpart(v, n)  the n-th run of digits of v, from 1, as an integer:
 *                  verpart('2.6.18-164.el5', 4) = 164; NULL if v is NULL or
 *                  has fewer runs, or the run does not fit 18 digits.
 *
 * Versions come from the scanned system (os-release, package databases), so
 * both functions take any bytes and never read past the value.
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "rules.h"
#include "../scanner/err.h"
#include "../scanner/banned.h"

static int is_alnum(unsigned char c)
{
	return isdigit(c) || isalpha(c);
}

/* compares [a, ae) with [b, be) */
static int vercmp(const char *a, const char *ae, const char *b, const char *be)
{
	while (a < ae || b < be) {
		const char *sa, *sb;
		size_t la, lb;
		int num, c;

		while (a < ae && !is_alnum((unsigned char)*a) && *a != '~')
			a++;
		while (b < be && !is_alnum((unsigned char)*b) && *b != '~')
			b++;
		if ((a < ae && *a == '~') || (b < be && *b == '~')) {
			if (!(a < ae && *a == '~'))
				return 1;
			if (!(b < be && *b == '~'))
				return -1;
			a++;
			b++;
			continue;
		}
		if (a == ae || b == be)
			break;
		sa = a;
		sb = b;
		num = isdigit((unsigned char)*a);
		if (num) {
			while (a < ae && isdigit((unsigned char)*a))
				a++;
			while (b < be && isdigit((unsigned char)*b))
				b++;
		} else {
			while (a < ae && isalpha((unsigned char)*a))
				a++;
			while (b < be && isalpha((unsigned char)*b))
				b++;
		}
		if (sb == b)
			/* segments of different kinds: a number is newer */
			return num ? 1 : -1;
		if (num) {
			while (sa < a - 1 && *sa == '0')
				sa++;
			while (sb < b - 1 && *sb == '0')
				sb++;
		}
		la = (size_t)(a - sa);
		lb = (size_t)(b - sb);
		if (num && la != lb)
			return la > lb ? 1 : -1;
		c = memcmp(sa, sb, la < lb ? la : lb);
		if (c)
			return c > 0 ? 1 : -1;
		if (la != lb)
			return la > lb ? 1 : -1;
	}
	if (a == ae && b == be)
		return 0;
	return a < ae ? 1 : -1;
}

static void fn_vercmp(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *a, *b;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return;
	a = (const char *)sqlite3_value_text(argv[0]);
	b = (const char *)sqlite3_value_text(argv[1]);
	if (!a || !b) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	sqlite3_result_int(cx, vercmp(a, a + sqlite3_value_bytes(argv[0]),
				      b, b + sqlite3_value_bytes(argv[1])));
}

static void fn_verpart(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *v, *end;
	sqlite3_int64 n;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return;
	v = (const char *)sqlite3_value_text(argv[0]);
	if (!v) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	end = v + sqlite3_value_bytes(argv[0]);
	n = sqlite3_value_int64(argv[1]);
	if (n < 1)
		return;
	while (v < end) {
		const char *s;
		sqlite3_int64 val = 0;

		while (v < end && !isdigit((unsigned char)*v))
			v++;
		if (v == end)
			return;
		s = v;
		while (v < end && isdigit((unsigned char)*v))
			v++;
		if (--n)
			continue;
		while (s < v - 1 && *s == '0')
			s++;
		if (v - s > 18)
			return;
		for (; s < v; s++)
			val = val * 10 + (*s - '0');
		sqlite3_result_int64(cx, val);
		return;
	}
}

int rules_sql_functions(sqlite3 *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;

#ifdef SQLITE_INNOCUOUS
	flags |= SQLITE_INNOCUOUS;
#endif
	if (sqlite3_create_function_v2(db, "vercmp", 2, flags, NULL, fn_vercmp, NULL, NULL, NULL) ||
	    sqlite3_create_function_v2(db, "verpart", 2, flags, NULL, fn_verpart, NULL, NULL, NULL))
		return scan_error("assess: cannot register the SQL functions: %s", sqlite3_errmsg(db));
	return 0;
}
