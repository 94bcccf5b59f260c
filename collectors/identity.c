/*
 * identity.c - hostname, FQDN and machine-id, from local files only
 *
 * Sources: machine-id(5), hostname(5), hosts(5).  No DNS: the FQDN is the
 * hostname when it has a dot, else the canonical name of the etc/hosts line
 * that lists the hostname as an alias, when that name has a dot.
 */
#include <ctype.h>
#include <string.h>
#include <sys/utsname.h>

#include "../scanner/db.h"
#include "../scanner/fsread.h"
#include "../scanner/kv.h"
#include "collectors.h"
#include "../scanner/hostid.h"
#include "../scanner/banned.h"


/* the canonical name of the etc/hosts line listing host; NULL-free buf */
static void fqdn_from_hosts(const char *hosts, const char *host, struct buf *out)
{
	size_t hl = strlen(host);

	buf_clear(out);
	for (const char *p = hosts; *p;) {
		const char *eol = strchr(p, '\n');
		const char *end = eol ? eol : p + strlen(p);
		const char *hash = memchr(p, '#', (size_t)(end - p));
		const char *e = hash ? hash : end;
		const char *f[16];
		size_t flen[16], nf = 0;

		for (const char *s = p; s < e && nf < 16;) {
			while (s < e && isspace((unsigned char)*s))
				s++;
			const char *t = s;
			while (t < e && !isspace((unsigned char)*t))
				t++;
			if (t > s) {
				f[nf] = s;
				flen[nf++] = (size_t)(t - s);
			}
			s = t;
		}
		/* fields: address, canonical name, aliases */
		for (size_t i = 1; nf >= 3 && i < nf; i++) {
			int match = flen[i] == hl && !strncasecmp(f[i], host, hl);
			if (match && memchr(f[1], '.', flen[1]) &&
			    flen[1] > hl && !strncasecmp(f[1], host, hl) && f[1][hl] == '.') {
				buf_add(out, f[1], flen[1]);
				return;
			}
		}
		p = eol ? eol + 1 : end;
	}
}

int collect_identity(struct scan_ctx *ctx)
{
	struct buf host = BUF_INIT, fqdn = BUF_INIT, mid = BUF_INIT, hosts = BUF_INIT;
	const char *hsrc = NULL, *fsrc = NULL;
	struct dbrow r;
	int rc;

	if (hostid_hostname(ctx, &host, &hsrc) != 0)
		ctx_note(ctx, "hostname: none of etc/hostname, etc/HOSTNAME, etc/sysconfig/network, "
			 "etc/conf.d/hostname names it");
	if (host.len && strchr(host.data, '.')) {
		buf_adds(&fqdn, host.data);
		fsrc = hsrc;
	} else if (host.len) {
		rc = fsread(ctx, "etc/hosts", &hosts);
		if (rc == 0) {
			fqdn_from_hosts(hosts.data, host.data, &fqdn);
			if (fqdn.len)
				fsrc = "etc/hosts";
			else
				ctx_note(ctx, "fqdn: etc/hosts has no name with a domain for '%s'", host.data);
		} else if (rc > 0) {
			ctx_note(ctx, "fqdn: no etc/hosts");
		} else {
			ctx_note_read(ctx, "etc/hosts", rc);
		}
	}
	rc = hostid_machine_id(ctx, &mid);
	if (rc > 0)
		ctx_note(ctx, "machine-id: no valid etc/machine-id or var/lib/dbus/machine-id");
	else if (rc < 0)
		ctx_note_read(ctx, "etc/machine-id", rc);

	dbrow_init(&r, "identity");
	dbrow_text(&r, "hostname", host.len ? host.data : NULL);
	dbrow_text(&r, "hostname_source", hsrc);
	dbrow_text(&r, "fqdn", fqdn.len ? fqdn.data : NULL);
	dbrow_text(&r, "fqdn_source", fsrc);
	dbrow_text(&r, "machine_id", mid.len ? mid.data : NULL);
	rc = dbrow_insert(ctx->db, ctx->scan_id, &r);
	if (rc < 0)
		ctx_note(ctx, "store: cannot insert identity");
	buf_release(&host);
	buf_release(&fqdn);
	buf_release(&mid);
	buf_release(&hosts);
	return rc < 0 ? -1 : 0;
}
