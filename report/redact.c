/*
 * redact.c - a redacted copy of the store, for reports shared outside the
 * company (premig report --redact): every identifying value is replaced by
 * a pseudonym in a copy, and the ordinary writers run on the copy, so that
 * every format is redacted alike with no code of its own.
 *
 * The copy is made with sqlite3_backup into a temporary database (SQLite
 * keeps it in memory and spills to a temporary file when large; it is gone
 * when closed).  The dependency analysis is brought up to date in it first,
 * so that it is made from the real values.  Then every text column of
 * every table, but the vocabulary columns of keep[] (rule packs, package
 * names and versions, statuses), goes through redact_text():
 *  - the values of the identifying columns of collect[] (hostnames, FQDNs
 *    and their domains, DNS names, serial numbers, disk and filesystem
 *    identifiers, host keys) are gathered first and replaced wherever they
 *    occur as a whole word, in any case;
 *  - IPv4 and IPv6 addresses, MAC addresses, UUIDs and 32-hex-digit
 *    machine-ids are recognised by their shape in any text, named by a
 *    column or not.
 * Text that is JSON (a finding's evidence) is parsed, and its strings are
 * redacted one by one.
 *
 * A pseudonym is HMAC-SHA256(key, class ":" value in lower case), shaped
 * like the value so that the report stays readable and valid: host-3f9a2c1b
 * (a hostname), host-3f9a2c1b.dom-0c1d2e3f.example (an FQDN; RFC 2606's
 * .example), 10.x.y.z (RFC 1918), 2001:db8:... (RFC 3849) or fe80::... for
 * a link-local IPv6 address, 02:xx:xx:xx:xx:xx (locally administered), a
 * version-4 UUID, 32 hex digits for a machine-id, serial-..., key-...; other
 * identifiers keep their shape, each digit or letter replaced by one of its
 * kind.  One key gives one host the same pseudonyms in every report.  Two
 * values never share a pseudonym, nor does a pseudonym equal an original
 * address or name of the store: the later value takes the next HMAC
 * (value "#" n).  Addresses that say nothing of a host are kept: the
 * unspecified and loopback addresses, 169.254.0.0/16, multicast,
 * 240.0.0.0/4 (broadcast and netmasks), the nil UUID and MAC.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "../scanner/buf.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/smap.h"
#include "deps.h"
#include "report.h"
#include "../scanner/banned.h"

#define KEY_MAX 4096		/* a key file larger than this is refused */
#define KEY_MIN 16		/* bytes of key at least */
#define KEY_NEW 32		/* random bytes in a key premig makes (64 hex digits) */
#define WORD_MAX 255		/* the longest word looked up in the dictionary */
#define TRIES_MAX 1000		/* HMACs tried before two values share a pseudonym */

enum cls {
	C_HOST = 'h',		/* a hostname (one label) */
	C_FQDN = 'f',		/* a name with dots: label pseudonym + domain pseudonym */
	C_DOMAIN = 'd',
	C_SERIAL = 's',
	C_ID = 'i',		/* a disk or filesystem identifier of any shape */
	C_KEY = 'k',		/* a host key that is nothing else */
	C_MACHINE = 'm',	/* 32 hex digits */
	C_UUID = 'u',
	C_IP4 = '4',
	C_IP6 = '6',
	C_MAC = 'a',
};

struct entry {
	char *orig;		/* dictionary: the value as stored; NULL for shapes */
	size_t len;
	char *pseudo;
	size_t next;		/* the next entry with the same first word, or SMAP_NONE */
};

struct redactor {
	const unsigned char *key;
	size_t keylen;
	struct entry *e;
	size_t n, cap;
	struct smap memo;	/* class + canonical value -> entry */
	struct smap words;	/* a dictionary value's first word, lower case -> entry */
	struct smap whole;	/* a dictionary value, lower case -> entry */
	struct smap used;	/* a pseudonym -> entry */
	struct smap reserved;	/* originals of the store: never a pseudonym */
	struct buf scratch;
};

/* ---- pseudonyms ---- */

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* block j of the HMAC stream of (class, value, try) */
static void prf(const struct redactor *r, int cls, const char *canon, int try, int j,
		unsigned char out[32])
{
	char *data = xasprintf("%c:%s#%d/%d", cls, canon, try, j);
	unsigned int n = 32;

	if (!HMAC(EVP_sha256(), r->key, (int)r->keylen, (const unsigned char *)data, strlen(data),
		  out, &n))
		memset(out, 0, 32);	/* OpenSSL cannot fail here short of memory */
	free(data);
}

