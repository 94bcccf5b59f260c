/*
 * image.c - disk image formats: which are raw data, which are refused
 *
 * Sources: VMware "Virtual Disk Format 1.1" (the text descriptor: createType,
 * extent lines "RW <sectors> FLAT \"file\" <offset>"; the sparse header
 * "KDMV" with descriptorOffset at byte 28 and descriptorSize at 36, in
 * sectors); Microsoft "Virtual Hard Disk Image Format Specification" 1.0
 * (the footer: cookie "conectix", current size at byte 48, disk type at 60:
 * 2 fixed, 3 dynamic, 4 differencing, all big-endian; a dynamic disk has a
 * copy of the footer at byte 0); MS-VHDX 2.2.1 (file type identifier
 * "vhdxfile"); the qcow2 spec in QEMU's docs/interop/qcow2.txt (magic
 * "QFI\xfb", version at byte 4); VirtualBox VDI (0xbeda107f at byte 64).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../scanner/buf.h"
#include "../../scanner/preadall.h"
#include "../../scanner/rd.h"
#include "image.h"
#include "../../scanner/banned.h"

#define DESC_MAX (64 * 1024)	/* a VMDK descriptor is a few hundred bytes */
#define HEAD_LEN 4096		/* what is read of the start of the file */
#define SECTOR 512		/* VMDK and VHD count in 512-byte sectors */

/* qcow and qcow2 header (QEMU docs/interop/qcow2.txt, "Header"): big-endian */
#define QCOW_MAGIC 0		/* "QFI\xfb" */
#define QCOW_VERSION 4		/* 1 qcow, 2 and 3 qcow2 */
/* VHDX (MS-VHDX 2.2.1, File Type Identifier) */
#define VHDX_SIGNATURE 0	/* "vhdxfile" */
/*
 * VMDK hosted sparse extent header (Virtual Disk Format 1.1, "Hosted
 * Sparse Extent Header", SparseExtentHeader): little-endian, in sectors
 */
#define VMDK_MAGIC 0		/* "KDMV"; "COWD" for an ESX vmfsSparse extent */
#define VMDK_DESC_OFFSET 28	/* descriptorOffset */
#define VMDK_DESC_SIZE 36	/* descriptorSize */
/*
 * VHD footer (Virtual Hard Disk Image Format Specification 1.0, "Hard
 * Disk Footer Format"): 512 bytes, big-endian; a copy at byte 0 of a
 * dynamic or differencing disk
 */
#define VHD_FOOTER_LEN 512
#define VHD_COOKIE 0		/* "conectix" */
#define VHD_CURRENT_SIZE 48	/* bytes */
#define VHD_DISK_TYPE 60	/* 2 fixed, 3 dynamic, 4 differencing */
#define VHD_CHECKSUM 64
#define VHD_FIXED 2
#define VHD_DYNAMIC 3
#define VHD_DIFFERENCING 4
/* VirtualBox VDI header (VBoxHDD.h, VDIPREHEADER: 64 bytes of text, then) */
#define VDI_SIGNATURE 64	/* 0xbeda107f, little-endian */
#define VDI_MAGIC 0xbeda107fu
#define OPEN_FLAGS (O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)

static const char convert_hint[] =
	"convert it to a raw image first (qemu-img convert -O raw FILE disk.raw)";

