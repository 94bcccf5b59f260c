/*
 * fsutil.c - mount tables, fstab(5) lines and block device names
 *
 * Sources: proc(5) for mountinfo (fields: id, parent, major:minor, root,
 * mount point, options, optional fields ending with "-", type, source,
 * super options) and /proc/mounts; fstab(5); the kernel's sysfs-block ABI
 * (/sys/dev/block/MAJ:MIN links, since 2.6.27; the "dev" files of
 * /sys/block before);
 * udev's /dev/disk/by-* links, whose names escape bytes as \xHH.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "../../scanner/db.h"
#include "../../scanner/fsread.h"
#include "fsutil.h"
#include "../../scanner/str.h"
#include "../../scanner/banned.h"

#define FSTAB_LINE_MAX 4096
#define FSTAB_BAD_NOTES 20	/* bad lines noted one by one, then counted */

void fs_unescape(char *s)
{
	char *w = s;

	for (char *r = s; *r;) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			int c = (r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0');
			/* a NUL would cut the string short: keep the escape as written */
			if (c) {
				*w++ = (char)c;
				r += 4;
				continue;
			}
		}
		*w++ = *r++;
	}
	*w = '\0';
}

static int in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

int fs_fuse_type(const char *t)
{
	return t && (!strcmp(t, "fuse") || !strcmp(t, "fuse3") || !strcmp(t, "fuseblk") ||
		     str_starts_with(t, "fuse.") || str_starts_with(t, "fuse3."));
}

int fs_network_type(const char *t)
{
	/* kernel types, and mount helpers' types as fstab names them */
	static const char *const net[] = {
		"nfs", "nfs3", "nfs4", "cifs", "smbfs", "smb3", "smb2", "ncpfs", "ncp",
		"sshfs", "9p", "afs", "openafs", "davfs", "davfs2", "glusterfs", "ceph",
		"cephfs", "lustre", "gpfs", "beegfs", "orangefs", "pvfs2", "efs", "s3fs",
		"gcsfuse", "rclone", "curlftpfs", "moosefs", "mfs", "lizardfs", "cvmfs",
		"juicefs", "goofys", "blobfuse", "blobfuse2", "mountpoint-s3", "smbnetfs",
		"ceph-fuse", "vboxsf", "vmhgfs", "prl_fs",
	};

	if (!t || !*t)
		return 0;
	if (str_starts_with(t, "fuse."))
		t += 5;
	else if (str_starts_with(t, "fuse3."))
		t += 6;
	return in_list(t, net, ARRAY_SIZE(net));
}

/*
 * The helper of a FUSE spec: "s3fs#bucket", "sshfs#user@host:/", the old
 * fstab form of type fuse; or the spec alone when it is a helper's name
 * ("blobfuse2" with type fuse3).  Its length, or 0.
 */
static size_t fuse_helper(const char *s)
{
	size_t n = strcspn(s, "#");
	char name[32];

	if (!n || n >= sizeof(name))
		return 0;
	memcpy(name, s, n);
	name[n] = '\0';
	return fs_network_type(name) ? n : 0;
}

int fs_pseudo_type(const char *t)
{
	static const char *const pseudo[] = {
		"proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "securityfs",
		"pstore", "efivarfs", "bpf", "debugfs", "tracefs", "configfs", "fusectl",
		"mqueue", "hugetlbfs", "binfmt_misc", "rpc_pipefs", "nsfs", "selinuxfs",
		"autofs", "nfsd", "rootfs", "usbfs", "xenfs", "devfs", "sockfs", "pipefs",
		"spufs", "oprofilefs", "openpromfs", "smackfs", "apparmorfs",
	};

	return t && in_list(t, pseudo, ARRAY_SIZE(pseudo));
}

int fs_network_source(const char *s)
{
	const char *colon;

	if (!s || !*s)
		return 0;
	if (str_starts_with(s, "//") || str_starts_with(s, "\\\\"))
		return s[2] && s[2] != '/';
	if (fuse_helper(s))
		return 1;
	/* host:/path, user@host:/path, [v6]:/path, mon1,mon2:/ (ceph) */
	colon = strchr(s, ':');
	if (*s == '/' || !colon || colon == s)
		return 0;
	return !memchr(s, '/', (size_t)(colon - s)) && !memchr(s, '=', (size_t)(colon - s));
}

