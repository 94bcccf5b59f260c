/*
 * depsout.c - the stored dependency analysis as premig deps prints it
 * (table, json, csv, dot, --explain) and as the JSON report carries it
 * (each host's dependencies in and out and its listeners; the groups)
 *
 * Everything here reads the tables report/deps.c stores; one converter
 * makes a dependency's JSON for both premig deps and the report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "deps.h"
#include "jsonutil.h"
#include "report.h"
#include "../scanner/banned.h"

/* the columns dep_json reads, in its order */
#define DEP_COLS \
	"client_ip, server_ip, port, protocol, service, method, confidence, connections," \
	" packets, bytes, first_ns / 1000000000, last_ns / 1000000000, infrastructure," \
	" infra_reason, source, client_host, server_host, client_name, server_name," \
	" client_process, client_pid, client_exe, server_process, server_pid, server_exe," \
	" group_id, id"

static const char *const dep_keys[] = {
	"client_ip", "server_ip", "port", "protocol", "service", "method", "confidence",
	"connections", "packets", "bytes", "first_seen", "last_seen", "infrastructure",
	"infrastructure_reason", "source", "client_host", "server_host", "client_name",
	"server_name",
};

static json_t *proc_json(sqlite3_stmt *st, int i)
{
	json_t *o;

	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return json_null();
	o = json_object();
	json_object_set_new(o, "name", col_json(st, i, NULL));
	json_object_set_new(o, "pid", col_json(st, i + 1, NULL));
	json_object_set_new(o, "exe", col_json(st, i + 2, NULL));
	return o;
}

static json_t *dep_json(sqlite3_stmt *st)
{
	json_t *o = json_object();

	for (int i = 0; i < (int)(sizeof(dep_keys) / sizeof(dep_keys[0])); i++)
		json_object_set_new(o, dep_keys[i], i == 12 ? json_boolean(sqlite3_column_int(st, i))
							   : col_json(st, i, NULL));
	json_object_set_new(o, "client_process", proc_json(st, 19));
	json_object_set_new(o, "server_process", proc_json(st, 22));
	json_object_set_new(o, "group", col_json(st, 25, NULL));
	return o;
}

/* a side as people read it: the hostname, else a DNS name, else the address */
static const char *side_name(sqlite3_stmt *st, int name_col, int ip_col)
{
	const char *n = db_col_text(st, name_col);

	return n ? n : db_col_text(st, ip_col);
}

static void why_text(sqlite3_stmt *st, struct buf *b)
{
	const char *method = db_col_text(st, 5);
	long long conns = sqlite3_column_int64(st, 7);

	buf_addf(b, "%s", side_name(st, 17, 0));
	if (db_col_text(st, 19))
		buf_addf(b, " (%s)", db_col_text(st, 19));
	buf_addf(b, " -> %s:%d/%s", side_name(st, 18, 1), sqlite3_column_int(st, 2),
		 db_col_text(st, 4) ? db_col_text(st, 4) : db_col_text(st, 3));
	if (db_col_text(st, 22))
		buf_addf(b, " (%s)", db_col_text(st, 22));
	/* the names alone would make an IPv4 edge and its IPv6 twin read alike */
	if (strchr(db_col_text(st, 1), ':'))
		buf_adds(b, " over IPv6");
	buf_addf(b, ", %lld connection%s, %s", conns, conns == 1 ? "" : "s",
		 !strcmp(method, "handshake") ? "handshake seen" :
		 !strcmp(method, "listener") ? "a listener in a socket table" :
		 !strcmp(method, "port-heuristic") ? "guessed from the ports" : "direction unknown");
}

/* the groups: members (host key, address, name) and the edges that tie them */
json_t *deps_groups_json(sqlite3 *db, int *err)
{
	json_t *groups = json_array();
	sqlite3_stmt *g = db_prepare(db, "SELECT id FROM application_groups ORDER BY id");
	sqlite3_stmt *m = db_prepare(db,
		"SELECT m.host_key, m.ip, coalesce("
		" (SELECT client_name FROM dependencies d WHERE d.group_id = m.group_id AND"
		"  coalesce(d.client_host, d.client_ip) = m.member AND client_name IS NOT NULL),"
		" (SELECT server_name FROM dependencies d WHERE d.group_id = m.group_id AND"
		"  coalesce(d.server_host, d.server_ip) = m.member AND server_name IS NOT NULL))"
		" FROM group_members m WHERE m.group_id = ? ORDER BY m.member");
	sqlite3_stmt *e = db_prepare(db, "SELECT " DEP_COLS " FROM dependencies WHERE group_id = ? ORDER BY id");

	if (!g || !m || !e) {
		*err = 1;
		goto out;
	}
	while (sqlite3_step(g) == SQLITE_ROW) {
		json_t *gr = json_object(), *members = json_array(), *edges = json_array();
		sqlite3_int64 id = sqlite3_column_int64(g, 0);

		sqlite3_reset(m);
		sqlite3_bind_int64(m, 1, id);
		while (sqlite3_step(m) == SQLITE_ROW) {
			json_t *o = json_object();
			json_object_set_new(o, "host", col_json(m, 0, NULL));
			json_object_set_new(o, "ip", col_json(m, 1, NULL));
			json_object_set_new(o, "name", col_json(m, 2, NULL));
			json_array_append_new(members, o);
		}
		sqlite3_reset(e);
		sqlite3_bind_int64(e, 1, id);
		while (sqlite3_step(e) == SQLITE_ROW) {
			struct buf b = BUF_INIT;
			json_t *o = dep_json(e);
			why_text(e, &b);
			json_object_set_new(o, "why", json_string(b.data));
			buf_release(&b);
			json_array_append_new(edges, o);
		}
		json_object_set_new(gr, "id", json_integer(id));
		json_object_set_new(gr, "members", members);
		json_object_set_new(gr, "edges", edges);
		json_array_append_new(groups, gr);
	}
out:
	sqlite3_finalize(g);
	sqlite3_finalize(m);
	sqlite3_finalize(e);
	return groups;
}

