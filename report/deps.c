/*
 * deps.c - from flows to dependencies and application groups (premig deps)
 *
 * Reads the store's flows (captures and Zeek's conn.log), the scanned
 * hosts' listening and connected sockets, and their NIC addresses, and
 * derives who depends on whom:
 *
 *  - direction, with the method that decided it: the handshake (the side
 *    that sent the SYN; the side that answered SYN-ACK is the server; Zeek's
 *    originator), else a listener that a scanned host's socket table shows
 *    on one side, else the ports (a known service port against an
 *    ephemeral one; then the side with more peers on its port), else
 *    unknown.  A guess is never called a handshake: confidence is high,
 *    medium, low or none accordingly;
 *  - folding: the client's port goes, a dependency is (client, server,
 *    server port, protocol) with its connections, packets, bytes and first
 *    and last seen; the service named from a built-in port table;
 *  - hosts: an address that is a scanned host's NIC address names it; the
 *    process on each side comes from that host's sockets where they saw the
 *    listener or the connection;
 *  - infrastructure: DNS, NTP, DHCP, LDAP/Kerberos, syslog, SNMP and
 *    monitoring ports connect everything to everything, so they are marked
 *    and left out of the groups (and of the output without --all);
 *  - application groups: the connected components of the graph of the
 *    other dependencies, each with the edges that tie it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "deps.h"
#include "../scanner/banned.h"

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
	{ 9092, "kafka", 0 }, { 9100, "node-exporter", 1 }, { 9200, "elasticsearch", 0 },
	{ 10050, "zabbix-agent", 1 }, { 10051, "zabbix-trapper", 1 }, { 11211, "memcached", 0 },
	{ 27017, "mongodb", 0 },
};

/* processes that talk to everything: agents, resolvers, time, logs */
static const char *const infra_processes[] = {
	"chronyd", "ntpd", "systemd-timesyn", "systemd-resolve", "dnsmasq", "named", "unbound",
	"sssd", "sssd_be", "winbindd", "rsyslogd", "syslog-ng", "journald", "snmpd",
	"zabbix_agentd", "zabbix_agent2", "node_exporter", "telegraf", "datadog-agent",
	"splunkd", "filebeat", "metricbeat", "nrpe", "puppet", "salt-minion", "amazon-ssm-agen",
	"dhclient", "NetworkManager", "systemd-network",
};

#define EPHEMERAL_MIN 32768	/* Linux's ip_local_port_range starts here; IANA's at 49152 */

static const char *service_name(int port, int *infra)
{
	for (size_t i = 0; i < sizeof(services) / sizeof(services[0]); i++)
		if (services[i].port == port) {
			if (infra)
				*infra = services[i].infra;
			return services[i].name;
		}
	if (infra)
		*infra = 0;
	return NULL;
}

static int infra_process(const char *p)
{
	if (!p)
		return 0;
	for (size_t i = 0; i < sizeof(infra_processes) / sizeof(infra_processes[0]); i++)
		if (!strcmp(p, infra_processes[i]))
			return 1;
	return 0;
}

/* ---- what the store holds ---- */

struct endpoint_info {
	char *ip;
	int port;		/* -1: an address alone (NIC address) */
	char *proto;
	char *host;		/* host key */
	char *process, *exe;
	int pid;
};

struct table {
	struct endpoint_info *v;
	size_t n, alloc;
};

static void table_add(struct table *t, const char *ip, int port, const char *proto,
		      const char *host, const char *process, const char *exe, int pid)
{
	struct endpoint_info *e;

	if (t->n == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 64;
		t->v = xrealloc(t->v, t->alloc * sizeof(*t->v));
	}
	e = &t->v[t->n++];
	e->ip = xstrdup(ip);
	e->port = port;
	e->proto = proto ? xstrdup(proto) : NULL;
	e->host = host ? xstrdup(host) : NULL;
	e->process = process ? xstrdup(process) : NULL;
	e->exe = exe ? xstrdup(exe) : NULL;
	e->pid = pid;
}

