/*
 * fat.h - a read-only FAT12/16/32 reader; used by collectors/boot.c (the
 * EFI System partition of --image) and the "fat" decoder (decode_disk.c)
 */
/*
 * Source: Microsoft's "FAT: General Overview of On-Disk Format" (fatgen103,
 * 1.03, 2000): the BPB of the boot sector, the FAT type decided by the count
 * of clusters alone, cluster chains, 32-byte directory entries and the long
 * name (VFAT LFN) entries that precede a short entry, with their checksum.
 * The case bits of byte 12 (NT: base name 0x08, extension 0x10 in lower
 * case) are Windows NT's, which Linux vfat, dosfstools and mtools follow.
 *
 * The volume is read through a callback, so the same code reads a
 * partition of an image file and a fuzzer's buffer.  Nothing is trusted:
 * every BPB value is checked against the specification's ranges and the
 * volume's size, every cluster number against the count of clusters, and
 * every walk has a cap (FAT_MAX_* below).  A bad directory does not stop
 * the walk: it is named in the tree's notes and the tree is partial.
 *
 * Ownership: fat_vol and fat_tree own what they hold; fat_close() and
 * fat_tree_release() free it and accept a zeroed struct.
 */
#ifndef PREMIG_FAT_H
#define PREMIG_FAT_H

#include <stddef.h>
#include <stdint.h>

#include "../../scanner/buf.h"

#define FAT_MAX_DEPTH 8			/* directory levels below the root */
#define FAT_MAX_ENTRIES 4096		/* entries in one tree */
#define FAT_MAX_DIR_BYTES (2u << 20)	/* of one directory: its 65536 entries */
#define FAT_MAX_NAME 255		/* UCS-2 characters of a long name */

/* reads n bytes at off of the volume: 0, or -errno (-EIO past its end) */
typedef int (*fat_read_fn)(void *arg, uint64_t off, void *buf, size_t n);

struct fat_vol {
	fat_read_fn read;
	void *arg;
	uint64_t size;			/* bytes the volume may use */
	int type;			/* 12, 16 or 32 */
	uint32_t bps;			/* bytes per sector */
	uint32_t spc;			/* sectors per cluster */
	uint32_t clus_bytes;
	uint32_t nclusters;		/* data clusters: 2 .. nclusters + 1 */
	uint64_t fat_off;		/* the FAT read, in bytes */
	uint64_t fat_bytes;
	uint64_t root_off;		/* FAT12/16: the fixed root directory */
	uint32_t root_bytes;
	uint32_t root_clus;		/* FAT32 */
	uint64_t data_off;		/* cluster 2 */
	uint32_t serial;
	char label[12];			/* the BPB's volume label, trimmed */
	char reason[160];		/* why fat_open() or a read refused */
	/* one sector of the FAT, cached */
	unsigned char *fsec;
	uint64_t fsec_no;
};

struct fat_entry {
	char *path;			/* "EFI/debian/grubx64.efi": the long name, else the short */
	int is_dir;
	uint32_t cluster;		/* the first cluster; 0 for an empty file */
	uint32_t size;			/* bytes (files) */
};

struct fat_tree {
	struct fat_entry *v;		/* in walk order: a directory before its contents */
	size_t n;
	int partial;			/* something was not read: notes says what */
	struct buf notes;		/* "EFI/x: cluster chain loops", "; " between */
};

/*
 * Reads and checks the boot sector of the volume of size bytes.  Returns 0
 * with v ready, 1 when it is no FAT filesystem or its BPB is invalid, <0 a
 * -errno of the read; v->reason says why (1 and <0).  fat_close() frees v.
 */
int fat_open(struct fat_vol *v, fat_read_fn read, void *arg, uint64_t size);
void fat_close(struct fat_vol *v);

/*
 * Walks the directory tree into t (zeroed or fresh).  Returns 0 when every
 * directory was read in full, 1 when t is partial (t->notes says what was
 * left), <0 when the root directory itself cannot be read (v->reason).
 */
int fat_walk(struct fat_vol *v, struct fat_tree *t);
void fat_tree_release(struct fat_tree *t);

/* the entry at path, its components matched case-insensitively (ASCII); NULL if none */
const struct fat_entry *fat_lookup(const struct fat_tree *t, const char *path);

/*
 * Reads at most cap bytes of file e into out (cleared first, NUL-ended).
 * Returns 0 with the whole file, 1 when it was cut at cap, <0 when its
 * cluster chain is bad or a read failed (v->reason says why).
 */
int fat_read_file(struct fat_vol *v, const struct fat_entry *e, size_t cap, struct buf *out);

/* fat_read_fn over an fd, at base: arg points to a struct fat_fd */
struct fat_fd {
	int fd;
	uint64_t base;
};
int fat_read_fd(void *arg, uint64_t off, void *buf, size_t n);

#endif
