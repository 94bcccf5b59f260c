/*
 * deps.c - the dependency analysis: from flows and socket tables to
 * dependencies and application groups, stored in the store
 *
 * Reads the store's flows (captures and Zeek's conn.log), the scanned
 * hosts' listening and connected sockets, their NIC addresses and
 * hostnames, and the names DNS answers gave addresses, and derives who
 * depends on whom:
 *
 *  - direction, with the method that decided it: the handshake (the side
 *    that sent the SYN; the side that answered SYN-ACK is the server; Zeek's
 *    originator), else a listener that a scanned host's socket table shows
 *    on one side, else the ports (a known service port against an
 *    ephemeral one; then the side with more peers on its port), else
 *    unknown.  A guess is never called a handshake: confidence is high,
 *    medium, low or none accordingly.  A connection in a host's own socket
 *    table is oriented by that table: its local port is one the host
 *    listens on (the host serves it), or not (the host is the client);
 *  - folding: the client's port goes, a dependency is (client, server,
 *    server port, protocol) with its connections, packets, bytes and first
 *    and last seen; the service named from a built-in port table;
 *  - hosts: an address that is one scanned host's NIC address names it
 *    (an address two hosts share names neither); the process on each side
 *    comes from that host's sockets where they saw the listener or the
 *    connection; an address no host has is named by DNS answers, if any;
 *  - infrastructure: DNS, NTP, DHCP, LDAP/Kerberos, syslog, SNMP,
 *    monitoring, configuration management and backup connect everything to
 *    everything, so they are marked (by port, by process, or by address
 *    with --infra) and left out of the groups;
 *  - application groups: the connected components of the graph of the
 *    other dependencies whose direction is known, numbered in the order of
 *    the sorted dependencies.
 *
 * The results are stored (dependencies, application_groups,
 * group_members) with the key of the inputs they came from
 * (dependency_analysis), so that `premig deps` and the reports read one
 * answer and the analysis runs again only when the inputs changed.  A
 * store opened read-only gets the results in temporary tables instead.
 * Every table here is a hash table: a million flows fold in seconds.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/smap.h"
#include "../scanner/str.h"
#include "deps.h"
#include "../scanner/banned.h"

/*
 * The analysis's own version: bumped when it would give other results from
 * the same inputs, so that a stored analysis of an older premig is redone.
 */
#define DEPS_ANALYSIS_VERSION 1

#define INFRA_FILE_CAP (1u << 20)	/* bytes of an --infra file */
#define INFRA_RULES_MAX 10000		/* rules in it */

/* well-known and registered service ports (IANA's service names registry) */
static const struct { int port; const char *name; int infra; } services[] = {
	{ 20, "ftp-data", 0 }, { 21, "ftp", 0 }, { 22, "ssh", 0 }, { 23, "telnet", 0 },
	{ 25, "smtp", 0 }, { 53, "dns", 1 }, { 67, "dhcp", 1 }, { 68, "dhcp", 1 },
	{ 69, "tftp", 0 }, { 80, "http", 0 }, { 88, "kerberos", 1 }, { 110, "pop3", 0 },
	{ 111, "sunrpc", 0 }, { 123, "ntp", 1 }, { 135, "msrpc", 0 }, { 137, "netbios-ns", 1 },
	{ 139, "netbios-ssn", 0 }, { 143, "imap", 0 }, { 161, "snmp", 1 }, { 162, "snmptrap", 1 },
	{ 389, "ldap", 1 }, { 443, "https", 0 }, { 445, "microsoft-ds", 0 }, { 464, "kpasswd", 1 },
	{ 465, "smtps", 0 }, { 514, "syslog", 1 }, { 587, "submission", 0 }, { 631, "ipp", 0 },
	{ 636, "ldaps", 1 }, { 873, "rsync", 0 }, { 993, "imaps", 0 }, { 995, "pop3s", 0 },
	{ 1433, "mssql", 0 }, { 1521, "oracle", 0 }, { 2049, "nfs", 0 }, { 2181, "zookeeper", 0 },
	{ 2379, "etcd", 0 }, { 3268, "ldap-gc", 1 }, { 3269, "ldaps-gc", 1 }, { 3306, "mysql", 0 },
	{ 3389, "rdp", 0 }, { 4505, "salt", 1 }, { 4506, "salt", 1 }, { 5044, "beats", 1 },
	{ 5432, "postgresql", 0 }, { 5666, "nrpe", 1 }, { 5672, "amqp", 0 }, { 5985, "wsman", 0 },
	{ 6379, "redis", 0 }, { 6514, "syslog-tls", 1 }, { 8080, "http-alt", 0 },
	{ 8140, "puppet", 1 }, { 8443, "https-alt", 0 }, { 9042, "cassandra", 0 },
	{ 9092, "kafka", 0 }, { 9100, "node-exporter", 1 }, { 9102, "bacula-fd", 1 },
	{ 9103, "bacula-sd", 1 }, { 9200, "elasticsearch", 0 }, { 9997, "splunk-fwd", 1 },
	{ 10050, "zabbix-agent", 1 }, { 10051, "zabbix-trapper", 1 }, { 11211, "memcached", 0 },
	{ 27017, "mongodb", 0 },
};

/* processes that talk to everything: agents, resolvers, time, logs, backup */
static const char *const infra_processes[] = {
	"chronyd", "ntpd", "systemd-timesyn", "systemd-resolve", "dnsmasq", "named", "unbound",
	"sssd", "sssd_be", "winbindd", "rsyslogd", "syslog-ng", "journald", "snmpd",
	"zabbix_agentd", "zabbix_agent2", "node_exporter", "telegraf", "datadog-agent",
	"splunkd", "filebeat", "metricbeat", "nrpe", "puppet", "salt-minion", "amazon-ssm-agen",
	"dhclient", "NetworkManager", "systemd-network", "bacula-fd", "dsmc", "BESClient",
};

#define EPHEMERAL_MIN 32768	/* Linux's ip_local_port_range starts here; IANA's at 49152 */

const char *deps_service_name(int port)
{
	for (size_t i = 0; i < sizeof(services) / sizeof(services[0]); i++)
		if (services[i].port == port)
			return services[i].name;
	return NULL;
}

/* ---- what the store holds ---- */

struct endpoint_info {
	char *host;		/* host key */
	char *process, *exe;
	int pid;
};

