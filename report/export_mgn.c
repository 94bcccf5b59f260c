/*
 * export_mgn.c - premig export mgn-import: the AWS Application Migration
 * Service import file, with applications and waves, aws-spec section 8
 *
 * One row per server (8.1): mgn:wave:name, mgn:app:name,
 * mgn:server:user-provided-id (premig's stable host key: MGN cannot change
 * it once set, and the replication agent must be installed with the same
 * --user-provided-id, or MGN makes a second source server),
 * mgn:server:platform (Linux), mgn:server:fqdn-for-action-framework (the
 * FQDN; else the hostname, else an IPv4 address: a server row must carry
 * an address or an FQDN), then mgn:server:tag:<key> for each tag premig
 * gives (premig-<profile> with the verdict, premig-blocker-N with a
 * failed MGN blocker rule), and mgn:account-id, mgn:region first when
 * given.
 *
 * The model (8.2): a server is in one application, an application in one
 * wave (waves.c plans it so); application and wave names are 1 to 256
 * characters matching [^\s\x00]( *[^\s\x00])* (waves.c cleans them);
 * user-provided-id is 1 to 256 characters.  Values go through
 * fleet_value (no comma, no control character) and csv_field (quoted,
 * formula injection neutralised).  The import takes an S3 key ending in
 * .csv (8.3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/exitcodes.h"
#include "../scanner/smap.h"
#include "export.h"
#include "report.h"
#include "../scanner/banned.h"

#define MGN_ID_MAX 256		/* userProvidedID: 1 to 256 characters (aws-spec 8.2) */

static const char mgn_usage[] =
	"usage: premig export mgn-import [--db FILE] [-o FILE] [--applications FILE]\n"
	"                                [--wave-size N] [--account ID] [--region R]\n\n"
	"Writes the AWS Application Migration Service (MGN) import file: one row\n"
	"per server with its wave, its application, premig's stable host key as\n"
	"mgn:server:user-provided-id, the platform, the FQDN, and the verdicts\n"
	"and MGN blockers as tags.  The waves are premig plan's.  Install the\n"
	"replication agent on each server with --user-provided-id set to the\n"
	"same host key, or MGN creates a second source server.  Upload it with\n"
	"'aws s3 cp FILE s3://BUCKET/KEY.csv', then 'aws mgn start-import\n"
	"--s3-bucket-source s3Bucket=BUCKET,s3Key=KEY.csv'.\n\n"
	"  --db FILE      the database (default premig-<hostname>.db)\n"
	"  -o FILE        where to write (default mgn-import.csv; '-' standard output)\n"
	"  --applications FILE\n"
	"                 application names: lines HOST,APPLICATION, HOST a host\n"
	"                 key or hostname (else premig's application groups)\n"
	"  --wave-size N  servers a wave holds, 1 to 200 (MGN's job limit; default 50)\n"
	"  --account ID   mgn:account-id, the 12-digit account the servers go to\n"
	"  --region R     mgn:region, such as eu-west-1\n\n"
	"exit status: 0 written, 1 cannot write, 2 usage, 4 database error,\n"
	"5 unusable --applications file\n";

struct mgn_file {
	struct fleet *f;
	const struct export_opts *o;
	char **keys;		/* the tag keys, in column order */
	size_t nkeys;
	size_t fallbacks;	/* servers without an FQDN */
};

/* premig-<profile> first, then premig-blocker-N by N, then the count of the rest */
static int tag_class(const char *k, unsigned long *n)
{
	char *end;

	*n = 0;
	if (!strncmp(k, "premig-blocker-", 15)) {
		*n = strtoul(k + 15, &end, 10);
		return 1;
	}
	return !strcmp(k, "premig-blockers-more") ? 2 : 0;
}

static int key_cmp(const void *x, const void *y)
{
	const char *a = *(char *const *)x, *b = *(char *const *)y;
	unsigned long na, nb;
	int ca = tag_class(a, &na), cb = tag_class(b, &nb);

	if (ca != cb)
		return ca - cb;
	if (na != nb)
		return na < nb ? -1 : 1;
	return strcmp(a, b);
}

static void cell(struct mgn_file *m, FILE *out, const char *host, const char *column,
		 const char *s)
{
	char *v = fleet_value(m->f, host, column, s);

	csv_field(out, v);
	free(v);
}

/*
 * The name the action framework reaches the server by (aws-spec 8.1);
 * *fallbacks counts the servers given less than an FQDN
 */
static const char *server_address(const struct fleet_server *s, size_t *fallbacks)
{
	if (s->fqdn)
		return s->fqdn;
	if (!*fallbacks)
		scan_warn("export mgn-import: host '%s': no FQDN known: %s is given instead", s->key,
			  s->hostname ? "its hostname" : "an IPv4 address");
	++*fallbacks;
	if (s->hostname)
		return s->hostname;
	for (size_t i = 0; i < s->nips; i++)
		if (!strchr(s->ips[i], ':'))	/* the import takes no IPv6 (aws-spec 8.1) */
			return s->ips[i];
	scan_warn("export mgn-import: host '%s': no FQDN, hostname or IPv4 address known:"
		  " MGN will refuse its row", s->key);
	return NULL;
}