static void table_release(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].ip);
		free(t->v[i].proto);
		free(t->v[i].host);
		free(t->v[i].process);
		free(t->v[i].exe);
	}
	free(t->v);
}

static const struct endpoint_info *table_find(const struct table *t, const char *ip, int port,
					      const char *proto)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct endpoint_info *e = &t->v[i];
		if (!strcmp(e->ip, ip) && e->port == port && (!proto || !e->proto || !strcmp(e->proto, proto)))
			return e;
	}
	return NULL;
}

/* the host key of an address: a NIC address of a scanned host */
static const char *host_of(const struct table *addrs, const char *ip)
{
	const struct endpoint_info *e = table_find(addrs, ip, -1, NULL);

	return e ? e->host : NULL;
}

/*
 * NIC addresses, and listeners: one row per address a listener answers on
 * (a wildcard one on each of its host's addresses and loopback)
 */
static int load(sqlite3 *db, struct table *addrs, struct table *listen, struct table *conns)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "SELECT DISTINCT a.address, h.host_key FROM nic_addresses a"
			" JOIN scans s ON s.id = a.scan_id JOIN hosts h ON h.id = s.host_id"
			" WHERE a.address NOT IN ('127.0.0.1', '::1')");
	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW)
		table_add(addrs, db_col_text(st, 0), -1, NULL, db_col_text(st, 1), NULL, NULL, 0);
	sqlite3_finalize(st);
	st = db_prepare(db,
		"SELECT CASE WHEN k.local_ip IN ('0.0.0.0', '::') THEN a.address ELSE k.local_ip END,"
		" k.local_port, k.proto, h.host_key, k.process, k.exe, coalesce(k.pid, 0)"
		" FROM sockets k JOIN scans s ON s.id = k.scan_id JOIN hosts h ON h.id = s.host_id"
		" LEFT JOIN (SELECT scan_id, address FROM nic_addresses"
		"  UNION SELECT id, '127.0.0.1' FROM scans UNION SELECT id, '::1' FROM scans) a"
		"  ON a.scan_id = k.scan_id AND k.local_ip IN ('0.0.0.0', '::')"
		" WHERE k.kind = 'listener'");
	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW)
		if (db_col_text(st, 0))
			table_add(listen, db_col_text(st, 0), sqlite3_column_int(st, 1),
				  db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4),
				  db_col_text(st, 5), sqlite3_column_int(st, 6));
	sqlite3_finalize(st);
	/* connections: keyed by the local side; remote in proto as "ip|port" */
	st = db_prepare(db, "SELECT k.local_ip, k.local_port, k.remote_ip || '|' || k.remote_port,"
			" h.host_key, k.process, k.exe, coalesce(k.pid, 0)"
			" FROM sockets k JOIN scans s ON s.id = k.scan_id JOIN hosts h ON h.id = s.host_id"
			" WHERE k.kind = 'connection' AND k.remote_ip IS NOT NULL");
	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW)
		table_add(conns, db_col_text(st, 0), sqlite3_column_int(st, 1), db_col_text(st, 2),
			  db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5),
			  sqlite3_column_int(st, 6));
	sqlite3_finalize(st);
	return 0;
}

/* ---- orienting and folding ---- */

struct dep {
	char *client, *server, *proto, *service, *source;
	int port;
	const char *method, *confidence;
	uint64_t connections, packets, bytes;
	int64_t first_ns, last_ns;
	const char *client_host, *server_host;
	const struct endpoint_info *client_proc, *server_proc;
	int infra;
	int group;
};

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
static int peers(sqlite3 *db, const char *ip, int port, const char *proto)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT count(DISTINCT peer) FROM (SELECT b_ip peer FROM flows WHERE a_ip = ?1 AND"
		" a_port = ?2 AND proto = ?3 UNION SELECT a_ip FROM flows WHERE b_ip = ?1 AND"
		" b_port = ?2 AND proto = ?3)");
	int n = 0;

	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, ip, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, port);
	sqlite3_bind_text(st, 3, proto, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/*
 * Which side of a flow is the client: 0 side a, 1 side b, -1 unknown, with
 * the method.  a_port < 0: Zeek's folded rows (side a is the originator).
 */
static int orient(sqlite3 *db, const struct table *listen, const char *source, const char *proto,
		  const char *a, int pa, const char *b, int pb, const char *syn, const char *synack,
		  const char **method)
{
	const struct endpoint_info *la, *lb;
	int known_a, known_b;

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
	la = table_find(listen, a, pa, proto);
	lb = table_find(listen, b, pb, proto);
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
	known_a = service_name(pa, NULL) != NULL || pa < 1024;
	known_b = service_name(pb, NULL) != NULL || pb < 1024;
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
		int na = peers(db, a, pa, proto), nb = peers(db, b, pb, proto);
		if (nb > na)
			return 0;
		if (na > nb)
			return 1;
	}
	*method = "unknown";
	return -1;
}