struct infos {
	struct endpoint_info *v;
	size_t n, alloc;
	struct smap by;		/* key -> index */
};

static size_t infos_add(struct infos *t, const char *key, const char *host, const char *process,
			const char *exe, int pid)
{
	size_t i = smap_get(&t->by, key);
	struct endpoint_info *e;

	/* the first with a process wins; one without yields to one with */
	if (i != SMAP_NONE && (t->v[i].process || !process))
		return i;
	if (i == SMAP_NONE) {
		if (t->n == t->alloc) {
			t->alloc = t->alloc ? t->alloc * 2 : 64;
			t->v = xrealloc(t->v, t->alloc * sizeof(*t->v));
		}
		i = t->n++;
		smap_put(&t->by, key, i);
	} else {
		free(t->v[i].host);
		free(t->v[i].process);
		free(t->v[i].exe);
	}
	e = &t->v[i];
	e->host = host ? xstrdup(host) : NULL;
	e->process = process ? xstrdup(process) : NULL;
	e->exe = exe ? xstrdup(exe) : NULL;
	e->pid = pid;
	return i;
}

static const struct endpoint_info *infos_find(const struct infos *t, const char *key)
{
	size_t i = smap_get(&t->by, key);

	return i == SMAP_NONE ? NULL : &t->v[i];
}

static void infos_release(struct infos *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].host);
		free(t->v[i].process);
		free(t->v[i].exe);
	}
	free(t->v);
	smap_release(&t->by);
}

/* a key of an endpoint: "ip|port|proto" */
static const char *ekey(char *b, size_t n, const char *ip, int port, const char *proto)
{
	snprintf(b, n, "%s|%d|%s", ip, port, proto);
	return b;
}

static int is_loopback(const char *ip)
{
	return !strncmp(ip, "127.", 4) || !strcmp(ip, "::1");
}

/*
 * A key of a listener: "ip|port|proto", and on a loopback address the host
 * too ("...|@host"): every host has its own 127.0.0.1
 */
static const char *lkey(char *b, size_t n, const char *ip, int port, const char *proto,
			const char *host)
{
	if (is_loopback(ip))
		snprintf(b, n, "%s|%d|%s|@%s", ip, port, proto, host ? host : "");
	else
		ekey(b, n, ip, port, proto);
	return b;
}

/*
 * A key of a connection as its client's socket table saw it:
 * "client|server|port|proto", with the host on loopback
 */
static const char *ckey(char *b, size_t n, const char *client, const char *server, int port,
			const char *proto, const char *host)
{
	snprintf(b, n, "%s|%s|%d|%s%s%s", client, server, port, proto,
		 is_loopback(client) ? "|@" : "", is_loopback(client) && host ? host : "");
	return b;
}

/* the infrastructure list: compiled-in defaults with the --infra rules */
struct infra {
	struct smap port;	/* "port|proto" or "port|*" -> 1 infra, 0 not */
	struct smap process;	/* name -> 1 or 0 */
	struct smap address;	/* ip -> 1 or 0 */
};

struct inputs {
	struct infos addrs;	/* ip -> host (NULL: an address two hosts share) */
	struct infos listen;	/* "ip|port|proto" -> listener */
	struct infos conns;	/* "client|server|port|proto" -> the client's process */
	struct smap hostname;	/* host key -> index in names */
	struct smap dns;	/* ip -> index in names */
	char **names;
	size_t nnames, anames;
	struct smap peers;	/* "ip|port|proto" -> distinct peers; loaded on first need */
	int peers_loaded;
	struct infra infra;
};

static size_t name_add(struct inputs *in, const char *name)
{
	if (in->nnames == in->anames) {
		in->anames = in->anames ? in->anames * 2 : 64;
		in->names = xrealloc(in->names, in->anames * sizeof(*in->names));
	}
	in->names[in->nnames] = xstrdup(name);
	return in->nnames++;
}

static int load_infra(sqlite3 *db, struct infra *f)
{
	sqlite3_stmt *st;
	char k[96];

	for (size_t i = 0; i < sizeof(services) / sizeof(services[0]); i++)
		if (services[i].infra) {
			snprintf(k, sizeof(k), "%d|*", services[i].port);
			smap_put(&f->port, k, 1);
		}
	for (size_t i = 0; i < sizeof(infra_processes) / sizeof(infra_processes[0]); i++)
		smap_put(&f->process, infra_processes[i], 1);
	st = db_prepare(db, "SELECT kind, value, proto, infra FROM infra_rules ORDER BY rowid");
	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *kind = db_col_text(st, 0), *value = db_col_text(st, 1);
		size_t v = (size_t)sqlite3_column_int(st, 3);
		if (!kind || !value)
			continue;
		if (!strcmp(kind, "port")) {
			const char *proto = db_col_text(st, 2);
			snprintf(k, sizeof(k), "%s|%s", value, proto ? proto : "*");
			smap_put(&f->port, k, v);
			if (!proto && !v) {
				/* "not port N": every protocol's default goes too */
				static const char *const protos[] = { "tcp", "udp", "sctp" };
				for (size_t i = 0; i < 3; i++) {
					snprintf(k, sizeof(k), "%s|%s", value, protos[i]);
					smap_put(&f->port, k, 0);
				}
			}
		} else if (!strcmp(kind, "process")) {
			smap_put(&f->process, value, v);
		} else if (!strcmp(kind, "address")) {
			smap_put(&f->address, value, v);
		}
	}
	sqlite3_finalize(st);
	return 0;
}

/* 1 and why when the list marks port/proto as infrastructure */
static int infra_port(const struct infra *f, int port, const char *proto)
{
	char k[96];
	size_t v;

	snprintf(k, sizeof(k), "%d|%s", port, proto);
	v = smap_get(&f->port, k);
	if (v == SMAP_NONE) {
		snprintf(k, sizeof(k), "%d|*", port);
		v = smap_get(&f->port, k);
	}
	return v == 1;
}

static int infra_process(const struct infra *f, const char *p)
{
	return p && smap_get(&f->process, p) == 1;
}

