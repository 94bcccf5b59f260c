/*
 * rpmdb.c - the rpm database read natively and read-only
 *
 * The header blob: rpm's lib/header.c and the "Header structure" of the
 * rpm file format (rpm.org/devel_doc/file_format.html): an int32 index
 * entry count, an int32 data length, 16-byte index entries {tag, type,
 * offset, count}, then the data store; every integer big-endian.
 *
 * The Berkeley DB hash file: the page layouts of Berkeley DB's dbinc/db_page.h
 * (metadata page, 26-byte page header, item index, H_KEYDATA and H_OFFPAGE
 * items, overflow page chains), as rpm 4.16's read-only lib/backend/bdb_ro.c
 * reads them.  The file is in its writer's byte order; the magic tells which.
 *
 * ndb: rpm's lib/backend/ndb/rpmpkg.c: a 32-byte header, slot pages of
 * 16-byte slots {magic, pkgidx, blkoff, blkcnt}, and blobs in 16-byte blocks
 * framed by a head {magic, pkgidx, time, length} and a tail {adler32,
 * length, magic}; every integer little-endian.
 *
 * SQLite: rpm 4.16's lib/backend/sqlite.c, table Packages(hnum, blob),
 * opened with immutable=1 so that SQLite neither locks nor writes anything
 * beside the file (https://sqlite.org/uri.html).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>
#include <zlib.h>

#include "rpmdb.h"
#include "../../scanner/rd.h"
#include "../../scanner/banned.h"

enum {
	TAG_NAME = 1000,
	TAG_VERSION = 1001,
	TAG_RELEASE = 1002,
	TAG_EPOCH = 1003,
	TAG_ARCH = 1022,
};

enum {
	TYPE_INT32 = 4,
	TYPE_STRING = 6,
	TYPE_STRING_ARRAY = 8,
	TYPE_I18NSTRING = 9,
};

#define HEADER_MAX_TAGS 0xffff	/* rpm's hdrchkTags */

/*
 * The header blob as rpm's lib/header.c headerImport() reads it (struct
 * entryInfo_s; the "Header structure" of rpm's file_format.md): two
 * big-endian counts, then il index entries, then dl bytes of data.
 */
enum {
	HDR_INDEX_COUNT = 0,	/* il: index entries */
	HDR_DATA_LEN = 4,	/* dl: bytes of the data store */
	HDR_PREAMBLE = 8,
	ENTRY_TAG = 0,		/* entryInfo_s.tag */
	ENTRY_TYPE = 4,		/* .type */
	ENTRY_OFFSET = 8,	/* .offset into the data store */
	ENTRY_COUNT = 12,	/* .count */
	ENTRY_SIZE = 16,
};
#define MAX_NOTES 3		/* problems spelled out; the rest are counted */

void rpmdb_result_init(struct rpmdb_result *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->why);
}

void rpmdb_result_release(struct rpmdb_result *r)
{
	buf_release(&r->why);
}

