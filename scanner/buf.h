/*
 * buf.h - a growable, always NUL-terminated byte buffer
 *
 * Invariants: after buf_init() .data is never NULL (it points at a shared
 * empty string until the first growth) and .data[.len] == '\0'.  Write into
 * .data only through the functions below; buf_detach() is the only way to
 * take the memory.
 */
#ifndef PREMIG_BUF_H
#define PREMIG_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t alloc;
};

#define BUF_INIT { buf_empty, 0, 0 }
extern char buf_empty[];

void buf_init(struct buf *b);
/* frees the memory and leaves b as after buf_init() */
void buf_release(struct buf *b);
/* keeps the memory, sets the length to 0 */
void buf_clear(struct buf *b);
/* makes room for extra more bytes (plus the NUL); aborts on out of memory */
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* buf_addf, with sep first when b is not empty: lists such as "a; b; c" */
void buf_addf_sep(struct buf *b, const char *sep, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void buf_setlen(struct buf *b, size_t len);
/* removes trailing white space */
void buf_rtrim(struct buf *b);
/* returns the malloc'd string, owned by the caller; b is reset */
char *buf_detach(struct buf *b);

/*
 * xmalloc and friends abort with a message when memory runs out, or call
 * the handler set with xalloc_set_oom_handler() first, which may end the
 * process its own way (the scan's worker exits with a status that says
 * "out of memory" to its supervisor, watch.h)
 */
void xalloc_set_oom_handler(void (*fn)(size_t n));
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* a malloc'd printf; never NULL */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Blocks of up to 8 KiB rounded up to a power of two and, once freed with
 * kept_free, kept on a list per size for the next kept_malloc of that size
 * (at most 256 KiB of them a size), not handed back to malloc: for the
 * libraries that allocate and free many small blocks (SQLite) under
 * musl, whose malloc unmaps a group of blocks when its last block
 * is freed (db.c db_init).  Larger blocks are malloc's.  NULL when out of
 * memory (for the library to say so); one thread only.
 */
void *kept_malloc(size_t n);
void *kept_realloc(void *p, size_t n);	/* p not NULL */
void kept_free(void *p);
size_t kept_size(void *p);		/* what p can hold */
size_t kept_roundup(size_t n);		/* what kept_malloc(n) can hold */

#endif