static char *hexs(const unsigned char *b, size_t n)
{
	char *s = xmalloc(2 * n + 1);

	for (size_t i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", b[i]);
	return s;
}

/* prefix, n bytes of h in hex, suffix */
static char *tagged(const char *prefix, const unsigned char *h, size_t n, const char *suffix)
{
	char *a = hexs(h, n), *s = xasprintf("%s%s%s", prefix, a, suffix);

	free(a);
	return s;
}

static const char *pseudonym(struct redactor *r, int cls, const char *canon);

/* the pseudonym of canon in its class, made for try */
static char *make(struct redactor *r, int cls, const char *canon, int try)
{
	unsigned char h[32];
	char *a, *s;
	size_t n;

	prf(r, cls, canon, try, 0, h);
	switch (cls) {
	case C_HOST:
		return tagged("host-", h, 4, "");
	case C_DOMAIN:
		return tagged("dom-", h, 4, ".example");
	case C_FQDN: {
		/* the first label as a hostname, the rest as a domain */
		const char *dot = strchr(canon, '.');
		char *label = xstrndup(canon, (size_t)(dot - canon));
		s = xasprintf("%s.%s", pseudonym(r, C_HOST, label), pseudonym(r, C_DOMAIN, dot + 1));
		free(label);
		if (try) {
			/* two names whose labels and domains collide: tell them apart */
			a = s;
			s = xasprintf("%s-%d", a, try);
			free(a);
		}
		return s;
	}
	case C_SERIAL:
		return tagged("serial-", h, 4, "");
	case C_KEY:
		return tagged("key-", h, 6, "");
	case C_MACHINE:
	case C_UUID:
		h[6] = (unsigned char)((h[6] & 0x0f) | 0x40);	/* RFC 9562: version 4 */
		h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);	/* the variant */
		a = hexs(h, 16);
		if (cls == C_MACHINE)
			return a;
		s = xasprintf("%.8s-%.4s-%.4s-%.4s-%.12s", a, a + 8, a + 12, a + 16, a + 20);
		free(a);
		return s;
	case C_MAC:
		return xasprintf("02:%02x:%02x:%02x:%02x:%02x", h[0], h[1], h[2], h[3], h[4]);
	case C_IP4:
		return xasprintf("10.%u.%u.%u", h[0], h[1], 1u + h[2] % 254u);
	case C_IP6: {
		unsigned char ip[16];
		char txt[INET6_ADDRSTRLEN];
		if (inet_pton(AF_INET6, canon, ip) != 1)
			memset(ip, 0, sizeof(ip));
		if (ip[0] == 0xfe && (ip[1] & 0xc0) == 0x80) {
			/* link-local stays link-local */
			memset(ip, 0, 8);
			ip[0] = 0xfe;
			ip[1] = 0x80;
			memcpy(ip + 8, h, 8);
		} else {
			ip[0] = 0x20;
			ip[1] = 0x01;
			ip[2] = 0x0d;
			ip[3] = 0xb8;
			memcpy(ip + 4, h, 12);
		}
		inet_ntop(AF_INET6, ip, txt, sizeof(txt));
		return xstrdup(txt);
	}
	default:
		/* C_ID: the same shape, each digit and letter drawn anew */
		n = strlen(canon);
		s = xstrdup(canon);
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)canon[i], v;
			if (i % 32 == 0 && i)
				prf(r, cls, canon, try, (int)(i / 32), h);
			v = h[i % 32];
			if (isdigit(c))
				s[i] = (char)('0' + v % 10);
			else if (c >= 'a' && c <= 'f')
				s[i] = (char)('a' + v % 6);
			else if (isalpha(c))
				s[i] = (char)('a' + v % 26);
		}
		return s;
	}
}

static size_t entry_new(struct redactor *r, char *pseudo)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->e = xrealloc(r->e, r->cap * sizeof(*r->e));
	}
	r->e[r->n] = (struct entry){ NULL, 0, pseudo, SMAP_NONE };
	return r->n++;
}

/*
 * The pseudonym of canon (lower case, canonical) in class cls: made once,
 * then remembered.  Borrowed: it lives as long as r.
 */
static const char *pseudonym(struct redactor *r, int cls, const char *canon)
{
	char *mk = xasprintf("%c%s", cls, canon), *p = NULL;
	size_t i = smap_get(&r->memo, mk);
	int try;

	if (i != SMAP_NONE) {
		free(mk);
		return r->e[i].pseudo;
	}
	for (try = 0; try < TRIES_MAX; try++) {
		p = make(r, cls, canon, try);
		lower(p);
		if (smap_get(&r->used, p) == SMAP_NONE &&
		    (smap_get(&r->reserved, p) == SMAP_NONE || !strcmp(p, canon)))
			break;
		free(p);
		p = NULL;
	}
	if (!p)
		p = make(r, cls, canon, 0);	/* a space this full shares: still no original */
	i = entry_new(r, p);
	smap_put(&r->memo, mk, i);
	smap_put(&r->used, p, i);
	free(mk);
	return p;
}