static void why_add(struct rpmdb_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void why_add(struct rpmdb_result *r, const char *fmt, ...)
{
	va_list ap;

	if (r->why.len)
		buf_adds(&r->why, "; ");
	va_start(ap, fmt);
	buf_vaddf(&r->why, fmt, ap);
	va_end(ap);
}

/* a record that could not be read: counted, and the first few described */
static void bad_record(struct rpmdb_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void bad_record(struct rpmdb_result *r, const char *fmt, ...)
{
	va_list ap;

	if (++r->bad > MAX_NOTES)
		return;
	if (r->why.len)
		buf_adds(&r->why, "; ");
	va_start(ap, fmt);
	buf_vaddf(&r->why, fmt, ap);
	va_end(ap);
}

/* the NUL-terminated string at off inside the data store, or NULL */
static const char *store_string(struct rd *data, uint32_t off)
{
	const unsigned char *p = off < data->len ? rd_ptr(data, off, data->len - off) : NULL;

	if (!p || !memchr(p, '\0', data->len - off))
		return NULL;
	return (const char *)p;
}

int rpmdb_header_parse(const unsigned char *blob, size_t len, struct rpm_pkg *out,
		     const char **why)
{
	struct rd h = rd_make(blob, len), index, data;
	uint32_t il, dl;
	uint64_t ilen;

	memset(out, 0, sizeof(*out));
	il = rd_be32(&h, HDR_INDEX_COUNT);
	dl = rd_be32(&h, HDR_DATA_LEN);
	if (!rd_ok(&h)) {
		*why = "header shorter than its 8-byte preamble";
		return -1;
	}
	if (il == 0 || il > HEADER_MAX_TAGS) {
		*why = "header index count out of range";
		return -1;
	}
	if (dl > RPMDB_MAX_BLOB) {
		*why = "header data length out of range";
		return -1;
	}
	ilen = (uint64_t)il * ENTRY_SIZE;	/* il <= 0xffff: no overflow */
	index = rd_sub(&h, HDR_PREAMBLE, (size_t)ilen);
	data = rd_sub(&h, HDR_PREAMBLE + (size_t)ilen, dl);
	if (!rd_ok(&h)) {
		*why = "header truncated: index and data run past the record";
		return -1;
	}
	for (uint32_t i = 0; i < il; i++) {
		struct rd e = rd_sub(&index, (size_t)i * ENTRY_SIZE, ENTRY_SIZE);
		uint32_t tag = rd_be32(&e, ENTRY_TAG), type = rd_be32(&e, ENTRY_TYPE);
		uint32_t off = rd_be32(&e, ENTRY_OFFSET), count = rd_be32(&e, ENTRY_COUNT);
		const char **slot = NULL;

		switch (tag) {
		case TAG_NAME:
			slot = &out->name;
			break;
		case TAG_VERSION:
			slot = &out->version;
			break;
		case TAG_RELEASE:
			slot = &out->release;
			break;
		case TAG_ARCH:
			slot = &out->arch;
			break;
		case TAG_EPOCH:
			if (out->has_epoch)
				break;
			if (type == TYPE_INT32 && count >= 1)
				out->epoch = rd_be32(&data, off);
			if (type != TYPE_INT32 || count < 1 || !rd_ok(&data)) {
				*why = "header epoch tag is not an int32 inside the data store";
				return -1;
			}
			out->has_epoch = 1;
			break;
		default:
			break;
		}
		if (!slot || *slot)
			continue;
		if (type != TYPE_STRING && type != TYPE_I18NSTRING && type != TYPE_STRING_ARRAY) {
			*why = "header name, version, release or arch tag is not a string";
			return -1;
		}
		*slot = store_string(&data, off);
		if (!*slot) {
			*why = "header string runs past the data store";
			return -1;
		}
	}
	if (!out->name || !out->name[0]) {
		*why = "header has no name";
		return -1;
	}
	return 0;
}

/* parses a blob and hands it on; <0 only when the callback says stop */
static int deliver(struct rpmdb_result *res, const unsigned char *blob, size_t len,
		   const char *where, unsigned long long id, rpm_pkg_fn fn, void *arg)
{
	struct rpm_pkg p;
	const char *why;

	if (rpmdb_header_parse(blob, len, &p, &why) < 0) {
		bad_record(res, "%s %llu: %s", where, id, why);
		return 0;
	}
	if (res->packages >= RPMDB_MAX_PACKAGES) {
		res->capped++;
		return 0;
	}
	res->packages++;
	return fn(arg, &p);
}

/* reads exactly n bytes at off; 0, or -1 with errno (0 for end of file) */
static int pread_full(int fd, void *p, size_t n, off_t off)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = pread(fd, (char *)p + got, n - got, off + (off_t)got);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (k == 0) {
			errno = 0;
			return -1;
		}
		got += (size_t)k;
	}
	return 0;
}

static const char *io_why(void)
{
	return errno ? strerror(errno) : "unexpected end of file";
}

/* ---- SQLite ---- */

/* the database header (sqlite.org/fileformat2.html, "The Database Header") */
#define SQLITE_HDR_WRITE_VERSION 18
#define SQLITE_HDR_READ_VERSION 19

/*
 * The database is the scanned host's, so it may be hostile: Packages may
 * be a view that never ends or a column computed as a huge blob.  The
 * walk runs under a budget of SQLite virtual machine steps (a real
 * database of RPMDB_MAX_PACKAGES packages takes about a million) and no
 * value may be longer than the biggest header read.
 */
