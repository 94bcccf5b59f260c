/*
 * fat.c - a read-only FAT12/16/32 reader: the boot sector's BPB, cluster
 * chains and the directory tree with long names
 *
 * Source: Microsoft, "FAT: General Overview of On-Disk Format" (fatgen103,
 * version 1.03): section 3 (the boot sector and BPB, and the computation of
 * the count of clusters, which alone decides FAT12, FAT16 or FAT32),
 * section 4 (the FAT: entry widths, the end-of-chain and bad-cluster
 * marks), section 6 (the 32-byte directory entry) and section 7 (long name
 * entries: ordinal, checksum of the short name, 13 UCS-2 characters each).
 * See fat.h for the contract and the caps.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "fat.h"
#include "../../scanner/preadall.h"
#include "../../scanner/rd.h"
#include "../../scanner/banned.h"

/* boot sector and BPB (fatgen103 section 3.1-3.3), byte offsets */
enum {
	BS_JMPBOOT = 0,
	BPB_BYTSPERSEC = 11,
	BPB_SECPERCLUS = 13,
	BPB_RSVDSECCNT = 14,
	BPB_NUMFATS = 16,
	BPB_ROOTENTCNT = 17,
	BPB_TOTSEC16 = 19,
	BPB_FATSZ16 = 22,
	BPB_TOTSEC32 = 32,
	BS16_BOOTSIG = 38,	/* 0x29: the volume id and label follow */
	BS16_VOLID = 39,
	BS16_VOLLAB = 43,
	BPB_FATSZ32 = 36,
	BPB_EXTFLAGS = 40,
	BPB_ROOTCLUS = 44,
	BS32_BOOTSIG = 66,
	BS32_VOLID = 67,
	BS32_VOLLAB = 71,
	BS_SIGNATURE = 510,	/* 0x55 0xAA */
	BS_LEN = 512,
};

/* directory entry (section 6) and long name entry (section 7) */
enum {
	DIR_NAME = 0,
	DIR_ATTR = 11,
	DIR_NTRES = 12,
	DIR_FSTCLUSHI = 20,
	DIR_FSTCLUSLO = 26,
	DIR_FILESIZE = 28,
	DIR_LEN = 32,
	LDIR_ORD = 0,
	LDIR_NAME1 = 1,		/* 5 characters */
	LDIR_CHKSUM = 13,
	LDIR_NAME2 = 14,	/* 6 characters */
	LDIR_NAME3 = 28,	/* 2 characters */
};

#define ATTR_VOLUME_ID 0x08
#define ATTR_DIRECTORY 0x10
#define ATTR_LONG_NAME 0x0f	/* READ_ONLY | HIDDEN | SYSTEM | VOLUME_ID */
#define ATTR_LONG_MASK 0x3f
#define LAST_LONG_ENTRY 0x40
#define NT_LOWER_BASE 0x08
#define NT_LOWER_EXT 0x10
#define LFN_MAX_ORD 20		/* 20 x 13 = 260 characters >= 255 */

/* bytes read over one walk, whatever the tree's shape (crossed links) */
#define FAT_MAX_WALK_BYTES (32u << 20)

static void why(struct fat_vol *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void why(struct fat_vol *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->reason, sizeof(v->reason), fmt, ap);
	va_end(ap);
}

int fat_read_fd(void *arg, uint64_t off, void *buf, size_t n)
{
	const struct fat_fd *f = arg;

	return pread_all(f->fd, buf, n, f->base + off);
}

/* reads n bytes at off of the volume, never past its size */
static int vol_read(struct fat_vol *v, uint64_t off, void *buf, size_t n)
{
	int rc;

	if (off > v->size || v->size - off < n) {
		why(v, "a read at byte %llu runs past the end of the volume (%llu bytes)",
		    (unsigned long long)off, (unsigned long long)v->size);
		return -EIO;
	}
	rc = v->read(v->arg, off, buf, n);
	if (rc < 0)
		why(v, "cannot read %zu bytes at byte %llu: %s", n, (unsigned long long)off,
		    strerror(-rc));
	return rc;
}

