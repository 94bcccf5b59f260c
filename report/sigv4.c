/*
 * sigv4.c - AWS Signature Version 4 (sigv4.h)
 *
 * Normative source: AWS General Reference, "Create a canonical request for
 * Signature Version 4", "Create a string to sign", "Calculate the
 * signature"; the test suite of the same pages (../shared/corpus/sigv4,
 * tests/cases/sigv4.sh).  HMAC-SHA256 and SHA-256 are OpenSSL's libcrypto.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "../scanner/buf.h"
#include "sigv4.h"
#include "../scanner/banned.h"

static const char hexdig[] = "0123456789abcdef";

static void hex_of(const unsigned char *md, size_t n, char *hex)
{
	for (size_t i = 0; i < n; i++) {
		hex[2 * i] = hexdig[md[i] >> 4];
		hex[2 * i + 1] = hexdig[md[i] & 15];
	}
	hex[2 * n] = '\0';
}

void sigv4_sha256_hex(const void *p, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (!EVP_Digest(p, len, md, &n, EVP_sha256(), NULL) || n != 32)
		memset(md, 0, n = 32);	/* libcrypto failed: a signature that fails, not a crash */
	hex_of(md, n, hex);
}

static void hmac(const void *key, size_t klen, const void *msg, size_t mlen, unsigned char out[32])
{
	unsigned int n = 0;

	if (!HMAC(EVP_sha256(), key, (int)klen, msg, mlen, out, &n) || n != 32)
		memset(out, 0, 32);
}

/* RFC 3986 unreserved characters are kept; everything else is %XX (upper case) */
static void uri_encode(struct buf *b, const char *s, size_t n, int keep_slash)
{
	static const char up[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~' || (keep_slash && c == '/')) {
			buf_addc(b, (char)c);
		} else {
			buf_addc(b, '%');
			buf_addc(b, up[c >> 4]);
			buf_addc(b, up[c & 15]);
		}
	}
}

/*
 * The canonical URI: RFC 3986 section 5.2.4 dot-segment removal with empty
 * segments dropped (the suite's normalize-path cases: "//example//" is
 * "/example/"), a trailing slash kept, each segment encoded once
 */
static void canonical_uri(struct buf *b, const char *path)
{
	size_t n = path ? strlen(path) : 0, nseg = 0;
	const char **seg = xcalloc(n / 2 + 2, sizeof(*seg));
	size_t *seglen = xcalloc(n / 2 + 2, sizeof(*seglen));
	int trailing = n > 0 && path[n - 1] == '/';
	size_t i = 0;

	while (i < n) {
		size_t j = i;
		while (j < n && path[j] != '/')
			j++;
		if (j == i || (j - i == 1 && path[i] == '.')) {
			;	/* empty or "." */
		} else if (j - i == 2 && path[i] == '.' && path[i + 1] == '.') {
			if (nseg)
				nseg--;
		} else {
			seg[nseg] = path + i;
			seglen[nseg++] = j - i;
		}
		i = j + 1;
	}
	/* "/a/.." ends with a directory: keep its slash as the suite does */
	if (n > 0 && !trailing) {
		const char *last = path + n;
		if ((n >= 2 && !memcmp(last - 2, "/.", 2)) || (n >= 3 && !memcmp(last - 3, "/..", 3)))
			trailing = 1;
	}
	for (size_t k = 0; k < nseg; k++) {
		buf_addc(b, '/');
		uri_encode(b, seg[k], seglen[k], 0);
	}
	if (!nseg || trailing)
		buf_addc(b, '/');
	free(seg);
	free(seglen);
}

struct qparam {
	char *key;	/* encoded */
	char *val;	/* encoded */
};

static int qparam_cmp(const void *a, const void *b)
{
	const struct qparam *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : strcmp(x->val, y->val);
}

/* name=value pairs sorted by encoded name, then value; "name" alone is "name=" */
static void canonical_query(struct buf *b, const char *q)
{
	size_t n = q ? strlen(q) : 0, np = 0, cap = 1;
	struct qparam *p;
	size_t i = 0;

	for (size_t k = 0; k < n; k++)
		cap += q[k] == '&';
	p = xcalloc(cap, sizeof(*p));
	while (i < n) {
		size_t j = i, eq;
		struct buf k = BUF_INIT, v = BUF_INIT;
		while (j < n && q[j] != '&')
			j++;
		if (j > i) {
			for (eq = i; eq < j && q[eq] != '='; eq++)
				;
			uri_encode(&k, q + i, eq - i, 0);
			if (eq < j)
				uri_encode(&v, q + eq + 1, j - eq - 1, 0);
			p[np].key = buf_detach(&k);
			p[np++].val = buf_detach(&v);
		}
		i = j + 1;
	}
	qsort(p, np, sizeof(*p), qparam_cmp);
	for (size_t k = 0; k < np; k++) {
		buf_addf(b, "%s%s=%s", k ? "&" : "", p[k].key, p[k].val);
		free(p[k].key);
		free(p[k].val);
	}
	free(p);
}

