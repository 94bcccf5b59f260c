/*
 * hostid.c - what identifies a host: its machine-id, its hostname and its
 * DMI UUID, read the same way by the identity and hardware collectors and
 * by the host key of the scan driver (hostkey.c)
 *
 * Sources: machine-id(5), hostname(5); SMBIOS 3.x section 7.2.1 for the
 * UUID's text form.
 */
#include <ctype.h>
#include <string.h>
#include <sys/utsname.h>

#include "fsread.h"
#include "hostid.h"
#include "kv.h"
#include "str.h"
#include "banned.h"


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

int hostid_machine_id(const struct scan_ctx *ctx, struct buf *out)
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

int hostid_hostname(const struct scan_ctx *ctx, struct buf *out, const char **source)
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

/* identities that boards ship unset: all zeros, all ones, a well-known dummy */
static const char *const uuid_placeholders[] = {
	"00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
	"03000200-0400-0500-0006-000700080009",
};

int hostid_uuid_valid(char *s)
{
	if (strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i])) {
			return 0;
		}
		s[i] = (char)tolower((unsigned char)s[i]);
	}
	return 1;
}

int hostid_uuid_usable(char *s)
{
	if (!hostid_uuid_valid(s))
		return 0;
	for (size_t k = 0; k < ARRAY_SIZE(uuid_placeholders); k++)
		if (!strcmp(s, uuid_placeholders[k]))
			return 0;
	return 1;
}