#define RPMDB_SQLITE_STEPS 20000000ull
#define RPMDB_SQLITE_TICK 1000		/* steps between calls of the handler */

static int sqlite_budget(void *arg)
{
	unsigned long long *ticks = arg;

	return ++*ticks > RPMDB_SQLITE_STEPS / RPMDB_SQLITE_TICK;
}

/* every row of an open database's Packages table, its reasons in res */
static int sqlite_walk(sqlite3 *db, rpm_pkg_fn fn, void *arg, struct rpmdb_result *res)
{
	sqlite3_stmt *st = NULL;
	unsigned long long ticks = 0;
	int rc, ret = -1;

	/* and as sqlite.org/security.html advises for databases from elsewhere */
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, (int)RPMDB_MAX_BLOB);
	sqlite3_progress_handler(db, RPMDB_SQLITE_TICK, sqlite_budget, &ticks);
	rc = sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		why_add(res, "not an rpm database: %s", sqlite3_errmsg(db));
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long hnum = sqlite3_column_int64(st, 0);
		const void *blob = sqlite3_column_blob(st, 1);
		int n = sqlite3_column_bytes(st, 1);

		if (sqlite3_column_type(st, 1) != SQLITE_BLOB || !blob || n <= 0) {
			bad_record(res, "hnum %lld: no header blob", hnum);
			continue;
		}
		if (deliver(res, blob, (size_t)n, "hnum", (unsigned long long)hnum, fn, arg) < 0) {
			ret = -2;
			goto out;
		}
	}
	if (rc == SQLITE_INTERRUPT) {
		why_add(res, "read stopped after %zu packages: over premig's budget of %llu SQLite"
			" steps (Packages is not rpm's table)", res->packages, RPMDB_SQLITE_STEPS);
		if (!res->packages)
			goto out;
		res->bad++;
	} else if (rc != SQLITE_DONE) {
		why_add(res, "read stopped after %zu packages: %s", res->packages,
			sqlite3_errmsg(db));
		if (!res->packages)
			goto out;
		res->bad++;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	sqlite3_progress_handler(db, 0, NULL, NULL);
	return ret;
}

int rpmdb_read_sqlite(const char *host_path, rpm_pkg_fn fn, void *arg,
		      struct rpmdb_result *res)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf uri = BUF_INIT;
	sqlite3 *db = NULL;
	int rc, ret = -1;

	/* a URI filename: every byte outside the unreserved set escaped */
	buf_adds(&uri, "file:");
	for (const unsigned char *p = (const unsigned char *)host_path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._~-", *p)) {
			buf_addc(&uri, (char)*p);
		} else {
			buf_addc(&uri, '%');
			buf_addc(&uri, hex[*p >> 4]);
			buf_addc(&uri, hex[*p & 15]);
		}
	}
	buf_adds(&uri, "?immutable=1");
	rc = sqlite3_open_v2(uri.data, &db,
			     SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		why_add(res, "cannot open: %s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		goto out;
	}
	ret = sqlite_walk(db, fn, arg, res);
out:
	sqlite3_close(db);
	buf_release(&uri);
	return ret;
}

int rpmdb_read_sqlite_bytes(const unsigned char *data, size_t len, rpm_pkg_fn fn, void *arg,
			    struct rpmdb_result *res)
{
	sqlite3 *db = NULL;
	unsigned char *copy;
	int rc, ret = -1;

	rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		why_add(res, "cannot open: %s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		goto out;
	}
	/* SQLite owns the copy (FREEONCLOSE) and reads it in place, read-only */
	copy = sqlite3_malloc64(len ? len : 1);
	if (!copy) {
		why_add(res, "cannot open: out of memory");
		goto out;
	}
	if (len)
		memcpy(copy, data, len);
	/*
	 * rpm leaves its database in WAL mode, which an in-memory database
	 * cannot open: the copy says "rollback journal" instead (the file
	 * format and read version bytes, 2 for WAL, 1 for legacy: sqlite.org/
	 * fileformat2.html#file_format_version_numbers).  What is in the
	 * -wal beside the file is not read, as with immutable=1.
	 */
	if (len > SQLITE_HDR_READ_VERSION && copy[SQLITE_HDR_WRITE_VERSION] == 2 &&
	    copy[SQLITE_HDR_READ_VERSION] == 2)
		copy[SQLITE_HDR_WRITE_VERSION] = copy[SQLITE_HDR_READ_VERSION] = 1;
	rc = sqlite3_deserialize(db, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
				 SQLITE_DESERIALIZE_READONLY | SQLITE_DESERIALIZE_FREEONCLOSE);
	if (rc != SQLITE_OK) {
		why_add(res, "cannot open: %s", sqlite3_errmsg(db));
		goto out;
	}
	ret = sqlite_walk(db, fn, arg, res);
out:
	sqlite3_close(db);
	return ret;
}