static int load(sqlite3 *db, struct inputs *in)
{
	sqlite3_stmt *st;
	char k[512];

	/* every host's NIC addresses; one two hosts share names neither */
	st = db_prepare(db, "SELECT a.address, min(h.host_key), count(DISTINCT h.id)"
			" FROM nic_addresses a JOIN scans s ON s.id = a.scan_id JOIN hosts h ON h.id = s.host_id"
			" GROUP BY a.address ORDER BY a.address");
	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *ip = db_col_text(st, 0);
		if (ip && !is_loopback(ip))
			infos_add(&in->addrs, ip, sqlite3_column_int(st, 2) == 1 ? db_col_text(st, 1) : NULL,
				  NULL, NULL, 0);
	}
	sqlite3_finalize(st);
	/* each host's hostname, from its latest scan that read one */
	st = db_prepare(db, "SELECT h.host_key, i.hostname FROM hosts h JOIN scans s ON s.host_id = h.id"
			" JOIN identity i ON i.scan_id = s.id WHERE i.hostname IS NOT NULL ORDER BY s.started_at, s.id");
	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW)
		smap_put(&in->hostname, db_col_text(st, 0), name_add(in, db_col_text(st, 1)));
	sqlite3_finalize(st);
	/* the name DNS answered most often for an address */
	st = db_prepare(db, "SELECT address, name FROM dns_names GROUP BY address, name"
			" ORDER BY address, sum(answers), name DESC");
	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW)
		smap_put(&in->dns, db_col_text(st, 0), name_add(in, db_col_text(st, 1)));
	sqlite3_finalize(st);
	/* listeners: one per address they answer on (a wildcard: each of its host's and loopback) */
	st = db_prepare(db,
		"SELECT CASE WHEN k.local_ip IN ('0.0.0.0', '::') THEN a.address ELSE k.local_ip END,"
		" k.local_port, k.proto, h.host_key, k.process, k.exe, coalesce(k.pid, 0)"
		" FROM sockets k JOIN scans s ON s.id = k.scan_id JOIN hosts h ON h.id = s.host_id"
		/* 0.0.0.0 answers on IPv4 addresses; :: on both (Linux's dual-stack default) */
		" LEFT JOIN (SELECT scan_id, address, family FROM nic_addresses"
		"  UNION SELECT id, '127.0.0.1', 4 FROM scans UNION SELECT id, '::1', 6 FROM scans) a"
		"  ON a.scan_id = k.scan_id AND (k.local_ip = '::' OR (k.local_ip = '0.0.0.0' AND a.family = 4))"
		" WHERE k.kind = 'listener' ORDER BY k.rowid");
	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW)
		if (db_col_text(st, 0))
			infos_add(&in->listen, lkey(k, sizeof(k), db_col_text(st, 0), sqlite3_column_int(st, 1),
						    db_col_text(st, 2), db_col_text(st, 3)),
				  db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5),
				  sqlite3_column_int(st, 6));
	sqlite3_finalize(st);
	return load_infra(db, &in->infra);
}

/* ---- orienting and folding ---- */

struct dep {
	const char *client, *server, *proto, *source;	/* words of struct deps */
	size_t wclient, wserver, wproto;		/* their numbers there */
	int port;
	const char *method;
	uint64_t connections, packets, bytes;
	int counted;		/* packets and bytes are known (a flow, not a socket alone) */
	int64_t first_ns, last_ns;
	const char *client_host, *server_host;
	const struct endpoint_info *client_proc, *server_proc;
	const char *infra;	/* why it is infrastructure, or NULL */
	const char *seen_by;	/* the host key of the first scan that saw it (a word) */
	int group;
	size_t node;		/* its client's node in the graph, when it has one (annotate) */
};

struct deps {
	struct dep *v;
	size_t n, alloc;
	struct smap by;		/* "client|server|port|proto" -> index */
	/* each text of the dependencies once: a million share a few thousand addresses */
	char **word;
	size_t nwords, awords;
	struct smap words;	/* text -> index in word */
};

/* s's number among d's words, added if new */
static size_t word(struct deps *d, const char *s)
{
	size_t i = smap_get(&d->words, s);

	if (i != SMAP_NONE)
		return i;
	if (d->nwords == d->awords) {
		d->awords = d->awords ? d->awords * 2 : 256;
		d->word = xrealloc(d->word, d->awords * sizeof(*d->word));
	}
	d->word[d->nwords] = xstrdup(s);
	smap_put(&d->words, s, d->nwords);
	return d->nwords++;
}

/* s as one of d's words: the copy lives as long as d */
static const char *word_text(struct deps *d, const char *s)
{
	return d->word[word(d, s)];
}

static int method_rank(const char *m)
{
	return !strcmp(m, "handshake") ? 3 : !strcmp(m, "listener") ? 2 :
	       !strcmp(m, "port-heuristic") ? 1 : 0;
}

static const char *confidence_of(const char *m)
{
	return !strcmp(m, "handshake") ? "high" : !strcmp(m, "listener") ? "medium" :
	       !strcmp(m, "port-heuristic") ? "low" : "none";
}

/* the number of distinct peers of ip:port/proto among the flows */
static int peers(sqlite3 *db, struct inputs *in, const char *ip, int port, const char *proto)
{
	char k[512];
	size_t v;

	if (!in->peers_loaded) {
		sqlite3_stmt *st = db_prepare(db,
			"SELECT ip, port, proto, count(DISTINCT peer) FROM ("
			" SELECT a_ip ip, a_port port, proto, b_ip peer FROM flows WHERE a_port IS NOT NULL"
			" UNION ALL SELECT b_ip, b_port, proto, a_ip FROM flows WHERE b_port IS NOT NULL)"
			" GROUP BY ip, port, proto");
		in->peers_loaded = 1;
		if (!st)
			return 0;
		while (sqlite3_step(st) == SQLITE_ROW)
			smap_put(&in->peers, ekey(k, sizeof(k), db_col_text(st, 0), sqlite3_column_int(st, 1),
						  db_col_text(st, 2)),
				 (size_t)sqlite3_column_int(st, 3));
		sqlite3_finalize(st);
	}
	v = smap_get(&in->peers, ekey(k, sizeof(k), ip, port, proto));
	return v == SMAP_NONE ? 0 : (int)v;
}

/*
 * Which side of a flow is the client: 0 side a, 1 side b, -1 unknown, with
 * the method.  Zeek's folded rows have side a the originator.
 */