static json_t *dep_list(sqlite3 *db, const char *sql, const char *key, int *err)
{
	json_t *a = json_array();
	sqlite3_stmt *st = stmt_cached(db, sql);

	if (!st) {
		*err = 1;
		return a;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(a, dep_json(st));
	stmt_done(st);
	return a;
}

/*
 * A host's dependencies in the report: inbound (it is the server),
 * outbound (the client), both with infrastructure marked (null, with the
 * reason, when the store holds no flow and no socket table), and the
 * listeners of its scan's socket table (null, with the reason, when the
 * connections collector did not read them).
 */
json_t *deps_host_json(sqlite3 *db, sqlite3_int64 scan, const char *host_key, int *err)
{
	json_t *o = json_object();
	sqlite3_stmt *st;

	st = stmt_cached(db, "SELECT EXISTS (SELECT 1 FROM flows) OR EXISTS (SELECT 1 FROM collector_runs"
			" WHERE collector = 'connections' AND status = 'ok')");
	if (!st || sqlite3_step(st) != SQLITE_ROW) {
		stmt_done(st);
		*err = 1;
		return o;
	}
	if (sqlite3_column_int(st, 0)) {
		json_object_set_new(o, "inbound", dep_list(db,
			"SELECT " DEP_COLS " FROM dependencies WHERE server_host = ? ORDER BY id", host_key, err));
		json_object_set_new(o, "outbound", dep_list(db,
			"SELECT " DEP_COLS " FROM dependencies WHERE client_host = ? ORDER BY id", host_key, err));
		json_object_set_new(o, "reason", json_null());
	} else {
		/* nothing observed is not "no dependencies" */
		json_object_set_new(o, "inbound", json_null());
		json_object_set_new(o, "outbound", json_null());
		json_object_set_new(o, "reason", json_string("no capture, flow log or socket table was read"
			" (premig scan --pcap, --flows, --capture, or a live scan with the connections collector)"));
	}
	stmt_done(st);
	st = prep_scan(db, "SELECT status, reason FROM collector_runs WHERE scan_id = ?"
		       " AND collector = 'connections'", scan);
	if (!st) {
		*err = 1;
		return o;
	}
	if (sqlite3_step(st) == SQLITE_ROW && db_col_text(st, 0) && !strcmp(db_col_text(st, 0), "ok")) {
		json_object_set_new(o, "listeners", rows(db,
			"SELECT proto AS protocol, local_ip AS address, local_port AS port, pid,"
			" process, exe, process_reason FROM sockets WHERE scan_id = ? AND kind = 'listener'"
			" ORDER BY proto, local_port, local_ip", scan, NULL, err));
		json_object_set_new(o, "listeners_reason", json_null());
	} else {
		const char *status = sqlite3_column_type(st, 0) == SQLITE_NULL ? NULL : db_col_text(st, 0);
		json_object_set_new(o, "listeners", json_null());
		json_object_set_new(o, "listeners_reason", status ?
			json_sprintf("the connections collector did not run ok: %s%s%s", status,
				     db_col_text(st, 1) ? ": " : "",
				     db_col_text(st, 1) ? db_col_text(st, 1) : "") :
			json_string("the connections collector did not run in this scan"));
	}
	stmt_done(st);
	return o;
}

/* a CSV field (report/csv.c: RFC 4180, formulas neutralised) and its separator */
static void csv(FILE *out, const char *s, int last)
{
	csv_field(out, s ? s : "");
	fputs(last ? "\n" : ",", out);
}

/* dot: a quoted ID (Graphviz's lexical rules: a quote is escaped) */
static void dot_id(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

int deps_write(sqlite3 *db, FILE *out, const struct deps_opts *o)
{
	/* ?1: --host (a host key, a hostname or an address), ?2: --all */
	sqlite3_stmt *st = db_prepare(db,
		"SELECT " DEP_COLS " FROM dependencies WHERE (?2 OR NOT infrastructure) AND (?1 IS NULL"
		" OR ?1 IN (client_host, server_host, client_ip, server_ip, client_name, server_name))"
		" ORDER BY id");
	const char *host = o->explain ? o->explain : o->host;
	int any = 0, rc;

	if (!st)
		return -1;
	if (host)
		sqlite3_bind_text(st, 1, host, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, o->all || o->explain);
	if (o->explain) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct buf b = BUF_INIT;
			why_text(st, &b);
			if (sqlite3_column_type(st, 25) != SQLITE_NULL)
				fprintf(out, "%s joins group %d because %s\n", host, sqlite3_column_int(st, 25),
					b.data);
			else
				fprintf(out, "%s: %s (in no group: %s)\n", host, b.data,
					db_col_text(st, 13) ? db_col_text(st, 13) : "the direction is unknown");
			buf_release(&b);
			any = 1;
		}
		if (!any && rc == SQLITE_DONE)
			fprintf(out, "%s: no dependency in this store names it\n", host);
	} else if (!strcmp(o->format, "json")) {
		json_t *root = json_object(), *deps = json_array(), *groups;
		int err = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			json_array_append_new(deps, dep_json(st));
		groups = deps_groups_json(db, &err);
		if (host) {
			/* only the groups the host's dependencies are in */
			size_t i = 0;
			while (i < json_array_size(groups)) {
				json_t *id = json_object_get(json_array_get(groups, i), "id");
				int mine = 0;
				for (size_t k = 0; k < json_array_size(deps) && !mine; k++)
					mine = json_equal(json_object_get(json_array_get(deps, k), "group"), id);
				if (mine)
					i++;
				else
					json_array_remove(groups, i);
			}
		}
		json_object_set_new(root, "dependencies", deps);
		json_object_set_new(root, "application_groups", groups);
		json_dumpf(root, out, JSON_INDENT(2));
		fputc('\n', out);
		json_decref(root);
		if (err)
			rc = SQLITE_ERROR;
	} else if (!strcmp(o->format, "csv")) {
		fprintf(out, "client_ip,server_ip,port,protocol,service,method,confidence,connections,"
			"packets,bytes,infrastructure,source,client_host,server_host,client_name,"
			"server_name,client_process,server_process,group\n");
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			csv(out, db_col_text(st, 0), 0);
			csv(out, db_col_text(st, 1), 0);
			fprintf(out, "%d,", sqlite3_column_int(st, 2));
			csv(out, db_col_text(st, 3), 0);
			csv(out, db_col_text(st, 4), 0);
			fprintf(out, "%s,%s,%lld,", db_col_text(st, 5), db_col_text(st, 6),
				(long long)sqlite3_column_int64(st, 7));
			for (int i = 8; i <= 9; i++)
				if (sqlite3_column_type(st, i) == SQLITE_NULL)
					fputc(',', out);
				else
					fprintf(out, "%lld,", (long long)sqlite3_column_int64(st, i));
			fprintf(out, "%s,", sqlite3_column_int(st, 12) ? "true" : "false");
			for (int i = 14; i <= 18; i++)
				csv(out, db_col_text(st, i), 0);
			csv(out, db_col_text(st, 19), 0);
			csv(out, db_col_text(st, 22), 0);
			if (sqlite3_column_type(st, 25) != SQLITE_NULL)
				fprintf(out, "%d", sqlite3_column_int(st, 25));
			fputc('\n', out);
		}
	} else if (!strcmp(o->format, "dot")) {
		fprintf(out, "digraph dependencies {\n\trankdir=LR;\n");
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			char label[96];
			fputc('\t', out);
			dot_id(out, side_name(st, 17, 0));
			fputs(" -> ", out);
			dot_id(out, side_name(st, 18, 1));
			snprintf(label, sizeof(label), "%d/%s", sqlite3_column_int(st, 2),
				 db_col_text(st, 4) ? db_col_text(st, 4) : db_col_text(st, 3));
			fputs(" [label=", out);
			dot_id(out, label);
			fprintf(out, "%s];\n", sqlite3_column_int(st, 12) ? ", style=dashed" :
				!strcmp(db_col_text(st, 5), "unknown") ? ", style=dotted" : "");
		}
		fprintf(out, "}\n");
	} else {
		fprintf(out, "%-24s %-24s %6s %-5s %-14s %-14s %8s %s\n", "CLIENT", "SERVER", "PORT",
			"PROTO", "SERVICE", "METHOD", "CONNS", "GROUP");
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			char grp[24];
			snprintf(grp, sizeof(grp), "%d", sqlite3_column_int(st, 25));
			fprintf(out, "%-24s %-24s %6d %-5s %-14s %-14s %8lld %s\n",
				side_name(st, 17, 0), side_name(st, 18, 1), sqlite3_column_int(st, 2),
				db_col_text(st, 3), db_col_text(st, 4) ? db_col_text(st, 4) : "-",
				db_col_text(st, 5), (long long)sqlite3_column_int64(st, 7),
				sqlite3_column_int(st, 12) ? "infra" :
				sqlite3_column_type(st, 25) != SQLITE_NULL ? grp : "-");
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return scan_error("deps: cannot read the stored analysis: %s", sqlite3_errmsg(db));
	return 0;
}