/* ---- shapes: addresses and identifiers in any text ---- */

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : -1;
}

static int word_end(const char *s, size_t i, size_t len)
{
	return i >= len || !isalnum((unsigned char)s[i]);
}

/* the n hex digits at s+i; 1 if all are */
static int hex_run(const char *s, size_t i, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (hexval((unsigned char)s[i + k]) < 0)
			return 0;
	return 1;
}

static int has_upper(const char *s, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (isupper((unsigned char)s[k]))
			return 1;
	return 0;
}

/* appends p, in upper case when the original was */
static void add_cased(struct buf *out, const char *p, int upper)
{
	for (; *p; p++)
		buf_addc(out, upper ? (char)toupper((unsigned char)*p) : *p);
}

static int all_zero_hex(const char *s, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (s[k] != '0' && s[k] != '-' && s[k] != ':')
			return 0;
	return 1;
}

/* 8-4-4-4-12 hex digits */
static size_t uuid_at(const char *s, size_t i, size_t len)
{
	static const size_t dash[] = { 8, 13, 18, 23 };

	if (len - i < 36)
		return 0;
	for (size_t k = 0; k < 4; k++)
		if (s[i + dash[k]] != '-')
			return 0;
	if (!hex_run(s, i, 8) || !hex_run(s, i + 9, 4) || !hex_run(s, i + 14, 4) ||
	    !hex_run(s, i + 19, 4) || !hex_run(s, i + 24, 12) || !word_end(s, i + 36, len))
		return 0;
	return 36;
}

/* six hex pairs separated by ':' (or all by '-') */
static size_t mac_at(const char *s, size_t i, size_t len)
{
	char sep;

	if (len - i < 17)
		return 0;
	sep = s[i + 2];
	if (sep != ':' && sep != '-')
		return 0;
	for (size_t k = 0; k < 6; k++)
		if (!hex_run(s, i + 3 * k, 2) || (k < 5 && s[i + 3 * k + 2] != sep))
			return 0;
	if (!word_end(s, i + 17, len) || (i + 17 < len && s[i + 17] == sep))
		return 0;
	return 17;
}

/* a dotted quad, not inside a longer dotted run of numbers (a version) */
static size_t ip4_at(const char *s, size_t i, size_t len, unsigned char q[4])
{
	size_t k = i;

	if (i > 0 && s[i - 1] == '.')
		return 0;
	for (int o = 0; o < 4; o++) {
		unsigned v = 0, d = 0;
		if (o) {
			if (k >= len || s[k] != '.')
				return 0;
			k++;
		}
		while (k < len && isdigit((unsigned char)s[k]) && d < 3) {
			v = v * 10 + (unsigned)(s[k] - '0');
			k++;
			d++;
		}
		if (!d || v > 255)
			return 0;
		q[o] = (unsigned char)v;
	}
	if (k < len && (isalnum((unsigned char)s[k]) ||
			(s[k] == '.' && k + 1 < len && isdigit((unsigned char)s[k + 1]))))
		return 0;
	return k - i;
}

/* an IPv6 address (inet_pton's grammar), two colons at least */
static size_t ip6_at(const char *s, size_t i, size_t len, unsigned char ip[16])
{
	char tmp[INET6_ADDRSTRLEN + 1];
	size_t n = 0, colons = 0;

	while (i + n < len && n < INET6_ADDRSTRLEN &&
	       (isxdigit((unsigned char)s[i + n]) || s[i + n] == ':' || s[i + n] == '.')) {
		colons += s[i + n] == ':';
		n++;
	}
	if (colons < 2 || !word_end(s, i + n, len))
		return 0;
	/* a sentence's colon or full stop after the address is not part of it */
	for (; n > 2; n--) {
		memcpy(tmp, s + i, n);
		tmp[n] = 0;
		if (inet_pton(AF_INET6, tmp, ip) == 1)
			return n;
		if (s[i + n - 1] != ':' && s[i + n - 1] != '.')
			return 0;
	}
	return 0;
}

static int ip4_kept(const unsigned char q[4])
{
	return q[0] == 0 || q[0] == 127 || (q[0] == 169 && q[1] == 254) || q[0] >= 224;
}

