/*
 * initramfs.c - streaming reader of initramfs images
 *
 * Normative sources: the kernel's buffer-format.rst and init/initramfs.c
 * (segments, zero padding, 4-byte alignment, TRAILER!!!), cpio(5) for the
 * newc header, the magic numbers of lib/decompress.c, and
 * lib/decompress_unlz4.c for lz4's legacy format (a magic, then blocks of
 * at most 8 MiB of data, each after its 4-byte little-endian compressed
 * size; a repeated magic starts a concatenated stream; no end marker).  The reader
 * follows the kernel's rules so that what it calls unreadable is what the
 * kernel would reject too:
 *
 *  - at the top level, zero bytes are padding, a '0' at a 4-byte aligned
 *    file offset starts an uncompressed cpio archive, and anything else
 *    must be the magic of a compressed stream;
 *  - a compressed stream holds cpio archives only (zero padding between
 *    them is allowed) and must end just after a TRAILER!!!;
 *  - after a compressed stream, the top level goes on at the next byte.
 *
 * The hot path is per buffer, not per byte: headers and names are copied
 * with memcpy, file bodies are skipped by arithmetic (and by lseek in
 * uncompressed archives), zero padding is skipped a word at a time.
 */
#include <bzlib.h>
#include <errno.h>
#include <lz4.h>
#include <lzma.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#define ZLIB_CONST
#include <zlib.h>
#include <zstd.h>

#include "initramfs.h"
#include "../../scanner/rd.h"
#include "../../scanner/banned.h"

#define IN_SIZE (256 * 1024)
#define OUT_SIZE (256 * 1024)
#define MAGIC_MAX 6
#define LZMA_MEMLIMIT ((uint64_t)256 << 20)
#define LZ4_LEGACY_MAGIC 0x184c2102u
#define LZ4_LEGACY_BLOCK (8u << 20)
#define LZ4_BLOCK_SIZE_LEN 4		/* lib/decompress_unlz4.c: get_unaligned_le32 */

/*
 * The newc header (buffer-format.rst, "cpio_file" and its table of
 * fields; cpio(5) "New ASCII Format"): a 6-byte magic, then thirteen
 * fields of 8 ASCII hex digits each, 110 bytes in all, the name after it.
 */
#define CPIO_NEWC_MAGIC "070701"
#define CPIO_NEWC_CRC_MAGIC "070702"	/* the same, with c_check a checksum */
#define CPIO_ODC_MAGIC "070707"		/* cpio(5) "Old Portable" (odc): the kernel reads none */
#define CPIO_MAGIC_LEN 6
enum cpio_newc {
	CPIO_NEWC_INO = 6,
	CPIO_NEWC_MODE = 14,
	CPIO_NEWC_UID = 22,
	CPIO_NEWC_GID = 30,
	CPIO_NEWC_NLINK = 38,
	CPIO_NEWC_MTIME = 46,
	CPIO_NEWC_FILESIZE = 54,
	CPIO_NEWC_DEVMAJOR = 62,
	CPIO_NEWC_DEVMINOR = 70,
	CPIO_NEWC_RDEVMAJOR = 78,
	CPIO_NEWC_RDEVMINOR = 86,
	CPIO_NEWC_NAMESIZE = 94,
	CPIO_NEWC_CHECK = 102,
	CPIO_HDR = 110,			/* the header's length */
	CPIO_NEWC_FIELD = 8,		/* hex digits per field */
};
#define CPIO_ALIGN 4			/* header+name and body each padded to 4 bytes */
#define CPIO_TRAILER "TRAILER!!!"

/* ---- the top-level reader: a window on the file ---- */

struct win {
	int fd;
	unsigned char *buf;
	size_t pos, len;	/* unread bytes are buf[pos..len) */
	uint64_t off;		/* file offset of buf[pos] */
	uint64_t size;		/* from fstat; 0 when unknown */
	int eof;
};

static size_t win_avail(const struct win *r)
{
	return r->len - r->pos;
}

static void win_consume(struct win *r, size_t n)
{
	r->pos += n;
	r->off += n;
}

