/*
 * fsread.h - reads of the scanned system through its root prefix
 *
 * Every path a collector names is relative to the scanned system's root
 * ("etc/os-release"; a leading '/' is ignored).  Under --root, symbolic links
 * are resolved by hand so that neither an absolute link nor ".." ever leaves
 * the root: a link to "/usr/lib/os-release" inside ROOT means
 * ROOT/usr/lib/os-release, as it would on the host booted from it.
 * Everything is opened O_RDONLY | O_NONBLOCK | O_NOCTTY; nothing is ever
 * opened for writing.
 *
 * Return values: 0 read, 1 absent (ENOENT or ENOTDIR on the way), <0 a
 * -errno code (err_str() gives its text; -EFBIG over the cap, -EILSEQ binary
 * content in a text read, -EMEDIUMTYPE not a regular file).
 */
#ifndef PREMIG_FSREAD_H
#define PREMIG_FSREAD_H

#include <dirent.h>
#include <stddef.h>
#include <sys/stat.h>

#include "buf.h"
#include "ctx.h"

#define FSREAD_CAP (256 * 1024)	/* release files, /proc files, config files */

enum {
	FSREAD_TEXT = 1 << 0,	/* refuse content with a NUL byte */
	FSREAD_KEEP_NL = 1 << 1,	/* keep the final newline */
};

/* the host path of a root-relative path, links resolved inside the root */
int sysroot_path(const struct scan_ctx *ctx, const char *path, struct buf *out);

/* reads a whole regular file, at most cap bytes, into out (cleared first) */
int fsread_cap(const struct scan_ctx *ctx, const char *path, struct buf *out,
	       size_t cap, unsigned int flags);
static inline int fsread(const struct scan_ctx *ctx, const char *path,
			 struct buf *out)
{
	return fsread_cap(ctx, path, out, FSREAD_CAP, FSREAD_TEXT);
}

/* fsread() of a one-line /sys or /proc value, white space trimmed */
int fsread_line(const struct scan_ctx *ctx, const char *path, struct buf *out);

/* stat (following links inside the root) and lstat */
int sysroot_stat(const struct scan_ctx *ctx, const char *path, struct stat *st);
int sysroot_lstat(const struct scan_ctx *ctx, const char *path, struct stat *st);

/* the target of a link, as written in the link */
int sysroot_readlink(const struct scan_ctx *ctx, const char *path, struct buf *out);

/*
 * The entries of a directory, without "." and "..", sorted by name.
 * *names is a malloc'd array of malloc'd strings (free with
 * sysroot_names_free); nothing is allocated when the return is not 0.
 */
int sysroot_list(const struct scan_ctx *ctx, const char *path, char ***names,
		 size_t *count);
void sysroot_names_free(char **names, size_t count);

/* opens a regular file for reading (for streamed reads); returns an fd or <0 */
int sysroot_open(const struct scan_ctx *ctx, const char *path);

#endif
