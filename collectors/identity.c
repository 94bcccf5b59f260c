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
#include "identity.h"
#include "../scanner/banned.h"

static int valid_machine_id(struct buf *b)
{
	if (b->len != 32)
		return 0;
	for (size_t i = 0; i < 32; i++) {
		if (!isxdigit((unsigned char)b->data[i]))
			return 0;
		b->data[i] = (char)tolower((unsigned char)b->data[i]);
	}
	/* an all-zero id is a placeholder, not an identity */
	return strspn(b->data, "0") != 32;
}

int identity_machine_id(const struct scan_ctx *ctx, struct buf *out)
{
	static const char *const paths[] = { "etc/machine-id", "var/lib/dbus/machine-id" };
	int err = 0;

	for (size_t i = 0; i < 2; i++) {
		int rc = fsread_line(ctx, paths[i], out);
		if (rc == 0 && valid_machine_id(out))
			return 0;
		if (rc < 0)
			err = rc;
	}
	buf_clear(out);
	return err ? err : 1;
}

/* the first line of path that is not empty or a comment, as hostname(5)
 * and systemd read etc/hostname */
static int name_file(const struct scan_ctx *ctx, const char *path, struct buf *out)
{
	struct buf text = BUF_INIT;
	int rc = fsread(ctx, path, &text);

	buf_clear(out);
	if (rc == 0) {
		rc = 1;
		for (char *line = text.data; line && *line;) {
			char *eol = strchr(line, '\n');
			size_t n = eol ? (size_t)(eol - line) : strlen(line);
			while (n && isspace((unsigned char)*line)) {
				line++;
				n--;
			}
			while (n && isspace((unsigned char)line[n - 1]))
				n--;
			if (n && *line != '#') {
				buf_add(out, line, n);
				rc = 0;
				break;
			}
			line = eol ? eol + 1 : NULL;
		}
	}
	buf_release(&text);
	return rc;
}

/* a hostname(5) label set: letters, digits, '-', '.', at most 253 bytes */
static int valid_hostname(const struct buf *b)
{
	if (!b->len || b->len > 253)
		return 0;
	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->data[i];
		if (!isalnum(c) && c != '-' && c != '.' && c != '_')
			return 0;
	}
	return 1;
}

int identity_hostname(const struct scan_ctx *ctx, struct buf *out, const char **source)
{
	struct kvlist kv = KVLIST_INIT;
	const char *src = NULL;

	buf_clear(out);
	if (ctx->live) {
		struct utsname u;
		if (uname(&u) == 0 && u.nodename[0] && strcmp(u.nodename, "(none)")) {
			buf_adds(out, u.nodename);
			src = "uname";
			goto done;
		}
	}
	if (name_file(ctx, "etc/hostname", out) == 0 && valid_hostname(out)) {
		src = "etc/hostname";
		goto done;
	}
	if (name_file(ctx, "etc/HOSTNAME", out) == 0 && valid_hostname(out)) {
		src = "etc/HOSTNAME";
		goto done;
	}
	/* RHEL 6 and earlier; Gentoo's OpenRC (hostname="web01") */
	static const struct {
		const char *path, *key;
	} kvfiles[] = { { "etc/sysconfig/network", "HOSTNAME" }, { "etc/conf.d/hostname", "hostname" } };
	for (size_t i = 0; i < sizeof(kvfiles) / sizeof(kvfiles[0]); i++) {
		if (fsread(ctx, kvfiles[i].path, out) != 0)
			continue;
		kvlist_release(&kv);
		kv_parse(out->data, &kv);
		const char *h = kv_get_nonempty(&kv, kvfiles[i].key);
		buf_clear(out);
		if (h) {
			buf_adds(out, h);
			if (valid_hostname(out)) {
				src = kvfiles[i].path;
				goto done;
			}
		}
	}
	buf_clear(out);
done:
	kvlist_release(&kv);
	if (source)
		*source = src;
	return src ? 0 : 1;
}

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

	if (identity_hostname(ctx, &host, &hsrc) != 0)
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
	rc = identity_machine_id(ctx, &mid);
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