static int write_mgn(void *arg, FILE *out)
{
	struct mgn_file *m = arg;
	struct fleet *f = m->f;
	int first = 1;

#define SEP() do { if (!first) fputc(',', out); first = 0; } while (0)
	if (m->o->account) {
		SEP();
		fputs("mgn:account-id", out);
	}
	if (m->o->region) {
		SEP();
		fputs("mgn:region", out);
	}
	SEP();
	fputs("mgn:wave:name,mgn:app:name,mgn:server:user-provided-id,mgn:server:platform,"
	      "mgn:server:fqdn-for-action-framework", out);
	for (size_t k = 0; k < m->nkeys; k++)
		fprintf(out, ",mgn:server:tag:%s", m->keys[k]);
	fputs("\r\n", out);
	/* wave by wave, application by application: the plan's order */
	for (size_t w = 0; w < f->nw; w++) {
		for (size_t i = 0; i < f->w[w].napps; i++) {
			const struct fleet_app *a = &f->a[f->w[w].apps[i]];
			for (size_t j = 0; j < a->n; j++) {
				const struct fleet_server *s = &f->s[a->servers[j]];
				first = 1;
				if (m->o->account) {
					SEP();
					csv_field(out, m->o->account);
				}
				if (m->o->region) {
					SEP();
					csv_field(out, m->o->region);
				}
				SEP();
				csv_field(out, f->w[w].name);
				fputc(',', out);
				csv_field(out, a->name);
				fputc(',', out);
				if (strchr("=+-@\t\r", s->key[0]) && s->key[0])
					scan_warn("export mgn-import: host key '%s' begins like a spreadsheet"
						  " formula, so its user-provided-id is written with a"
						  " leading quote (\"'%s\"): pass that to the agent's"
						  " --user-provided-id, or scan again with another --host-id",
						  s->key, s->key);
				cell(m, out, s->key, "user-provided-id", s->key);
				fputs(",\"Linux\",", out);
				cell(m, out, s->key, "fqdn-for-action-framework", server_address(s, &m->fallbacks));
				for (size_t k = 0; k < m->nkeys; k++) {
					fputc(',', out);
					for (size_t t = 0; t < s->ntags; t++)
						if (!strcmp(s->tags[t].key, m->keys[k]))
							cell(m, out, s->key, s->tags[t].key, s->tags[t].value);
				}
				fputs("\r\n", out);
			}
		}
	}
#undef SEP
	return 0;
}

int export_mgn_import(int argc, char **argv)
{
	struct export_opts o;
	struct fleet f;
	struct smap seen = SMAP_INIT;
	struct mgn_file m = { 0 };
	sqlite3 *db;
	size_t len;
	int rc = export_args("export mgn-import", argc, argv, EXPORT_OPT_OUT | EXPORT_OPT_MGN,
			     mgn_usage, &o);

	if (rc >= 0)
		return rc;
	if (!o.out)
		o.out = "mgn-import.csv";
	len = strlen(o.out);
	if (strcmp(o.out, "-") && (len < 4 || strcmp(o.out + len - 4, ".csv")))
		scan_warn("export mgn-import: -o '%s': MGN imports only an S3 key that ends in .csv",
			  o.out);
	if ((rc = export_open("export mgn-import", &o, &db, &f)) != EXIT_OK)
		return rc;
	for (size_t i = 0; i < f.ns; i++) {
		if (strlen(f.s[i].key) > MGN_ID_MAX)
			scan_warn("export mgn-import: host '%s': a host key longer than %d characters:"
				  " MGN will refuse it as user-provided-id", f.s[i].key, MGN_ID_MAX);
		for (size_t t = 0; t < f.s[i].ntags; t++) {
			if (smap_get(&seen, f.s[i].tags[t].key) == SMAP_NONE) {
				smap_put(&seen, f.s[i].tags[t].key, m.nkeys);
				m.keys = xrealloc(m.keys, (m.nkeys + 1) * sizeof(*m.keys));
				m.keys[m.nkeys++] = f.s[i].tags[t].key;
			}
		}
	}
	if (m.nkeys)
		qsort(m.keys, m.nkeys, sizeof(*m.keys), key_cmp);
	m.f = &f;
	m.o = &o;
	rc = report_write_with(o.out, write_mgn, &m) < 0 ? EXIT_FATAL : EXIT_OK;
	if (m.fallbacks > 1)
		scan_warn("export mgn-import: %zu servers in all have no FQDN known", m.fallbacks);
	smap_release(&seen);
	free(m.keys);
	fleet_release(&f);
	db_close(db);
	return rc;
}