char *fs_network_server(const char *s)
{
	const char *b, *e;

	if (!s)
		return NULL;
	if (str_starts_with(s, "//") || str_starts_with(s, "\\\\")) {
		b = s + 2;
		e = b + strcspn(b, "/\\");
	} else {
		if (!fs_network_source(s))
			return NULL;
		if (fuse_helper(s) && s[fuse_helper(s)] == '#')
			s += fuse_helper(s) + 1;
		b = s;
		if (*b == '[') {
			b++;
			e = strchr(b, ']');
			if (!e)
				return NULL;
		} else {
			e = strchr(b, ':');
			if (!e)
				e = b + strlen(b);
		}
		const char *at = memchr(b, '@', (size_t)(e - b));
		if (at)
			b = at + 1;
	}
	return e > b ? xstrndup(b, (size_t)(e - b)) : NULL;
}

int fs_opt_has(const char *opts, const char *opt)
{
	size_t n = strlen(opt);

	for (const char *p = opts; p && *p;) {
		size_t len = strcspn(p, ",");
		size_t name = strcspn(p, ",=");
		if (name > len)
			name = len;
		if (name == n && !strncmp(p, opt, n))
			return 1;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* ---- mount tables ---- */

static struct fs_mount *mounts_add(struct fs_mounts *m)
{
	if (m->n >= FS_MAX_MOUNTS) {
		m->dropped++;
		return NULL;
	}
	/* grow by doubling; n never exceeds FS_MAX_MOUNTS */
	if ((m->n & (m->n - 1)) == 0) {
		size_t cap = m->n ? m->n * 2 : 16;
		m->v = xrealloc(m->v, cap * sizeof(*m->v));
	}
	struct fs_mount *e = &m->v[m->n++];
	memset(e, 0, sizeof(*e));
	return e;
}

/*
 * Splits line (modified in place) at single spaces, as the kernel writes
 * these tables: an empty field between two spaces is a field.
 */
static size_t split_spaces(char *line, char **f, size_t max)
{
	size_t n = 0;

	for (char *p = line; n < max;) {
		f[n++] = p;
		p = strchr(p, ' ');
		if (!p)
			break;
		*p++ = '\0';
	}
	return n;
}

static int parse_u32(const char *s, const char *end, unsigned int *out)
{
	char *ep;
	unsigned long long v;

	if (s == end || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &ep, 10);
	if (errno || ep != end || v > 0xffffffffULL)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

/* the mount options, then the super block options but rw/ro, as /proc/mounts shows them */
static char *merge_options(const char *mnt, const char *super)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, mnt);
	for (const char *p = super; p && *p;) {
		size_t len = strcspn(p, ",");
		char *o = xstrndup(p, len);
		if (strcmp(o, "rw") && strcmp(o, "ro") && !fs_opt_has(b.data, o)) {
			if (b.len)
				buf_addc(&b, ',');
			buf_adds(&b, o);
		}
		free(o);
		p += len;
		if (*p == ',')
			p++;
	}
	return buf_detach(&b);
}

/* the next line of the text at *p, cut in place at its '\n'; NULL at the end */
static char *next_line(char **p)
{
	char *s = *p, *nl;

	if (!s || !*s)
		return NULL;
	nl = strchr(s, '\n');
	if (nl) {
		*nl = '\0';
		*p = nl + 1;
	} else {
		*p = s + strlen(s);
	}
	return s;
}

void fs_parse_mountinfo(const char *text, struct fs_mounts *out)
{
	char *copy = xstrdup(text), *p = copy, *line;

	while ((line = next_line(&p))) {
		char *f[64];
		size_t n, dash;
		struct fs_mount *e;
		char *colon;

		if (!*line)
			continue;
		n = split_spaces(line, f, ARRAY_SIZE(f));
		for (dash = 6; dash < n && strcmp(f[dash], "-"); dash++)
			;
		if (dash + 2 >= n) {
			out->bad++;
			continue;
		}
		e = mounts_add(out);
		if (!e)
			continue;
		colon = strchr(f[2], ':');
		if (colon && parse_u32(f[2], colon, &e->major) == 0 &&
		    parse_u32(colon + 1, colon + 1 + strlen(colon + 1), &e->minor) == 0)
			e->has_devno = 1;
		fs_unescape(f[3]);
		fs_unescape(f[4]);
		fs_unescape(f[dash + 2]);
		e->root = xstrdup(f[3]);
		e->mountpoint = xstrdup(f[4]);
		e->fstype = xstrdup(f[dash + 1]);
		e->source = xstrdup(f[dash + 2]);
		e->options = merge_options(f[5], dash + 3 < n ? f[dash + 3] : "");
	}
	free(copy);
}

void fs_parse_proc_mounts(const char *text, struct fs_mounts *out)
{
	char *copy = xstrdup(text), *p = copy, *line;

	while ((line = next_line(&p))) {
		char *f[8];
		size_t n;
		struct fs_mount *e;

		if (!*line)
			continue;
		n = split_spaces(line, f, ARRAY_SIZE(f));
		if (n < 4) {
			out->bad++;
			continue;
		}
		e = mounts_add(out);
		if (!e)
			continue;
		fs_unescape(f[0]);
		fs_unescape(f[1]);
		e->source = xstrdup(f[0]);
		e->mountpoint = xstrdup(f[1]);
		e->fstype = xstrdup(f[2]);
		e->options = xstrdup(f[3]);
	}
	free(copy);
}

void fs_mounts_release(struct fs_mounts *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].mountpoint);
		free(m->v[i].source);
		free(m->v[i].fstype);
		free(m->v[i].options);
		free(m->v[i].root);
	}
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* mountinfo, else /proc/mounts (before 2.6.26), read through ctx's root */
static int read_table(const struct scan_ctx *ctx, struct fs_mounts *out, const char **source)
{
	struct buf b = BUF_INIT;
	int rc;

	memset(out, 0, sizeof(*out));
	*source = "proc/self/mountinfo";
	rc = fsread_cap(ctx, *source, &b, FS_TABLE_CAP, FSREAD_TEXT);
	if (rc == 0) {
		fs_parse_mountinfo(b.data, out);
	} else if (rc == 1) {
		*source = "proc/mounts";
		rc = fsread_cap(ctx, *source, &b, FS_TABLE_CAP, FSREAD_TEXT);
		if (rc == 0)
			fs_parse_proc_mounts(b.data, out);
	}
	buf_release(&b);
	return rc;
}