static int orient(sqlite3 *db, struct inputs *in, const char *source, const char *proto,
		  const char *a, int pa, const char *b, int pb, const char *syn, const char *synack,
		  const char *host, const char **method)
{
	char k[512];
	int la, lb, known_a, known_b;

	if (!strcmp(source, "zeek")) {
		*method = "handshake";
		return 0;
	}
	if (syn) {
		*method = "handshake";
		return syn[0] == 'b';
	}
	if (synack) {
		*method = "handshake";
		return synack[0] == 'a';
	}
	la = infos_find(&in->listen, lkey(k, sizeof(k), a, pa, proto, host)) != NULL;
	lb = infos_find(&in->listen, lkey(k, sizeof(k), b, pb, proto, host)) != NULL;
	if (la && !lb) {
		*method = "listener";
		return 1;
	}
	if (lb && !la) {
		*method = "listener";
		return 0;
	}
	if (!strcmp(proto, "icmp") || !strcmp(proto, "icmpv6")) {
		*method = "unknown";
		return -1;
	}
	known_a = deps_service_name(pa) != NULL || pa < 1024;
	known_b = deps_service_name(pb) != NULL || pb < 1024;
	*method = "port-heuristic";
	if (known_b && !known_a && pa >= 1024)
		return 0;
	if (known_a && !known_b && pb >= 1024)
		return 1;
	if (pa >= EPHEMERAL_MIN && pb < EPHEMERAL_MIN)
		return 0;
	if (pb >= EPHEMERAL_MIN && pa < EPHEMERAL_MIN)
		return 1;
	{
		int na = peers(db, in, a, pa, proto), nb = peers(db, in, b, pb, proto);
		if (nb > na)
			return 0;
		if (na > nb)
			return 1;
	}
	*method = "unknown";
	return -1;
}

static struct dep *dep_get(struct deps *d, const char *client, const char *server, int port,
			   const char *proto, const char *method, const char *source)
{
	char k[512];
	size_t i;
	struct dep *x;

	snprintf(k, sizeof(k), "%s|%s|%d|%s", client, server, port, proto);
	i = smap_get(&d->by, k);
	if (i == SMAP_NONE) {
		if (d->n == d->alloc) {
			d->alloc = d->alloc ? d->alloc * 2 : 64;
			d->v = xrealloc(d->v, d->alloc * sizeof(*d->v));
		}
		i = d->n++;
		smap_put(&d->by, k, i);
		x = &d->v[i];
		memset(x, 0, sizeof(*x));
		x->wclient = word(d, client);
		x->wserver = word(d, server);
		x->wproto = word(d, proto);
		x->client = d->word[x->wclient];
		x->server = d->word[x->wserver];
		x->proto = d->word[x->wproto];
		x->port = port;
		x->method = method;
		x->source = word_text(d, source);
		return x;
	}
	x = &d->v[i];
	if (method_rank(method) > method_rank(x->method))
		x->method = method;
	if (!str_in_list(x->source, ",", source)) {
		char *s = xasprintf("%s,%s", x->source, source);
		x->source = word_text(d, s);
		free(s);
	}
	return x;
}

static void seen(struct dep *x, int64_t first, int64_t last)
{
	if (first && (!x->first_ns || first < x->first_ns))
		x->first_ns = first;
	if (last > x->last_ns)
		x->last_ns = last;
}

/*
 * One conversation (protocol and both endpoints with their ports) as the
 * first scan that stored it counted it: two captures of the same traffic
 * (each host capturing its own NIC, then merged) count it once, as the
 * larger of the two counts
 */
struct conv {
	int64_t scan;
	uint64_t counts[3];	/* connections, packets, bytes */
};

/*
 * 1 when every flow is of one scan (the index on scan_id answers at once),
 * else 0 (several, none, or unknown)
 */
static int flows_of_one_scan(sqlite3 *db)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT (SELECT min(scan_id) FROM flows) ="
				      " (SELECT max(scan_id) FROM flows)");
	int one = 0;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		one = sqlite3_column_int(st, 0) == 1;
	sqlite3_finalize(st);
	return one;
}

static int fold_flows(sqlite3 *db, struct inputs *in, struct deps *d)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT f.source, f.proto, f.a_ip, coalesce(f.a_port, -1), f.b_ip, coalesce(f.b_port, -1),"
		" f.syn_from, f.synack_from, coalesce(f.connections, 1),"
		" coalesce(f.packets_ab, 0) + coalesce(f.packets_ba, 0),"
		" coalesce(f.bytes_ab, 0) + coalesce(f.bytes_ba, 0), f.first_ns, f.last_ns,"
		" f.scan_id, h.host_key FROM flows f JOIN scans s ON s.id = f.scan_id"
		" JOIN hosts h ON h.id = s.host_id ORDER BY f.rowid");
	struct smap convs = SMAP_INIT;
	struct conv *cv = NULL;
	size_t ncv = 0, acv = 0;
	char k[512];
	int rc, one_scan = flows_of_one_scan(db);

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *source = db_col_text(st, 0), *proto = db_col_text(st, 1);
		const char *a = db_col_text(st, 2), *b = db_col_text(st, 4), *method;
		int pa = sqlite3_column_int(st, 3), pb = sqlite3_column_int(st, 5), c;
		int64_t scan = sqlite3_column_int64(st, 13);
		uint64_t add[3];
		const char *client, *server;
		int port;
		struct dep *x;

		if (!source || !proto || !a || !b)
			continue;
		c = orient(db, in, source, proto, a, pa, b, pb, db_col_text(st, 6),
			   db_col_text(st, 7), db_col_text(st, 14), &method);
		/* unknown: kept as stored (side a first), its port side b's */
		client = c == 1 ? b : a;
		server = c == 1 ? a : b;
		port = c == 1 ? pa : pb;
		x = dep_get(d, client, server, port, proto, method, source);
		if (!x->seen_by && db_col_text(st, 14))
			x->seen_by = word_text(d, db_col_text(st, 14));
		for (int i = 0; i < 3; i++)
			add[i] = (uint64_t)sqlite3_column_int64(st, 8 + i);
		/*
		 * Zeek's rows are folded already: no conversation to match; nor
		 * are there two counts of one to reconcile when one scan has flows
		 */
		if (pa >= 0 && pb >= 0 && !one_scan) {
			size_t j;
			snprintf(k, sizeof(k), "%s|%s|%d|%s|%d", proto, a, pa, b, pb);
			j = smap_get(&convs, k);
			if (j == SMAP_NONE) {
				if (ncv == acv) {
					acv = acv ? acv * 2 : 256;
					cv = xrealloc(cv, acv * sizeof(*cv));
				}
				cv[ncv].scan = scan;
				memcpy(cv[ncv].counts, add, sizeof(add));
				smap_put(&convs, k, ncv++);
			} else if (cv[j].scan != scan) {
				/* seen by another scan: only what this one saw beyond it */
				for (int i = 0; i < 3; i++) {
					uint64_t more = add[i] > cv[j].counts[i] ? add[i] - cv[j].counts[i] : 0;
					cv[j].counts[i] += more;
					add[i] = more;
				}
			} else {
				for (int i = 0; i < 3; i++)
					cv[j].counts[i] += add[i];
			}
		}
		x->connections += add[0];
		x->packets += add[1];
		x->bytes += add[2];
		x->counted = 1;
		seen(x, sqlite3_column_int64(st, 11), sqlite3_column_int64(st, 12));
	}
	sqlite3_finalize(st);
	smap_release(&convs);
	free(cv);
	return rc == SQLITE_DONE ? 0 : scan_error("deps: cannot read the flows: %s", sqlite3_errmsg(db));
}