/* a shape at s+i: its length, with its pseudonym appended to out; else 0 */
static size_t shape_at(struct redactor *r, const char *s, size_t i, size_t len, struct buf *out)
{
	unsigned char q[16];
	char canon[INET6_ADDRSTRLEN];
	size_t n;

	if ((n = uuid_at(s, i, len))) {
		if (all_zero_hex(s + i, n))
			return 0;
		memcpy(canon, s + i, n);
		canon[n] = 0;
		lower(canon);
		add_cased(out, pseudonym(r, C_UUID, canon), has_upper(s + i, n));
		return n;
	}
	if ((n = mac_at(s, i, len))) {
		char p[18];
		if (all_zero_hex(s + i, n) || !strncasecmp(s + i, "ff:ff:ff:ff:ff:ff", n) ||
		    !strncasecmp(s + i, "ff-ff-ff-ff-ff-ff", n))
			return 0;
		for (size_t k = 0; k < 6; k++)
			snprintf(canon + 3 * k, 4, "%02x:", hexval((unsigned char)s[i + 3 * k]) * 16 +
				 hexval((unsigned char)s[i + 3 * k + 1]));
		canon[17] = 0;
		snprintf(p, sizeof(p), "%s", pseudonym(r, C_MAC, canon));
		for (size_t k = 2; k < 17; k += 3)
			p[k] = s[i + 2];	/* the original's separator */
		add_cased(out, p, has_upper(s + i, n));
		return n;
	}
	if (len - i >= 32 && hex_run(s, i, 32) && word_end(s, i + 32, len)) {
		if (all_zero_hex(s + i, 32))
			return 0;
		memcpy(canon, s + i, 32);
		canon[32] = 0;
		lower(canon);
		add_cased(out, pseudonym(r, C_MACHINE, canon), has_upper(s + i, 32));
		return 32;
	}
	if ((n = ip6_at(s, i, len, q))) {
		static const unsigned char v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
		if (!memcmp(q, v4mapped, 12)) {
			if (ip4_kept(q + 12))
				return 0;
			snprintf(canon, sizeof(canon), "%u.%u.%u.%u", q[12], q[13], q[14], q[15]);
			buf_addf(out, "::ffff:%s", pseudonym(r, C_IP4, canon));
			return n;
		}
		/* unspecified, loopback, multicast */
		if (q[0] == 0xff || (!memcmp(q, v4mapped, 10) && q[10] == 0 && q[11] == 0 &&
				     q[12] == 0 && q[13] == 0 && q[14] == 0 && q[15] <= 1))
			return 0;
		inet_ntop(AF_INET6, q, canon, sizeof(canon));
		add_cased(out, pseudonym(r, C_IP6, canon), has_upper(s + i, n));
		return n;
	}
	if ((n = ip4_at(s, i, len, q))) {
		if (ip4_kept(q))
			return 0;
		snprintf(canon, sizeof(canon), "%u.%u.%u.%u", q[0], q[1], q[2], q[3]);
		buf_adds(out, pseudonym(r, C_IP4, canon));
		return n;
	}
	return 0;
}

/* ---- the dictionary: values of the identifying columns ---- */

static int word_char(int c)
{
	return isalnum(c) || c == '.' || c == '-' || c == '_';
}

/* the dictionary value at s+i, longest first: its length and entry; else 0 */
static size_t word_at(struct redactor *r, const char *s, size_t i, size_t len, size_t *which)
{
	char w[WORD_MAX + 1];
	size_t n = 0;

	while (i + n < len && n < WORD_MAX && word_char((unsigned char)s[i + n])) {
		w[n] = (char)tolower((unsigned char)s[i + n]);
		n++;
	}
	/* the whole run, then shorter at each '.', '-' or '_' */
	for (; n > 0; n--) {
		size_t best = 0, e;
		if (n < WORD_MAX && i + n < len && word_char((unsigned char)s[i + n]) &&
		    isalnum((unsigned char)s[i + n]))
			continue;
		w[n] = 0;
		for (e = smap_get(&r->words, w); e != SMAP_NONE; e = r->e[e].next)
			if (r->e[e].len <= len - i && r->e[e].len > best &&
			    !strncasecmp(s + i, r->e[e].orig, r->e[e].len) &&
			    word_end(s, i + r->e[e].len, len)) {
				best = r->e[e].len;
				*which = e;
			}
		if (best)
			return best;
	}
	return 0;
}

