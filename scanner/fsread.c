/*
 * fsread.c - root-prefixed, link-safe, size-capped reads
 *
 * The link resolution follows path_resolution(7) with the root taken as
 * "/": ".." at the root stays at the root, and an absolute link target
 * starts again from the root.  At most 40 links, as Linux allows.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsread.h"
#include "banned.h"

#define MAX_LINKS 40

/* appends the components of p (relative, '/' separated) to the pending list */
static int resolve_in_root(const char *root, const char *path, struct buf *out)
{
	struct buf done = BUF_INIT;	/* resolved part, "" or "/a/b" */
	struct buf rest = BUF_INIT;	/* still to walk, "a/b/c" */
	struct buf probe = BUF_INIT;
	struct buf link = BUF_INIT;
	int links = 0, rc = 0;

	buf_adds(&rest, path);
	while (rest.len) {
		char *s = rest.data, *slash;
		size_t clen;

		while (*s == '/')
			s++;
		slash = strchr(s, '/');
		clen = slash ? (size_t)(slash - s) : strlen(s);
		if (clen == 0)
			break;
		char comp[256];
		if (clen >= sizeof(comp)) {
			rc = -ENAMETOOLONG;
			goto out;
		}
		memcpy(comp, s, clen);
		comp[clen] = '\0';
		{
			/* drop the component from rest */
			const char *next = slash ? slash + 1 : s + clen;
			size_t nlen = strlen(next);
			memmove(rest.data, next, nlen + 1);
			buf_setlen(&rest, nlen);
		}
		if (!strcmp(comp, "."))
			continue;
		if (!strcmp(comp, "..")) {
			char *last = strrchr(done.data, '/');
			buf_setlen(&done, last ? (size_t)(last - done.data) : 0);
			continue;
		}
		buf_clear(&probe);
		buf_addf(&probe, "%s%s/%s", root, done.data, comp);
		struct stat st;
		if (lstat(probe.data, &st) < 0) {
			if (errno != ENOENT && errno != ENOTDIR) {
				rc = -errno;
				goto out;
			}
			/* absent: keep the rest literally so the open says ENOENT */
			buf_addf(&done, "/%s", comp);
			if (rest.len)
				buf_addf(&done, "/%s", rest.data);
			break;
		}
		if (!S_ISLNK(st.st_mode)) {
			buf_addf(&done, "/%s", comp);
			continue;
		}
		if (++links > MAX_LINKS) {
			rc = -ELOOP;
			goto out;
		}
		buf_grow(&link, 4096);
		ssize_t n = readlink(probe.data, link.data, link.alloc - 1);
		if (n < 0) {
			rc = -errno;
			goto out;
		}
		link.len = (size_t)n;
		link.data[n] = '\0';
		if (link.data[0] == '/')
			buf_clear(&done);
		if (rest.len) {
			buf_addc(&link, '/');
			buf_add(&link, rest.data, rest.len);
		}
		buf_clear(&rest);
		buf_add(&rest, link.data, link.len);
	}
	buf_clear(out);
	buf_addf(out, "%s%s", root, done.len ? done.data : "/");
out:
	buf_release(&done);
	buf_release(&rest);
	buf_release(&probe);
	buf_release(&link);
	return rc;
}

int sysroot_path(const struct scan_ctx *ctx, const char *path, struct buf *out)
{
	while (*path == '/')
		path++;
	if (ctx->no_files)
		/* only --image: there is no file tree, and this host's is not it */
		return -ENXIO;
	if (!ctx->root || !ctx->root[0]) {
		/* the live system: the kernel resolves links, "/" is the root */
		buf_clear(out);
		buf_adds(out, "/");
		buf_adds(out, path);
		return 0;
	}
	return resolve_in_root(ctx->root, path, out);
}

static int open_flags(const struct scan_ctx *ctx)
{
	int fl = O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC;

	/* under --root the last component is resolved already */
	if (ctx->root && ctx->root[0])
		fl |= O_NOFOLLOW;
	return fl;
}

int sysroot_open(const struct scan_ctx *ctx, const char *path)
{
	struct buf p = BUF_INIT;
	struct stat st;
	int fd, rc;

	rc = sysroot_path(ctx, path, &p);
	if (rc < 0)
		goto out;
	fd = open(p.data, open_flags(ctx));
	if (fd < 0) {
		rc = (errno == ENOENT || errno == ENOTDIR) ? -ENOENT : -errno;
		goto out;
	}
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		close(fd);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = S_ISDIR(st.st_mode) ? -EISDIR : -EMEDIUMTYPE;
		close(fd);
		goto out;
	}
	rc = fd;
out:
	buf_release(&p);
	return ctx_denied(ctx, path, rc);
}

