/*
 * buf.c - growable NUL-terminated buffers and checked allocation
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "banned.h"

char buf_empty[1];

static void (*oom_handler)(size_t n);

void xalloc_set_oom_handler(void (*fn)(size_t n))
{
	oom_handler = fn;
}

static void die_oom(size_t n)
{
	if (oom_handler)
		oom_handler(n);
	fprintf(stderr, "premig: out of memory (%zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die_oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die_oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		die_oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

void buf_init(struct buf *b)
{
	b->data = buf_empty;
	b->len = 0;
	b->alloc = 0;
}

void buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->data);
	buf_init(b);
}

void buf_clear(struct buf *b)
{
	buf_setlen(b, 0);
}

void buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need < b->len)
		die_oom(SIZE_MAX);
	if (need <= b->alloc)
		return;
	size_t n = b->alloc ? b->alloc : 64;
	while (n < need)
		n = n * 2 > n ? n * 2 : need;
	if (b->alloc) {
		b->data = xrealloc(b->data, n);
	} else {
		b->data = xmalloc(n);
		b->data[0] = '\0';
	}
	b->alloc = n;
}

void buf_setlen(struct buf *b, size_t len)
{
	if (!b->alloc) {
		/* the shared empty string is never written */
		if (len == 0)
			return;
		buf_grow(b, len);
	}
	b->len = len;
	b->data[len] = '\0';
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	if (!n)
		return;
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	buf_grow(b, 64);
	va_copy(cp, ap);
	n = vsnprintf(b->data + b->len, b->alloc - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= b->alloc - b->len) {
		buf_grow(b, (size_t)n);
		va_copy(cp, ap);
		vsnprintf(b->data + b->len, b->alloc - b->len, fmt, cp);
		va_end(cp);
	}
	b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_addf_sep(struct buf *b, const char *sep, const char *fmt, ...)
{
	va_list ap;

	if (b->len)
		buf_adds(b, sep);
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_rtrim(struct buf *b)
{
	size_t n = b->len;

	while (n && (b->data[n - 1] == ' ' || b->data[n - 1] == '\t' ||
		     b->data[n - 1] == '\n' || b->data[n - 1] == '\r'))
		n--;
	buf_setlen(b, n);
}

char *buf_detach(struct buf *b)
{
	char *p = b->alloc ? b->data : xstrdup("");

	buf_init(b);
	return p;
}

/* ---- kept blocks (buf.h) ---- */

#define KEPT_HDR 16			/* keeps 16-byte alignment */
#define KEPT_MIN_SHIFT 4		/* 16 bytes */
#define KEPT_CLASSES 10			/* 16 bytes to 8 KiB */
#define KEPT_BIG 0xff			/* a block past the classes: malloc's own */
#define KEPT_KEEP (256u << 10)		/* bytes of freed blocks kept per class */

struct kept_block {
	struct kept_block *next;
};

static struct {
	struct kept_block *free[KEPT_CLASSES];
	size_t nfree[KEPT_CLASSES];
} kept;

static unsigned int kept_class(size_t n)
{
	unsigned int c = 0;

	while (c < KEPT_CLASSES && ((size_t)1 << (c + KEPT_MIN_SHIFT)) < n)
		c++;
	return c;
}

/* the header: the class and, for a big block, its size */
static unsigned char *kept_hdr(void *p)
{
	return (unsigned char *)p - KEPT_HDR;
}

void *kept_malloc(size_t n)
{
	unsigned int c = kept_class(n);
	unsigned char *h;

	if (c < KEPT_CLASSES && kept.free[c]) {
		struct kept_block *f = kept.free[c];
		kept.free[c] = f->next;
		kept.nfree[c]--;
		return f;
	}
	if (n > SIZE_MAX - KEPT_HDR)
		return NULL;
	h = malloc(KEPT_HDR + (c < KEPT_CLASSES ? (size_t)1 << (c + KEPT_MIN_SHIFT) : n));
	if (!h)
		return NULL;
	h[0] = c < KEPT_CLASSES ? (unsigned char)c : KEPT_BIG;
	memcpy(h + 8, &n, sizeof(n));
	return h + KEPT_HDR;
}

size_t kept_size(void *p)
{
	unsigned char *h = kept_hdr(p);
	size_t n;

	if (h[0] != KEPT_BIG)
		return (size_t)1 << (h[0] + KEPT_MIN_SHIFT);
	memcpy(&n, h + 8, sizeof(n));
	return n;
}

size_t kept_roundup(size_t n)
{
	unsigned int c = kept_class(n);

	return c < KEPT_CLASSES ? (size_t)1 << (c + KEPT_MIN_SHIFT) : n;
}

void kept_free(void *p)
{
	unsigned char *h;
	unsigned int c;

	if (!p)
		return;
	h = kept_hdr(p);
	c = h[0];
	if (c != KEPT_BIG && kept.nfree[c] < (KEPT_KEEP >> (c + KEPT_MIN_SHIFT))) {
		struct kept_block *f = p;
		f->next = kept.free[c];
		kept.free[c] = f;
		kept.nfree[c]++;
		return;
	}
	free(h);
}

void *kept_realloc(void *p, size_t n)
{
	size_t old = kept_size(p);
	void *q;

	if (kept_hdr(p)[0] != KEPT_BIG && kept_class(n) == kept_hdr(p)[0])
		return p;
	if (kept_hdr(p)[0] == KEPT_BIG && kept_class(n) == KEPT_CLASSES) {
		unsigned char *h = n <= SIZE_MAX - KEPT_HDR ? realloc(kept_hdr(p), KEPT_HDR + n) : NULL;
		if (!h)
			return NULL;
		memcpy(h + 8, &n, sizeof(n));
		return h + KEPT_HDR;
	}
	q = kept_malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, old < n ? old : n);
	kept_free(p);
	return q;
}