/* values that name nothing in particular */
static int placeholder(const char *v)
{
	static const char *const junk[] = {
		"localhost", "localhost.localdomain", "localhost6", "localhost6.localdomain6",
		"localdomain", "(none)", "none", "null", "unknown", "default string", "not specified",
		"not applicable", "to be filled by o.e.m.", "system serial number", "0123456789",
		"123456789", "chassis serial number", "invalid", "empty", NULL
	};

	for (const char *const *j = junk; *j; j++)
		if (!strcasecmp(v, *j))
			return 1;
	return 0;
}

/* dictionary entry for v (trimmed copy), with the pseudonym p */
static void dict_add(struct redactor *r, const char *v, const char *p)
{
	char w[WORD_MAX + 1], *lc;
	size_t n = 0, i, head;

	while (v[n] && n < WORD_MAX && word_char((unsigned char)v[n])) {
		w[n] = (char)tolower((unsigned char)v[n]);
		n++;
	}
	w[n] = 0;
	lc = xstrdup(v);
	lower(lc);
	/* already there, under another class: the first one stands */
	if (smap_get(&r->whole, lc) != SMAP_NONE) {
		free(lc);
		return;
	}
	i = entry_new(r, xstrdup(p));
	r->e[i].orig = xstrdup(v);
	r->e[i].len = strlen(v);
	smap_put(&r->whole, lc, i);
	free(lc);
	/* a value that starts with no word (a --host-id of '-2+3') is found whole only */
	if (!n)
		return;
	head = smap_get(&r->words, w);
	r->e[i].next = head;
	smap_put(&r->words, w, i);
}

/* a value whose whole is a shape that shape_at redacts anyway */
static int whole_shape(struct redactor *r, const char *v)
{
	struct buf b = BUF_INIT;
	size_t len = strlen(v), n = shape_at(r, v, 0, len, &b);

	buf_release(&b);
	return n == len;
}

static void collect_value(struct redactor *r, int cls, const char *raw)
{
	char *v, *canon;
	size_t n;

	if (!raw)
		return;
	while (isspace((unsigned char)*raw))
		raw++;
	v = xstrdup(raw);
	n = strlen(v);
	while (n && (isspace((unsigned char)v[n - 1]) || (cls == C_HOST && v[n - 1] == '.')))
		v[--n] = 0;
	/* too short or generic to name anything; a shape is redacted as one anyway */
	if (n < 2 || placeholder(v) || whole_shape(r, v)) {
		free(v);
		return;
	}
	canon = xstrdup(v);
	lower(canon);
	if (cls == C_HOST && strchr(canon, '.')) {
		char *dot = strchr(canon, '.');
		char *label = xstrndup(canon, (size_t)(dot - canon));
		if (strlen(label) >= 2 && !placeholder(label) && !placeholder(dot + 1)) {
			dict_add(r, label, pseudonym(r, C_HOST, label));
			if (strchr(dot + 1, '.'))
				dict_add(r, dot + 1, pseudonym(r, C_DOMAIN, dot + 1));
			dict_add(r, v, pseudonym(r, C_FQDN, canon));
		}
		free(label);
	} else if (cls == C_UUID || cls == C_MACHINE) {
		/* not of its shape (whole_shape above): an identifier as it is */
		dict_add(r, v, pseudonym(r, C_ID, canon));
	} else {
		dict_add(r, v, pseudonym(r, cls, canon));
	}
	free(canon);
	free(v);
}

/*
 * The identifying columns, gathered before any text is redacted; hosts
 * first, so that a host key that is a hostname takes the hostname's
 * pseudonym.
 */
static const struct {
	int cls;
	const char *sql;
} collect[] = {
	{ C_HOST, "SELECT hostname FROM identity UNION SELECT fqdn FROM identity" },
	{ C_HOST, "SELECT name FROM dns_names UNION SELECT client_name FROM dependencies"
		  " UNION SELECT server_name FROM dependencies" },
	{ C_MACHINE, "SELECT machine_id FROM identity" },
	{ C_SERIAL, "SELECT dmi_serial FROM hardware UNION SELECT serial FROM disks" },
	{ C_UUID, "SELECT dmi_uuid FROM hardware" },
	{ C_ID, "SELECT pt_uuid FROM disks UNION SELECT fs_uuid FROM disks"
		" UNION SELECT part_uuid FROM partitions UNION SELECT fs_uuid FROM partitions"
		" UNION SELECT uuid FROM volumes UNION SELECT fs_uuid FROM volumes" },
	{ C_KEY, "SELECT host_key FROM hosts UNION SELECT alias_key FROM host_aliases"
		 " UNION SELECT host_key FROM group_members" },
};