/*
 * The connections of the hosts' socket tables: each is oriented by its
 * host's own listeners, and names the process on its side.  Loopback
 * connections (a host talking to itself) tie nothing and are left out.
 */
static int fold_sockets(sqlite3 *db, struct inputs *in, struct deps *d)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT k.proto, k.local_ip, k.local_port, k.remote_ip, k.remote_port, h.host_key,"
		" k.process, k.exe, coalesce(k.pid, 0), coalesce(k.sightings, 1),"
		" coalesce(k.first_seen_ns, strftime('%s', s.started_at) * 1000000000),"
		" coalesce(k.last_seen_ns, strftime('%s', s.started_at) * 1000000000)"
		" FROM sockets k JOIN scans s ON s.id = k.scan_id JOIN hosts h ON h.id = s.host_id"
		" WHERE k.kind = 'connection' AND k.remote_ip IS NOT NULL ORDER BY k.rowid");
	char k[512];
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *proto = db_col_text(st, 0), *local = db_col_text(st, 1);
		const char *remote = db_col_text(st, 3), *host = db_col_text(st, 5);
		int lport = sqlite3_column_int(st, 2), rport = sqlite3_column_int(st, 4);
		const struct endpoint_info *l;
		struct dep *x;
		int serves;

		if (!proto || !local || !remote)
			continue;
		/* the host listens on the local port: the peer is its client */
		l = infos_find(&in->listen, lkey(k, sizeof(k), local, lport, proto, host));
		serves = l && l->host && host && !strcmp(l->host, host);
		if (!serves && db_col_text(st, 6)) {
			ckey(k, sizeof(k), local, remote, rport, proto, host);
			infos_add(&in->conns, k, host, db_col_text(st, 6), db_col_text(st, 7),
				  sqlite3_column_int(st, 8));
		}
		/* a host talking to itself ties nothing: its process is kept for a captured flow */
		if (is_loopback(local) || is_loopback(remote))
			continue;
		if (serves)
			x = dep_get(d, remote, local, lport, proto, "listener", "sockets");
		else
			x = dep_get(d, local, remote, rport, proto, "listener", "sockets");
		if (!x->seen_by && host)
			x->seen_by = word_text(d, host);
		/*
		 * One socket is one connection, however many snapshots saw it;
		 * where captures saw the dependency, they count its connections
		 * (the socket was one of them)
		 */
		if (!x->counted)
			x->connections++;
		seen(x, sqlite3_column_int64(st, 10), sqlite3_column_int64(st, 11));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : scan_error("deps: cannot read the sockets: %s", sqlite3_errmsg(db));
}

/* ---- hosts, processes, infrastructure, groups ---- */

/* union-find over node names */
struct nodes {
	struct smap by;
	size_t *parent;
	size_t n, alloc;
};

static size_t node(struct nodes *g, const char *name)
{
	size_t i = smap_get(&g->by, name);

	if (i != SMAP_NONE)
		return i;
	if (g->n == g->alloc) {
		g->alloc = g->alloc ? g->alloc * 2 : 64;
		g->parent = xrealloc(g->parent, g->alloc * sizeof(*g->parent));
	}
	g->parent[g->n] = g->n;
	smap_put(&g->by, name, g->n);
	return g->n++;
}

static size_t root_of(struct nodes *g, size_t i)
{
	while (g->parent[i] != i) {
		g->parent[i] = g->parent[g->parent[i]];
		i = g->parent[i];
	}
	return i;
}

static const char *who(const char *host, const char *ip)
{
	return host ? host : ip;
}

static const char *host_of(const struct inputs *in, const char *ip)
{
	const struct endpoint_info *e = infos_find(&in->addrs, ip);

	return e ? e->host : NULL;
}

static const char *infra_reason(const struct inputs *in, const struct dep *x, char *b, size_t n)
{
	const struct infra *f = &in->infra;

	if (smap_get(&f->address, x->server) == 1)
		snprintf(b, n, "the server's address %s is listed as infrastructure", x->server);
	else if (smap_get(&f->address, x->client) == 1)
		snprintf(b, n, "the client's address %s is listed as infrastructure", x->client);
	else if (infra_port(f, x->port, x->proto))
		snprintf(b, n, "port %d/%s%s%s%s is infrastructure", x->port, x->proto,
			 deps_service_name(x->port) ? " (" : "",
			 deps_service_name(x->port) ? deps_service_name(x->port) : "",
			 deps_service_name(x->port) ? ")" : "");
	else if (x->server_proc && infra_process(f, x->server_proc->process))
		snprintf(b, n, "the server's process %s is infrastructure", x->server_proc->process);
	else if (x->client_proc && infra_process(f, x->client_proc->process))
		snprintf(b, n, "the client's process %s is infrastructure", x->client_proc->process);
	else
		return NULL;
	return b;
}