/* ---- Berkeley DB hash ---- */

#define BDB_HASH_MAGIC 0x00061561
#define BDB_BTREE_MAGIC 0x00053162
/* Berkeley DB's dbinc/db_page.h: the metadata page (DBMETA, HMETA) */
enum {
	BDB_META_PGNO = 8,	/* DBMETA.pgno (after the 8-byte lsn) */
	BDB_META_MAGIC = 12,	/* .magic */
	BDB_META_VERSION = 16,	/* .version */
	BDB_META_PAGESIZE = 20,	/* .pagesize */
	BDB_META_ENCRYPT = 24,	/* .encrypt_alg (u8) */
	BDB_META_TYPE = 25,	/* .type (u8) */
	BDB_META_LAST_PGNO = 32,	/* .last_pgno */
	BDB_META_READ = 512,	/* what is read of it: the smallest page */
};
/* db_page.h's PAGE header, the same for hash and overflow pages */
enum {
	BDB_PG_PGNO = 8,	/* PAGE.pgno */
	BDB_PG_NEXT = 16,	/* .next_pgno: an overflow chain's next page */
	BDB_PG_ENTRIES = 20,	/* .entries (u16): items on a hash page */
	BDB_PG_HF_OFFSET = 22,	/* .hf_offset (u16): OV_LEN, the data on an overflow page */
	BDB_PG_TYPE = 25,	/* .type (u8) */
	BDB_PAGE_HDR = 26,	/* SIZEOF_PAGE: the item index follows it */
};
/* hash items: H_KEYDATA is a type byte then the data; HOFFPAGE is 12 bytes */
enum {
	BDB_ITEM_TYPE = 0,	/* HPAGE_PTYPE (u8) */
	BDB_KEYDATA_DATA = 1,	/* HKEYDATA_DATA */
	BDB_OFFPAGE_PGNO = 4,	/* HOFFPAGE.pgno */
	BDB_OFFPAGE_TLEN = 8,	/* HOFFPAGE.tlen */
	BDB_OFFPAGE_SIZE = 12,
};
#define P_HASH_UNSORTED 2
#define P_OVERFLOW 7
#define P_HASHMETA 8
#define P_HASH 13
#define H_KEYDATA 1
#define H_DUPLICATE 2
#define H_OFFPAGE 3
#define H_OFFDUP 4

struct bdb {
	int fd;
	int be;			/* the writer was big-endian */
	uint32_t pagesize;
	uint32_t last;		/* last page number, within the file */
	unsigned char *page;	/* the hash page being walked */
	unsigned char *ovpage;	/* an overflow page */
	unsigned char *val;	/* an overflow item, reassembled */
	size_t valalloc;
};

/* the 32- and 16-bit integers of the writer's byte order at off */
static uint32_t bdb32(const struct bdb *db, struct rd *r, size_t off)
{
	return db->be ? rd_be32(r, off) : rd_le32(r, off);
}

static uint32_t bdb16(const struct bdb *db, struct rd *r, size_t off)
{
	return db->be ? rd_be16(r, off) : rd_le16(r, off);
}

static int bdb_page(const struct bdb *db, unsigned char *page, uint32_t pgno)
{
	return pread_full(db->fd, page, db->pagesize, (off_t)pgno * db->pagesize);
}

