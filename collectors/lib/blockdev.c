/*
 * blockdev.c - listing the disks of the scanned system (sysfs or --image)
 * and opening them read-only
 *
 * Sources: the kernel's Documentation/ABI/stable/sysfs-block (size in
 * 512-byte units whatever the sector size, queue/logical_block_size,
 * queue/physical_block_size, queue/rotational, removable, hidden; a
 * partition's partition, start and size files), and SPC-3 (VPD page 0x80,
 * the unit serial number: a 4-byte header, then ASCII).  Kernels before
 * 2.6.31 have no queue/logical_block_size: queue/hw_sector_size is read
 * instead.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

#include "../../scanner/fsread.h"
#include "../../scanner/rd.h"
#include "blockdev.h"
#include "image.h"
#include "../../scanner/banned.h"

#define OPEN_FLAGS (O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)

int bdev_name_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			size_t na = strspn(a, "0123456789"), nb = strspn(b, "0123456789");
			const char *pa = a, *pb = b;
			while (na > 1 && *pa == '0')
				pa++, na--;
			while (nb > 1 && *pb == '0')
				pb++, nb--;
			if (na != nb)
				return na < nb ? -1 : 1;
			int c = strncmp(pa, pb, na);
			if (c)
				return c;
			a = pa + na;
			b = pb + nb;
			continue;
		}
		if (isalpha((unsigned char)*a) && isalpha((unsigned char)*b)) {
			/* sdz before sdaa: a shorter run of letters first */
			size_t na = 0, nb = 0;
			while (isalpha((unsigned char)a[na]))
				na++;
			while (isalpha((unsigned char)b[nb]))
				nb++;
			if (na != nb)
				return na < nb ? -1 : 1;
			int c = strncmp(a, b, na);
			if (c)
				return c;
			a += na;
			b += nb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int cmp_bdev(const void *x, const void *y)
{
	return bdev_name_cmp(((const struct bdev *)x)->name, ((const struct bdev *)y)->name);
}

static int cmp_kpart(const void *x, const void *y)
{
	const struct bdev_kpart *a = x, *b = y;

	return a->number < b->number ? -1 : a->number > b->number;
}

/* a decimal sysfs value */
static int read_u64(const struct scan_ctx *ctx, const char *path, uint64_t *v)
{
	struct buf b = BUF_INIT;
	int rc = fsread_line(ctx, path, &b);

	if (rc == 0) {
		char *end;
		errno = 0;
		unsigned long long x = strtoull(b.data, &end, 10);
		if (errno || end == b.data || *end || b.data[0] == '-')
			rc = -EINVAL;
		else
			*v = x;
	}
	buf_release(&b);
	return rc;
}

/* a text sysfs value, trimmed; NULL when absent or empty */
static char *read_str(const struct scan_ctx *ctx, const char *path)
{
	struct buf b = BUF_INIT;
	char *s = NULL;

	if (fsread_line(ctx, path, &b) == 0 && b.len)
		s = buf_detach(&b);
	buf_release(&b);
	return s;
}

/* SPC-3 VPD page 0x80, Unit Serial Number (SPC-3 7.6.10): the serial after a 4-byte header */
#define VPD_PAGE_CODE 1		/* 0x80 */
#define VPD_PAGE_LENGTH 2	/* big-endian: the bytes after the header */
#define VPD_SERIAL 4
static char *vpd_serial(const struct scan_ctx *ctx, const char *name)
{
	struct buf b = BUF_INIT, path = BUF_INIT;
	char *s = NULL;

	buf_addf(&path, "sys/block/%s/device/vpd_pg80", name);
	if (fsread_cap(ctx, path.data, &b, 4096, FSREAD_KEEP_NL) == 0) {
		struct rd r = rd_make(b.data, b.len);
		size_t n = rd_be16(&r, VPD_PAGE_LENGTH);
		const char *p;
		if (rd_ok(&r) && rd_u8(&r, VPD_PAGE_CODE) == 0x80 &&
		    (p = (const char *)rd_ptr(&r, VPD_SERIAL, n))) {
			while (n && (*p == ' ' || *p == '\0'))
				p++, n--;
			while (n && (p[n - 1] == ' ' || p[n - 1] == '\0'))
				n--;
			int printable = n > 0;
			for (size_t i = 0; i < n; i++)
				if (!isprint((unsigned char)p[i]))
					printable = 0;
			if (printable)
				s = xstrndup(p, n);
		}
	}
	buf_release(&b);
	buf_release(&path);
	return s;
}