int fs_read_mount_table(const struct scan_ctx *ctx, struct fs_mounts *out,
			const char **source)
{
	/* this machine's /proc, whatever the scanned root is */
	char empty[1] = "";
	struct scan_ctx host = *ctx;
	int rc;

	host.root = empty;
	rc = read_table(&host, out, source);
	return rc == 1 ? -ENOENT : rc;
}

int fs_read_captured_table(const struct scan_ctx *ctx, struct fs_mounts *out,
			   const char **source)
{
	return read_table(ctx, out, source);
}

/* ---- fstab ---- */

static void bad_line(struct scan_ctx *ctx, const char *path, int line, size_t *nbad,
		     const char *why)
{
	if (++*nbad <= FSTAB_BAD_NOTES)
		ctx_note(ctx, "%s:%d: %s, line skipped", path, line, why);
}

void fs_parse_fstab(struct scan_ctx *ctx, const char *path, const char *text,
		    size_t len, struct fs_fstab *out)
{
	const char *p = text, *end = text + len;
	size_t nbad = 0, alloc = 0;
	int lineno = 0;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		size_t ll = (size_t)(e - p);
		char *line, *f[8], *s;
		size_t nf = 0;
		int binary = 0;

		lineno++;
		for (size_t i = 0; i < ll; i++) {
			unsigned char c = (unsigned char)p[i];
			if (c == 0 || (c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
				binary = 1;
		}
		if (binary) {
			bad_line(ctx, path, lineno, &nbad, "binary content");
			goto next;
		}
		if (ll > FSTAB_LINE_MAX) {
			bad_line(ctx, path, lineno, &nbad, "longer than 4096 bytes");
			goto next;
		}
		line = xstrndup(p, ll);
		for (s = line; *s && nf < ARRAY_SIZE(f);) {
			while (*s == ' ' || *s == '\t' || *s == '\r')
				*s++ = '\0';
			if (!*s || (nf == 0 && *s == '#'))
				break;
			f[nf++] = s;
			while (*s && *s != ' ' && *s != '\t' && *s != '\r')
				s++;
		}
		if (nf == 0) {
			free(line);
			goto next;
		}
		if (nf < 3) {
			char why[64];
			snprintf(why, sizeof(why), "too few fields (%zu, want at least 3)", nf);
			bad_line(ctx, path, lineno, &nbad, why);
			free(line);
			goto next;
		}
		/* fs_file is a path, or "none" / "swap" for swap areas */
		if (f[1][0] != '/' && strcmp(f[1], "none") && strcmp(f[1], "swap")) {
			char why[96];
			snprintf(why, sizeof(why), "mount point '%.40s' is not an absolute path", f[1]);
			bad_line(ctx, path, lineno, &nbad, why);
			free(line);
			goto next;
		}
		if (out->n >= FS_MAX_FSTAB) {
			bad_line(ctx, path, lineno, &nbad, "over 4096 entries");
			free(line);
			goto next;
		}
		if (nf > 6 && f[6][0] != '#')
			ctx_note(ctx, "%s:%d: more than 6 fields, extra ignored", path, lineno);
		for (size_t i = 4; i < nf && i < 6; i++) {
			unsigned long long v;
			char *ep;
			errno = 0;
			v = strtoull(f[i], &ep, 10);
			if (errno || *ep || ep == f[i] || v > 9)
				ctx_note(ctx, "%s:%d: field %zu '%.32s' is not a number", path, lineno,
					 i + 1, f[i]);
		}
		if (out->n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			out->v = xrealloc(out->v, alloc * sizeof(*out->v));
		}
		struct fs_fstab_ent *ent = &out->v[out->n++];
		fs_unescape(f[0]);
		fs_unescape(f[1]);
		ent->line = lineno;
		ent->spec = xstrdup(f[0]);
		ent->file = xstrdup(f[1]);
		/* "/boot/" and "/boot" are one mount point */
		for (size_t l = strlen(ent->file); l > 1 && ent->file[l - 1] == '/'; l--)
			ent->file[l - 1] = '\0';
		ent->vfstype = xstrdup(f[2]);
		ent->mntops = nf > 3 ? xstrdup(f[3]) : NULL;
		free(line);
next:
		p = nl ? nl + 1 : end;
	}
	if (nbad > FSTAB_BAD_NOTES)
		ctx_note(ctx, "%s: %zu more bad lines skipped", path, nbad - FSTAB_BAD_NOTES);
}

void fs_fstab_release(struct fs_fstab *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].spec);
		free(f->v[i].file);
		free(f->v[i].vfstype);
		free(f->v[i].mntops);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}