/* reassembles an overflow item of tlen bytes from the chain at pgno */
static int bdb_overflow(struct bdb *db, uint32_t pgno, uint32_t tlen, const char **why)
{
	size_t got = 0;
	uint32_t steps = 0;

	if (tlen == 0 || tlen > RPMDB_MAX_BLOB ||
	    tlen > ((uint64_t)db->last + 1) * db->pagesize) {
		*why = "overflow item length out of range";
		return -1;
	}
	if (db->valalloc < tlen) {
		free(db->val);
		db->val = xmalloc(tlen);
		db->valalloc = tlen;
	}
	while (got < tlen) {
		uint32_t num, next, plen;

		if (pgno == 0 || pgno > db->last || ++steps > db->last) {
			*why = "overflow chain leaves the file or loops";
			return -1;
		}
		if (bdb_page(db, db->ovpage, pgno) < 0) {
			*why = "overflow page unreadable";
			return -1;
		}
		struct rd ov = rd_make(db->ovpage, db->pagesize);
		num = bdb32(db, &ov, BDB_PG_PGNO);
		next = bdb32(db, &ov, BDB_PG_NEXT);
		plen = bdb16(db, &ov, BDB_PG_HF_OFFSET);
		if (num != pgno || rd_u8(&ov, BDB_PG_TYPE) != P_OVERFLOW) {
			*why = "overflow chain reaches a page that is not an overflow page";
			return -1;
		}
		if (plen == 0 || plen > db->pagesize - BDB_PAGE_HDR || plen > tlen - got) {
			*why = "overflow page length out of range";
			return -1;
		}
		rd_copy(&ov, BDB_PAGE_HDR, db->val + got, plen);
		got += plen;
		pgno = next;
	}
	return 0;
}

/* the offset and length of item i of a hash page with n items */
static int bdb_item(const struct bdb *db, struct rd *page, uint32_t n,
		    uint32_t i, uint32_t *off, uint32_t *len)
{
	uint32_t o, end = db->pagesize;

	o = bdb16(db, page, BDB_PAGE_HDR + 2 * (size_t)i);
	/* items are stored from the end of the page down, in index order */
	if (i > 0)
		end = bdb16(db, page, BDB_PAGE_HDR + 2 * (size_t)(i - 1));
	if (!rd_ok(page))
		return -1;
	if (o < BDB_PAGE_HDR + 2 * n || o >= end || end > db->pagesize)
		return -1;
	*off = o;
	*len = end - o;
	return 0;
}

static int bdb_pair(struct bdb *db, uint32_t pgno, uint32_t n, uint32_t i,
		    struct rpmdb_result *res, rpm_pkg_fn fn, void *arg)
{
	struct rd pg = rd_make(db->page, db->pagesize), key, val;
	uint32_t koff, klen, voff, vlen, hnum, opg, tlen;
	const char *why;

	if (bdb_item(db, &pg, n, i, &koff, &klen) < 0 ||
	    bdb_item(db, &pg, n, i + 1, &voff, &vlen) < 0) {
		bad_record(res, "page %u item %u: offsets out of order or outside the page", pgno, i);
		return 0;
	}
	key = rd_sub(&pg, koff, klen);
	val = rd_sub(&pg, voff, vlen);
	/* rpm's keys are the 4-byte header instance numbers */
	if (rd_u8(&key, BDB_ITEM_TYPE) != H_KEYDATA || klen != BDB_KEYDATA_DATA + 4) {
		bad_record(res, "page %u item %u: key is not a 4-byte instance number", pgno, i);
		return 0;
	}
	hnum = bdb32(db, &key, BDB_KEYDATA_DATA);
	if (hnum == 0)
		return 0;	/* rpm's counter of instance numbers, not a package */
	switch (rd_u8(&val, BDB_ITEM_TYPE)) {
	case H_KEYDATA:
		return deliver(res, rd_ptr(&val, BDB_KEYDATA_DATA, vlen - BDB_KEYDATA_DATA),
			       vlen - BDB_KEYDATA_DATA, "instance", hnum, fn, arg);
	case H_OFFPAGE:
		opg = bdb32(db, &val, BDB_OFFPAGE_PGNO);
		tlen = bdb32(db, &val, BDB_OFFPAGE_TLEN);
		if (vlen < BDB_OFFPAGE_SIZE || !rd_ok(&val)) {
			bad_record(res, "instance %u: short overflow reference", hnum);
			return 0;
		}
		if (bdb_overflow(db, opg, tlen, &why) < 0) {
			bad_record(res, "instance %u: %s", hnum, why);
			return 0;
		}
		return deliver(res, db->val, tlen, "instance", hnum, fn, arg);
	case H_DUPLICATE:
	case H_OFFDUP:
		bad_record(res, "instance %u: duplicate data items, which rpm never writes", hnum);
		return 0;
	default:
		bad_record(res, "instance %u: unknown item type %u", hnum, rd_u8(&val, BDB_ITEM_TYPE));
		return 0;
	}
}