struct deps {
	struct dep *v;
	size_t n, alloc;
};

static struct dep *dep_find(struct deps *d, const char *client, const char *server, int port,
			    const char *proto)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].port == port && !strcmp(d->v[i].client, client) &&
		    !strcmp(d->v[i].server, server) && !strcmp(d->v[i].proto, proto))
			return &d->v[i];
	return NULL;
}

static int fold(sqlite3 *db, const struct table *listen, struct deps *d)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT source, proto, a_ip, coalesce(a_port, -1), b_ip, coalesce(b_port, -1),"
		" syn_from, synack_from, coalesce(connections, 1),"
		" coalesce(packets_ab, 0) + coalesce(packets_ba, 0),"
		" coalesce(bytes_ab, 0) + coalesce(bytes_ba, 0), first_ns, last_ns FROM flows"
		" ORDER BY rowid");

	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *source = db_col_text(st, 0), *proto = db_col_text(st, 1);
		const char *a = db_col_text(st, 2), *b = db_col_text(st, 4), *method;
		int pa = sqlite3_column_int(st, 3), pb = sqlite3_column_int(st, 5);
		int c = orient(db, listen, source, proto, a, pa, b, pb, db_col_text(st, 6),
			       db_col_text(st, 7), &method);
		const char *client = c == 1 ? b : a, *server = c == 1 ? a : b;
		int port = c == 1 ? pa : pb;
		struct dep *x;

		if (c < 0) {
			/* unknown: kept as seen, the lower side first, its port the other's */
			client = a;
			server = b;
			port = pb;
		}
		x = dep_find(d, client, server, port, proto);
		if (!x) {
			if (d->n == d->alloc) {
				d->alloc = d->alloc ? d->alloc * 2 : 64;
				d->v = xrealloc(d->v, d->alloc * sizeof(*d->v));
			}
			x = &d->v[d->n++];
			memset(x, 0, sizeof(*x));
			x->client = xstrdup(client);
			x->server = xstrdup(server);
			x->proto = xstrdup(proto);
			x->port = port;
			x->method = method;
			x->source = xstrdup(source);
			x->first_ns = sqlite3_column_int64(st, 11);
		}
		if (method_rank(method) > method_rank(x->method))
			x->method = method;
		if (strcmp(x->source, source) && !strstr(x->source, source)) {
			char *s = xasprintf("%s,%s", x->source, source);
			free(x->source);
			x->source = s;
		}
		x->connections += (uint64_t)sqlite3_column_int64(st, 8);
		x->packets += (uint64_t)sqlite3_column_int64(st, 9);
		x->bytes += (uint64_t)sqlite3_column_int64(st, 10);
		if (sqlite3_column_int64(st, 11) && (!x->first_ns || sqlite3_column_int64(st, 11) < x->first_ns))
			x->first_ns = sqlite3_column_int64(st, 11);
		if (sqlite3_column_int64(st, 12) > x->last_ns)
			x->last_ns = sqlite3_column_int64(st, 12);
	}
	sqlite3_finalize(st);
	return 0;
}

/* ---- hosts, processes, infrastructure, groups ---- */

static const struct endpoint_info *client_process(const struct table *conns, const struct dep *x)
{
	char remote[80];

	snprintf(remote, sizeof(remote), "%s|%d", x->server, x->port);
	for (size_t i = 0; i < conns->n; i++)
		if (!strcmp(conns->v[i].ip, x->client) && conns->v[i].proto &&
		    !strcmp(conns->v[i].proto, remote) && conns->v[i].process)
			return &conns->v[i];
	return NULL;
}