int fsread_cap(const struct scan_ctx *ctx, const char *path, struct buf *out,
	       size_t cap, unsigned int flags)
{
	int fd, rc = 0;

	buf_clear(out);
	fd = sysroot_open(ctx, path);
	if (fd == -ENOENT)
		return 1;
	if (fd < 0)
		return fd;
	for (;;) {
		buf_grow(out, 4096);
		size_t room = out->alloc - out->len - 1;
		/* read one byte past the cap so that "exactly cap" is allowed */
		if (out->len + room > cap + 1)
			room = cap + 1 - out->len;
		ssize_t n = read(fd, out->data + out->len, room);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = errno == EAGAIN ? -EAGAIN : -errno;
			break;
		}
		if (n == 0)
			break;
		buf_setlen(out, out->len + (size_t)n);
		if (out->len > cap) {
			rc = -EFBIG;
			break;
		}
	}
	close(fd);
	if (rc == 0 && (flags & FSREAD_TEXT) && memchr(out->data, '\0', out->len))
		rc = -EILSEQ;
	if (rc < 0) {
		buf_clear(out);
		return rc;
	}
	if (!(flags & FSREAD_KEEP_NL) && out->len && out->data[out->len - 1] == '\n')
		buf_setlen(out, out->len - 1);
	return 0;
}

int fsread_line(const struct scan_ctx *ctx, const char *path, struct buf *out)
{
	int rc = fsread_cap(ctx, path, out, 64 * 1024, FSREAD_TEXT);

	if (rc == 0) {
		size_t i = 0;
		buf_rtrim(out);
		while (i < out->len && (out->data[i] == ' ' || out->data[i] == '\t'))
			i++;
		if (i) {
			memmove(out->data, out->data + i, out->len - i + 1);
			buf_setlen(out, out->len - i);
		}
	}
	return rc;
}

int sysroot_stat(const struct scan_ctx *ctx, const char *path, struct stat *st)
{
	struct buf p = BUF_INIT;
	int rc = sysroot_path(ctx, path, &p);

	if (rc == 0 && stat(p.data, st) < 0)
		rc = (errno == ENOENT || errno == ENOTDIR) ? 1 : -errno;
	buf_release(&p);
	return ctx_denied(ctx, path, rc);
}

/* the host path of the link itself: its parent resolved, its name kept */
static int link_path(const struct scan_ctx *ctx, const char *path, struct buf *out)
{
	const char *slash, *name;
	char *parent;
	int rc;

	while (*path == '/')
		path++;
	slash = strrchr(path, '/');
	parent = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("");
	name = slash ? slash + 1 : path;
	rc = sysroot_path(ctx, parent, out);
	free(parent);
	if (rc == 0) {
		if (out->data[out->len - 1] != '/')
			buf_adds(out, "/");
		buf_adds(out, name);
	}
	return rc;
}

int sysroot_lstat(const struct scan_ctx *ctx, const char *path, struct stat *st)
{
	struct buf p = BUF_INIT;
	int rc = link_path(ctx, path, &p);

	if (rc == 0 && lstat(p.data, st) < 0)
		rc = (errno == ENOENT || errno == ENOTDIR) ? 1 : -errno;
	buf_release(&p);
	return ctx_denied(ctx, path, rc);
}

int sysroot_readlink(const struct scan_ctx *ctx, const char *path, struct buf *out)
{
	struct buf p = BUF_INIT;
	int rc = link_path(ctx, path, &p);

	buf_clear(out);
	if (rc == 0) {
		buf_grow(out, 4096);
		ssize_t n = readlink(p.data, out->data, out->alloc - 1);
		if (n < 0)
			rc = (errno == ENOENT || errno == ENOTDIR) ? 1 : -errno;
		else
			buf_setlen(out, (size_t)n);
	}
	buf_release(&p);
	return ctx_denied(ctx, path, rc);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int sysroot_list(const struct scan_ctx *ctx, const char *path, char ***names,
		 size_t *count)
{
	struct buf p = BUF_INIT;
	char **v = NULL;
	size_t n = 0, alloc = 0;
	DIR *d = NULL;
	int rc;

	*names = NULL;
	*count = 0;
	rc = sysroot_path(ctx, path, &p);
	if (rc < 0)
		goto out;
	d = opendir(p.data);
	if (!d) {
		rc = (errno == ENOENT || errno == ENOTDIR) ? 1 : -errno;
		goto out;
	}
	for (struct dirent *e; (e = readdir(d));) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			v = xrealloc(v, alloc * sizeof(*v));
		}
		v[n++] = xstrdup(e->d_name);
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_names);
	*names = v;
	*count = n;
	v = NULL;
out:
	if (d)
		closedir(d);
	buf_release(&p);
	return ctx_denied(ctx, path, rc);
}

void sysroot_names_free(char **names, size_t count)
{
	if (!names)
		return;
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}