static void annotate(struct deps *d, struct inputs *in, struct nodes *g)
{
	char k[512], why[256];

	for (size_t i = 0; i < d->n; i++) {
		struct dep *x = &d->v[i];
		const struct endpoint_info *l;

		x->client_host = host_of(in, x->client);
		x->server_host = host_of(in, x->server);
		l = infos_find(&in->listen, lkey(k, sizeof(k), x->server, x->port, x->proto, x->seen_by));
		x->server_proc = l && l->process ? l : NULL;
		if (l && !x->server_host && !is_loopback(x->server))
			x->server_host = l->host;
		x->client_proc = infos_find(&in->conns, ckey(k, sizeof(k), x->client, x->server, x->port,
							    x->proto, x->seen_by));
		if (x->client_proc && !x->client_host && !is_loopback(x->client))
			x->client_host = x->client_proc->host;
		x->infra = infra_reason(in, x, why, sizeof(why)) ? xstrdup(why) : NULL;
		if (!x->infra && strcmp(x->method, "unknown")) {
			size_t a, b;
			x->node = node(g, who(x->client_host, x->client));
			a = root_of(g, x->node);
			b = root_of(g, node(g, who(x->server_host, x->server)));
			if (a != b)
				g->parent[a] = b;
		}
	}
}

/* a word and its number, sorted by the text */
struct wref {
	const char *text;
	size_t nr;
};

static int wref_cmp(const void *p, const void *q)
{
	return strcmp(((const struct wref *)p)->text, ((const struct wref *)q)->text);
}

/* a dependency's place: by server, port, protocol and client, the texts by their ranks */
struct dkey {
	size_t server, proto, client, i;
	int port;
};

static int dkey_cmp(const void *p, const void *q)
{
	const struct dkey *a = p, *b = q;

	if (a->server != b->server)
		return a->server < b->server ? -1 : 1;
	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	return a->client < b->client ? -1 : a->client > b->client;
}

/*
 * The dependencies sorted by server, port, protocol and client (the texts
 * as strcmp orders them): each distinct text is ranked once, and a million
 * dependencies are sorted by numbers held in the sorted array itself
 */
static void sort_deps(struct deps *d)
{
	struct wref *w = xmalloc((d->nwords ? d->nwords : 1) * sizeof(*w));
	size_t *rank = xmalloc((d->nwords ? d->nwords : 1) * sizeof(*rank));
	struct dkey *k = xmalloc((d->n ? d->n : 1) * sizeof(*k));

	for (size_t i = 0; i < d->nwords; i++) {
		w[i].text = d->word[i];
		w[i].nr = i;
	}
	/* qsort's array must not be NULL, even for no element (C11 7.22.5): it is not */
	qsort(w, d->nwords, sizeof(*w), wref_cmp);
	for (size_t i = 0; i < d->nwords; i++)
		rank[w[i].nr] = i;
	for (size_t i = 0; i < d->n; i++) {
		const struct dep *x = &d->v[i];
		k[i].server = rank[x->wserver];
		k[i].proto = rank[x->wproto];
		k[i].client = rank[x->wclient];
		k[i].port = x->port;
		k[i].i = i;
	}
	qsort(k, d->n, sizeof(*k), dkey_cmp);
	/* v[i] becomes v[k[i].i], in place, cycle by cycle (a done place gets k[j].i = j) */
	for (size_t i = 0; i < d->n; i++) {
		struct dep first;
		size_t j = i;
		if (k[i].i == i)
			continue;
		first = d->v[i];
		for (;;) {
			size_t from = k[j].i;
			k[j].i = j;
			if (from == i) {
				d->v[j] = first;
				break;
			}
			d->v[j] = d->v[from];
			j = from;
		}
	}
	free(k);
	free(rank);
	free(w);
}

/* ---- storing ---- */

/* the key of the inputs: the analysis is redone when it changes */
static char *inputs_key(sqlite3 *db)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT (SELECT count(*) || ':' || coalesce(max(rowid), 0) FROM scans) || '|' ||"
		" (SELECT count(*) || ':' || coalesce(max(rowid), 0) FROM flows) || '|' ||"
		" (SELECT count(*) || ':' || coalesce(max(rowid), 0) FROM sockets) || '|' ||"
		" (SELECT count(*) || ':' || coalesce(max(rowid), 0) FROM nic_addresses) || '|' ||"
		" (SELECT count(*) || ':' || coalesce(max(rowid), 0) FROM identity) || '|' ||"
		" (SELECT count(*) || ':' || coalesce(max(rowid), 0) FROM dns_names) || '|' ||"
		" (SELECT count(*) || ':' || coalesce(max(rowid), 0) || ':' ||"
		"  coalesce(group_concat(kind || value || coalesce(proto, '') || infra, ','), '')"
		"  FROM infra_rules)");
	char *k = NULL;

	if (!st)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW && db_col_text(st, 0))
		k = xasprintf("v%d|%s", DEPS_ANALYSIS_VERSION, db_col_text(st, 0));
	sqlite3_finalize(st);
	return k;
}

static const char *name_of(const struct inputs *in, const char *host, const char *ip)
{
	size_t i = host ? smap_get(&in->hostname, host) : SMAP_NONE;

	if (i == SMAP_NONE)
		i = smap_get(&in->dns, ip);
	return i == SMAP_NONE ? NULL : in->names[i];
}