static char *sysattr(const struct scan_ctx *ctx, const char *name, const char *attr)
{
	char *p = xasprintf("sys/block/%s/%s", name, attr);
	char *s = read_str(ctx, p);

	free(p);
	return s;
}

static int sysattr_u64(const struct scan_ctx *ctx, const char *name, const char *attr,
		       uint64_t *v)
{
	char *p = xasprintf("sys/block/%s/%s", name, attr);
	int rc = read_u64(ctx, p, v);

	free(p);
	return rc;
}

static int starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* not a disk: virtual (loop, ram, zram, dm, md, nbd, ...) or hidden */
static int skip_device(const struct scan_ctx *ctx, const char *name)
{
	struct buf link = BUF_INIT, p = BUF_INIT;
	uint64_t hidden = 0;
	int skip = 0;

	buf_addf(&p, "sys/block/%s", name);
	if (sysroot_readlink(ctx, p.data, &link) == 0 && link.len) {
		skip = strstr(link.data, "devices/virtual/") != NULL;
	} else {
		/* a fixture of plain directories: judge by the name */
		static const char *const virt[] = { "loop", "ram", "zram", "dm-", "nbd", "drbd",
						    "bcache", "zd", NULL };
		for (int i = 0; virt[i]; i++)
			if (starts(name, virt[i]))
				skip = 1;
		if (starts(name, "md") && (isdigit((unsigned char)name[2]) || starts(name, "md_d")))
			skip = 1;
	}
	/* a floppy drive (VMware and Hyper-V VMs have one) is no disk: never
	 * opened, since the driver retries for long without a diskette */
	if ((starts(name, "fd") && isdigit((unsigned char)name[2])) ||
	    (link.len && strstr(link.data, "/floppy.")))
		skip = 1;
	if (!skip && sysattr_u64(ctx, name, "hidden", &hidden) == 0 && hidden)
		skip = 1;
	buf_release(&link);
	buf_release(&p);
	return skip;
}

static int is_optical(const struct scan_ctx *ctx, const char *name)
{
	char *s;
	int optical = starts(name, "sr") || starts(name, "scd");

	if (!optical && (s = sysattr(ctx, name, "device/type"))) {
		optical = !strcmp(s, "5");
		free(s);
	}
	if (!optical && (s = sysattr(ctx, name, "device/media"))) {
		optical = !strcmp(s, "cdrom");
		free(s);
	}
	return optical;
}

/* the kernel's partitions of a disk: sys/block/NAME/NAME[p]N/partition */
static void read_kparts(const struct scan_ctx *ctx, struct bdev *d)
{
	char **names = NULL, *dir = xasprintf("sys/block/%s", d->name);
	size_t n = 0, len = strlen(d->name);

	if (sysroot_list(ctx, dir, &names, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			const char *e = names[i];
			uint64_t num = 0, v;
			if (strncmp(e, d->name, len))
				continue;
			char *p = xasprintf("%s/%s/partition", dir, e);
			int rc = read_u64(ctx, p, &num);
			free(p);
			if (rc != 0 || num == 0 || num > 1000000)
				continue;
			d->kparts = xrealloc(d->kparts, (d->nkparts + 1) * sizeof(*d->kparts));
			struct bdev_kpart *k = &d->kparts[d->nkparts++];
			memset(k, 0, sizeof(*k));
			k->number = (int)num;
			k->name = xstrdup(e);
			p = xasprintf("%s/%s/dev", dir, e);
			k->devno = read_str(ctx, p);
			free(p);
			p = xasprintf("%s/%s/start", dir, e);
			if (read_u64(ctx, p, &v) == 0) {
				k->start = v * 512;
				free(p);
				p = xasprintf("%s/%s/size", dir, e);
				if (read_u64(ctx, p, &v) == 0) {
					k->size = v * 512;
					k->has_pos = 1;
				}
			}
			free(p);
		}
		if (d->nkparts > 1)
			qsort(d->kparts, d->nkparts, sizeof(*d->kparts), cmp_kpart);
	}
	sysroot_names_free(names, n);
	free(dir);
}