int rpmdb_read_bdb(int fd, rpm_pkg_fn fn, void *arg, struct rpmdb_result *res)
{
	unsigned char meta[BDB_META_READ];
	struct rd m = rd_make(meta, sizeof(meta));
	struct bdb db = { .fd = fd };
	uint32_t magic, bemagic, version, last, pgno;
	struct stat st;
	uint64_t npages;
	int ret = -1;

	if (fstat(fd, &st) < 0) {
		why_add(res, "cannot stat: %s", strerror(errno));
		return -1;
	}
	if (pread_full(fd, meta, sizeof(meta), 0) < 0) {
		why_add(res, "no Berkeley DB metadata page: %s", io_why());
		return -1;
	}
	/* the magic in the writer's byte order tells which order that was */
	magic = rd_le32(&m, BDB_META_MAGIC);
	bemagic = rd_be32(&m, BDB_META_MAGIC);
	if (magic == BDB_HASH_MAGIC || bemagic == BDB_HASH_MAGIC) {
		db.be = bemagic == BDB_HASH_MAGIC;
	} else if (magic == BDB_BTREE_MAGIC || bemagic == BDB_BTREE_MAGIC) {
		why_add(res, "a Berkeley DB btree, not the hash database rpm writes");
		return -1;
	} else {
		why_add(res, "not a Berkeley DB hash database (magic 0x%08x)", magic);
		return -1;
	}
	version = bdb32(&db, &m, BDB_META_VERSION);
	db.pagesize = bdb32(&db, &m, BDB_META_PAGESIZE);
	last = bdb32(&db, &m, BDB_META_LAST_PGNO);
	if (version < 8 || version > 10) {
		why_add(res, "unsupported Berkeley DB hash version %u", version);
		return -1;
	}
	if (db.pagesize < 512 || db.pagesize > 65536 || (db.pagesize & (db.pagesize - 1))) {
		why_add(res, "page size %u out of range", db.pagesize);
		return -1;
	}
	if (rd_u8(&m, BDB_META_ENCRYPT) != 0) {
		why_add(res, "encrypted Berkeley DB database");
		return -1;
	}
	if (rd_u8(&m, BDB_META_TYPE) != P_HASHMETA) {
		why_add(res, "first page is not a hash metadata page (type %u)", rd_u8(&m, BDB_META_TYPE));
		return -1;
	}
	npages = (uint64_t)st.st_size / db.pagesize;
	if (npages == 0) {
		why_add(res, "file shorter than one page");
		return -1;
	}
	if ((uint64_t)last >= npages) {
		why_add(res, "file truncated: last page %u, %llu pages in the file", last,
			(unsigned long long)npages);
		res->bad++;
		last = (uint32_t)(npages - 1);
	}
	db.last = last;
	db.page = xmalloc(db.pagesize);
	db.ovpage = xmalloc(db.pagesize);
	/*
	 * Every hash page in file order: the same pages as walking the buckets
	 * and their chains, without trusting the bucket-to-page spares table.
	 * Freed pages are typed P_INVALID and overflow pages P_OVERFLOW, so
	 * neither is taken for a bucket.
	 */
	for (pgno = 1; pgno <= db.last; pgno++) {
		struct rd pg = rd_make(db.page, db.pagesize);
		uint32_t num, n;

		if (bdb_page(&db, db.page, pgno) < 0) {
			why_add(res, "page %u unreadable: %s", pgno, io_why());
			res->bad++;
			break;
		}
		if (rd_u8(&pg, BDB_PG_TYPE) != P_HASH && rd_u8(&pg, BDB_PG_TYPE) != P_HASH_UNSORTED)
			continue;
		num = bdb32(&db, &pg, BDB_PG_PGNO);
		n = bdb16(&db, &pg, BDB_PG_ENTRIES);
		if (num != pgno) {
			bad_record(res, "page %u: claims to be page %u", pgno, num);
			continue;
		}
		if (BDB_PAGE_HDR + 2 * (uint64_t)n > db.pagesize) {
			bad_record(res, "page %u: %u items do not fit a page", pgno, n);
			continue;
		}
		if (n % 2)
			bad_record(res, "page %u: odd item count %u", pgno, n);
		for (uint32_t i = 0; i + 1 < n; i += 2) {
			if (bdb_pair(&db, pgno, n, i, res, fn, arg) < 0) {
				ret = -2;
				goto out;
			}
		}
	}
	ret = 0;
out:
	free(db.page);
	free(db.ovpage);
	free(db.val);
	return ret;
}

