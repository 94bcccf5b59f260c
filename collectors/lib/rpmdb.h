/*
 * rpmdb.h - used by the packages collector and the rpm decoders
 *
 * Reading the rpm package database without librpm
 *
 * Three on-disk forms hold the same records, one rpm header blob per
 * installed package: the SQLite database of rpm 4.16+ (RHEL 9, Fedora 33+,
 * rpmdb.sqlite), the Berkeley DB hash file of rpm 4.x before it (RHEL 5-8,
 * Packages) and SUSE's ndb (Packages.db).  Each reader walks its file
 * read-only and hands every header it can parse to a callback.
 *
 * Return values of the readers: 0 the database was read (res->bad counts
 * the records that could not be parsed, res->why says why), <0 it could
 * not be read at all (res->why says why).  A callback returning <0 stops
 * the walk and the reader returns that value with res->why untouched.
 */
#ifndef PREMIG_RPMDB_H
#define PREMIG_RPMDB_H

#include <stddef.h>
#include <stdint.h>

#include "../../scanner/buf.h"

/* limits: a header is at most 64 MiB here (rpm itself allows 256 MiB) */
#define RPMDB_MAX_BLOB (64u * 1024 * 1024)
#define RPMDB_MAX_PACKAGES 200000

/* one package; strings are borrowed from the blob for the callback only */
struct rpm_pkg {
	const char *name, *version, *release, *arch;
	int has_epoch;
	uint32_t epoch;
};

typedef int (*rpm_pkg_fn)(void *arg, const struct rpm_pkg *p);

struct rpmdb_result {
	size_t packages;	/* headers handed to the callback */
	size_t bad;		/* records that could not be parsed */
	size_t capped;		/* records left unread over RPMDB_MAX_PACKAGES */
	struct buf why;		/* the first problems, "; "-joined */
};

void rpmdb_result_init(struct rpmdb_result *r);
void rpmdb_result_release(struct rpmdb_result *r);

/*
 * Parses a header blob (index count, data length, index, data store; all
 * big-endian).  Returns 0 and fills out, or -1 with *why set to a static
 * message.  The strings of out point into blob, which must stay alive and
 * must hold a NUL inside the data store for each of them (checked).
 */
int rpmdb_header_parse(const unsigned char *blob, size_t len, struct rpm_pkg *out,
		     const char **why);

/* host_path: the file as the host sees it (sysroot_path), opened read-only */
int rpmdb_read_sqlite(const char *host_path, rpm_pkg_fn fn, void *arg,
		      struct rpmdb_result *res);
/*
 * The same from the file's bytes, held in memory by SQLite
 * (sqlite3_deserialize, read-only): nothing is opened or written beside it
 * (the decoder's way in)
 */
int rpmdb_read_sqlite_bytes(const unsigned char *data, size_t len, rpm_pkg_fn fn, void *arg,
			    struct rpmdb_result *res);
/* fd: the Packages (BDB hash) or Packages.db (ndb) file, open for reading */
int rpmdb_read_bdb(int fd, rpm_pkg_fn fn, void *arg, struct rpmdb_result *res);
int rpmdb_read_ndb(int fd, rpm_pkg_fn fn, void *arg, struct rpmdb_result *res);

#endif