static void read_sysfs(const struct scan_ctx *ctx, struct bdev *d)
{
	uint64_t v;

	d->size = sysattr_u64(ctx, d->name, "size", &v) == 0 ? (int64_t)(v * 512) : -1;
	if (sysattr_u64(ctx, d->name, "queue/logical_block_size", &v) == 0 ||
	    sysattr_u64(ctx, d->name, "queue/hw_sector_size", &v) == 0)
		d->ssz = v >= 512 && v <= 65536 ? (unsigned int)v : 0;
	if (sysattr_u64(ctx, d->name, "queue/physical_block_size", &v) == 0)
		d->pssz = v >= 512 && v <= (1u << 20) ? (unsigned int)v : 0;
	d->removable = sysattr_u64(ctx, d->name, "removable", &v) == 0 ? v != 0 : -1;
	d->rotational = sysattr_u64(ctx, d->name, "queue/rotational", &v) == 0 ? v != 0 : -1;
	d->model = sysattr(ctx, d->name, "device/model");
	d->devno = sysattr(ctx, d->name, "dev");
	if (!d->serial)
		d->serial = sysattr(ctx, d->name, "device/serial");
	if (!d->serial)
		d->serial = sysattr(ctx, d->name, "serial");
	if (!d->serial)
		d->serial = vpd_serial(ctx, d->name);
	if (!d->serial)
		d->serial = sysattr(ctx, d->name, "device/wwid");
	if (!d->serial)
		d->serial = sysattr(ctx, d->name, "wwid");
	if (!d->optical)
		read_kparts(ctx, d);
}

static void bdev_init(struct bdev *d)
{
	memset(d, 0, sizeof(*d));
	d->image = -1;
	d->size = -1;
	d->removable = -1;
	d->rotational = -1;
}

int bdev_list(struct scan_ctx *ctx, struct bdev **out, size_t *n)
{
	char **names = NULL;
	size_t count = 0;
	struct bdev *v = NULL;
	size_t nv = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (ctx->nimages) {
		v = xcalloc(ctx->nimages, sizeof(*v));
		for (size_t i = 0; i < ctx->nimages; i++) {
			bdev_init(&v[i]);
			v[i].name = xasprintf("image%zu", i);
			v[i].path = xstrdup(ctx->images[i]);
			v[i].image = (int)i;
		}
		*out = v;
		*n = ctx->nimages;
		return 0;
	}
	rc = sysroot_list(ctx, "sys/block", &names, &count);
	if (rc == 1 || (rc == 0 && count == 0)) {
		ctx_note(ctx, ctx->live ? "no /sys/block: sysfs is not mounted"
			 : "no sys/block under the root: a copy of a file tree has no kernel "
			   "view of its disks (give the disks with --image)");
		sysroot_names_free(names, count);
		return 1;
	}
	if (rc < 0) {
		ctx_note_read(ctx, "sys/block", rc);
		return -1;
	}
	for (size_t i = 0; i < count; i++) {
		if (skip_device(ctx, names[i]))
			continue;
		v = xrealloc(v, (nv + 1) * sizeof(*v));
		struct bdev *d = &v[nv++];
		bdev_init(d);
		d->name = xstrdup(names[i]);
		d->path = xasprintf("/dev/%s", names[i]);
		/* cciss!c0d0 is /dev/cciss/c0d0 */
		for (char *p = d->path; *p; p++)
			if (*p == '!')
				*p = '/';
		d->optical = is_optical(ctx, d->name);
		read_sysfs(ctx, d);
	}
	sysroot_names_free(names, count);
	if (!nv) {
		ctx_note(ctx, "no disks in sys/block (only virtual devices)");
		return 1;
	}
	qsort(v, nv, sizeof(*v), cmp_bdev);
	*out = v;
	*n = nv;
	return 0;
}