/* ---- ndb ---- */

#define NDB_MAGIC 0x506d7052		/* "RpmP" */
#define NDB_SLOT_MAGIC 0x746f6c53	/* "Slot" */
#define NDB_HEAD_MAGIC 0x53626c42	/* "BlbS" */
#define NDB_TAIL_MAGIC 0x45626c42	/* "BlbE" */
#define NDB_PAGE 4096
#define NDB_BLK 16
#define NDB_MAX_SLOT_PAGES 4096
/* rpmpkg.c: the database header (the first two slots of page 0) */
enum {
	NDB_HDR_MAGIC = 0,		/* RPMPKG_MAGIC */
	NDB_HDR_VERSION = 4,
	NDB_HDR_SLOTNPAGES = 12,	/* after the generation */
	NDB_HDR_SIZE = 32,
};
/* a slot: {magic, pkgidx, blkoff, blkcnt} */
enum {
	NDB_SLOT_MAGIC_OFF = 0,
	NDB_SLOT_PKGIDX = 4,
	NDB_SLOT_BLKOFF = 8,
	NDB_SLOT_BLKCNT = 12,
	NDB_SLOT_SIZE = 16,
};
/* a blob's head {magic, pkgidx, timestamp, bloblen} and tail {adler32, bloblen, magic} */
enum {
	NDB_HEAD_MAGIC_OFF = 0,
	NDB_HEAD_PKGIDX = 4,
	NDB_HEAD_BLOBLEN = 12,
	NDB_HEAD = 16,
	NDB_TAIL_ADLER = 0,
	NDB_TAIL_BLOBLEN = 4,
	NDB_TAIL_MAGIC_OFF = 8,
	NDB_TAIL = 12,
};

struct blobbuf {
	unsigned char *p;
	size_t alloc;
};

static int ndb_blob(int fd, uint64_t fileblks, uint32_t slotnpages, uint32_t pkgidx,
		    uint32_t blkoff, uint32_t blkcnt, struct blobbuf *b,
		    struct rpmdb_result *res, rpm_pkg_fn fn, void *arg)
{
	struct rd blob, tail;
	uint32_t magic, idx, len, adl, tlen, tmagic;
	size_t n;

	if (pkgidx == 0 || blkcnt < (NDB_HEAD + NDB_TAIL + NDB_BLK - 1) / NDB_BLK ||
	    blkoff < (uint64_t)slotnpages * (NDB_PAGE / NDB_BLK) ||
	    (uint64_t)blkoff + blkcnt > fileblks ||
	    (uint64_t)blkcnt * NDB_BLK > RPMDB_MAX_BLOB + NDB_HEAD + NDB_TAIL + NDB_BLK) {
		bad_record(res, "package %u: slot points outside the blob area", pkgidx);
		return 0;
	}
	n = (size_t)blkcnt * NDB_BLK;
	if (b->alloc < n) {
		free(b->p);
		b->p = xmalloc(n);
		b->alloc = n;
	}
	if (pread_full(fd, b->p, n, (off_t)blkoff * NDB_BLK) < 0) {
		bad_record(res, "package %u: blob unreadable: %s", pkgidx, io_why());
		return 0;
	}
	blob = rd_make(b->p, n);
	magic = rd_le32(&blob, NDB_HEAD_MAGIC_OFF);
	idx = rd_le32(&blob, NDB_HEAD_PKGIDX);
	len = rd_le32(&blob, NDB_HEAD_BLOBLEN);
	if (magic != NDB_HEAD_MAGIC || idx != pkgidx ||
	    len > n - NDB_HEAD - NDB_TAIL ||
	    blkcnt != (NDB_HEAD + (uint64_t)len + NDB_TAIL + NDB_BLK - 1) / NDB_BLK) {
		bad_record(res, "package %u: bad blob head", pkgidx);
		return 0;
	}
	tail = rd_sub(&blob, n - NDB_TAIL, NDB_TAIL);
	adl = rd_le32(&tail, NDB_TAIL_ADLER);
	tlen = rd_le32(&tail, NDB_TAIL_BLOBLEN);
	tmagic = rd_le32(&tail, NDB_TAIL_MAGIC_OFF);
	if (tmagic != NDB_TAIL_MAGIC || tlen != len) {
		bad_record(res, "package %u: bad blob tail", pkgidx);
		return 0;
	}
	if (adler32(adler32(0L, Z_NULL, 0), rd_ptr(&blob, 0, n - NDB_TAIL), (uInt)(n - NDB_TAIL)) != adl) {
		bad_record(res, "package %u: blob checksum mismatch", pkgidx);
		return 0;
	}
	return deliver(res, rd_ptr(&blob, NDB_HEAD, len), len, "package", pkgidx, fn, arg);
}