/* union-find over node names */
struct nodes {
	char **name;
	size_t *parent;
	size_t n, alloc;
};

static size_t node(struct nodes *g, const char *name)
{
	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->name[i], name))
			return i;
	if (g->n == g->alloc) {
		g->alloc = g->alloc ? g->alloc * 2 : 64;
		g->name = xrealloc(g->name, g->alloc * sizeof(*g->name));
		g->parent = xrealloc(g->parent, g->alloc * sizeof(*g->parent));
	}
	g->name[g->n] = xstrdup(name);
	g->parent[g->n] = g->n;
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

static void annotate(struct deps *d, const struct table *addrs, const struct table *listen,
		     const struct table *conns, struct nodes *g)
{
	for (size_t i = 0; i < d->n; i++) {
		struct dep *x = &d->v[i];
		int infra_port = 0;
		const struct endpoint_info *l;

		x->client_host = host_of(addrs, x->client);
		x->server_host = host_of(addrs, x->server);
		x->service = (char *)service_name(x->port, &infra_port);
		l = table_find(listen, x->server, x->port, x->proto);
		x->server_proc = l && l->process ? l : NULL;
		if (x->server_proc && !x->server_host)
			x->server_host = l->host;
		x->client_proc = client_process(conns, x);
		x->confidence = confidence_of(x->method);
		x->infra = infra_port || (x->server_proc && infra_process(x->server_proc->process)) ||
			   (x->client_proc && infra_process(x->client_proc->process));
		x->group = 0;
		if (!x->infra && strcmp(x->method, "unknown")) {
			size_t a = root_of(g, node(g, who(x->client_host, x->client)));
			size_t b = root_of(g, node(g, who(x->server_host, x->server)));
			if (a != b)
				g->parent[a] = b;
		}
	}
}

/* group numbers 1.. by first appearance of a component in the dependencies */
static size_t number_groups(struct deps *d, struct nodes *g, size_t **gid_of_root)
{
	size_t ngroups = 0;

	*gid_of_root = xcalloc(g->n ? g->n : 1, sizeof(**gid_of_root));
	for (size_t i = 0; i < d->n; i++) {
		struct dep *x = &d->v[i];
		size_t r;

		if (x->infra || !strcmp(x->method, "unknown"))
			continue;
		r = root_of(g, node(g, who(x->client_host, x->client)));
		if (!(*gid_of_root)[r])
			(*gid_of_root)[r] = ++ngroups;
		x->group = (int)(*gid_of_root)[r];
	}
	return ngroups;
}

/* ---- output ---- */

static json_t *proc_json(const struct endpoint_info *p)
{
	json_t *o;

	if (!p)
		return json_null();
	o = json_object();
	json_object_set_new(o, "name", json_string(p->process));
	json_object_set_new(o, "pid", p->pid ? json_integer(p->pid) : json_null());
	json_object_set_new(o, "exe", p->exe ? json_string(p->exe) : json_null());
	return o;
}

static json_t *dep_json(const struct dep *x)
{
	json_t *o = json_object();

	json_object_set_new(o, "client_ip", json_string(x->client));
	json_object_set_new(o, "server_ip", json_string(x->server));
	json_object_set_new(o, "port", json_integer(x->port));
	json_object_set_new(o, "protocol", json_string(x->proto));
	json_object_set_new(o, "service", x->service ? json_string(x->service) : json_null());
	json_object_set_new(o, "method", json_string(x->method));
	json_object_set_new(o, "confidence", json_string(x->confidence));
	json_object_set_new(o, "connections", json_integer((json_int_t)x->connections));
	json_object_set_new(o, "packets", json_integer((json_int_t)x->packets));
	json_object_set_new(o, "bytes", json_integer((json_int_t)x->bytes));
	json_object_set_new(o, "first_seen", x->first_ns ? json_integer(x->first_ns / 1000000000) : json_null());
	json_object_set_new(o, "last_seen", x->last_ns ? json_integer(x->last_ns / 1000000000) : json_null());
	json_object_set_new(o, "infrastructure", json_boolean(x->infra));
	json_object_set_new(o, "source", json_string(x->source));
	json_object_set_new(o, "client_host", x->client_host ? json_string(x->client_host) : json_null());
	json_object_set_new(o, "server_host", x->server_host ? json_string(x->server_host) : json_null());
	json_object_set_new(o, "client_process", proc_json(x->client_proc));
	json_object_set_new(o, "server_process", proc_json(x->server_proc));
	json_object_set_new(o, "group", x->group ? json_integer(x->group) : json_null());
	return o;
}