void bdev_free(struct bdev *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].path);
		free(v[i].model);
		free(v[i].serial);
		free(v[i].devno);
		for (size_t k = 0; k < v[i].nkparts; k++) {
			free(v[i].kparts[k].name);
			free(v[i].kparts[k].devno);
		}
		free(v[i].kparts);
	}
	free(v);
}

char *bdev_part_name(const struct bdev *d, int number)
{
	size_t len = strlen(d->name);

	for (size_t i = 0; i < d->nkparts; i++)
		if (d->kparts[i].number == number)
			return xstrdup(d->kparts[i].name);
	/* the kernel's rule: a 'p' when the disk's name ends with a digit */
	if (d->image >= 0 || (len && isdigit((unsigned char)d->name[len - 1])))
		return xasprintf("%sp%d", d->name, number);
	return xasprintf("%s%d", d->name, number);
}

static unsigned int blk_ssz(int fd)
{
	int ssz = 0;

	if (ioctl(fd, BLKSSZGET, &ssz) == 0 && ssz >= 512 && ssz <= 65536)
		return (unsigned int)ssz;
	return 0;
}

static void open_failed(struct scan_ctx *ctx, const char *path, struct buf *why, int err)
{
	if (why->len)
		buf_adds(why, "; ");
	if (ctx->live && !ctx->as_root && (err == EACCES || err == EPERM))
		buf_adds(why, "not root: ");
	buf_addf(why, "cannot open %s: %s", path, strerror(err));
	ctx_denied(ctx, path, -err);
}

int bdev_open_node(struct scan_ctx *ctx, const char *path, struct buf *why, int *is_blk)
{
	struct stat st;
	int fd;

	*is_blk = 0;
	if (ctx->no_files) {
		buf_addf(why, "%scannot open %s: no file tree (only --image)", why->len ? "; " : "",
			 path);
		return -1;
	}
	if (ctx->live) {
		fd = open(path, OPEN_FLAGS);
	} else {
		struct buf host = BUF_INIT;
		int rc = sysroot_path(ctx, path, &host);
		if (rc < 0) {
			buf_release(&host);
			open_failed(ctx, path, why, -rc);
			return -1;
		}
		fd = open(host.data, OPEN_FLAGS | O_NOFOLLOW);
		buf_release(&host);
	}
	if (fd < 0) {
		open_failed(ctx, path, why, errno);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		open_failed(ctx, path, why, errno);
		close(fd);
		return -1;
	}
	if (S_ISBLK(st.st_mode)) {
		*is_blk = 1;
		return fd;
	}
	if (S_ISREG(st.st_mode) && !ctx->live)
		return fd;
	buf_addf(why, "%s%s is not a block device%s", why->len ? "; " : "", path,
		 ctx->live ? "" : " or image file");
	close(fd);
	return -1;
}

/* ---- the udev database, for a disk that cannot be opened ---- */

struct uprops {
	char **key, **val;
	size_t n;
};

static void uprops_release(struct uprops *u)
{
	for (size_t i = 0; i < u->n; i++) {
		free(u->key[i]);
		free(u->val[i]);
	}
	free(u->key);
	free(u->val);
	memset(u, 0, sizeof(*u));
}