/* binds a text, or NULL: every text bound lives until the row is stepped (nothing copied) */
static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* binds an integer when known, else NULL */
static void bind_int_if(sqlite3_stmt *st, int i, int known, int64_t v)
{
	if (known)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static void bind_proc(sqlite3_stmt *st, int i, const struct endpoint_info *p)
{
	bind_text(st, i, p ? p->process : NULL);
	bind_int_if(st, i + 1, p && p->pid, p ? p->pid : 0);
	bind_text(st, i + 2, p ? p->exe : NULL);
}

static int store(sqlite3 *db, const struct deps *d, const struct inputs *in, struct nodes *g,
		 const char *key)
{
	size_t *gid = xcalloc(g->n ? g->n : 1, sizeof(*gid)), ngroups = 0;
	size_t *edges = xcalloc(g->n + 1, sizeof(*edges));	/* of each group, by its number */
	sqlite3_stmt *st, *ins = NULL;
	char now[32];
	int rc = -1;

	if (db_begin(db) < 0) {
		free(gid);
		return -1;
	}
	if (sqlite3_exec(db, "DELETE FROM group_members; DELETE FROM application_groups;"
			 " DELETE FROM dependencies; DELETE FROM dependency_analysis;",
			 NULL, NULL, NULL) != SQLITE_OK) {
		scan_error("deps: cannot clear the stored analysis: %s", sqlite3_errmsg(db));
		goto out;
	}
	ins = db_prepare(db, "INSERT INTO dependencies (id, client_ip, server_ip, port, protocol,"
			 " service, method, confidence, connections, packets, bytes, first_ns, last_ns,"
			 " infrastructure, infra_reason, source, client_host, server_host, client_name,"
			 " server_name, client_process, client_pid, client_exe, server_process, server_pid,"
			 " server_exe, group_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
			 " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!ins)
		goto out;
	for (size_t i = 0; i < d->n; i++) {
		const struct dep *x = &d->v[i];
		size_t gr = 0;

		if (!x->infra && strcmp(x->method, "unknown")) {
			size_t root = root_of(g, x->node);
			if (!gid[root])
				gid[root] = ++ngroups;
			gr = gid[root];
			edges[gr]++;
		}
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, (int64_t)i + 1);
		bind_text(ins, 2, x->client);
		bind_text(ins, 3, x->server);
		sqlite3_bind_int(ins, 4, x->port);
		bind_text(ins, 5, x->proto);
		bind_text(ins, 6, deps_service_name(x->port));
		bind_text(ins, 7, x->method);
		bind_text(ins, 8, confidence_of(x->method));
		sqlite3_bind_int64(ins, 9, (int64_t)x->connections);
		bind_int_if(ins, 10, x->counted, (int64_t)x->packets);
		bind_int_if(ins, 11, x->counted, (int64_t)x->bytes);
		bind_int_if(ins, 12, x->first_ns != 0, x->first_ns);
		bind_int_if(ins, 13, x->last_ns != 0, x->last_ns);
		sqlite3_bind_int(ins, 14, x->infra != NULL);
		bind_text(ins, 15, x->infra);
		bind_text(ins, 16, x->source);
		bind_text(ins, 17, x->client_host);
		bind_text(ins, 18, x->server_host);
		bind_text(ins, 19, name_of(in, x->client_host, x->client));
		bind_text(ins, 20, name_of(in, x->server_host, x->server));
		bind_proc(ins, 21, x->client_proc);
		bind_proc(ins, 24, x->server_proc);
		bind_int_if(ins, 27, gr != 0, (int64_t)gr);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			scan_error("deps: cannot store a dependency: %s", sqlite3_errmsg(db));
			goto out;
		}
	}
	/*
	 * groups, with their edges counted above, and their members: a host
	 * by its key, an address no host has by itself
	 */
	st = db_prepare(db, "INSERT INTO application_groups (id, members, edges) VALUES (?, 0, ?)");
	if (!st)
		goto out;
	for (size_t i = 1; i <= ngroups; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)edges[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			scan_error("deps: cannot store the groups: %s", sqlite3_errmsg(db));
			sqlite3_finalize(st);
			goto out;
		}
	}
	sqlite3_finalize(st);
	if (sqlite3_exec(db,
		"INSERT OR IGNORE INTO group_members (group_id, member, host_key, ip)"
		" SELECT group_id, coalesce(client_host, client_ip), client_host, client_ip FROM dependencies"
		" WHERE group_id IS NOT NULL"
		" UNION ALL SELECT group_id, coalesce(server_host, server_ip), server_host, server_ip"
		" FROM dependencies WHERE group_id IS NOT NULL ORDER BY 1, 2;"
		"UPDATE application_groups SET members ="
		" (SELECT count(*) FROM group_members m WHERE m.group_id = application_groups.id);",
		NULL, NULL, NULL) != SQLITE_OK) {
		scan_error("deps: cannot store the groups: %s", sqlite3_errmsg(db));
		goto out;
	}
	db_now(now);
	st = db_prepare(db, "INSERT INTO dependency_analysis (inputs_key, analysed_at, dependency_count, group_count)"
			" VALUES (?, ?, ?, ?)");
	if (!st)
		goto out;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)d->n);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)ngroups);
	if (db_step_done(db, st) < 0)
		goto out;
	rc = db_commit(db);
out:
	sqlite3_finalize(ins);
	if (rc < 0)
		db_rollback(db);
	free(gid);
	free(edges);
	return rc;
}

static void inputs_release(struct inputs *in)
{
	infos_release(&in->addrs);
	infos_release(&in->listen);
	infos_release(&in->conns);
	smap_release(&in->hostname);
	smap_release(&in->dns);
	for (size_t i = 0; i < in->nnames; i++)
		free(in->names[i]);
	free(in->names);
	smap_release(&in->peers);
	smap_release(&in->infra.port);
	smap_release(&in->infra.process);
	smap_release(&in->infra.address);
}

static int analyse(sqlite3 *db, const char *key)
{
	struct inputs in;
	struct deps d;
	struct nodes g;
	int rc;

	memset(&in, 0, sizeof(in));
	memset(&d, 0, sizeof(d));
	memset(&g, 0, sizeof(g));
	rc = load(db, &in) < 0 || fold_flows(db, &in, &d) < 0 || fold_sockets(db, &in, &d) < 0 ? -1 : 0;
	if (rc == 0) {
		sort_deps(&d);
		annotate(&d, &in, &g);
		rc = store(db, &d, &in, &g, key);
	}
	for (size_t i = 0; i < d.n; i++)
		free((char *)d.v[i].infra);
	free(d.v);
	smap_release(&d.by);
	for (size_t i = 0; i < d.nwords; i++)
		free(d.word[i]);
	free(d.word);
	smap_release(&d.words);
	smap_release(&g.by);
	free(g.parent);
	inputs_release(&in);
	return rc;
}

/*
 * A store opened read-only: the results go to temporary tables of the
 * same names, made from the store's own definitions (sqlite_master):
 * their keys (group_members' INSERT OR IGNORE relies on its primary key)
 * and their indexes (a report reads each host's dependencies by host).
 * Made once a connection.
 */