/* ---- spec kinds and device names ---- */

/* /dev directories whose nodes the kernel names with '!' for '/' */
static const char *const bang_dirs[] = { "cciss/", "ida/", "rd/", "i2o/", "etherd/" };

const char *fs_spec_kind(const char *spec, const char *fstype)
{
	static const struct {
		const char *prefix, *kind;
	} tags[] = {
		{ "UUID=", "uuid" }, { "LABEL=", "label" },
		{ "PARTUUID=", "partuuid" }, { "PARTLABEL=", "partlabel" },
	}, links[] = {
		{ "/dev/disk/by-uuid/", "by-uuid" }, { "/dev/disk/by-label/", "by-label" },
		{ "/dev/disk/by-id/", "by-id" }, { "/dev/disk/by-path/", "by-path" },
		{ "/dev/disk/by-partuuid/", "partuuid" }, { "/dev/disk/by-partlabel/", "partlabel" },
	};
	const char *rest;

	for (size_t i = 0; i < ARRAY_SIZE(tags); i++)
		if (str_starts_with_ci(spec, tags[i].prefix))
			return tags[i].kind;
	if (fs_network_type(fstype) || fs_network_source(spec))
		return "network";
	/* by-id names of device-mapper and md devices do not change on a new
	 * machine, unlike those of the disks under them */
	if (str_starts_with(spec, "/dev/disk/by-id/dm-"))
		return "dm";
	if (str_starts_with(spec, "/dev/disk/by-id/md-"))
		return "md";
	for (size_t i = 0; i < ARRAY_SIZE(links); i++)
		if (str_starts_with(spec, links[i].prefix))
			return links[i].kind;
	if (!str_starts_with(spec, "/dev/"))
		return "other";
	rest = spec + 5;
	/* memory filesystems bound or mounted from /dev: no disk */
	static const char *const mem[] = { "shm", "pts", "mqueue", "hugepages" };
	for (size_t i = 0; i < ARRAY_SIZE(mem); i++) {
		size_t n = strlen(mem[i]);
		if (!strncmp(rest, mem[i], n) && (rest[n] == '\0' || rest[n] == '/'))
			return "other";
	}
	if (str_starts_with(rest, "mapper/"))
		return "lvm";
	if (str_starts_with(rest, "md/") || (str_starts_with(rest, "md") && isdigit((unsigned char)rest[2])))
		return "md";
	if (!*rest)
		return "other";
	if (!strchr(rest, '/'))
		return "devname";
	for (size_t i = 0; i < ARRAY_SIZE(bang_dirs); i++)
		if (str_starts_with(rest, bang_dirs[i]))
			return "devname";
	/* /dev/VG/LV */
	const char *slash = strchr(rest, '/');
	if (slash > rest && slash[1] && !strchr(slash + 1, '/'))
		return "lvm";
	return "other";
}

