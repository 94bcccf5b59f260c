/*
 * initramfs.h - used by the kernel collector and the initramfs decoder
 *
 * A streaming reader of initramfs images
 *
 * The format is the kernel's (Documentation/driver-api/early-userspace/
 * buffer-format.rst, init/initramfs.c): a sequence of segments, each either
 * cpio "newc" archives (magic 070701 or 070702) or a compressed stream
 * whose content is such archives, with zero padding between them.  The
 * usual layout with early microcode is an uncompressed cpio first, then,
 * after its TRAILER!!! and padding, the compressed main archive.
 *
 * gzip (zlib), xz and lzma (liblzma), zstd (libzstd), bzip2 (libbz2) and
 * lz4's legacy format (liblz4) are decompressed; lz4 frames and lzo are
 * recognised by their magic and reported as not readable.  The reader holds two fixed buffers, never the image, and stops
 * at INITRAMFS_MAX_BYTES of archive data (bodies of uncompressed archives
 * that it jumps over with lseek do not count) or INITRAMFS_MAX_ENTRIES
 * entries.
 */
#ifndef PREMIG_INITRAMFS_H
#define PREMIG_INITRAMFS_H

#include <stddef.h>
#include <stdint.h>

#include "../../scanner/buf.h"

#define INITRAMFS_MAX_BYTES ((uint64_t)1 << 30)	/* real images hold < 600 MiB */
#define INITRAMFS_MAX_ENTRIES (1u << 20)
#define INITRAMFS_NAME_MAX 4096			/* PATH_MAX, as the kernel checks */

/* one archive entry; name is borrowed for the duration of the callback */
struct initramfs_entry {
	const char *name;	/* NUL-terminated, as stored ("usr/lib/modules/...") */
	size_t namelen;
	uint32_t mode;		/* st_mode bits from the header */
	uint32_t size;
};

typedef void (*initramfs_entry_fn)(void *arg, const struct initramfs_entry *e);

struct initramfs_info {
	/*
	 * The segments recognised, in file order, '+' separated: "gzip",
	 * "cpio" (uncompressed), "cpio+zstd" (early microcode then zstd).
	 * Empty when nothing was recognised.
	 */
	struct buf compression;
	struct buf reason;	/* why the image could not be read to its end */
	uint64_t entries;	/* entries seen, TRAILER!!! excluded */
	uint64_t bytes;		/* archive bytes read: uncompressed or decompressed */
};

void initramfs_info_init(struct initramfs_info *info);
void initramfs_info_release(struct initramfs_info *info);

/*
 * Reads the image open on fd from its start, calling fn for every entry of
 * every archive in it.  Returns 0 when the whole image was read, 1 when it
 * could not be (info->reason says why: a compression premig does not
 * decompress, corrupt or truncated data, a cap reached, a read error).
 * Entries before the point of failure have been passed to fn.
 */
int initramfs_read(int fd, initramfs_entry_fn fn, void *arg,
		   struct initramfs_info *info);

#endif