static int refuse(struct image_src *src, const char *format, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(struct image_src *src, const char *format, const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	free(src->reason);
	src->reason = buf_detach(&b);
	src->format = format;
	if (src->fd >= 0)
		close(src->fd);
	src->fd = -1;
	return 1;
}

static void vmdk_release(struct image_vmdk *v)
{
	free(v->create_type);
	free(v->access);
	free(v->type);
	free(v->file);
	memset(v, 0, sizeof(*v));
}

void image_close(struct image_src *src)
{
	if (src->fd >= 0)
		close(src->fd);
	src->fd = -1;
	free(src->reason);
	src->reason = NULL;
	vmdk_release(&src->vmdk);
}

/* the value of key = "value" in a descriptor line, or NULL */
static char *desc_value(const char *line, const char *key)
{
	size_t n = strlen(key);
	const char *p = line, *q;

	if (strncasecmp(p, key, n))
		return NULL;
	p += n;
	p += strspn(p, " \t");
	if (*p != '=')
		return NULL;
	p++;
	p += strspn(p, " \t");
	if (*p == '"') {
		q = strchr(++p, '"');
		if (!q)
			return NULL;
		return xstrndup(p, (size_t)(q - p));
	}
	return xstrndup(p, strcspn(p, " \t\r"));
}

struct extent {
	char *access, *type, *file;
	uint64_t sectors, offset;
};

/* "RW 20480 FLAT \"x-flat.vmdk\" 0"; returns 1 for an extent line */
static int parse_extent(const char *line, struct extent *e)
{
	char *end;
	const char *p = line, *q;

	memset(e, 0, sizeof(*e));
	if (strncmp(p, "RW ", 3) && strncmp(p, "RDONLY ", 7) && strncmp(p, "NOACCESS ", 9))
		return 0;
	q = strchr(p, ' ');
	e->access = xstrndup(p, (size_t)(q - p));
	p = q + strspn(q, " \t");
	errno = 0;
	e->sectors = strtoull(p, &end, 10);
	if (errno || end == p) {
		free(e->access);
		return 0;
	}
	p = end + strspn(end, " \t");
	e->type = xstrndup(p, strcspn(p, " \t\r"));
	p += strlen(e->type);
	p += strspn(p, " \t");
	if (*p == '"' && (q = strchr(p + 1, '"'))) {
		e->file = xstrndup(p + 1, (size_t)(q - p - 1));
		p = q + 1;
		p += strspn(p, " \t");
		if (*p) {
			errno = 0;
			e->offset = strtoull(p, &end, 10);
			if (errno || end == p)
				e->offset = 0;
		}
	}
	return 1;
}

static void extent_release(struct extent *e)
{
	free(e->access);
	free(e->type);
	free(e->file);
}

/* createType of a descriptor text, or NULL */
static char *desc_create_type(const char *text)
{
	char *ct = NULL;

	for (const char *line = text; line && *line && !ct;) {
		const char *nl = strchr(line, '\n');
		char *l = nl ? xstrndup(line, (size_t)(nl - line)) : xstrdup(line);
		const char *s = l + strspn(l, " \t");
		ct = desc_value(s, "createType");
		free(l);
		line = nl ? nl + 1 : NULL;
	}
	return ct;
}

/* a descriptor's createType and extent lines, into v (the first extent kept) */
static void vmdk_parse(const char *text, struct image_vmdk *v)
{
	struct extent e;

	memset(v, 0, sizeof(*v));
	v->create_type = desc_create_type(text);
	for (const char *line = text; line && *line;) {
		const char *nl = strchr(line, '\n');
		char *l = nl ? xstrndup(line, (size_t)(nl - line)) : xstrdup(line);
		const char *s = l + strspn(l, " \t");
		if (parse_extent(s, &e)) {
			if (v->nextents++ == 0) {
				v->access = e.access;
				v->type = e.type;
				v->file = e.file;
				v->sectors = e.sectors;
				v->offset = e.offset;
			} else {
				extent_release(&e);
			}
		}
		free(l);
		line = nl ? nl + 1 : NULL;
	}
}

/* a flat VMDK descriptor: opens its one extent in src (unless IMAGE_NO_EXTENT) */
static int open_vmdk_descriptor(const char *path, const char *text, unsigned int flags,
				struct image_src *src)
{
	struct image_vmdk *ex = &src->vmdk;
	uint64_t end;
	int rc;
	const char *ct;
	char *file = NULL;
	struct stat st;

	vmdk_parse(text, ex);
	ct = ex->create_type;
	if (!ex->nextents) {
		rc = refuse(src, "vmdk", "VMDK descriptor (createType \"%s\") with no extent line",
			    ct ? ct : "?");
		goto out;
	}
	if (strcasecmp(ex->type, "FLAT") && strcasecmp(ex->type, "VMFS")) {
		rc = refuse(src, "vmdk-sparse", "VMDK descriptor (createType \"%s\") with %s extents: "
			    "the sectors are not stored in order; %s", ct ? ct : "?", ex->type,
			    convert_hint);
		goto out;
	}
	if (ex->nextents > 1) {
		rc = refuse(src, "vmdk-flat", "split flat VMDK (createType \"%s\", %d extents): only one "
			    "extent is read; join them into one raw file first", ct ? ct : "?",
			    ex->nextents);
		goto out;
	}
	if (!ex->file || !*ex->file) {
		rc = refuse(src, "vmdk-flat", "VMDK extent line without a file name");
		goto out;
	}
	src->format = "vmdk-flat";
	if (!(flags & IMAGE_NO_EXTENT)) {
		if (ex->file[0] == '/') {
			file = xstrdup(ex->file);
		} else {
			const char *slash = strrchr(path, '/');
			file = slash ? xasprintf("%.*s/%s", (int)(slash - path), path, ex->file)
				     : xstrdup(ex->file);
		}
		src->fd = open(file, OPEN_FLAGS);
		if (src->fd < 0 || fstat(src->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			int e2 = src->fd < 0 ? errno : S_ISREG(st.st_mode) ? errno : EINVAL;
			if (src->fd >= 0)
				close(src->fd);
			src->fd = -1;
			free(src->reason);
			src->reason = xasprintf("cannot open the VMDK extent '%s': %s", file,
						e2 == EINVAL ? "not a regular file" : strerror(e2));
			rc = -e2;
			goto out;
		}
	}
	/* the numbers are the descriptor's: checked, as a size of 0 means "to the end" here */
	if (rd_mul(ex->offset, SECTOR, &src->off) || rd_mul(ex->sectors, SECTOR, &src->size) ||
	    rd_add(src->off, src->size, &end) || end > INT64_MAX) {
		rc = refuse(src, "vmdk-flat", "VMDK extent of %llu sectors at sector %llu: past "
			    "2^63 bytes, the end of any file", (unsigned long long)ex->sectors,
			    (unsigned long long)ex->offset);
		goto out;
	}
	if (!ex->sectors) {
		rc = refuse(src, "vmdk-flat", "VMDK extent of 0 sectors: no disk");
		goto out;
	}
	if (flags & IMAGE_NO_EXTENT) {
		rc = 0;
		goto out;
	}
	if (src->off >= (uint64_t)st.st_size) {
		rc = refuse(src, "vmdk-flat", "the VMDK extent '%s' has %llu bytes: the disk the "
			    "descriptor puts at byte %llu is not in it", ex->file,
			    (unsigned long long)st.st_size, (unsigned long long)src->off);
		goto out;
	}
	if ((uint64_t)st.st_size < end) {
		src->reason = xasprintf("the extent '%s' has %llu bytes, the descriptor says %llu",
					ex->file, (unsigned long long)st.st_size, (unsigned long long)end);
		src->size = (uint64_t)st.st_size > src->off ? (uint64_t)st.st_size - src->off : 0;
	}
	rc = 0;
out:
	free(file);
	return rc;
}

/*
 * The padding after a descriptor's text: NUL bytes, and the white space
 * qemu-img leaves there (a descriptor rewritten with a CID of fewer than 8
 * hex digits keeps the old text's last newline after the NUL).
 */
static int blank_padding(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] && p[i] != '\n' && p[i] != '\r' && p[i] != ' ' && p[i] != '\t')
			return 0;
	return 1;
}