char *fs_devno_name(const struct scan_ctx *ctx, unsigned int major, unsigned int minor)
{
	struct buf path = BUF_INIT, link = BUF_INIT, dev = BUF_INIT;
	char want[32], **disks = NULL, **parts = NULL;
	size_t nd = 0, np = 0;
	char *name = NULL;

	buf_addf(&path, "sys/dev/block/%u:%u", major, minor);
	if (sysroot_readlink(ctx, path.data, &link) == 0 && link.len) {
		name = xstrdup(str_base_name(link.data));
		goto out;
	}
	/* kernels before 2.6.27: the "dev" files under sys/block */
	snprintf(want, sizeof(want), "%u:%u", major, minor);
	if (sysroot_list(ctx, "sys/block", &disks, &nd) != 0)
		goto out;
	for (size_t i = 0; i < nd && !name; i++) {
		buf_clear(&path);
		buf_addf(&path, "sys/block/%s/dev", disks[i]);
		if (fsread_line(ctx, path.data, &dev) == 0 && !strcmp(dev.data, want)) {
			name = xstrdup(disks[i]);
			break;
		}
		buf_clear(&path);
		buf_addf(&path, "sys/block/%s", disks[i]);
		if (sysroot_list(ctx, path.data, &parts, &np) != 0)
			continue;
		for (size_t k = 0; k < np && !name; k++) {
			if (!str_starts_with(parts[k], disks[i]))
				continue;
			buf_clear(&path);
			buf_addf(&path, "sys/block/%s/%s/dev", disks[i], parts[k]);
			if (fsread_line(ctx, path.data, &dev) == 0 && !strcmp(dev.data, want))
				name = xstrdup(parts[k]);
		}
		sysroot_names_free(parts, np);
		parts = NULL;
	}
out:
	sysroot_names_free(disks, nd);
	buf_release(&path);
	buf_release(&link);
	buf_release(&dev);
	return name;
}

char *fs_sysfs_disk_of(const struct scan_ctx *ctx, const char *name)
{
	struct buf path = BUF_INIT, link = BUF_INIT;
	struct stat st;
	char **disks = NULL, *disk = NULL;
	size_t nd = 0;

	if (!name || !*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return NULL;
	/* a whole disk is its own disk; a dm or md device has members instead */
	buf_addf(&path, "sys/block/%s/slaves", name);
	char **slaves = NULL;
	size_t ns = 0;
	int rc = sysroot_list(ctx, path.data, &slaves, &ns);
	sysroot_names_free(slaves, ns);
	buf_clear(&path);
	buf_addf(&path, "sys/block/%s", name);
	if (sysroot_stat(ctx, path.data, &st) == 0 && (rc != 0 || ns == 0)) {
		disk = xstrdup(name);
		goto out;
	}
	buf_clear(&path);
	buf_addf(&path, "sys/class/block/%s/partition", name);
	if (sysroot_stat(ctx, path.data, &st) == 0) {
		buf_clear(&path);
		buf_addf(&path, "sys/class/block/%s", name);
		if (sysroot_readlink(ctx, path.data, &link) == 0) {
			/* .../block/sda/sda1: the parent component is the disk */
			char *last = strrchr(link.data, '/');
			if (last) {
				*last = '\0';
				disk = xstrdup(str_base_name(link.data));
			}
		}
		goto out;
	}
	/* older sysfs: the partition's directory inside sys/block/DISK */
	if (sysroot_list(ctx, "sys/block", &disks, &nd) != 0)
		goto out;
	for (size_t i = 0; i < nd && !disk; i++) {
		buf_clear(&path);
		buf_addf(&path, "sys/block/%s/%s/partition", disks[i], name);
		if (strcmp(disks[i], name) && sysroot_stat(ctx, path.data, &st) == 0)
			disk = xstrdup(disks[i]);
	}
out:
	sysroot_names_free(disks, nd);
	buf_release(&path);
	buf_release(&link);
	return disk;
}

/*
 * The kernel names of this scan's rows that sql (parameters ?1 scan, ?2
 * value) selects: the first in *first, the number found returned.
 */
static int rows_named(struct scan_ctx *ctx, const char *sql, const char *value,
		      struct buf *first, struct buf *all)
{
	sqlite3_stmt *st = db_prepare(ctx->db, sql);
	int n = 0;

	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, ctx->scan_id);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = db_col_text(st, 0);
		if (!name)
			continue;
		if (n++ == 0)
			buf_adds(first, name);
		if (all->len)
			buf_adds(all, ", ");
		buf_adds(all, name);
	}
	sqlite3_finalize(st);
	return n;
}

