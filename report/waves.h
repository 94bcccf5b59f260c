/*
 * waves.h - the fleet as the exporters see it (servers with the facts the
 * import files carry, applications, the dependencies between them) and the
 * wave plan (waves.c); written out by export_hub.c, export_mgn.c and
 * printed by plan.c
 *
 * Ownership: everything in a struct fleet is its own, freed by
 * fleet_release; indexes tie servers, applications and waves together.
 */
#ifndef PREMIG_WAVES_H
#define PREMIG_WAVES_H

#include <stdio.h>
#include <sqlite3.h>

#include "appmap.h"

#define WAVE_SIZE_DEFAULT 50
#define WAVE_SIZE_MAX 200	/* MGN: at most 200 source servers in one job (aws-spec 5.7, 8.2) */
#define SERVER_TAGS_MAX 30	/* Migration Hub: 30 tags per server (aws-spec 1.1) */

/* readiness, from the MGN verdict: the order of the waves */
enum fleet_rank {
	RANK_READY, RANK_CONDITIONS, RANK_UNKNOWN, RANK_UNASSESSED, RANK_NOT_READY,
};

struct fleet_tag {
	char *key, *value;
};

struct fleet_server {
	char *key;			/* the stable host key: ExternalId, user-provided-id */
	char *hostname, *fqdn, *os_name, *os_version, *smbios;	/* NULL: unknown */
	long long sockets, cores, threads, ram_mib;	/* -1: unknown */
	long long scan;
	char **ips, **macs;
	size_t nips, nmacs;
	char **blockers;		/* the MGN blocker rules that failed */
	size_t nblockers;
	struct fleet_tag *tags;		/* at most SERVER_TAGS_MAX */
	size_t ntags;
	int rank;
	size_t app;
};

struct fleet_app {
	char *name;
	char *origin;			/* why these servers: the mapping file, a group ... */
	size_t *servers, n;
	int rank;			/* the least ready of its servers */
	size_t wave;
};

/* applications a < b that depend on each other: deps dependencies, the first as why */
struct fleet_link {
	size_t a, b, deps;
	char *why;
};

struct fleet_wave {
	char *name;
	size_t *apps, napps, servers;
	int remediate, rank;
};

struct fleet {
	struct fleet_server *s;
	struct fleet_app *a;
	struct fleet_link *l;
	struct fleet_wave *w;
	size_t ns, na, nl, nw;
	unsigned int wave_size;
	char **left_out;		/* host keys of stores of captures alone */
	size_t nleft_out;
	size_t changed_values;		/* values that had a comma or control character replaced */
};

#define FLEET_INIT { 0 }

/*
 * Reads the servers (each host's current scan: the latest finished one),
 * their verdicts, the dependency analysis (brought up to date) and map
 * (NULL: none) into f, then plans waves of at most wave_size servers.
 * 0, or <0 after printing (the store could not be read).
 */
int fleet_load(sqlite3 *db, const struct appmap *map, unsigned int wave_size, struct fleet *f);

void fleet_release(struct fleet *f);

const char *fleet_rank_name(int rank);

/*
 * A value for an import file: a malloc'd copy of s with each comma
 * replaced by ';' (the importers split on commas, aws-spec 1.1) and each
 * control character by a space, with a warning naming the host and
 * column when anything changed; NULL for NULL.
 */
char *fleet_value(struct fleet *f, const char *host, const char *column, const char *s);

/* prints the plan and why (premig plan); 0, or <0 on a write error */
int fleet_print_plan(const struct fleet *f, FILE *out);

#endif