/* ones' complement of the byte sum, the checksum field taken as zero */
static int vhd_checksum_ok(struct rd *f)
{
	uint32_t sum = 0;

	for (size_t i = 0; i < VHD_FOOTER_LEN && i < f->len; i++)
		if (i < VHD_CHECKSUM || i >= VHD_CHECKSUM + 4)
			sum += rd_u8(f, i);
	return (uint32_t)~sum == rd_be32(f, VHD_CHECKSUM);
}

static int refuse_vhd(struct image_src *src, uint32_t type)
{
	if (type == VHD_DYNAMIC)
		return refuse(src, "vhd-dynamic", "dynamic VHD: blocks are allocated on demand "
			      "through a block allocation table, not laid out as a raw disk; %s",
			      convert_hint);
	if (type == VHD_DIFFERENCING)
		return refuse(src, "vhd-differencing", "differencing VHD: it holds only the changes "
			      "to a parent image; merge and %s", convert_hint);
	return refuse(src, "vhd", "VHD with unknown disk type %u", type);
}

int image_open(const char *path, struct image_src *src)
{
	int fd, rc;

	memset(src, 0, sizeof(*src));
	fd = open(path, OPEN_FLAGS);
	if (fd < 0) {
		rc = -errno;
		src->fd = -1;
		src->reason = xasprintf("cannot open '%s': %s", path, strerror(-rc));
		return rc;
	}
	return image_open_fd(fd, path, 0, src);
}