/* the original addresses and names of the store, which no pseudonym may be */
static const char reserved_sql[] =
	"SELECT address FROM nic_addresses UNION SELECT a_ip FROM flows UNION SELECT b_ip FROM flows"
	" UNION SELECT local_ip FROM sockets UNION SELECT remote_ip FROM sockets"
	" UNION SELECT address FROM dns_names UNION SELECT client_ip FROM dependencies"
	" UNION SELECT server_ip FROM dependencies UNION SELECT ip FROM group_members"
	" UNION SELECT mac FROM nics";

static int gather(struct redactor *r, sqlite3 *db)
{
	sqlite3_stmt *st = db_prepare(db, reserved_sql);

	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *v = xstrdup(db_col_text(st, 0) ? db_col_text(st, 0) : "");
		unsigned char ip[16];
		char canon[INET6_ADDRSTRLEN];
		lower(v);
		if (inet_pton(AF_INET6, v, ip) == 1 && inet_ntop(AF_INET6, ip, canon, sizeof(canon)))
			smap_put(&r->reserved, canon, 0);
		smap_put(&r->reserved, v, 0);
		free(v);
	}
	sqlite3_finalize(st);
	/* every original reserved first, then the pseudonyms made */
	for (int pass = 0; pass < 2; pass++)
		for (size_t c = 0; c < sizeof(collect) / sizeof(collect[0]); c++) {
			st = db_prepare(db, collect[c].sql);
			if (!st)
				return -1;
			while (sqlite3_step(st) == SQLITE_ROW) {
				char *v;
				if (!db_col_text(st, 0))
					continue;
				if (pass) {
					collect_value(r, collect[c].cls, db_col_text(st, 0));
					continue;
				}
				v = xstrdup(db_col_text(st, 0));
				lower(v);
				smap_put(&r->reserved, v, 0);
				free(v);
			}
			sqlite3_finalize(st);
		}
	return 0;
}

/* ---- redacting text ---- */

static void redact_text(struct redactor *r, const char *s, size_t len, struct buf *out);

static json_t *redact_json(struct redactor *r, json_t *v)
{
	struct buf b = BUF_INIT;
	json_t *o;
	const char *k;
	size_t i;
	json_t *x;

	switch (json_typeof(v)) {
	case JSON_STRING:
		redact_text(r, json_string_value(v), json_string_length(v), &b);
		o = json_stringn(b.data ? b.data : "", b.len);
		buf_release(&b);
		return o ? o : json_string("");
	case JSON_ARRAY:
		o = json_array();
		json_array_foreach(v, i, x)
			json_array_append_new(o, redact_json(r, x));
		return o;
	case JSON_OBJECT:
		o = json_object();
		json_object_foreach(v, k, x) {
			redact_text(r, k, strlen(k), &b);
			json_object_set_new(o, b.data ? b.data : "", redact_json(r, x));
			buf_clear(&b);
		}
		buf_release(&b);
		return o;
	default:
		return json_incref(v);
	}
}

static void redact_text(struct redactor *r, const char *s, size_t len, struct buf *out)
{
	size_t i = 0, n, e;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		int start = i == 0 || !isalnum((unsigned char)s[i - 1]);

		if (start && (isalnum(c) || (c == ':' && i + 1 < len && s[i + 1] == ':' &&
					     (i == 0 || s[i - 1] != ':')))) {
			if ((n = shape_at(r, s, i, len, out))) {
				i += n;
				continue;
			}
			if (isalnum(c) && (n = word_at(r, s, i, len, &e))) {
				buf_adds(out, r->e[e].pseudo);
				i += n;
				continue;
			}
		}
		buf_addc(out, (char)c);
		i++;
	}
}