/* looks value up in the tiers of queries, most stacked device first */
static char *lookup_rows(struct scan_ctx *ctx, const char *const *sqls, size_t nsql,
			 const char *value, const char *spec)
{
	struct buf first = BUF_INIT, all = BUF_INIT;
	char *name = NULL;

	for (size_t i = 0; i < nsql; i++) {
		buf_clear(&first);
		buf_clear(&all);
		int n = rows_named(ctx, sqls[i], value, &first, &all);
		if (n == 1) {
			name = buf_detach(&first);
			break;
		}
		if (n > 1) {
			ctx_note(ctx, "fstab spec '%s' matches several devices (%s): "
				 "device left unknown", spec, all.data);
			break;
		}
	}
	buf_release(&first);
	buf_release(&all);
	return name;
}

static const char *const sql_uuid[] = {
	"SELECT name FROM volumes WHERE scan_id = ?1 AND lower(fs_uuid) = lower(?2)"
	" AND kind NOT IN ('lvm-vg', 'lvm-pv') ORDER BY name",
	"SELECT name FROM partitions WHERE scan_id = ?1 AND name IS NOT NULL"
	" AND lower(fs_uuid) = lower(?2) ORDER BY name",
	"SELECT name FROM disks WHERE scan_id = ?1 AND lower(fs_uuid) = lower(?2) ORDER BY name",
};
static const char *const sql_label[] = {
	"SELECT name FROM volumes WHERE scan_id = ?1 AND fs_label = ?2"
	" AND kind NOT IN ('lvm-vg', 'lvm-pv') ORDER BY name",
	"SELECT name FROM partitions WHERE scan_id = ?1 AND name IS NOT NULL"
	" AND fs_label = ?2 ORDER BY name",
	"SELECT name FROM disks WHERE scan_id = ?1 AND fs_label = ?2 ORDER BY name",
};
static const char *const sql_partuuid[] = {
	"SELECT name FROM partitions WHERE scan_id = ?1 AND name IS NOT NULL"
	" AND lower(part_uuid) = lower(?2) ORDER BY name",
};
static const char *const sql_partlabel[] = {
	"SELECT name FROM partitions WHERE scan_id = ?1 AND name IS NOT NULL"
	" AND part_label = ?2 ORDER BY name",
};
static const char *const sql_dmname[] = {
	"SELECT name FROM volumes WHERE scan_id = ?1 AND display_name = ?2"
	" AND kind NOT IN ('lvm-vg', 'lvm-pv') ORDER BY name",
};
static const char *const sql_mdname[] = {
	"SELECT name FROM volumes WHERE scan_id = ?1 AND kind = 'md'"
	" AND (display_name = ?2 OR display_name = 'md/' || ?2) ORDER BY name",
};