static void copy_label(char *dst, const unsigned char *src)
{
	size_t n = 11;

	while (n && (src[n - 1] == ' ' || src[n - 1] == 0))
		n--;
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? (char)src[i] : '?';
	dst[n] = '\0';
}

int fat_open(struct fat_vol *v, fat_read_fn read, void *arg, uint64_t size)
{
	unsigned char bs[BS_LEN];
	struct rd b = rd_make(bs, sizeof(bs));
	uint32_t rsvd, nfats, root_ents, fatsz16, fatsz, root_secs;
	uint64_t totsec, meta, need, fat_first;
	int rc;

	memset(v, 0, sizeof(*v));
	v->read = read;
	v->arg = arg;
	v->size = size;
	if (size < BS_LEN) {
		why(v, "%llu bytes: too small for a FAT boot sector", (unsigned long long)size);
		return 1;
	}
	rc = vol_read(v, 0, bs, sizeof(bs));
	if (rc < 0)
		return rc;
	/* section 3.1: a jump (EB xx 90 or E9 xx xx), and 55 AA at 510 */
	if (!((rd_u8(&b, BS_JMPBOOT) == 0xeb && rd_u8(&b, BS_JMPBOOT + 2) == 0x90) ||
	      rd_u8(&b, BS_JMPBOOT) == 0xe9) ||
	    rd_u8(&b, BS_SIGNATURE) != 0x55 || rd_u8(&b, BS_SIGNATURE + 1) != 0xaa) {
		why(v, "no FAT boot sector (jump instruction and 55 AA signature)");
		return 1;
	}
	v->bps = rd_le16(&b, BPB_BYTSPERSEC);
	v->spc = rd_u8(&b, BPB_SECPERCLUS);
	rsvd = rd_le16(&b, BPB_RSVDSECCNT);
	nfats = rd_u8(&b, BPB_NUMFATS);
	root_ents = rd_le16(&b, BPB_ROOTENTCNT);
	totsec = rd_le16(&b, BPB_TOTSEC16);
	if (!totsec)
		totsec = rd_le32(&b, BPB_TOTSEC32);
	fatsz16 = rd_le16(&b, BPB_FATSZ16);
	fatsz = fatsz16 ? fatsz16 : rd_le32(&b, BPB_FATSZ32);
	if (v->bps != 512 && v->bps != 1024 && v->bps != 2048 && v->bps != 4096) {
		why(v, "bytes per sector %u: not 512, 1024, 2048 or 4096", v->bps);
		return 1;
	}
	if (!v->spc || (v->spc & (v->spc - 1)) || v->spc > 128) {
		why(v, "sectors per cluster %u: not a power of 2 from 1 to 128", v->spc);
		return 1;
	}
	v->clus_bytes = v->bps * v->spc;
	/* the specification stops at 32 KiB; Windows formats 64 KiB too */
	if (v->clus_bytes > 65536) {
		why(v, "clusters of %u bytes: over 64 KiB", v->clus_bytes);
		return 1;
	}
	if (!rsvd || !nfats || nfats > 16 || !totsec || !fatsz) {
		why(v, "reserved sectors %u, FATs %u, sectors %llu, FAT sectors %u: none may be 0"
		    " (and at most 16 FATs)", rsvd, nfats, (unsigned long long)totsec, fatsz);
		return 1;
	}
	if (totsec * v->bps > size) {
		why(v, "the BPB claims %llu bytes, more than the %llu of the volume",
		    (unsigned long long)(totsec * v->bps), (unsigned long long)size);
		return 1;
	}
	root_secs = (root_ents * 32 + v->bps - 1) / v->bps;
	meta = rsvd + (uint64_t)nfats * fatsz + root_secs;
	if (meta >= totsec) {
		why(v, "no data area: %llu sectors of metadata in %llu", (unsigned long long)meta,
		    (unsigned long long)totsec);
		return 1;
	}
	/* section 3.5: the count of clusters alone decides the FAT type */
	if ((totsec - meta) / v->spc > 0x0ffffff5u) {
		why(v, "%llu clusters: more than FAT32 can number",
		    (unsigned long long)((totsec - meta) / v->spc));
		return 1;
	}
	v->nclusters = (uint32_t)((totsec - meta) / v->spc);
	if (!v->nclusters) {
		why(v, "no whole cluster in the data area");
		return 1;
	}
	v->type = v->nclusters < 4085 ? 12 : v->nclusters < 65525 ? 16 : 32;
	if (v->type == 32 && (root_ents || fatsz16)) {
		why(v, "%u clusters make FAT32, but the BPB has a FAT16 root directory or FAT size",
		    v->nclusters);
		return 1;
	}
	if (v->type != 32 && !root_ents) {
		why(v, "%u clusters make FAT%d, but the BPB has no root directory entries",
		    v->nclusters, v->type);
		return 1;
	}
	fat_first = 0;
	if (v->type == 32) {
		uint16_t ext = rd_le16(&b, BPB_EXTFLAGS);
		/* bit 7: mirroring off, bits 0-3 the one active FAT */
		if (ext & 0x80)
			fat_first = ext & 0x0f;
		if (fat_first >= nfats) {
			why(v, "the active FAT is number %llu of %u", (unsigned long long)fat_first,
			    nfats);
			return 1;
		}
		v->root_clus = rd_le32(&b, BPB_ROOTCLUS);
		if (v->root_clus < 2 || v->root_clus > v->nclusters + 1) {
			why(v, "the root directory's cluster %u is not one of 2 to %u", v->root_clus,
			    v->nclusters + 1);
			return 1;
		}
	}
	/* the FAT must have an entry for every cluster */
	need = v->type == 12 ? ((uint64_t)v->nclusters + 2) * 3 / 2 + 1 :
	       ((uint64_t)v->nclusters + 2) * (unsigned)(v->type / 8);
	v->fat_bytes = (uint64_t)fatsz * v->bps;
	if (v->fat_bytes < need) {
		why(v, "a FAT of %llu bytes cannot hold %u clusters of FAT%d",
		    (unsigned long long)v->fat_bytes, v->nclusters, v->type);
		return 1;
	}
	v->fat_off = ((uint64_t)rsvd + fat_first * fatsz) * v->bps;
	v->root_off = ((uint64_t)rsvd + (uint64_t)nfats * fatsz) * v->bps;
	v->root_bytes = root_ents * 32;
	v->data_off = meta * v->bps;
	if (rd_u8(&b, v->type == 32 ? BS32_BOOTSIG : BS16_BOOTSIG) == 0x29) {
		v->serial = rd_le32(&b, v->type == 32 ? BS32_VOLID : BS16_VOLID);
		const unsigned char *lab = rd_ptr(&b, v->type == 32 ? BS32_VOLLAB : BS16_VOLLAB, 11);
		if (lab)
			copy_label(v->label, lab);
	}
	if (!rd_ok(&b)) {
		why(v, "the boot sector is short");
		return 1;
	}
	v->fsec = xmalloc(v->bps);
	v->fsec_no = UINT64_MAX;
	return 0;
}