/* premig_redact(X): X's text redacted; any other value as it is */
static void sql_redact(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct redactor *r = sqlite3_user_data(ctx);
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	size_t len = (size_t)sqlite3_value_bytes(argv[0]);
	json_t *j = NULL;

	(void)argc;
	if (sqlite3_value_type(argv[0]) != SQLITE_TEXT || !s) {
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	buf_clear(&r->scratch);
	if (len <= WORD_MAX) {
		/* a value of the dictionary, whole (a host key in its column) */
		size_t e;
		buf_add(&r->scratch, s, len);
		lower(r->scratch.data);
		e = smap_get(&r->whole, r->scratch.data);
		buf_clear(&r->scratch);
		if (e != SMAP_NONE) {
			sqlite3_result_text(ctx, r->e[e].pseudo, -1, SQLITE_TRANSIENT);
			return;
		}
	}
	if ((s[0] == '[' || s[0] == '{') && (j = json_loadb(s, len, 0, NULL))) {
		json_t *red = redact_json(r, j);
		char *d = json_dumps(red, JSON_COMPACT | JSON_ENCODE_ANY);
		json_decref(j);
		json_decref(red);
		if (d) {
			sqlite3_result_text(ctx, d, -1, free);
			return;
		}
	}
	redact_text(r, s, len, &r->scratch);
	sqlite3_result_text(ctx, r->scratch.data ? r->scratch.data : "", (int)r->scratch.len,
			    SQLITE_TRANSIENT);
}

/*
 * Columns left as they are: vocabularies of premig and of the software,
 * not of the host (a package named like a host stays a package name; a GPT
 * partition type GUID is not an identifier), and the rule packs' text.
 * "table." keeps the whole table.
 */
static const char *const keep[] = {
	"assessments.", "assessment_packs.", "assessment_rules.", "dependency_analysis.",
	"packages.", "kernel_drivers.",
	"os.id", "os.id_like", "os.family", "os.version_id", "os.version", "os.codename", "os.name",
	"kernel.release", "kernel.version", "kernel.arch",
	"collector_runs.collector", "collector_runs.status",
	"findings.profile", "findings.rule_id", "findings.severity", "findings.status",
	"verdicts.profile", "verdicts.verdict",
	"scans.started_at", "scans.finished_at", "scans.premig_version", "scans.mode", "scans.status",
	"hosts.key_source", "hosts.first_seen", "host_aliases.key_source", "host_aliases.first_seen",
	"host_aliases.folded_at", "partitions.type", "partitions.type_name",
	"services.manager", "services.type", "services.state", "package_dbs.kind", "package_dbs.status",
	"sockets.proto", "sockets.kind", "sockets.state", "flows.proto",
	"dependencies.protocol", "dependencies.method", "dependencies.confidence",
	"dependencies.service", NULL
};

static int kept(const char *table, const char *col)
{
	size_t tl = strlen(table);

	for (const char *const *k = keep; *k; k++)
		if (!strncmp(*k, table, tl) && (*k)[tl] == '.' &&
		    (!(*k)[tl + 1] || !strcmp(*k + tl + 1, col)))
			return 1;
	return 0;
}

/* one UPDATE per table over its text columns (names from the schema, quoted) */
static int redact_tables(sqlite3 *db)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT m.name, p.name FROM sqlite_schema m JOIN pragma_table_info(m.name) p"
		" WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND p.type NOT LIKE 'INT%'"
		" ORDER BY m.name, p.cid");
	struct buf sql = BUF_INIT;
	char *table = NULL;
	int rc = 0, any = 0;

	if (!st)
		return -1;
	for (;;) {
		int row = sqlite3_step(st) == SQLITE_ROW;
		const char *t = row ? db_col_text(st, 0) : NULL, *c = row ? db_col_text(st, 1) : NULL;

		if (table && (!row || strcmp(t, table))) {
			if (any && sqlite3_exec(db, sql.data, NULL, NULL, NULL) != SQLITE_OK) {
				rc = scan_error("report: --redact: cannot redact table '%s': %s", table,
						sqlite3_errmsg(db));
				break;
			}
			free(table);
			table = NULL;
		}
		if (!row)
			break;
		if (!table) {
			char *q = sqlite3_mprintf("UPDATE \"%w\" SET ", t);
			table = xstrdup(t);
			buf_clear(&sql);
			buf_adds(&sql, q);
			sqlite3_free(q);
			any = 0;
		}
		if (!kept(t, c)) {
			char *q = sqlite3_mprintf("%s\"%w\" = premig_redact(\"%w\")", any ? ", " : "", c, c);
			buf_adds(&sql, q);
			sqlite3_free(q);
			any = 1;
		}
	}
	free(table);
	buf_release(&sql);
	sqlite3_finalize(st);
	return rc;
}

/* ---- the key ---- */