/* the VMware sparse header's descriptor, read for its createType; NULL if none */
static char *sparse_create_type(int fd, struct rd *h)
{
	uint64_t doff = rd_le64(h, VMDK_DESC_OFFSET), dsz = rd_le64(h, VMDK_DESC_SIZE), at, len;
	char *text, *ct = NULL;

	if (!rd_ok(h) || !doff || !dsz || rd_mul(dsz, SECTOR, &len) || len > DESC_MAX ||
	    rd_mul(doff, SECTOR, &at))
		return NULL;
	text = xmalloc((size_t)len + 1);
	if (pread_all(fd, text, (size_t)len, at) == 0) {
		text[len] = '\0';
		ct = desc_create_type(text);
	}
	free(text);
	return ct;
}

int image_open_fd(int fd, const char *path, unsigned int flags, struct image_src *src)
{
	unsigned char head[HEAD_LEN], foot[VHD_FOOTER_LEN];
	struct rd h, f;
	struct stat st;
	ssize_t n;
	int rc;

	memset(src, 0, sizeof(*src));
	src->fd = fd;
	if (fstat(src->fd, &st) < 0) {
		rc = -errno;
		close(src->fd);
		src->fd = -1;
		src->reason = xasprintf("cannot open '%s': %s", path, strerror(-rc));
		return rc;
	}
	src->format = "raw";
	if (S_ISBLK(st.st_mode)) {
		src->is_blk = 1;
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return refuse(src, "unknown", "'%s' is not a regular file or block device", path);
	n = pread(src->fd, head, sizeof(head), 0);
	if (n < 0) {
		rc = -errno;
		src->reason = xasprintf("cannot read '%s': %s", path, strerror(-rc));
		close(src->fd);
		src->fd = -1;
		return rc;
	}
	h = rd_make(head, (size_t)n);
	f = rd_make(foot, 0);
	if (st.st_size >= VHD_FOOTER_LEN &&
	    pread_all(src->fd, foot, VHD_FOOTER_LEN, (uint64_t)st.st_size - VHD_FOOTER_LEN) == 0)
		f = rd_make(foot, VHD_FOOTER_LEN);

	if (rd_eq(&h, QCOW_MAGIC, "QFI\xfb", 4)) {
		uint32_t v = rd_be32(&h, QCOW_VERSION);
		return refuse(src, v >= 2 ? "qcow2" : "qcow", "%s image (version %u): clusters are "
			      "mapped through tables, not laid out as a raw disk; %s",
			      v >= 2 ? "qcow2" : "qcow", v, convert_hint);
	}
	if (rd_eq(&h, VHDX_SIGNATURE, "vhdxfile", 8))
		return refuse(src, "vhdx", "VHDX image: blocks are mapped through a block allocation "
			      "table, not laid out as a raw disk; %s", convert_hint);
	if (rd_eq(&h, VMDK_MAGIC, "KDMV", 4) || rd_eq(&h, VMDK_MAGIC, "COWD", 4)) {
		int cowd = rd_eq(&h, VMDK_MAGIC, "COWD", 4);
		char *ct = cowd ? NULL : sparse_create_type(src->fd, &h);
		const char *fmt = ct && !strcasecmp(ct, "streamOptimized") ? "vmdk-stream" : "vmdk-sparse";
		rc = refuse(src, fmt, "%s VMDK (createType \"%s\"): grains are allocated on demand%s, "
			    "not laid out as a raw disk; %s",
			    !strcmp(fmt, "vmdk-stream") ? "streamOptimized" : "sparse",
			    ct ? ct : cowd ? "vmfsSparse" : "?",
			    !strcmp(fmt, "vmdk-stream") ? " and compressed" : "", convert_hint);
		free(ct);
		return rc;
	}
	if (rd_eq(&h, VHD_COOKIE, "conectix", 8))
		return refuse_vhd(src, rd_be32(&h, VHD_DISK_TYPE));
	if (rd_le32(&h, VDI_SIGNATURE) == VDI_MAGIC && rd_ok(&h))
		return refuse(src, "vdi", "VirtualBox VDI image: blocks are mapped through a table, "
			      "not laid out as a raw disk; %s", convert_hint);
	/* the magic numbers of xz, gzip, zstd and bzip2 (each format's specification) */
	if (rd_eq(&h, 0, "\xfd" "7zXZ", 6) || rd_eq(&h, 0, "\x1f\x8b", 2) ||
	    rd_eq(&h, 0, "\x28\xb5\x2f\xfd", 4) || rd_eq(&h, 0, "BZh", 3)) {
		uint8_t c0 = rd_u8(&h, 0);
		const char *c = c0 == 0xfd ? "xz" : c0 == 0x1f ? "gzip" : c0 == 0x28 ? "zstd" : "bzip2";
		return refuse(src, c, "%s-compressed file: decompress it first", c);
	}
	if (rd_eq(&f, VHD_COOKIE, "conectix", 8)) {
		uint32_t type = rd_be32(&f, VHD_DISK_TYPE);
		uint64_t cur = rd_be64(&f, VHD_CURRENT_SIZE);
		if (type != VHD_FIXED)
			return refuse_vhd(src, type);
		src->format = "vhd-fixed";
		src->size = (uint64_t)st.st_size - VHD_FOOTER_LEN;
		if (cur && cur < src->size)
			src->size = cur;
		if (!vhd_checksum_ok(&f))
			src->reason = xstrdup("VHD footer checksum mismatch");
		return 0;
	}
	/* a VMDK descriptor is a small text file */
	if (st.st_size <= DESC_MAX && h.len && (rd_eq(&h, 0, "# Disk DescriptorFile", 21) ||
						 memmem(head, h.len, "createType", 10))) {
		char *text = xmalloc((size_t)st.st_size + 1);
		int dfd = src->fd;
		rc = pread_all(dfd, text, (size_t)st.st_size, 0);
		text[rc == 0 ? st.st_size : 0] = '\0';
		/* qemu-img pads the descriptor with NUL bytes to a sector */
		size_t tlen = strlen(text);
		if (rc == 0 && tlen && blank_padding(text + tlen, (size_t)st.st_size - tlen)) {
			src->fd = -1;
			rc = open_vmdk_descriptor(path, text, flags, src);
			close(dfd);
			free(text);
			return rc;
		}
		free(text);
	}
	/* the data file of a flat VMDK given directly is raw */
	n = (ssize_t)strlen(path);
	if (n > 10 && !strcasecmp(path + n - 10, "-flat.vmdk"))
		src->format = "vmdk-flat";
	return 0;
}