int rpmdb_read_ndb(int fd, rpm_pkg_fn fn, void *arg, struct rpmdb_result *res)
{
	unsigned char hdr[NDB_HDR_SIZE], *page = NULL;
	struct rd h = rd_make(hdr, sizeof(hdr));
	uint32_t magic, version, slotnpages;
	struct blobbuf b = { NULL, 0 };
	uint64_t fileblks;
	struct stat st;
	int ret = -1;

	if (fstat(fd, &st) < 0) {
		why_add(res, "cannot stat: %s", strerror(errno));
		return -1;
	}
	if (pread_full(fd, hdr, sizeof(hdr), 0) < 0) {
		why_add(res, "no ndb header: %s", io_why());
		return -1;
	}
	magic = rd_le32(&h, NDB_HDR_MAGIC);
	version = rd_le32(&h, NDB_HDR_VERSION);
	slotnpages = rd_le32(&h, NDB_HDR_SLOTNPAGES);
	if (magic != NDB_MAGIC) {
		why_add(res, "not an ndb package database (magic 0x%08x)", magic);
		return -1;
	}
	if (version != 0) {
		why_add(res, "unsupported ndb version %u", version);
		return -1;
	}
	if (slotnpages == 0 || slotnpages > NDB_MAX_SLOT_PAGES ||
	    (uint64_t)slotnpages * NDB_PAGE > (uint64_t)st.st_size) {
		why_add(res, "slot page count %u out of range", slotnpages);
		return -1;
	}
	fileblks = (uint64_t)st.st_size / NDB_BLK;
	page = xmalloc(NDB_PAGE);
	for (uint32_t pg = 0; pg < slotnpages; pg++) {
		if (pread_full(fd, page, NDB_PAGE, (off_t)pg * NDB_PAGE) < 0) {
			why_add(res, "slot page %u unreadable: %s", pg, io_why());
			res->bad++;
			break;
		}
		struct rd sp = rd_make(page, NDB_PAGE);

		/* the first two slots of page 0 are the header */
		for (size_t o = pg ? 0 : NDB_HDR_SIZE; o < NDB_PAGE; o += NDB_SLOT_SIZE) {
			struct rd slot = rd_sub(&sp, o, NDB_SLOT_SIZE);
			uint32_t smagic = rd_le32(&slot, NDB_SLOT_MAGIC_OFF);
			uint32_t pkgidx = rd_le32(&slot, NDB_SLOT_PKGIDX);
			uint32_t blkoff = rd_le32(&slot, NDB_SLOT_BLKOFF);
			uint32_t blkcnt = rd_le32(&slot, NDB_SLOT_BLKCNT);

			if (smagic != NDB_SLOT_MAGIC) {
				/* rpm gives up on the whole file here; we skip the page */
				bad_record(res, "slot page %u offset %zu: bad slot magic", pg, o);
				break;
			}
			if (blkoff == 0)
				continue;	/* a free slot */
			if (ndb_blob(fd, fileblks, slotnpages, pkgidx, blkoff, blkcnt, &b,
				     res, fn, arg) < 0) {
				ret = -2;
				goto out;
			}
		}
	}
	ret = 0;
out:
	free(page);
	free(b.p);
	return ret;
}