static int key_make(const char *path)
{
	unsigned char raw[KEY_NEW];
	char *hex;
	size_t got = 0;
	int fd, rc = 0, urandom = -1;

	while (got < sizeof(raw)) {
		ssize_t n = urandom < 0 ? getrandom(raw + got, sizeof(raw) - got, 0)
					: read(urandom, raw + got, sizeof(raw) - got);
		if (n < 0 && errno == ENOSYS && urandom < 0) {
			/* kernels before 3.17 have no getrandom(2): urandom(4) then */
			urandom = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
			if (urandom < 0)
				return scan_error_errno(errno, "report: --redact: cannot make a key: /dev/urandom");
			continue;
		}
		if (n == 0) {
			n = -1;
			errno = EIO;
		}
		if (n < 0 && errno != EINTR) {
			int e = errno;
			if (urandom >= 0)
				close(urandom);
			return scan_error_errno(e, "report: --redact: cannot make a key");
		}
		if (n > 0)
			got += (size_t)n;
	}
	if (urandom >= 0)
		close(urandom);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return scan_error_errno(errno, "report: --redact: cannot create the key '%s'", path);
	hex = hexs(raw, sizeof(raw));
	if (write(fd, hex, 2 * sizeof(raw)) != (ssize_t)(2 * sizeof(raw)) || write(fd, "\n", 1) != 1 ||
	    fsync(fd) < 0) {
		rc = scan_error_errno(errno, "report: --redact: cannot write the key '%s'", path);
		unlink(path);
	}
	if (close(fd) < 0 && rc == 0)
		rc = scan_error_errno(errno, "report: --redact: cannot write the key '%s'", path);
	free(hex);
	if (rc == 0)
		fprintf(stderr, "premig: report: a new redaction key is in '%s' (mode 0600): keep it"
			" private; --redact-key %s gives the same pseudonyms again\n", path, path);
	return rc;
}

/* the key: path's bytes, trailing white space left out; made when missing */
static int key_load(const char *path, unsigned char *key, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat sb;
	ssize_t n;
	size_t got = 0;

	if (fd < 0 && errno == ENOENT) {
		if (key_make(path) < 0)
			return -1;
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	}
	if (fd < 0)
		return scan_error_errno(errno, "report: --redact: cannot open the key '%s'", path);
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return scan_error("report: --redact: the key '%s' is not a regular file", path);
	}
	while ((n = read(fd, key + got, KEY_MAX + 1 - got)) > 0 && got < KEY_MAX + 1)
		got += (size_t)n;
	close(fd);
	if (n < 0)
		return scan_error_errno(errno, "report: --redact: cannot read the key '%s'", path);
	if (got > KEY_MAX)
		return scan_error("report: --redact: the key '%s' is larger than %d bytes", path, KEY_MAX);
	while (got && isspace(key[got - 1]))
		got--;
	if (got < KEY_MIN)
		return scan_error("report: --redact: the key '%s' is shorter than %d bytes (premig makes"
				  " 64 hex digits when the file does not exist)", path, KEY_MIN);
	*len = got;
	return 0;
}

/* ---- the copy ---- */

int report_redact(sqlite3 *db, const char *db_path, const char *key_path, sqlite3 **copy)
{
	unsigned char key[KEY_MAX + 1];
	struct redactor r = { 0 };
	sqlite3 *c = NULL;
	sqlite3_backup *b;
	char *defkey = NULL;
	int rc = -1;

	*copy = NULL;
	if (!key_path)
		key_path = defkey = xasprintf("%s.redact-key", db_path);
	if (key_load(key_path, key, &r.keylen) < 0)
		goto out;
	r.key = key;
	/* "": a private temporary database, in memory until it grows */
	if (sqlite3_open_v2("", &c, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		scan_error("report: --redact: cannot make a temporary database: %s",
			   c ? sqlite3_errmsg(c) : "out of memory");
		goto out;
	}
	b = sqlite3_backup_init(c, "main", db, "main");
	if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE) {
		scan_error("report: --redact: cannot copy the store: %s", sqlite3_errmsg(c));
		sqlite3_backup_finish(b);
		goto out;
	}
	if (sqlite3_backup_finish(b) != SQLITE_OK) {
		scan_error("report: --redact: cannot copy the store: %s", sqlite3_errmsg(c));
		goto out;
	}
	if (deps_refresh(c) < 0 || gather(&r, c) < 0)
		goto out;
	if (sqlite3_create_function(c, "premig_redact", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, &r,
				    sql_redact, NULL, NULL) != SQLITE_OK) {
		scan_error("report: --redact: %s", sqlite3_errmsg(c));
		goto out;
	}
	if (db_begin(c) < 0)
		goto out;
	if (redact_tables(c) < 0) {
		db_rollback(c);
		goto out;
	}
	if (db_commit(c) < 0)
		goto out;
	rc = 0;
out:
	if (c)
		sqlite3_create_function(c, "premig_redact", 1, SQLITE_UTF8, NULL, NULL, NULL, NULL);
	if (rc == 0)
		*copy = c;
	else
		sqlite3_close(c);
	for (size_t i = 0; i < r.n; i++) {
		free(r.e[i].orig);
		free(r.e[i].pseudo);
	}
	free(r.e);
	smap_release(&r.memo);
	smap_release(&r.words);
	smap_release(&r.whole);
	smap_release(&r.used);
	smap_release(&r.reserved);
	buf_release(&r.scratch);
	explicit_bzero(key, sizeof(key));
	free(defkey);
	return rc;
}