/* a CSV field (RFC 4180): quoted, quotes doubled */
static void csv(FILE *out, const char *s, int last)
{
	fputc('"', out);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputs(last ? "\"\n" : "\",", out);
}

static int dep_cmp(const void *p, const void *q)
{
	const struct dep *a = p, *b = q;
	int c;

	if ((c = strcmp(a->server, b->server)) || (a->port != b->port && (c = a->port - b->port)) ||
	    (c = strcmp(a->proto, b->proto)))
		return c;
	return strcmp(a->client, b->client);
}

static void why_text(const struct dep *x, struct buf *b)
{
	buf_addf(b, "%s", who(x->client_host, x->client));
	if (x->client_proc)
		buf_addf(b, " (%s)", x->client_proc->process);
	buf_addf(b, " -> %s:%d/%s", who(x->server_host, x->server), x->port,
		 x->service ? x->service : x->proto);
	if (x->server_proc)
		buf_addf(b, " (%s)", x->server_proc->process);
	buf_addf(b, ", %llu connection%s, %s", (unsigned long long)x->connections,
		 x->connections == 1 ? "" : "s",
		 !strcmp(x->method, "handshake") ? "handshake seen" :
		 !strcmp(x->method, "listener") ? "a listener in the server's socket table" :
		 !strcmp(x->method, "port-heuristic") ? "guessed from the ports" : "direction unknown");
}

