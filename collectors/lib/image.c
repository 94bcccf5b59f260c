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

#include "blkprobe.h"
#include "image.h"
#include "../../scanner/banned.h"

#define DESC_MAX (64 * 1024)	/* a VMDK descriptor is a few hundred bytes */
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

void image_close(struct image_src *src)
{
	if (src->fd >= 0)
		close(src->fd);
	src->fd = -1;
	free(src->reason);
	src->reason = NULL;
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

/* a flat VMDK descriptor: opens its one extent in src */
static int open_vmdk_descriptor(const char *path, const char *text, struct image_src *src)
{
	struct extent ex = { 0 }, e;
	uint64_t end;
	int nextents = 0, rc;
	char *ct = desc_create_type(text), *file = NULL;
	struct stat st;

	for (const char *line = text; line && *line;) {
		const char *nl = strchr(line, '\n');
		char *l = nl ? xstrndup(line, (size_t)(nl - line)) : xstrdup(line);
		const char *s = l + strspn(l, " \t");
		if (parse_extent(s, &e)) {
			if (nextents++ == 0)
				ex = e;
			else
				extent_release(&e);
		}
		free(l);
		line = nl ? nl + 1 : NULL;
	}
	if (!nextents) {
		rc = refuse(src, "vmdk", "VMDK descriptor (createType \"%s\") with no extent line",
			    ct ? ct : "?");
		goto out;
	}
	if (strcasecmp(ex.type, "FLAT") && strcasecmp(ex.type, "VMFS")) {
		rc = refuse(src, "vmdk-sparse", "VMDK descriptor (createType \"%s\") with %s extents: "
			    "the sectors are not stored in order; %s", ct ? ct : "?", ex.type,
			    convert_hint);
		goto out;
	}
	if (nextents > 1) {
		rc = refuse(src, "vmdk-flat", "split flat VMDK (createType \"%s\", %d extents): only one "
			    "extent is read; join them into one raw file first", ct ? ct : "?",
			    nextents);
		goto out;
	}
	if (!ex.file || !*ex.file) {
		rc = refuse(src, "vmdk-flat", "VMDK extent line without a file name");
		goto out;
	}
	if (ex.file[0] == '/') {
		file = xstrdup(ex.file);
	} else {
		const char *slash = strrchr(path, '/');
		file = slash ? xasprintf("%.*s/%s", (int)(slash - path), path, ex.file)
			     : xstrdup(ex.file);
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
		src->format = "vmdk-flat";
		rc = -e2;
		goto out;
	}
	src->format = "vmdk-flat";
	/* the numbers are the descriptor's: checked, as a size of 0 means "to the end" here */
	if (__builtin_mul_overflow(ex.offset, 512, &src->off) ||
	    __builtin_mul_overflow(ex.sectors, 512, &src->size) ||
	    __builtin_add_overflow(src->off, src->size, &end) || end > INT64_MAX) {
		rc = refuse(src, "vmdk-flat", "VMDK extent of %llu sectors at sector %llu: past "
			    "2^63 bytes, the end of any file", (unsigned long long)ex.sectors,
			    (unsigned long long)ex.offset);
		goto out;
	}
	if (!ex.sectors) {
		rc = refuse(src, "vmdk-flat", "VMDK extent of 0 sectors: no disk");
		goto out;
	}
	if (src->off >= (uint64_t)st.st_size) {
		rc = refuse(src, "vmdk-flat", "the VMDK extent '%s' has %llu bytes: the disk the "
			    "descriptor puts at byte %llu is not in it", ex.file,
			    (unsigned long long)st.st_size, (unsigned long long)src->off);
		goto out;
	}
	if ((uint64_t)st.st_size < end) {
		src->reason = xasprintf("the extent '%s' has %llu bytes, the descriptor says %llu",
					ex.file, (unsigned long long)st.st_size, (unsigned long long)end);
		src->size = (uint64_t)st.st_size > src->off ? (uint64_t)st.st_size - src->off : 0;
	}
	rc = 0;
out:
	if (nextents)
		extent_release(&ex);
	free(ct);
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
static int vhd_checksum_ok(struct bytes *f)
{
	uint32_t sum = 0;

	for (size_t i = 0; i < 512 && i < f->len; i++)
		if (i < 64 || i >= 68)
			sum += f->p[i];
	return (uint32_t)~sum == by_be32(f, 64);
}

static int refuse_vhd(struct image_src *src, uint32_t type)
{
	if (type == 3)
		return refuse(src, "vhd-dynamic", "dynamic VHD: blocks are allocated on demand "
			      "through a block allocation table, not laid out as a raw disk; %s",
			      convert_hint);
	if (type == 4)
		return refuse(src, "vhd-differencing", "differencing VHD: it holds only the changes "
			      "to a parent image; merge and %s", convert_hint);
	return refuse(src, "vhd", "VHD with unknown disk type %u", type);
}

int image_open(const char *path, struct image_src *src)
{
	unsigned char head[4096], foot[512];
	struct bytes h = { head, 0, 0 }, f = { foot, 0, 0 };
	struct stat st;
	ssize_t n;
	int rc;

	memset(src, 0, sizeof(*src));
	src->fd = open(path, OPEN_FLAGS);
	if (src->fd < 0 || fstat(src->fd, &st) < 0) {
		rc = -errno;
		if (src->fd >= 0)
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
	h.len = (size_t)n;
	if (st.st_size >= 512 && pread_all(src->fd, foot, 512, (uint64_t)st.st_size - 512) == 0)
		f.len = 512;

	if (by_eq(&h, 0, "QFI\xfb", 4)) {
		uint32_t v = by_be32(&h, 4);
		return refuse(src, v >= 2 ? "qcow2" : "qcow", "%s image (version %u): clusters are "
			      "mapped through tables, not laid out as a raw disk; %s",
			      v >= 2 ? "qcow2" : "qcow", v, convert_hint);
	}
	if (by_eq(&h, 0, "vhdxfile", 8))
		return refuse(src, "vhdx", "VHDX image: blocks are mapped through a block allocation "
			      "table, not laid out as a raw disk; %s", convert_hint);
	if (by_eq(&h, 0, "KDMV", 4) || by_eq(&h, 0, "COWD", 4)) {
		char *ct = NULL;
		if (by_eq(&h, 0, "KDMV", 4)) {
			uint64_t doff = by_le64(&h, 28), dsz = by_le64(&h, 36);
			if (!h.err && doff && dsz && dsz * 512 <= DESC_MAX) {
				char *text = xmalloc((size_t)dsz * 512 + 1);
				if (pread_all(src->fd, text, (size_t)dsz * 512, doff * 512) == 0) {
					text[dsz * 512] = '\0';
					ct = desc_create_type(text);
				}
				free(text);
			}
		}
		const char *fmt = ct && !strcasecmp(ct, "streamOptimized") ? "vmdk-stream" : "vmdk-sparse";
		rc = refuse(src, fmt, "%s VMDK (createType \"%s\"): grains are allocated on demand%s, "
			    "not laid out as a raw disk; %s",
			    !strcmp(fmt, "vmdk-stream") ? "streamOptimized" : "sparse",
			    ct ? ct : by_eq(&h, 0, "COWD", 4) ? "vmfsSparse" : "?",
			    !strcmp(fmt, "vmdk-stream") ? " and compressed" : "", convert_hint);
		free(ct);
		return rc;
	}
	if (by_eq(&h, 0, "conectix", 8))
		return refuse_vhd(src, by_be32(&h, 60));
	if (by_le32(&h, 64) == 0xbeda107f && !h.err)
		return refuse(src, "vdi", "VirtualBox VDI image: blocks are mapped through a table, "
			      "not laid out as a raw disk; %s", convert_hint);
	if (by_eq(&h, 0, "\xfd" "7zXZ", 6) || by_eq(&h, 0, "\x1f\x8b", 2) ||
	    by_eq(&h, 0, "\x28\xb5\x2f\xfd", 4) || by_eq(&h, 0, "BZh", 3)) {
		const char *c = head[0] == 0xfd ? "xz" : head[0] == 0x1f ? "gzip" :
				head[0] == 0x28 ? "zstd" : "bzip2";
		return refuse(src, c, "%s-compressed file: decompress it first", c);
	}
	if (f.len == 512 && by_eq(&f, 0, "conectix", 8)) {
		uint32_t type = by_be32(&f, 60);
		uint64_t cur = by_be64(&f, 48);
		if (type != 2)
			return refuse_vhd(src, type);
		src->format = "vhd-fixed";
		src->size = (uint64_t)st.st_size - 512;
		if (cur && cur < src->size)
			src->size = cur;
		if (!vhd_checksum_ok(&f))
			src->reason = xstrdup("VHD footer checksum mismatch");
		return 0;
	}
	/* a VMDK descriptor is a small text file */
	if (st.st_size <= DESC_MAX && h.len && (by_eq(&h, 0, "# Disk DescriptorFile", 21) ||
						 memmem(head, h.len, "createType", 10))) {
		char *text = xmalloc((size_t)st.st_size + 1);
		int fd = src->fd;
		rc = pread_all(fd, text, (size_t)st.st_size, 0);
		text[rc == 0 ? st.st_size : 0] = '\0';
		/* qemu-img pads the descriptor with NUL bytes to a sector */
		size_t tlen = strlen(text);
		if (rc == 0 && tlen && blank_padding(text + tlen, (size_t)st.st_size - tlen)) {
			src->fd = -1;
			rc = open_vmdk_descriptor(path, text, src);
			close(fd);
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