/* a name the kernel gives block devices (sda1, nvme0n1p2, xvda, cciss!c0d0p1) */
static int kernel_like(const char *name)
{
	static const char *const prefixes[] = {
		"sd", "vd", "xvd", "hd", "nvme", "mmcblk", "sr", "scd", "md", "dm-", "loop",
		"nbd", "rbd", "dasd", "emcpower", "pmem", "cciss!", "ida!", "rd!", "i2o!", "etherd!",
	};

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (str_starts_with(name, prefixes[i]) && name[strlen(prefixes[i])])
			return 1;
	return 0;
}

/* is name a device of this scan's rows? */
static int known_device(struct scan_ctx *ctx, const char *name)
{
	static const char *const sql[] = {
		"SELECT name FROM disks WHERE scan_id = ?1 AND name = ?2"
		" UNION SELECT name FROM partitions WHERE scan_id = ?1 AND name = ?2"
		" UNION SELECT name FROM volumes WHERE scan_id = ?1 AND name = ?2",
	};
	struct buf first = BUF_INIT, all = BUF_INIT;
	int n = rows_named(ctx, sql[0], name, &first, &all);

	buf_release(&first);
	buf_release(&all);
	return n > 0;
}

/*
 * The device a /dev path names: its major:minor when it is a block device
 * node (the running system, or a root with a real /dev), else the end of
 * its chain of links as written (fixtures, copied /dev trees).
 */
static char *node_name(const struct scan_ctx *ctx, const char *devpath)
{
	struct stat st;
	struct buf link = BUF_INIT, cur = BUF_INIT;
	char *name = NULL;

	if (sysroot_stat(ctx, devpath, &st) == 0 && S_ISBLK(st.st_mode))
		return fs_devno_name(ctx, major(st.st_rdev), minor(st.st_rdev));
	buf_adds(&cur, devpath);
	for (int hops = 0; hops < 8; hops++) {
		if (sysroot_readlink(ctx, cur.data, &link) != 0 || !link.len)
			break;
		if (link.data[0] == '/') {
			buf_clear(&cur);
			buf_adds(&cur, link.data);
		} else {
			/* relative to the link's directory */
			char *slash = strrchr(cur.data, '/');
			buf_setlen(&cur, slash ? (size_t)(slash - cur.data + 1) : 0);
			buf_adds(&cur, link.data);
		}
		free(name);
		name = xstrdup(str_base_name(cur.data));
	}
	buf_release(&link);
	buf_release(&cur);
	return name;
}

/* a udev by-label/by-uuid link name: bytes outside its safe set as \xHH */
static void udev_encode(const char *s, struct buf *out)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || strchr("#+-.:=@_", c) || c >= 0x80)
			buf_addc(out, (char)c);
		else
			buf_addf(out, "\\x%02x", c);
	}
}

/* the value of TAG=value, its quotes stripped */
static char *tag_value(const char *spec)
{
	const char *v = strchr(spec, '=') + 1;
	size_t n = strlen(v);

	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0])
		return xstrndup(v + 1, n - 2);
	return xstrdup(v);
}

/* udev's \xHH escapes in a by-label link name, decoded */
static char *udev_decode(const char *s)
{
	struct buf b = BUF_INIT;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == 'x' && isxdigit((unsigned char)s[2]) &&
		    isxdigit((unsigned char)s[3])) {
			char hex[3] = { s[2], s[3], 0 };
			char c = (char)strtoul(hex, NULL, 16);
			if (c) {
				buf_addc(&b, c);
				s += 3;
				continue;
			}
		}
		buf_addc(&b, *s);
	}
	return buf_detach(&b);
}

static char *by_link(struct scan_ctx *ctx, const char *dir, const char *value)
{
	struct buf path = BUF_INIT;
	char *name;

	buf_addf(&path, "dev/disk/%s/", dir);
	udev_encode(value, &path);
	name = node_name(ctx, path.data);
	buf_release(&path);
	return name;
}

/* VG and LV as device-mapper names them: each '-' doubled, joined by '-' */
static char *dm_name(const char *vg_lv)
{
	struct buf b = BUF_INIT;

	for (const char *p = vg_lv; *p; p++) {
		if (*p == '/')
			buf_addc(&b, '-');
		else if (*p == '-')
			buf_adds(&b, "--");
		else
			buf_addc(&b, *p);
	}
	return buf_detach(&b);
}

