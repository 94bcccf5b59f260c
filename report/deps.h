/*
 * deps.h - dependencies and application groups from the store's flows,
 * sockets and NIC addresses (premig deps)
 */
#ifndef PREMIG_DEPS_H
#define PREMIG_DEPS_H

#include <stdio.h>
#include <sqlite3.h>

struct deps_opts {
	const char *format;	/* table, json, csv, dot */
	int all;		/* infrastructure dependencies too */
	const char *explain;	/* a host key or address: why it is in its group */
};

/* writes the dependencies and groups; 0, or <0 after printing why */
int deps_write(sqlite3 *db, FILE *out, const struct deps_opts *o);

#endif
