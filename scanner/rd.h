/*
 * rd.h - the one way premig reads untrusted bytes: a bounds-checked reader
 * with a sticky error (every decoder of collectors/lib, and the collectors
 * that read binary files)
 *
 * The discipline is tcpdump's (GET_BE_U_4 and friends: every access checks
 * the bounds first) without its longjmp: a read outside the buffer returns
 * 0 and sets r->err, which stays set; the decoder checks rd_ok() once
 * after a group of reads and says "truncated" instead of using zeros.
 *
 * Two ways to read, on one struct:
 *   at an offset     rd_le32(r, OFF)           (on-disk structures: name the
 *                                               offsets, GPT_HDR_ENTRIES_LBA)
 *   at the cursor    rd_next_le32(r)           (streams: cpio, rpm headers)
 *
 * Offsets and sizes read from input are combined only through
 * rd_add()/rd_mul() (checked: an overflow is an error, never a wrap).
 */
#ifndef PREMIG_RD_H
#define PREMIG_RD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct rd {
	const unsigned char *p;
	size_t len;
	size_t pos;	/* the cursor, for the rd_next_* family */
	int err;	/* sticky: some read fell outside p[0..len) */
};

static inline struct rd rd_make(const void *p, size_t len)
{
	struct rd r = { (const unsigned char *)p, p ? len : 0, 0, 0 };

	return r;
}

static inline int rd_ok(const struct rd *r)
{
	return !r->err;
}

/* are n bytes at off inside?  If not, the error is set */
static inline int rd_has(struct rd *r, size_t off, size_t n)
{
	if (off > r->len || r->len - off < n) {
		r->err = 1;
		return 0;
	}
	return 1;
}

/* the n bytes at off, or NULL (error set) */
static inline const unsigned char *rd_ptr(struct rd *r, size_t off, size_t n)
{
	return rd_has(r, off, n) ? r->p + off : NULL;
}

/* a reader of the n bytes at off; an empty one with its error set if outside */
static inline struct rd rd_sub(struct rd *r, size_t off, size_t n)
{
	const unsigned char *p = rd_ptr(r, off, n);
	struct rd s = rd_make(p, p ? n : 0);

	s.err = !p;
	return s;
}

static inline uint8_t rd_u8(struct rd *r, size_t off)
{
	return rd_has(r, off, 1) ? r->p[off] : 0;
}

static inline uint16_t rd_le16(struct rd *r, size_t off)
{
	const unsigned char *b = rd_ptr(r, off, 2);

	return b ? (uint16_t)(b[0] | (unsigned)b[1] << 8) : 0;
}

static inline uint32_t rd_le32(struct rd *r, size_t off)
{
	const unsigned char *b = rd_ptr(r, off, 4);

	return b ? (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
			   (uint32_t)b[3] << 24 : 0;
}

static inline uint64_t rd_le64(struct rd *r, size_t off)
{
	return rd_has(r, off, 8) ? (uint64_t)rd_le32(r, off) | (uint64_t)rd_le32(r, off + 4) << 32 : 0;
}

static inline uint16_t rd_be16(struct rd *r, size_t off)
{
	const unsigned char *b = rd_ptr(r, off, 2);

	return b ? (uint16_t)((unsigned)b[0] << 8 | b[1]) : 0;
}

static inline uint32_t rd_be32(struct rd *r, size_t off)
{
	const unsigned char *b = rd_ptr(r, off, 4);

	return b ? (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 |
			   (uint32_t)b[3] : 0;
}

static inline uint64_t rd_be64(struct rd *r, size_t off)
{
	return rd_has(r, off, 8) ? (uint64_t)rd_be32(r, off) << 32 | rd_be32(r, off + 4) : 0;
}

/* do the n bytes at off equal s? (0 and the error set when outside) */
static inline int rd_eq(struct rd *r, size_t off, const void *s, size_t n)
{
	const unsigned char *b = rd_ptr(r, off, n);

	return b && !memcmp(b, s, n);
}

/* copies n bytes at off into dst (zeros and the error set when outside) */
static inline void rd_copy(struct rd *r, size_t off, void *dst, size_t n)
{
	const unsigned char *b = rd_ptr(r, off, n);

	if (b)
		memcpy(dst, b, n);
	else
		memset(dst, 0, n);
}

/* ---- the cursor ---- */

static inline size_t rd_left(const struct rd *r)
{
	return r->pos <= r->len ? r->len - r->pos : 0;
}

static inline void rd_seek(struct rd *r, size_t pos)
{
	if (pos > r->len)
		r->err = 1;
	r->pos = pos > r->len ? r->len : pos;
}

/* moves the cursor n bytes on; the error set (and the cursor at the end) if outside */
static inline void rd_skip(struct rd *r, size_t n)
{
	if (rd_left(r) < n) {
		r->err = 1;
		r->pos = r->len;
		return;
	}
	r->pos += n;
}

/* the next n bytes, the cursor moved past them; NULL and the error set if outside */
static inline const unsigned char *rd_next(struct rd *r, size_t n)
{
	const unsigned char *b = rd_ptr(r, r->pos, n);

	rd_skip(r, n);
	return b;
}

#define RD_NEXT(type, fn, n)                                                \
	static inline type rd_next_##fn(struct rd *r)                       \
	{                                                                   \
		type v = rd_##fn(r, r->pos);                                \
		rd_skip(r, n);                                              \
		return v;                                                   \
	}
RD_NEXT(uint8_t, u8, 1)
RD_NEXT(uint16_t, le16, 2)
RD_NEXT(uint32_t, le32, 4)
RD_NEXT(uint64_t, le64, 8)
RD_NEXT(uint16_t, be16, 2)
RD_NEXT(uint32_t, be32, 4)
RD_NEXT(uint64_t, be64, 8)
#undef RD_NEXT

/* ---- checked arithmetic on values read from input ---- */

/* *out = a + b, or -1 when it does not fit in 64 bits */
static inline int rd_add(uint64_t a, uint64_t b, uint64_t *out)
{
	return __builtin_add_overflow(a, b, out) ? -1 : 0;
}

/* *out = a * b, or -1 when it does not fit in 64 bits */
static inline int rd_mul(uint64_t a, uint64_t b, uint64_t *out)
{
	return __builtin_mul_overflow(a, b, out) ? -1 : 0;
}

#endif