void fat_close(struct fat_vol *v)
{
	if (!v)
		return;
	free(v->fsec);
	v->fsec = NULL;
}

/* one byte of the FAT, through the one-sector cache */
static int fat_byte(struct fat_vol *v, uint64_t off, unsigned char *out)
{
	uint64_t sec = off / v->bps;
	int rc;

	if (off >= v->fat_bytes) {
		why(v, "a FAT entry at byte %llu is past the FAT", (unsigned long long)off);
		return -EINVAL;
	}
	if (sec != v->fsec_no) {
		rc = vol_read(v, v->fat_off + sec * v->bps, v->fsec, v->bps);
		if (rc < 0) {
			v->fsec_no = UINT64_MAX;
			return rc;
		}
		v->fsec_no = sec;
	}
	*out = v->fsec[off % v->bps];
	return 0;
}

/* the FAT entry of cluster c (section 4) */
static int fat_entry(struct fat_vol *v, uint32_t c, uint32_t *out)
{
	unsigned char x[4] = { 0 };
	unsigned width = v->type == 12 ? 2 : (unsigned)v->type / 8;
	uint64_t off = v->type == 12 ? (uint64_t)c + c / 2 : (uint64_t)c * width;
	struct rd b = rd_make(x, sizeof(x));
	int rc;

	for (unsigned i = 0; i < width; i++)
		if ((rc = fat_byte(v, off + i, &x[i])) < 0)
			return rc;
	if (v->type == 12)
		*out = c & 1 ? (uint32_t)rd_le16(&b, 0) >> 4 : rd_le16(&b, 0) & 0x0fffu;
	else if (v->type == 16)
		*out = rd_le16(&b, 0);
	else
		*out = rd_le32(&b, 0) & 0x0fffffffu;
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The clusters of the chain from start, at most max of them, into a
 * malloc'd *out.  Returns 0 when the chain ended within max, 1 when it
 * goes on past max, <0 when it is bad (v->reason: a loop, a free or bad
 * cluster, a number past the last cluster, or a read error).
 */
static int chain(struct fat_vol *v, uint32_t start, size_t max, uint32_t **out, size_t *n)
{
	uint32_t eoc = v->type == 12 ? 0xff8 : v->type == 16 ? 0xfff8 : 0x0ffffff8;
	uint32_t c = start, next;
	uint32_t *sorted;
	int rc = 0;

	*out = xmalloc(max * sizeof(**out));
	*n = 0;
	if (start < 2 || start > v->nclusters + 1) {
		why(v, "cluster %u is not one of 2 to %u", start, v->nclusters + 1);
		return -EINVAL;
	}
	for (;;) {
		(*out)[(*n)++] = c;
		if ((rc = fat_entry(v, c, &next)) < 0)
			return rc;
		if (next >= eoc)
			return 0;
		if (next == eoc - 1) {
			why(v, "the chain reaches cluster %u, marked bad", c);
			return -EINVAL;
		}
		if (next < 2) {
			why(v, "the chain of cluster %u reaches a %s entry after %u", start,
			    next ? "reserved" : "free", c);
			return -EINVAL;
		}
		if (next > v->nclusters + 1) {
			why(v, "the chain of cluster %u points to cluster %u, past the last (%u)",
			    start, next, v->nclusters + 1);
			return -EINVAL;
		}
		if (*n == max)
			break;
		c = next;
	}
	/* over the cap: a loop, or only long */
	sorted = xmalloc(*n * sizeof(*sorted));
	memcpy(sorted, *out, *n * sizeof(*sorted));
	qsort(sorted, *n, sizeof(*sorted), cmp_u32);
	rc = 1;
	for (size_t i = 1; i < *n; i++)
		if (sorted[i] == sorted[i - 1]) {
			why(v, "the chain of cluster %u loops (cluster %u twice)", start, sorted[i]);
			rc = -ELOOP;
			break;
		}
	for (size_t i = 0; rc == 1 && i < *n; i++)
		if (sorted[i] == next) {
			why(v, "the chain of cluster %u loops (back to cluster %u)", start, next);
			rc = -ELOOP;
		}
	free(sorted);
	return rc;
}

/* reads the clusters of a chain, at most cap bytes of them, into out */
static int read_chain(struct fat_vol *v, uint32_t start, size_t cap, struct buf *out)
{
	size_t max = (cap + v->clus_bytes - 1) / v->clus_bytes, n;
	uint32_t *cl;
	int rc, over;

	buf_clear(out);
	over = chain(v, start, max ? max : 1, &cl, &n);
	if (over < 0) {
		free(cl);
		return over;
	}
	buf_grow(out, n * v->clus_bytes);
	for (size_t i = 0; i < n; i++) {
		rc = vol_read(v, v->data_off + (uint64_t)(cl[i] - 2) * v->clus_bytes,
			      out->data + out->len, v->clus_bytes);
		if (rc < 0) {
			free(cl);
			return rc;
		}
		buf_setlen(out, out->len + v->clus_bytes);
	}
	free(cl);
	return over;
}

int fat_read_file(struct fat_vol *v, const struct fat_entry *e, size_t cap, struct buf *out)
{
	size_t want = e->size < cap ? e->size : cap;
	int rc;

	buf_clear(out);
	if (e->is_dir) {
		why(v, "'%s' is a directory", e->path);
		return -EISDIR;
	}
	if (!want)
		return e->size > cap;
	rc = read_chain(v, e->cluster, want, out);
	if (rc < 0)
		return rc;
	if (out->len < want) {
		why(v, "the chain of '%s' holds %zu bytes, its entry says %u", e->path, out->len,
		    e->size);
		buf_clear(out);
		return -EINVAL;
	}
	buf_setlen(out, want);
	return e->size > cap;
}

/* ---- the directory tree ---- */

struct walk {
	struct fat_vol *v;
	struct fat_tree *t;
	uint64_t budget;		/* bytes of directories left to read */
	uint32_t anc[FAT_MAX_DEPTH + 2];	/* the clusters of the directories above */
	int full;			/* FAT_MAX_ENTRIES reached */
};

static void note(struct walk *w, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void note(struct walk *w, const char *path, const char *fmt, ...)
{
	va_list ap;

	w->t->partial = 1;
	if (w->t->notes.len)
		buf_adds(&w->t->notes, "; ");
	buf_addf(&w->t->notes, "%s: ", *path ? path : "the root directory");
	va_start(ap, fmt);
	buf_vaddf(&w->t->notes, fmt, ap);
	va_end(ap);
}

/* the short name's checksum that its long name entries carry (section 7.2) */
static unsigned char sfn_sum(const unsigned char *name)
{
	unsigned char sum = 0;

	for (int i = 0; i < 11; i++)
		sum = (unsigned char)(((sum & 1) << 7) + (sum >> 1) + name[i]);
	return sum;
}

/* "NAME.EXT" of an 11-byte short name, with the NT case bits */
static void short_name(const unsigned char *n, unsigned nt, struct buf *out)
{
	size_t bl = 8, el = 3;

	buf_clear(out);
	while (bl && n[bl - 1] == ' ')
		bl--;
	while (el && n[8 + el - 1] == ' ')
		el--;
	for (size_t i = 0; i < bl + el; i++) {
		unsigned char c = i < bl ? n[i] : n[8 + i - bl];
		int lower = i < bl ? nt & NT_LOWER_BASE : nt & NT_LOWER_EXT;
		if (i == 0 && c == 0x05)
			c = 0xe5;	/* section 6.1: a name that starts with 0xE5 */
		if (i == bl)
			buf_addc(out, '.');
		if (c < 0x20 || c >= 0x7f || c == '/')
			c = '?';	/* OEM code page bytes: not decoded */
		else if (lower && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		buf_addc(out, (char)c);
	}
}

/* UTF-8 of n UCS-2 code units up to a NUL; 0, or -1 on a name not to use */
static int ucs2_name(const uint16_t *u, size_t n, struct buf *out)
{
	buf_clear(out);
	for (size_t i = 0; i < n && u[i]; i++) {
		uint32_t c = u[i];
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && u[i + 1] >= 0xdc00 &&
		    u[i + 1] <= 0xdfff) {
			c = 0x10000 + ((c - 0xd800) << 10) + (u[i + 1] - 0xdc00);
			i++;
		} else if (c >= 0xd800 && c <= 0xdfff) {
			c = '?';
		}
		if (c < 0x20 || c == '/' || c == 0x7f)
			return -1;
		if (c < 0x80) {
			buf_addc(out, (char)c);
		} else if (c < 0x800) {
			buf_addc(out, (char)(0xc0 | c >> 6));
			buf_addc(out, (char)(0x80 | (c & 0x3f)));
		} else if (c < 0x10000) {
			buf_addc(out, (char)(0xe0 | c >> 12));
			buf_addc(out, (char)(0x80 | (c >> 6 & 0x3f)));
			buf_addc(out, (char)(0x80 | (c & 0x3f)));
		} else {
			buf_addc(out, (char)(0xf0 | c >> 18));
			buf_addc(out, (char)(0x80 | (c >> 12 & 0x3f)));
			buf_addc(out, (char)(0x80 | (c >> 6 & 0x3f)));
			buf_addc(out, (char)(0x80 | (c & 0x3f)));
		}
	}
	if (!out->len || !strcmp(out->data, ".") || !strcmp(out->data, ".."))
		return -1;
	return 0;
}

static void walk_dir(struct walk *w, const char *path, uint32_t clus, int depth);

static void add_entry(struct walk *w, const char *dirpath, const char *name, int is_dir,
		      uint32_t clus, uint32_t size, int depth)
{
	struct fat_tree *t = w->t;
	struct fat_entry *e;
	char *path;

	if (t->n >= FAT_MAX_ENTRIES) {
		if (!w->full)
			note(w, dirpath, "over %d entries in the tree, the rest not read",
			     FAT_MAX_ENTRIES);
		w->full = 1;
		return;
	}
	path = *dirpath ? xasprintf("%s/%s", dirpath, name) : xstrdup(name);
	t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	e = &t->v[t->n++];
	e->path = path;
	e->is_dir = is_dir;
	e->cluster = clus;
	e->size = is_dir ? 0 : size;
	if (!is_dir)
		return;
	if (depth >= FAT_MAX_DEPTH) {
		note(w, path, "deeper than %d levels, not read", FAT_MAX_DEPTH);
		return;
	}
	for (int i = 0; i <= depth; i++)
		if (w->anc[i] == clus) {
			note(w, path, "a directory loop (cluster %u is a directory above)", clus);
			return;
		}
	/* path stays valid: walk_dir copies what it keeps */
	walk_dir(w, path, clus, depth + 1);
}

/* the entries of one directory's bytes (section 6 and 7) */
static void parse_dir(struct walk *w, const char *path, const unsigned char *p, size_t len,
		      int depth)
{
	uint16_t lfn[LFN_MAX_ORD * 13];
	int lfn_next = -1;	/* the ordinal expected next; 0 when complete, -1 none */
	unsigned char lfn_sum = 0;
	struct buf name = BUF_INIT, lname = BUF_INIT;
	struct rd dir = rd_make(p, len);

	for (size_t off = 0; off + DIR_LEN <= len && !w->full; off += DIR_LEN) {
		struct rd b = rd_sub(&dir, off, DIR_LEN);
		const unsigned char *ent = rd_ptr(&b, 0, DIR_LEN);
		unsigned first = rd_u8(&b, DIR_NAME), attr = rd_u8(&b, DIR_ATTR);

		if (first == 0x00)
			break;		/* section 6.1: no entry follows */
		if (first == 0xe5) {
			lfn_next = -1;
			continue;
		}
		if ((attr & ATTR_LONG_MASK) == ATTR_LONG_NAME) {
			unsigned ord = first & 0x3f;
			size_t at;
			if (first & LAST_LONG_ENTRY) {
				lfn_next = ord >= 1 && ord <= LFN_MAX_ORD ? (int)ord : -1;
				lfn_sum = rd_u8(&b, LDIR_CHKSUM);
				memset(lfn, 0, sizeof(lfn));
			} else if (lfn_next <= 0 || (int)ord != lfn_next ||
				   rd_u8(&b, LDIR_CHKSUM) != lfn_sum) {
				lfn_next = -1;
			}
			if (lfn_next <= 0)
				continue;
			at = (size_t)(ord - 1) * 13;
			for (int i = 0; i < 5; i++)
				lfn[at + i] = rd_le16(&b, LDIR_NAME1 + 2 * i);
			for (int i = 0; i < 6; i++)
				lfn[at + 5 + i] = rd_le16(&b, LDIR_NAME2 + 2 * i);
			for (int i = 0; i < 2; i++)
				lfn[at + 11 + i] = rd_le16(&b, LDIR_NAME3 + 2 * i);
			lfn_next--;
			continue;
		}
		if (attr & ATTR_VOLUME_ID) {
			lfn_next = -1;
			continue;
		}
		if (rd_eq(&b, DIR_NAME, ".          ", 11) || rd_eq(&b, DIR_NAME, "..         ", 11)) {
			lfn_next = -1;
			continue;
		}
		short_name(ent, rd_u8(&b, DIR_NTRES), &name);
		if (lfn_next == 0 && sfn_sum(ent) == lfn_sum &&
		    ucs2_name(lfn, sizeof(lfn) / sizeof(lfn[0]), &lname) == 0) {
			buf_clear(&name);
			buf_adds(&name, lname.data);
		}
		lfn_next = -1;
		if (!name.len || name.data[0] == '.')
			continue;
		uint32_t clus = rd_le16(&b, DIR_FSTCLUSLO);
		if (w->v->type == 32)
			clus |= (uint32_t)rd_le16(&b, DIR_FSTCLUSHI) << 16;
		if (attr & ATTR_DIRECTORY && clus == 0) {
			note(w, path, "directory '%s' has no cluster", name.data);
			continue;
		}
		add_entry(w, path, name.data, !!(attr & ATTR_DIRECTORY), clus,
			  rd_le32(&b, DIR_FILESIZE), depth);
	}
	buf_release(&name);
	buf_release(&lname);
}

static void walk_dir(struct walk *w, const char *path, uint32_t clus, int depth)
{
	struct fat_vol *v = w->v;
	struct buf d = BUF_INIT;
	size_t cap = FAT_MAX_DIR_BYTES;
	int rc;

	if (w->budget < cap)
		cap = (size_t)w->budget;
	if (cap < v->clus_bytes) {
		note(w, path, "over %u bytes of directories in the tree, not read",
		     FAT_MAX_WALK_BYTES);
		return;
	}
	w->anc[depth] = clus;
	rc = read_chain(v, clus, cap, &d);
	if (rc < 0) {
		note(w, path, "%s", v->reason);
		goto out;
	}
	if (rc == 1)
		note(w, path, "over %zu bytes, the rest not read", cap);
	w->budget -= d.len;
	parse_dir(w, path, (const unsigned char *)d.data, d.len, depth);
out:
	buf_release(&d);
}

int fat_walk(struct fat_vol *v, struct fat_tree *t)
{
	struct walk w = { v, t, FAT_MAX_WALK_BYTES, { 0 }, 0 };
	int rc;

	memset(t, 0, sizeof(*t));
	buf_init(&t->notes);
	if (v->type == 32) {
		struct buf d = BUF_INIT;
		rc = read_chain(v, v->root_clus, FAT_MAX_DIR_BYTES, &d);
		if (rc < 0) {
			buf_release(&d);
			return rc;
		}
		if (rc == 1)
			note(&w, "", "over %u bytes, the rest not read", FAT_MAX_DIR_BYTES);
		w.anc[0] = v->root_clus;
		w.budget -= d.len;
		parse_dir(&w, "", (const unsigned char *)d.data, d.len, 0);
		buf_release(&d);
	} else {
		unsigned char *d = xmalloc(v->root_bytes);
		rc = vol_read(v, v->root_off, d, v->root_bytes);
		if (rc < 0) {
			free(d);
			return rc;
		}
		/* cluster 0 stands for the root in a ".." entry: no subdirectory has it */
		w.anc[0] = 0;
		parse_dir(&w, "", d, v->root_bytes, 0);
		free(d);
	}
	return t->partial;
}

void fat_tree_release(struct fat_tree *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].path);
	free(t->v);
	buf_release(&t->notes);
	memset(t, 0, sizeof(*t));
}

const struct fat_entry *fat_lookup(const struct fat_tree *t, const char *path)
{
	for (size_t i = 0; t && i < t->n; i++)
		if (!strcasecmp(t->v[i].path, path))
			return &t->v[i];
	return NULL;
}