/* the E:KEY=VALUE lines of run/udev/data/b<devno>; 0 read, else absent */
static int uprops_read(const struct scan_ctx *ctx, const char *devno, struct uprops *u)
{
	struct buf b = BUF_INIT;
	char *path;
	int rc;

	memset(u, 0, sizeof(*u));
	if (!devno)
		return 1;
	path = xasprintf("run/udev/data/b%s", devno);
	rc = fsread_cap(ctx, path, &b, 64 * 1024, FSREAD_TEXT);
	free(path);
	for (char *line = b.data; rc == 0 && line && *line;) {
		char *nl = strchr(line, '\n'), *eq;
		if (nl)
			*nl = '\0';
		if (!strncmp(line, "E:", 2) && (eq = strchr(line + 2, '='))) {
			u->key = xrealloc(u->key, (u->n + 1) * sizeof(*u->key));
			u->val = xrealloc(u->val, (u->n + 1) * sizeof(*u->val));
			u->key[u->n] = xstrndup(line + 2, (size_t)(eq - line - 2));
			u->val[u->n] = xstrdup(eq + 1);
			u->n++;
		}
		line = nl ? nl + 1 : NULL;
	}
	buf_release(&b);
	return rc;
}

static int hexval(char c)
{
	return isdigit((unsigned char)c) ? c - '0' : tolower((unsigned char)c) - 'a' + 10;
}

/* a value, \xHH escapes of the *_ENC keys decoded; malloc'd or NULL */
static char *uprop(const struct uprops *u, const char *key)
{
	for (size_t i = 0; i < u->n; i++) {
		if (strcmp(u->key[i], key) || !u->val[i][0])
			continue;
		struct buf b = BUF_INIT;
		for (const char *p = u->val[i]; *p; p++) {
			if (p[0] == '\\' && p[1] == 'x' && isxdigit((unsigned char)p[2]) &&
			    isxdigit((unsigned char)p[3])) {
				buf_addc(&b, (char)(hexval(p[2]) << 4 | hexval(p[3])));
				p += 3;
			} else {
				buf_addc(&b, *p);
			}
		}
		return buf_detach(&b);
	}
	return NULL;
}

static void udev_fs(const struct uprops *u, struct bp_fs *fs)
{
	fs->type = uprop(u, "ID_FS_TYPE");
	fs->uuid = uprop(u, "ID_FS_UUID_ENC");
	if (!fs->uuid)
		fs->uuid = uprop(u, "ID_FS_UUID");
	fs->label = uprop(u, "ID_FS_LABEL_ENC");
	fs->version = uprop(u, "ID_FS_VERSION");
}

int bdev_udev_fs(struct scan_ctx *ctx, const char *name, struct bp_fs *fs)
{
	struct uprops u;
	char *devno = sysattr(ctx, name, "dev");
	int rc = uprops_read(ctx, devno, &u);

	if (rc == 0) {
		udev_fs(&u, fs);
		uprops_release(&u);
	}
	free(devno);
	return rc;
}

/* what udev recorded about d and its partitions; 0 when it had anything */
static int from_udev(struct scan_ctx *ctx, const struct bdev *d, struct bp_disk *p)
{
	struct uprops u;
	char *pt, *s;

	if (uprops_read(ctx, d->devno, &u) != 0)
		return 1;
	pt = uprop(&u, "ID_PART_TABLE_TYPE");
	if (pt) {
		p->pt_type = xstrdup(!strcmp(pt, "dos") ? "mbr" : pt);
		p->pt_uuid = uprop(&u, "ID_PART_TABLE_UUID");
	}
	udev_fs(&u, &p->fs);
	uprops_release(&u);
	for (size_t i = 0; i < d->nkparts; i++) {
		const struct bdev_kpart *k = &d->kparts[i];
		struct bp_part *bp;

		if (uprops_read(ctx, k->devno, &u) != 0)
			continue;
		p->parts = xrealloc(p->parts, (p->nparts + 1) * sizeof(*p->parts));
		bp = &p->parts[p->nparts++];
		memset(bp, 0, sizeof(*bp));
		bp->number = k->number;
		bp->start = k->start;
		bp->size = k->size;
		bp->type = uprop(&u, "ID_PART_ENTRY_TYPE");
		if (bp->type && pt && !strcmp(pt, "gpt") && (s = (char *)bp_gpt_type_name(bp->type)))
			bp->type_name = xstrdup(s);
		if (bp->type && pt && !strcmp(pt, "dos") && !strncmp(bp->type, "0x", 2) &&
		    (s = (char *)bp_mbr_type_name((unsigned int)strtoul(bp->type + 2, NULL, 16))))
			bp->type_name = xstrdup(s);
		if ((s = uprop(&u, "ID_PART_ENTRY_FLAGS"))) {
			unsigned long long f = strtoull(s, NULL, 0);
			free(s);
			if (pt && !strcmp(pt, "dos"))
				bp->flags = f & 0x80 ? xstrdup("boot") : NULL;
			else if (pt && !strcmp(pt, "gpt"))
				bp->flags = bp_gpt_flags(f);
		}
		bp->uuid = uprop(&u, "ID_PART_ENTRY_UUID");
		bp->label = uprop(&u, "ID_PART_ENTRY_NAME");
		udev_fs(&u, &bp->fs);
		uprops_release(&u);
	}
	buf_addf(&p->reason, "; partition table and filesystems as udev recorded them "
		 "(run/udev/data/b%s), not read from the disk", d->devno);
	free(pt);
	return 0;
}