/* moves the unread bytes to the front and reads until full or EOF */
static int win_fill(struct win *r)
{
	if (r->pos) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	while (r->len < IN_SIZE && !r->eof) {
		ssize_t n = read(r->fd, r->buf + r->len, IN_SIZE - r->len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			r->eof = 1;
		r->len += (size_t)n;
	}
	return 0;
}

/* ---- cpio newc, pushed a buffer at a time ---- */

enum { CP_HEAD, CP_NAME, CP_SKIP };

struct cpio {
	int state;
	int in_archive;		/* a header seen since the start or the last TRAILER!!! */
	int err;
	uint64_t off;		/* offset in the current stream, for alignment */
	const char *where;	/* "file" or "gzip data", for messages */
	size_t have;		/* header or name bytes gathered */
	uint32_t namesize, filesize, mode;
	uint64_t left;		/* bytes still to skip: padding and body */
	initramfs_entry_fn fn;
	void *arg;
	struct initramfs_info *info;
	unsigned char hdr[CPIO_HDR];
	char name[INITRAMFS_NAME_MAX + 1];
};

/* between archives: zero padding or a new archive may follow */
static int cpio_between(const struct cpio *c)
{
	return c->state == CP_HEAD && c->have == 0 && !c->in_archive;
}

static int cpio_fail(struct cpio *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int cpio_fail(struct cpio *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&c->info->reason, fmt, ap);
	va_end(ap);
	c->err = 1;
	return -1;
}

/* the 8 hex digits of a newc field at off, or -1 */
static int hex8(struct rd *h, size_t off, uint32_t *v)
{
	const unsigned char *p = rd_ptr(h, off, CPIO_NEWC_FIELD);
	uint32_t x = 0;

	if (!p)
		return -1;
	for (int k = 0; k < CPIO_NEWC_FIELD; k++) {
		unsigned int ch = p[k], d;
		if (ch >= '0' && ch <= '9')
			d = ch - '0';
		else if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f')
			d = (ch | 0x20) - 'a' + 10;
		else
			return -1;
		x = x << 4 | d;
	}
	*v = x;
	return 0;
}

/* the fields checked, in header order (every one must be hexadecimal) */
static const struct {
	const char *name;
	size_t off;
} newc_fields[] = {
	{ "ino", CPIO_NEWC_INO }, { "mode", CPIO_NEWC_MODE }, { "uid", CPIO_NEWC_UID },
	{ "gid", CPIO_NEWC_GID }, { "nlink", CPIO_NEWC_NLINK }, { "mtime", CPIO_NEWC_MTIME },
	{ "filesize", CPIO_NEWC_FILESIZE }, { "devmajor", CPIO_NEWC_DEVMAJOR },
	{ "devminor", CPIO_NEWC_DEVMINOR }, { "rdevmajor", CPIO_NEWC_RDEVMAJOR },
	{ "rdevminor", CPIO_NEWC_RDEVMINOR }, { "namesize", CPIO_NEWC_NAMESIZE },
	{ "check", CPIO_NEWC_CHECK },
};

static int cpio_header(struct cpio *c)
{
	struct rd h = rd_make(c->hdr, CPIO_HDR);
	uint64_t at = c->off - CPIO_HDR;
	uint32_t v;

	if (!rd_eq(&h, 0, CPIO_NEWC_MAGIC, CPIO_MAGIC_LEN) &&
	    !rd_eq(&h, 0, CPIO_NEWC_CRC_MAGIC, CPIO_MAGIC_LEN)) {
		if (rd_eq(&h, 0, CPIO_ODC_MAGIC, CPIO_MAGIC_LEN))
			return cpio_fail(c, "old portable cpio format (070707) at offset %llu of the %s:"
					 " the kernel reads only newc (070701)", (unsigned long long)at, c->where);
		return cpio_fail(c, "bad cpio header magic %02x %02x %02x %02x %02x %02x"
				 " at offset %llu of the %s", rd_u8(&h, 0), rd_u8(&h, 1), rd_u8(&h, 2),
				 rd_u8(&h, 3), rd_u8(&h, 4), rd_u8(&h, 5), (unsigned long long)at, c->where);
	}
	for (size_t i = 0; i < sizeof(newc_fields) / sizeof(newc_fields[0]); i++) {
		if (hex8(&h, newc_fields[i].off, &v) < 0)
			return cpio_fail(c, "cpio header at offset %llu of the %s: field %s is not hexadecimal",
					 (unsigned long long)at, c->where, newc_fields[i].name);
		if (newc_fields[i].off == CPIO_NEWC_MODE)
			c->mode = v;
		else if (newc_fields[i].off == CPIO_NEWC_FILESIZE)
			c->filesize = v;
		else if (newc_fields[i].off == CPIO_NEWC_NAMESIZE)
			c->namesize = v;
	}
	if (c->namesize == 0 || c->namesize > INITRAMFS_NAME_MAX)
		return cpio_fail(c, "cpio header at offset %llu of the %s: name size %u is %s",
				 (unsigned long long)at, c->where, c->namesize,
				 c->namesize ? "over the limit of 4096" : "zero");
	if (c->info->entries >= INITRAMFS_MAX_ENTRIES)
		return cpio_fail(c, "more than %u entries: over premig's cap", INITRAMFS_MAX_ENTRIES);
	c->in_archive = 1;
	c->have = 0;
	c->state = CP_NAME;
	return 0;
}

static int cpio_name(struct cpio *c)
{
	uint64_t at = c->off - c->namesize - CPIO_HDR;
	/* header plus name are padded to 4 bytes, then the body, padded too */
	uint64_t npad = (CPIO_ALIGN - ((CPIO_HDR + c->namesize) % CPIO_ALIGN)) % CPIO_ALIGN;
	uint64_t bpad = (CPIO_ALIGN - (c->filesize % CPIO_ALIGN)) % CPIO_ALIGN;

	if (c->name[c->namesize - 1] != '\0')
		return cpio_fail(c, "cpio entry at offset %llu of the %s: name is not NUL-terminated",
				 (unsigned long long)at, c->where);
	c->name[c->namesize] = '\0';
	if (c->namesize == sizeof(CPIO_TRAILER) &&
	    !memcmp(c->name, CPIO_TRAILER, sizeof(CPIO_TRAILER))) {
		c->in_archive = 0;
	} else {
		struct initramfs_entry e = {
			.name = c->name, .namelen = c->namesize - 1,
			.mode = c->mode, .size = c->filesize,
		};
		c->info->entries++;
		if (c->fn)
			c->fn(c->arg, &e);
	}
	/* at most 3 + 2^32-1 + 3: cannot overflow, but summed checked like every size read */
	if (rd_add(npad, c->filesize, &c->left) < 0 || rd_add(c->left, bpad, &c->left) < 0)
		return cpio_fail(c, "cpio entry at offset %llu of the %s: size overflows",
				 (unsigned long long)at, c->where);
	c->state = c->left ? CP_SKIP : CP_HEAD;
	c->have = 0;
	return 0;
}

static const unsigned char *skip_zeros(const unsigned char *p, const unsigned char *end)
{
	while (end - p >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		if (w)
			break;
		p += 8;
	}
	while (p < end && !*p)
		p++;
	return p;
}

/*
 * Pushes len bytes into the parser.  Returns the bytes consumed: all of
 * them, or fewer when the parser stopped between archives at a byte that
 * starts none (the caller decides what it is), or when c->err is set.
 */
static size_t cpio_feed(struct cpio *c, const unsigned char *p, size_t len)
{
	size_t i = 0, n;

	while (i < len && !c->err) {
		switch (c->state) {
		case CP_SKIP:
			n = len - i < c->left ? len - i : (size_t)c->left;
			i += n;
			c->off += n;
			c->left -= n;
			if (!c->left)
				c->state = CP_HEAD;
			break;
		case CP_NAME:
			n = c->namesize - c->have;
			if (n > len - i)
				n = len - i;
			memcpy(c->name + c->have, p + i, n);
			c->have += n;
			i += n;
			c->off += n;
			if (c->have == c->namesize)
				cpio_name(c);
			break;
		default:
			if (c->have == 0 && !c->in_archive) {
				if (!p[i]) {
					const unsigned char *z = skip_zeros(p + i, p + len);
					c->off += (size_t)(z - (p + i));
					i = (size_t)(z - p);
					break;
				}
				if (p[i] != '0' || (c->off % CPIO_ALIGN))
					return i;
			}
			n = CPIO_HDR - c->have;
			if (n > len - i)
				n = len - i;
			memcpy(c->hdr + c->have, p + i, n);
			c->have += n;
			i += n;
			c->off += n;
			if (c->have == CPIO_HDR)
				cpio_header(c);
			break;
		}
	}
	return i;
}

/* the entry name for a message: printable ASCII, at most 200 bytes shown */
static void quote_name(struct buf *out, const char *name)
{
	size_t i;

	for (i = 0; name[i] && i < 200; i++) {
		unsigned char ch = (unsigned char)name[i];
		if (ch < ' ' || ch > '~' || ch == '\\')
			buf_addf(out, "\\x%02x", ch);
		else
			buf_addc(out, (char)ch);
	}
	if (name[i])
		buf_adds(out, "...");
}

/* why the stream ended where it did, if that is not between archives */
static int cpio_check_end(struct cpio *c, const char *what)
{
	if (cpio_between(c))
		return 0;
	if (c->state == CP_HEAD && c->have == 0)
		return cpio_fail(c, "%s ends without a cpio TRAILER!!!", what);
	if (c->state == CP_SKIP) {
		struct buf q = BUF_INIT;
		quote_name(&q, c->name);
		cpio_fail(c, "%s ends inside the cpio entry '%s' (%llu bytes missing)",
			  what, q.data, (unsigned long long)c->left);
		buf_release(&q);
		return -1;
	}
	if (c->state == CP_NAME)
		return cpio_fail(c, "%s ends inside the name of a cpio entry", what);
	return cpio_fail(c, "%s ends inside a cpio header", what);
}

/* ---- segments ---- */

enum seg { SEG_GZIP, SEG_XZ, SEG_LZMA, SEG_ZSTD, SEG_BZIP2, SEG_LZ4, SEG_LZO };

static const struct magic {
	const char *name;
	enum seg kind;
	size_t len;
	unsigned char bytes[MAGIC_MAX];
	const char *why;	/* set when premig cannot decompress it */
} magics[] = {
	{ "gzip", SEG_GZIP, 2, { 0x1f, 0x8b }, NULL },
	{ "xz", SEG_XZ, 6, { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, NULL },
	{ "lzma", SEG_LZMA, 3, { 0x5d, 0x00, 0x00 }, NULL },
	{ "zstd", SEG_ZSTD, 4, { 0x28, 0xb5, 0x2f, 0xfd }, NULL },
	{ "bzip2", SEG_BZIP2, 3, { 'B', 'Z', 'h' }, NULL },
	{ "lz4", SEG_LZ4, 4, { 0x02, 0x21, 0x4c, 0x18 }, NULL },
	{ "lz4", SEG_LZ4, 4, { 0x04, 0x22, 0x4d, 0x18 },
	  "lz4 compression (frame format, which the kernel does not read either):"
	  " premig does not decompress it" },
	{ "lzo", SEG_LZO, 4, { 0x89, 'L', 'Z', 'O' },
	  "lzo compression: premig does not decompress it" },
};

static const struct magic *find_magic(const unsigned char *p, size_t n)
{
	struct rd w = rd_make(p, n);

	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (rd_eq(&w, 0, magics[i].bytes, magics[i].len))
			return &magics[i];
	return NULL;
}

enum { DEC_MORE, DEC_END, DEC_ERR };

struct dec {
	enum seg kind;
	int ready;
	z_stream z;
	lzma_stream x;
	ZSTD_DCtx *zs;
	bz_stream bz;
	struct lz4 {
		unsigned char hdr[LZ4_BLOCK_SIZE_LEN];
		size_t hlen;		/* bytes of the block size read */
		unsigned char *in, *out;
		size_t need, have;	/* the block being read */
		size_t outlen, outpos;	/* the block decoded, not yet handed on */
	} lz;
};

static const char *lzma_msg(lzma_ret r)
{
	switch (r) {
	case LZMA_MEM_ERROR:
		return "out of memory";
	case LZMA_MEMLIMIT_ERROR:
		return "needs more than 256 MiB of memory";
	case LZMA_FORMAT_ERROR:
		return "not in the expected format";
	case LZMA_OPTIONS_ERROR:
		return "unsupported options";
	case LZMA_DATA_ERROR:
		return "compressed data is corrupt";
	case LZMA_BUF_ERROR:
		return "compressed data is truncated or corrupt";
	case LZMA_UNSUPPORTED_CHECK:
		return "unsupported integrity check";
	default:
		return "decoder error";
	}
}

static int dec_init(struct dec *d, enum seg kind, struct buf *why)
{
	lzma_stream init = LZMA_STREAM_INIT;
	lzma_ret lr;

	memset(d, 0, sizeof(*d));
	d->kind = kind;
	d->x = init;
	switch (kind) {
	case SEG_GZIP:
		/* 16 + MAX_WBITS: one gzip member, header and trailer checked */
		if (inflateInit2(&d->z, 16 + MAX_WBITS) != Z_OK) {
			buf_adds(why, "gzip: cannot initialise zlib");
			return -1;
		}
		break;
	case SEG_XZ:
	case SEG_LZMA:
		lr = kind == SEG_XZ ? lzma_stream_decoder(&d->x, LZMA_MEMLIMIT, 0) :
		     lzma_alone_decoder(&d->x, LZMA_MEMLIMIT);
		if (lr != LZMA_OK) {
			buf_addf(why, "%s: cannot initialise liblzma: %s",
				 kind == SEG_XZ ? "xz" : "lzma", lzma_msg(lr));
			return -1;
		}
		break;
	case SEG_ZSTD:
		d->zs = ZSTD_createDCtx();
		if (!d->zs) {
			buf_adds(why, "zstd: cannot initialise libzstd");
			return -1;
		}
		break;
	case SEG_BZIP2:
		if (BZ2_bzDecompressInit(&d->bz, 0, 0) != BZ_OK) {
			buf_adds(why, "bzip2: cannot initialise libbz2");
			return -1;
		}
		break;
	case SEG_LZ4:
		d->lz.in = malloc((size_t)LZ4_compressBound(LZ4_LEGACY_BLOCK));
		d->lz.out = malloc(LZ4_LEGACY_BLOCK);
		if (!d->lz.in || !d->lz.out) {
			free(d->lz.in);
			free(d->lz.out);
			buf_adds(why, "lz4: out of memory");
			return -1;
		}
		break;
	default:
		buf_adds(why, "no decompressor");
		return -1;
	}
	d->ready = 1;
	return 0;
}

static void dec_end(struct dec *d)
{
	if (!d->ready)
		return;
	switch (d->kind) {
	case SEG_GZIP:
		inflateEnd(&d->z);
		break;
	case SEG_XZ:
	case SEG_LZMA:
		lzma_end(&d->x);
		break;
	case SEG_ZSTD:
		ZSTD_freeDCtx(d->zs);
		break;
	case SEG_BZIP2:
		BZ2_bzDecompressEnd(&d->bz);
		break;
	case SEG_LZ4:
		free(d->lz.in);
		free(d->lz.out);
		break;
	default:
		break;
	}
	d->ready = 0;
}

static const char *bz_msg(int r)
{
	switch (r) {
	case BZ_MEM_ERROR:
		return "out of memory";
	case BZ_DATA_ERROR_MAGIC:
		return "not bzip2 data";
	case BZ_DATA_ERROR:
		return "compressed data is corrupt";
	default:
		return "decoder error";
	}
}

/*
 * lz4's legacy format, as the kernel reads it.  An empty input (the file
 * has ended) at a block boundary ends the stream; anywhere else it is no
 * progress, which the caller reports as truncation.
 */
static int lz4_run(struct lz4 *z, const unsigned char *in, size_t inlen, size_t *used,
		   unsigned char *out, size_t outlen, size_t *made, struct buf *why)
{
	size_t n;
	int got;

	*used = *made = 0;
	for (;;) {
		if (z->outpos < z->outlen) {
			n = z->outlen - z->outpos;
			if (n > outlen - *made)
				n = outlen - *made;
			memcpy(out + *made, z->out + z->outpos, n);
			z->outpos += n;
			*made += n;
			if (*made == outlen)
				return DEC_MORE;
		}
		if (z->need) {
			n = z->need - z->have;
			if (n > inlen - *used)
				n = inlen - *used;
			memcpy(z->in + z->have, in + *used, n);
			z->have += n;
			*used += n;
			if (z->have < z->need)
				return DEC_MORE;
			got = LZ4_decompress_safe((const char *)z->in, (char *)z->out, (int)z->need,
						  (int)LZ4_LEGACY_BLOCK);
			if (got < 0) {
				buf_addf(why, "corrupt lz4 data: a block of %zu bytes does not decode", z->need);
				return DEC_ERR;
			}
			z->outlen = (size_t)got;
			z->outpos = 0;
			z->need = z->have = 0;
			continue;
		}
		if (!inlen && !z->hlen)
			return DEC_END;
		while (z->hlen < LZ4_BLOCK_SIZE_LEN && *used < inlen)
			z->hdr[z->hlen++] = in[(*used)++];
		if (z->hlen < LZ4_BLOCK_SIZE_LEN)
			return DEC_MORE;
		z->hlen = 0;
		struct rd h = rd_make(z->hdr, LZ4_BLOCK_SIZE_LEN);
		uint32_t v = rd_le32(&h, 0);
		if (v == LZ4_LEGACY_MAGIC)
			continue;
		if (!v || v > (uint32_t)LZ4_compressBound(LZ4_LEGACY_BLOCK)) {
			buf_addf(why, "corrupt lz4 data: a block size of %u bytes", v);
			return DEC_ERR;
		}
		z->need = v;
	}
}

/* one step of decompression; *used and *made say how far it went */
static int dec_run(struct dec *d, const unsigned char *in, size_t inlen, size_t *used,
		   unsigned char *out, size_t outlen, size_t *made, struct buf *why)
{
	int zr;
	lzma_ret lr;
	size_t zret;

	switch (d->kind) {
	case SEG_GZIP:
		d->z.next_in = in;
		d->z.avail_in = (uInt)inlen;
		d->z.next_out = out;
		d->z.avail_out = (uInt)outlen;
		zr = inflate(&d->z, Z_NO_FLUSH);
		*used = inlen - d->z.avail_in;
		*made = outlen - d->z.avail_out;
		if (zr == Z_STREAM_END)
			return DEC_END;
		if (zr == Z_OK || zr == Z_BUF_ERROR)
			return DEC_MORE;
		buf_addf(why, "corrupt gzip data: %s",
			 d->z.msg ? d->z.msg : zr == Z_MEM_ERROR ? "out of memory" : "zlib error");
		return DEC_ERR;
	case SEG_XZ:
	case SEG_LZMA:
		d->x.next_in = in;
		d->x.avail_in = inlen;
		d->x.next_out = out;
		d->x.avail_out = outlen;
		lr = lzma_code(&d->x, LZMA_RUN);
		*used = inlen - d->x.avail_in;
		*made = outlen - d->x.avail_out;
		if (lr == LZMA_STREAM_END)
			return DEC_END;
		/* LZMA_BUF_ERROR: no progress; the caller sees truncation */
		if (lr == LZMA_OK || (lr == LZMA_BUF_ERROR && !inlen))
			return DEC_MORE;
		buf_addf(why, "corrupt %s data: %s", d->kind == SEG_XZ ? "xz" : "lzma", lzma_msg(lr));
		return DEC_ERR;
	case SEG_ZSTD: {
		ZSTD_inBuffer zi = { in, inlen, 0 };
		ZSTD_outBuffer zo = { out, outlen, 0 };
		zret = ZSTD_decompressStream(d->zs, &zo, &zi);
		*used = zi.pos;
		*made = zo.pos;
		if (ZSTD_isError(zret)) {
			buf_addf(why, "corrupt zstd data: %s", ZSTD_getErrorName(zret));
			return DEC_ERR;
		}
		/* 0: the frame is decoded and flushed */
		return zret == 0 ? DEC_END : DEC_MORE;
	}
	case SEG_BZIP2:
		d->bz.next_in = (char *)(uintptr_t)in;	/* libbz2 does not write it */
		d->bz.avail_in = (unsigned int)inlen;
		d->bz.next_out = (char *)out;
		d->bz.avail_out = (unsigned int)outlen;
		zr = BZ2_bzDecompress(&d->bz);
		*used = inlen - d->bz.avail_in;
		*made = outlen - d->bz.avail_out;
		if (zr == BZ_STREAM_END)
			return DEC_END;
		if (zr == BZ_OK)
			return DEC_MORE;
		buf_addf(why, "corrupt bzip2 data: %s", bz_msg(zr));
		return DEC_ERR;
	case SEG_LZ4:
		return lz4_run(&d->lz, in, inlen, used, out, outlen, made, why);
	default:
		buf_adds(why, "no decompressor");
		return DEC_ERR;
	}
}

struct reader {
	struct win r;
	struct cpio c;
	struct initramfs_info *info;
	unsigned char *out;
};

static int read_fail(struct reader *R, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int read_fail(struct reader *R, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&R->info->reason, fmt, ap);
	va_end(ap);
	return -1;
}

static void add_segment(struct initramfs_info *info, const char *name)
{
	if (info->compression.len)
		buf_addc(&info->compression, '+');
	buf_adds(&info->compression, name);
}

/* decompresses one stream that starts at the reader's position */
static int read_compressed(struct reader *R, const struct magic *m)
{
	struct win *r = &R->r;
	struct cpio *c = &R->c;
	struct dec d;
	char where[32], what[40];
	uint64_t start = r->off;
	int rc = 0, stalls = 0;

	snprintf(where, sizeof(where), "%s data", m->name);
	snprintf(what, sizeof(what), "the %s", where);
	if (dec_init(&d, m->kind, &R->info->reason) < 0)
		return -1;
	/* the kernel counts alignment from the start of the decompressed data */
	c->off = 0;
	c->where = where;
	for (;;) {
		size_t used = 0, made = 0, avail;
		int st;

		if (!win_avail(r) && !r->eof) {
			int e = win_fill(r);
			if (e < 0) {
				rc = read_fail(R, "read error at offset %llu: %s",
					       (unsigned long long)r->off, strerror(-e));
				break;
			}
		}
		avail = win_avail(r);
		st = dec_run(&d, r->buf + r->pos, avail, &used, R->out, OUT_SIZE, &made,
			     &R->info->reason);
		win_consume(r, used);
		if (made) {
			R->info->bytes += made;
			if (R->info->bytes > INITRAMFS_MAX_BYTES) {
				rc = read_fail(R, "more than %llu MiB of archive data: over premig's cap",
					       (unsigned long long)(INITRAMFS_MAX_BYTES >> 20));
				break;
			}
			size_t n = cpio_feed(c, R->out, made);
			if (c->err) {
				rc = -1;
				break;
			}
			if (n < made) {
				rc = read_fail(R, "junk at offset %llu of the %s (after a cpio TRAILER!!!)",
					       (unsigned long long)c->off, where);
				break;
			}
		}
		if (st == DEC_END)
			break;
		if (st == DEC_ERR) {
			buf_addf(&R->info->reason, " (the stream starts at offset %llu)",
				 (unsigned long long)start);
			rc = -1;
			break;
		}
		if (used || made) {
			stalls = 0;
		} else if (!avail && r->eof) {
			rc = read_fail(R, "truncated %s data: the file ends at offset %llu inside the stream"
				       " that starts at offset %llu", m->name,
				       (unsigned long long)r->off, (unsigned long long)start);
			break;
		} else if (++stalls > 4) {
			rc = read_fail(R, "the %s decoder makes no progress at offset %llu",
				       m->name, (unsigned long long)r->off);
			break;
		}
	}
	dec_end(&d);
	if (rc == 0 && cpio_check_end(c, what) < 0)
		rc = -1;
	c->off = r->off;
	c->where = "file";
	return rc;
}

/* in an uncompressed archive, jumps over a body instead of reading it */
static void skip_body(struct reader *R)
{
	struct win *r = &R->r;
	struct cpio *c = &R->c;
	uint64_t next = r->off;	/* the buffer is empty: the next read is here */
	uint64_t n = c->left;

	if (c->state != CP_SKIP || win_avail(r) || r->eof || !r->size || n < IN_SIZE)
		return;
	/* never past the end, so that a truncated entry is still seen */
	if (next >= r->size)
		return;
	if (n > r->size - next)
		n = r->size - next;
	if (lseek(r->fd, (off_t)n, SEEK_CUR) < 0)
		return;
	r->off += n;
	c->off += n;
	c->left -= n;
	if (!c->left)
		c->state = CP_HEAD;
}

void initramfs_info_init(struct initramfs_info *info)
{
	buf_init(&info->compression);
	buf_init(&info->reason);
	info->entries = 0;
	info->bytes = 0;
}

void initramfs_info_release(struct initramfs_info *info)
{
	if (!info)
		return;
	buf_release(&info->compression);
	buf_release(&info->reason);
}

int initramfs_read(int fd, initramfs_entry_fn fn, void *arg, struct initramfs_info *info)
{
	struct reader R;
	struct stat st;
	int rc = 0, raw = 0;

	buf_clear(&info->compression);
	buf_clear(&info->reason);
	info->entries = 0;
	info->bytes = 0;
	memset(&R, 0, sizeof(R));
	R.info = info;
	R.r.fd = fd;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		R.r.size = (uint64_t)st.st_size;
	R.c.fn = fn;
	R.c.arg = arg;
	R.c.info = info;
	R.c.where = "file";
	R.r.buf = xmalloc(IN_SIZE);
	R.out = xmalloc(OUT_SIZE);

	for (;;) {
		struct win *r = &R.r;
		const unsigned char *p;
		size_t avail;

		if (win_avail(r) < MAGIC_MAX && !r->eof) {
			int e = win_fill(r);
			if (e < 0) {
				rc = read_fail(&R, "read error at offset %llu: %s",
					       (unsigned long long)r->off, strerror(-e));
				break;
			}
		}
		avail = win_avail(r);
		if (!avail)
			break;
		p = r->buf + r->pos;
		if (!cpio_between(&R.c) || !p[0] || (p[0] == '0' && !(r->off % CPIO_ALIGN))) {
			/* uncompressed cpio, or the zero padding between segments */
			if (p[0] == '0' && cpio_between(&R.c) && !raw) {
				add_segment(info, "cpio");
				raw = 1;
			}
			R.c.off = r->off;
			size_t n = cpio_feed(&R.c, p, avail);
			win_consume(r, n);
			if (R.c.err) {
				rc = -1;
				break;
			}
			/* uncompressed data counts too: a huge file of padding is not an image */
			info->bytes += n;
			if (info->bytes > INITRAMFS_MAX_BYTES) {
				rc = read_fail(&R, "more than %llu MiB of archive data: over premig's cap",
					       (unsigned long long)(INITRAMFS_MAX_BYTES >> 20));
				break;
			}
			skip_body(&R);
			continue;
		}
		const struct magic *m = find_magic(p, avail);
		if (!m) {
			struct rd w = rd_make(p, avail);	/* zeros past its end */
			rc = read_fail(&R, "unknown data at offset %llu (%02x %02x %02x %02x):"
				       " neither a cpio archive nor a known compression",
				       (unsigned long long)r->off, rd_u8(&w, 0), rd_u8(&w, 1),
				       rd_u8(&w, 2), rd_u8(&w, 3));
			break;
		}
		add_segment(info, m->name);
		raw = 0;
		if (m->why) {
			rc = read_fail(&R, "%s", m->why);
			break;
		}
		if (read_compressed(&R, m) < 0) {
			rc = -1;
			break;
		}
	}
	if (rc == 0) {
		if (R.r.off == 0)
			rc = read_fail(&R, "empty file");
		else if (!info->compression.len)
			rc = read_fail(&R, "only zero bytes: no archive");
		else if (cpio_check_end(&R.c, "the file") < 0)
			rc = -1;
	}
	free(R.r.buf);
	free(R.out);
	return rc < 0 ? 1 : 0;
}
