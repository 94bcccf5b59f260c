/*
 * deps.h - the dependency analysis (report/deps.c) and its output
 * (report/depsout.c): dependencies and application groups from the
 * store's flows, sockets and NIC addresses
 */
#ifndef PREMIG_DEPS_H
#define PREMIG_DEPS_H

#include <stdio.h>
#include <jansson.h>
#include <sqlite3.h>

struct deps_opts {
	const char *format;	/* table, json, csv, dot */
	int all;		/* infrastructure dependencies too */
	const char *host;	/* only the dependencies of this host key, hostname or address */
	const char *explain;	/* a host key, hostname or address: why it is in its group */
};

/*
 * Brings the stored analysis up to date with the store's inputs (a no-op
 * when they have not changed since); a read-only store gets it in
 * temporary tables.  0, or <0 after printing why.
 */
int deps_refresh(sqlite3 *db);

/* replaces the stored infrastructure rules with those of an --infra file */
int deps_set_infra(sqlite3 *db, const char *path);

/* the IANA service name of a port premig knows, or NULL */
const char *deps_service_name(int port);

/* prints the stored dependencies and groups; 0, or <0 after printing why */
int deps_write(sqlite3 *db, FILE *out, const struct deps_opts *o);

/* the report's: a host's {inbound, outbound, listeners}, and the groups */
json_t *deps_host_json(sqlite3 *db, sqlite3_int64 scan, const char *host_key, int *err);
json_t *deps_groups_json(sqlite3 *db, int *err);

#endif