void bdev_probe(struct scan_ctx *ctx, const struct bdev *d, struct bp_disk *p,
		const char **format, int *refused)
{
	int fd, is_blk;

	*format = NULL;
	*refused = 0;
	if (d->image >= 0) {
		struct image_src src;
		int rc = image_open(ctx->images[d->image], &src);
		*format = src.format;
		if (rc == 0) {
			bp_probe_disk(src.fd, src.off, src.size, src.is_blk ? blk_ssz(src.fd) : 0, p);
			if (src.reason) {
				if (p->reason.len)
					buf_adds(&p->reason, "; ");
				buf_adds(&p->reason, src.reason);
			}
		} else {
			p->unknown = 1;
			buf_adds(&p->reason, src.reason ? src.reason : "cannot open");
			*refused = rc == 1;
		}
		image_close(&src);
		return;
	}
	fd = bdev_open_node(ctx, d->path, &p->reason, &is_blk);
	if (fd < 0) {
		p->unknown = 1;
		from_udev(ctx, d, p);
		return;
	}
	if (is_blk) {
		unsigned int ssz = blk_ssz(fd);
		bp_probe_disk(fd, 0, 0, ssz ? ssz : d->ssz, p);
	} else {
		bp_probe_disk(fd, 0, 0, d->ssz, p);
		if (d->size >= 0 && (uint64_t)d->size != p->size) {
			if (p->reason.len)
				buf_adds(&p->reason, "; ");
			buf_addf(&p->reason, "the image file %s has %llu bytes, sysfs says %lld",
				 d->path, (unsigned long long)p->size, (long long)d->size);
		}
	}
	close(fd);
}

int bdev_open_disk(struct scan_ctx *ctx, const char *disk, uint64_t *base, struct buf *why)
{
	char *end, *path;
	int fd, blk;

	*base = 0;
	if (ctx->nimages && !strncmp(disk, "image", 5) && isdigit((unsigned char)disk[5])) {
		unsigned long i = strtoul(disk + 5, &end, 10);
		struct image_src src;

		if (*end || i >= ctx->nimages) {
			buf_addf(why, "%sno image '%s'", why->len ? "; " : "", disk);
			return -1;
		}
		if (image_open(ctx->images[i], &src) != 0) {
			buf_addf(why, "%s%s", why->len ? "; " : "", src.reason ? src.reason : "cannot open");
			image_close(&src);
			return -1;
		}
		fd = src.fd;
		*base = src.off;
		src.fd = -1;
		image_close(&src);
		return fd;
	}
	path = xasprintf("/dev/%s", disk);
	for (char *p = path; *p; p++)
		if (*p == '!')
			*p = '/';
	fd = bdev_open_node(ctx, path, why, &blk);
	free(path);
	return fd;
}