struct chdr {
	char *name;	/* lower case */
	size_t order;	/* position in the request: duplicates keep their order */
	const char *value;
};

static int chdr_cmp(const void *a, const void *b)
{
	const struct chdr *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->order < y->order ? -1 : x->order > y->order);
}

/* a value with leading and trailing blanks removed and inner runs folded to one space */
static void add_trimmed(struct buf *b, const char *v)
{
	int blank = 0, any = 0;

	for (; *v; v++) {
		if (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n') {
			blank = 1;
			continue;
		}
		if (blank && any)
			buf_addc(b, ' ');
		blank = 0;
		any = 1;
		buf_addc(b, *v);
	}
}

static int is_amz_date(const char *d)
{
	if (!d || strlen(d) != 16 || d[8] != 'T' || d[15] != 'Z')
		return 0;
	for (int i = 0; i < 15; i++)
		if (i != 8 && (d[i] < '0' || d[i] > '9'))
			return 0;
	return 1;
}

int sigv4_sign(const struct sigv4_request *rq, const struct sigv4_key *k,
	       const char *amz_date, struct sigv4_result *out)
{
	struct buf creq = BUF_INIT, sh = BUF_INIT, sts = BUF_INIT, tmp = BUF_INIT;
	struct chdr *h;
	char hex[65], date[9];
	unsigned char kd[32], kr[32], ks[32], kn[32], sig[32];

	memset(out, 0, sizeof(*out));
	if (!is_amz_date(amz_date))
		return -1;
	for (size_t i = 0; i < rq->nheaders; i++)
		if (!rq->headers[i].name || !*rq->headers[i].name)
			return -1;
	memcpy(date, amz_date, 8);
	date[8] = '\0';

	buf_addf(&creq, "%s\n", rq->method);
	canonical_uri(&creq, rq->path);
	buf_addc(&creq, '\n');
	canonical_query(&creq, rq->query);
	buf_addc(&creq, '\n');

	h = xcalloc(rq->nheaders + 1, sizeof(*h));
	for (size_t i = 0; i < rq->nheaders; i++) {
		h[i].name = xstrdup(rq->headers[i].name);
		for (char *c = h[i].name; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		h[i].order = i;
		h[i].value = rq->headers[i].value ? rq->headers[i].value : "";
	}
	qsort(h, rq->nheaders, sizeof(*h), chdr_cmp);
	for (size_t i = 0; i < rq->nheaders; i++) {
		int same = i > 0 && !strcmp(h[i].name, h[i - 1].name);
		if (same) {
			buf_addc(&creq, ',');
		} else {
			if (i > 0)
				buf_addc(&creq, '\n');
			buf_addf(&creq, "%s:", h[i].name);
			buf_addf_sep(&sh, ";", "%s", h[i].name);
		}
		add_trimmed(&creq, h[i].value);
	}
	if (rq->nheaders)
		buf_addc(&creq, '\n');
	for (size_t i = 0; i < rq->nheaders; i++)
		free(h[i].name);
	free(h);
	buf_addf(&creq, "\n%s\n", sh.data);
	sigv4_sha256_hex(rq->body ? rq->body : "", rq->body ? rq->body_len : 0, hex);
	buf_adds(&creq, hex);

	sigv4_sha256_hex(creq.data, creq.len, hex);
	buf_addf(&sts, "AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s",
		 amz_date, date, k->region, k->service, hex);

	buf_addf(&tmp, "AWS4%s", k->secret_key);
	hmac(tmp.data, tmp.len, date, strlen(date), kd);
	/* the secret's copy is wiped before it is freed, as the keys below */
	if (tmp.data)
		OPENSSL_cleanse(tmp.data, tmp.alloc);
	buf_release(&tmp);
	hmac(kd, 32, k->region, strlen(k->region), kr);
	hmac(kr, 32, k->service, strlen(k->service), ks);
	hmac(ks, 32, "aws4_request", 12, kn);
	hmac(kn, 32, sts.data, sts.len, sig);
	hex_of(sig, 32, hex);
	/* the key material is the secret's: do not leave it on the stack */
	OPENSSL_cleanse(kd, sizeof(kd));
	OPENSSL_cleanse(kr, sizeof(kr));
	OPENSSL_cleanse(ks, sizeof(ks));
	OPENSSL_cleanse(kn, sizeof(kn));

	buf_addf(&tmp, "AWS4-HMAC-SHA256 Credential=%s/%s/%s/%s/aws4_request, SignedHeaders=%s, Signature=%s",
		 k->access_key, date, k->region, k->service, sh.data, hex);
	buf_release(&sh);
	out->canonical_request = buf_detach(&creq);
	out->string_to_sign = buf_detach(&sts);
	out->authorization = buf_detach(&tmp);
	return 0;
}

void sigv4_result_release(struct sigv4_result *r)
{
	if (!r)
		return;
	free(r->canonical_request);
	free(r->string_to_sign);
	free(r->authorization);
	memset(r, 0, sizeof(*r));
}