char *fs_resolve_spec(struct scan_ctx *ctx, const char *spec, const char *kind)
{
	char *v = NULL, *name = NULL;

	if (!spec || !kind)
		return NULL;
	if (!strcmp(kind, "uuid") || !strcmp(kind, "by-uuid")) {
		v = !strcmp(kind, "uuid") ? tag_value(spec) : udev_decode(str_base_name(spec));
		name = lookup_rows(ctx, sql_uuid, ARRAY_SIZE(sql_uuid), v, spec);
		if (!name)
			name = by_link(ctx, "by-uuid", v);
	} else if (!strcmp(kind, "label") || !strcmp(kind, "by-label")) {
		v = !strcmp(kind, "label") ? tag_value(spec) : udev_decode(str_base_name(spec));
		name = lookup_rows(ctx, sql_label, ARRAY_SIZE(sql_label), v, spec);
		if (!name)
			name = by_link(ctx, "by-label", v);
	} else if (!strcmp(kind, "partuuid")) {
		v = str_starts_with(spec, "/dev/") ? xstrdup(str_base_name(spec)) : tag_value(spec);
		name = lookup_rows(ctx, sql_partuuid, ARRAY_SIZE(sql_partuuid), v, spec);
		if (!name)
			name = by_link(ctx, "by-partuuid", v);
	} else if (!strcmp(kind, "partlabel")) {
		v = str_starts_with(spec, "/dev/") ? udev_decode(str_base_name(spec)) : tag_value(spec);
		name = lookup_rows(ctx, sql_partlabel, ARRAY_SIZE(sql_partlabel), v, spec);
		if (!name)
			name = by_link(ctx, "by-partlabel", v);
	} else if (!strcmp(kind, "by-id") || !strcmp(kind, "by-path")) {
		name = node_name(ctx, spec);
	} else if (!strcmp(kind, "lvm")) {
		const char *rest = spec + 5;
		v = str_starts_with(rest, "mapper/") ? xstrdup(rest + 7) : dm_name(rest);
		name = node_name(ctx, spec);
		if (!name || !str_starts_with(name, "dm-")) {
			free(name);
			name = lookup_rows(ctx, sql_dmname, ARRAY_SIZE(sql_dmname), v, spec);
		}
		if (!name && !str_starts_with(rest, "mapper/"))
			name = lookup_rows(ctx, sql_dmname, ARRAY_SIZE(sql_dmname), rest, spec);
	} else if (!strcmp(kind, "md")) {
		const char *rest = spec + 5;
		name = node_name(ctx, spec);
		if (!name && str_starts_with(rest, "md/"))
			name = lookup_rows(ctx, sql_mdname, ARRAY_SIZE(sql_mdname), rest + 3, spec);
		if (!name && !str_starts_with(rest, "md/"))
			name = xstrdup(rest);
	} else if (!strcmp(kind, "devname")) {
		name = node_name(ctx, spec);
		if (!name) {
			name = xstrdup(spec + 5);
			for (char *p = name; *p; p++)
				if (*p == '/')
					*p = '!';
			/* /dev/cdrom, /dev/root: names of links, not of the kernel */
			if (!kernel_like(name)) {
				free(name);
				name = NULL;
			}
		}
		/* the disks of --image are image0...: a host's sdb1 is not one of them */
		if (ctx->nimages && !known_device(ctx, name)) {
			free(name);
			name = NULL;
		}
	}
	free(v);
	return name;
}

char *fs_mount_device(struct scan_ctx *ctx, const struct fs_mount *m)
{
	char *name = NULL;

	/* major 0 is an anonymous device (tmpfs, nfs, overlay, btrfs subvolumes) */
	if (m->has_devno && m->major)
		name = fs_devno_name(ctx, m->major, m->minor);
	if (!name && m->source && !strncmp(m->source, "/dev/", 5))
		name = fs_resolve_spec(ctx, m->source, fs_spec_kind(m->source, m->fstype));
	if (!name && !m->has_devno && !fs_network_type(m->fstype) && !fs_fuse_type(m->fstype) &&
	    !fs_network_source(m->source)) {
		/*
		 * /proc/mounts has no major:minor: the mount point's st_dev,
		 * never on a network mount, where stat can hang
		 */
		struct stat st;
		if (sysroot_stat(ctx, m->mountpoint, &st) == 0 && major(st.st_dev))
			name = fs_devno_name(ctx, major(st.st_dev), minor(st.st_dev));
	}
	return name;
}