static int temp_tables(sqlite3 *db)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT type, sql FROM main.sqlite_master WHERE tbl_name IN"
		" ('dependency_analysis', 'dependencies', 'application_groups', 'group_members')"
		" AND type IN ('table', 'index') AND sql IS NOT NULL"
		" AND NOT EXISTS (SELECT 1 FROM temp.sqlite_master t WHERE t.name = main.sqlite_master.name)"
		" ORDER BY type = 'index', rowid");
	int rc = 0, step = SQLITE_DONE;

	if (!st)
		return -1;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = db_col_text(st, 0), *sql = db_col_text(st, 1);
		int table = !strcmp(type, "table");
		const char *head = table ? "CREATE TABLE " : "CREATE INDEX ";
		char *tmp;
		if (strncmp(sql, head, strlen(head)) != 0) {
			rc = scan_error("deps: cannot make a temporary table: an unexpected definition: %.60s", sql);
			break;
		}
		tmp = xasprintf("%s%s", table ? "CREATE TEMP TABLE " : "CREATE INDEX temp.", sql + strlen(head));
		if (sqlite3_exec(db, tmp, NULL, NULL, NULL) != SQLITE_OK)
			rc = scan_error("deps: cannot make a temporary table: %s", sqlite3_errmsg(db));
		free(tmp);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = scan_error("deps: cannot make a temporary table: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}

int deps_refresh(sqlite3 *db)
{
	sqlite3_stmt *st;
	char *key = inputs_key(db);
	int fresh = 0, rc;

	if (!key)
		return scan_error("deps: cannot read the store: %s", sqlite3_errmsg(db));
	st = db_prepare(db, "SELECT inputs_key FROM dependency_analysis");
	if (!st) {
		free(key);
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW && db_col_text(st, 0))
		fresh = !strcmp(db_col_text(st, 0), key);
	sqlite3_finalize(st);
	if (fresh) {
		free(key);
		return 0;
	}
	rc = sqlite3_db_readonly(db, "main") == 1 ? temp_tables(db) : 0;
	if (rc == 0)
		rc = analyse(db, key);
	free(key);
	return rc;
}

/* ---- the --infra file ---- */

static int infra_error(const char *path, int line, const char *why)
{
	return scan_error("deps: --infra %s:%d: %s", path, line, why);
}

/*
 * One rule per line, '#' starts a comment:
 *   port N[/tcp|udp|sctp]   infrastructure (e.g. a backup agent's port)
 *   process NAME            infrastructure when a side's process is NAME
 *   address IP              every dependency to or from IP is infrastructure
 *   not port N[/PROTO] | not process NAME | not address IP
 *                           takes a default out (LDAP that is the
 *                           application's own directory)
 * Any other line is refused with its number; nothing is stored then.
 */
int deps_set_infra(sqlite3 *db, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int n = 0, rules = 0, rc = -1;
	size_t total = 0;
	sqlite3_stmt *st = NULL;

	if (!f)
		return scan_error_errno(errno, "deps: --infra %s", path);
	if (db_begin(db) < 0) {
		fclose(f);
		return -1;
	}
	if (sqlite3_exec(db, "DELETE FROM infra_rules", NULL, NULL, NULL) != SQLITE_OK ||
	    !(st = db_prepare(db, "INSERT INTO infra_rules (kind, value, proto, label, infra, origin)"
			      " VALUES (?, ?, ?, ?, ?, ?)"))) {
		scan_error("deps: cannot store the --infra rules: %s", sqlite3_errmsg(db));
		goto out;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *kind, *value, *proto = NULL, *end;
		int infra = 1;
		size_t len = strlen(line);

		n++;
		total += len;
		if (total > INFRA_FILE_CAP) {
			infra_error(path, n, "the file is larger than 1 MiB");
			goto out;
		}
		if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
			infra_error(path, n, "the line is longer than 1,022 bytes");
			goto out;
		}
		if ((end = strchr(p, '#')))
			*end = '\0';
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			continue;
		for (end = p + strlen(p); end > p && isspace((unsigned char)end[-1]); end--)
			end[-1] = '\0';
		kind = p;
		p += strcspn(p, " \t");
		if (*p)
			*p++ = '\0';
		if (!strcmp(kind, "not")) {
			infra = 0;
			p += strspn(p, " \t");
			kind = p;
			p += strcspn(p, " \t");
			if (*p)
				*p++ = '\0';
		}
		p += strspn(p, " \t");
		value = p;
		p += strcspn(p, " \t");
		if (*p)
			*p++ = '\0';
		p += strspn(p, " \t");
		if (!*value) {
			infra_error(path, n, "a rule needs a value: port N[/PROTO], process NAME or address IP");
			goto out;
		}
		if (!strcmp(kind, "port")) {
			char *slash = strchr(value, '/'), *e;
			long port;
			if (slash) {
				*slash = '\0';
				proto = slash + 1;
				if (strcmp(proto, "tcp") && strcmp(proto, "udp") && strcmp(proto, "sctp")) {
					infra_error(path, n, "the protocol is not tcp, udp or sctp");
					goto out;
				}
			}
			errno = 0;
			port = strtol(value, &e, 10);
			if (errno || *e || e == value || port < 1 || port > 65535) {
				infra_error(path, n, "the port is not a number from 1 to 65535");
				goto out;
			}
		} else if (!strcmp(kind, "address")) {
			if (strspn(value, "0123456789abcdefABCDEF.:") != strlen(value) || !strpbrk(value, ".:")) {
				infra_error(path, n, "the address is not an IPv4 or IPv6 address");
				goto out;
			}
		} else if (strcmp(kind, "process")) {
			infra_error(path, n, "a rule is port, process or address (or not ...)");
			goto out;
		}
		if (++rules > INFRA_RULES_MAX) {
			infra_error(path, n, "more than 10,000 rules");
			goto out;
		}
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
		if (proto)
			sqlite3_bind_text(st, 3, proto, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 3);
		if (*p)
			sqlite3_bind_text(st, 4, p, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 4);
		sqlite3_bind_int(st, 5, infra);
		sqlite3_bind_text(st, 6, path, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE) {
			scan_error("deps: cannot store the --infra rules: %s", sqlite3_errmsg(db));
			goto out;
		}
	}
	if (ferror(f)) {
		scan_error_errno(errno, "deps: --infra %s: cannot read", path);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	rc = db_commit(db);
out:
	sqlite3_finalize(st);
	if (rc < 0)
		db_rollback(db);
	fclose(f);
	return rc;
}