int deps_write(sqlite3 *db, FILE *out, const struct deps_opts *o)
{
	struct table addrs = { 0 }, listen = { 0 }, conns = { 0 };
	struct deps d = { NULL, 0, 0 };
	struct nodes g = { NULL, NULL, 0, 0 };
	size_t *gid = NULL, ngroups;
	int rc = 0;

	if (load(db, &addrs, &listen, &conns) < 0 || fold(db, &listen, &d) < 0) {
		rc = -1;
		goto out;
	}
	qsort(d.v, d.n, sizeof(*d.v), dep_cmp);
	annotate(&d, &addrs, &listen, &conns, &g);
	ngroups = number_groups(&d, &g, &gid);
	if (o->explain) {
		int any = 0;
		for (size_t i = 0; i < d.n; i++) {
			const struct dep *x = &d.v[i];
			struct buf b = BUF_INIT;
			int mine = (x->client_host && !strcmp(x->client_host, o->explain)) ||
				   (x->server_host && !strcmp(x->server_host, o->explain)) ||
				   !strcmp(x->client, o->explain) || !strcmp(x->server, o->explain);
			if (!mine)
				continue;
			why_text(x, &b);
			if (x->group)
				fprintf(out, "%s joins group %d because %s\n", o->explain, x->group, b.data);
			else
				fprintf(out, "%s: %s (%s: in no group)\n", o->explain, b.data,
					x->infra ? "infrastructure" : "direction unknown");
			buf_release(&b);
			any = 1;
		}
		if (!any)
			fprintf(out, "%s: no dependency in this store names it\n", o->explain);
		goto out;
	}
	if (!strcmp(o->format, "json")) {
		json_t *root = json_object(), *deps = json_array(), *groups = json_array();
		for (size_t i = 0; i < d.n; i++)
			if (o->all || !d.v[i].infra)
				json_array_append_new(deps, dep_json(&d.v[i]));
		for (size_t k = 1; k <= ngroups; k++) {
			json_t *gr = json_object(), *members = json_array(), *edges = json_array();
			for (size_t i = 0; i < d.n; i++) {
				const struct dep *x = &d.v[i];
				const char *m[2] = { who(x->client_host, x->client), who(x->server_host, x->server) };
				struct buf b = BUF_INIT;
				if ((size_t)x->group != k)
					continue;
				for (int j = 0; j < 2; j++) {
					size_t n = json_array_size(members), f = 0;
					for (size_t q = 0; q < n; q++)
						f |= !strcmp(json_string_value(json_array_get(members, q)), m[j]);
					if (!f)
						json_array_append_new(members, json_string(m[j]));
				}
				why_text(x, &b);
				json_array_append_new(edges, json_string(b.data));
				buf_release(&b);
			}
			json_object_set_new(gr, "id", json_integer((json_int_t)k));
			json_object_set_new(gr, "members", members);
			json_object_set_new(gr, "edges", edges);
			json_array_append_new(groups, gr);
		}
		json_object_set_new(root, "dependencies", deps);
		json_object_set_new(root, "application_groups", groups);
		json_dumpf(root, out, JSON_INDENT(2));
		fputc('\n', out);
		json_decref(root);
	} else if (!strcmp(o->format, "csv")) {
		fprintf(out, "client_ip,server_ip,port,protocol,service,method,confidence,connections,"
			"packets,bytes,infrastructure,source,client_host,server_host,group\n");
		for (size_t i = 0; i < d.n; i++) {
			const struct dep *x = &d.v[i];
			if (!o->all && x->infra)
				continue;
			csv(out, x->client, 0);
			csv(out, x->server, 0);
			fprintf(out, "%d,", x->port);
			csv(out, x->proto, 0);
			csv(out, x->service, 0);
			fprintf(out, "%s,%s,%llu,%llu,%llu,%s,", x->method, x->confidence,
				(unsigned long long)x->connections, (unsigned long long)x->packets,
				(unsigned long long)x->bytes, x->infra ? "true" : "false");
			csv(out, x->source, 0);
			csv(out, x->client_host, 0);
			csv(out, x->server_host, 0);
			fprintf(out, "%d\n", x->group);
		}
	} else if (!strcmp(o->format, "dot")) {
		fprintf(out, "digraph dependencies {\n\trankdir=LR;\n");
		for (size_t i = 0; i < d.n; i++) {
			const struct dep *x = &d.v[i];
			if (!o->all && x->infra)
				continue;
			fprintf(out, "\t\"%s\" -> \"%s\" [label=\"%d/%s\"%s];\n",
				who(x->client_host, x->client), who(x->server_host, x->server), x->port,
				x->service ? x->service : x->proto,
				x->infra ? ", style=dashed" : !strcmp(x->method, "unknown") ? ", style=dotted" : "");
		}
		fprintf(out, "}\n");
	} else {
		fprintf(out, "%-22s %-22s %6s %-5s %-14s %-14s %8s %s\n", "CLIENT", "SERVER", "PORT",
			"PROTO", "SERVICE", "METHOD", "CONNS", "GROUP");
		for (size_t i = 0; i < d.n; i++) {
			const struct dep *x = &d.v[i];
			if (!o->all && x->infra)
				continue;
			char grp[16];
			snprintf(grp, sizeof(grp), "%d", x->group);
			fprintf(out, "%-22s %-22s %6d %-5s %-14s %-14s %8llu %s\n",
				who(x->client_host, x->client), who(x->server_host, x->server), x->port,
				x->proto, x->service ? x->service : "-", x->method,
				(unsigned long long)x->connections,
				x->infra ? "infra" : x->group ? grp : "-");
		}
	}
out:
	for (size_t i = 0; i < d.n; i++) {
		free(d.v[i].client);
		free(d.v[i].server);
		free(d.v[i].proto);
		free(d.v[i].source);
	}
	free(d.v);
	for (size_t i = 0; i < g.n; i++)
		free(g.name[i]);
	free(g.name);
	free(g.parent);
	free(gid);
	table_release(&addrs);
	table_release(&listen);
	table_release(&conns);
	return rc;
}
