/*
 * blockdev.h - used by the disks and volumes collectors, and the host key (scanner/hostkey.c)
 *
 * The disks of the scanned system and how to read them
 *
 * Where disks come from:
 *  - live: every entry of /sys/block that is a disk, read at /dev/NAME;
 *  - --root DIR: every entry of DIR/sys/block (a copy of a host's sysfs,
 *    or a fixture of plain files), each read at DIR/dev/NAME, a regular
 *    image file (for a fixture, a sparse one) or a block device.  Without DIR/sys/block
 *    there is no kernel view of the disks: nothing is listed, and the note
 *    says to give the disks with --image.  dev/ alone is not scanned: a
 *    mounted root's dev/ holds device nodes of whatever host mounts it;
 *  - --image FILE...: image0, image1, ... in the order given.
 *
 * A disk is a /sys/block entry that is not virtual (its sysfs link does not
 * lead through devices/virtual/, as loop, ram, zram, dm-N, mdN and nbdN
 * do; fixtures without links are judged by those names), not hidden (an
 * NVMe multipath path), and not optical: sr*, or a SCSI device of type 5
 * (ROM), or an IDE device whose media is "cdrom".  Optical drives are
 * listed with optical set and never opened.
 */
#ifndef PREMIG_BLOCKDEV_H
#define PREMIG_BLOCKDEV_H

#include <stddef.h>
#include <stdint.h>

#include "../../scanner/ctx.h"
#include "blkprobe.h"

/* a partition the kernel knows (sys/block/NAME/NAMEn) */
struct bdev_kpart {
	int number;
	char *name;
	uint64_t start, size;	/* bytes; valid when has_pos */
	int has_pos;
	char *devno;		/* "8:1", from its dev file */
};

struct bdev {
	char *name;		/* sda, nvme0n1, image0 */
	char *path;		/* /dev/sda as the scanned system names it, or the image file */
	int optical;
	int image;		/* index into ctx->images, or -1 */
	int64_t size;		/* bytes from sysfs; -1 unknown */
	unsigned int ssz, pssz;	/* logical, physical sector size from sysfs; 0 unknown */
	char *model, *serial;
	int removable, rotational;	/* -1 unknown */
	struct bdev_kpart *kparts;
	size_t nkparts;
	char *devno;		/* "8:0" */
};

/*
 * The disks of the scanned system, sorted in kernel order (sda .. sdz,
 * sdaa; nvme0n1 before nvme1n1).  Returns 0 with the list, 1 when there is
 * none (a note says why), <0 on failure (noted).  Free with bdev_free().
 */
int bdev_list(struct scan_ctx *ctx, struct bdev **out, size_t *n);
void bdev_free(struct bdev *v, size_t n);

/* the kernel's name of partition number of d (sda1, nvme0n1p1, image0p1); malloc'd */
char *bdev_part_name(const struct bdev *d, int number);

/*
 * Opens d read-only and probes it into p (bp_disk_init'ed by the caller).
 * When a disk of the scanned system cannot be opened (not root), what udev
 * recorded when it probed the disk (run/udev/data/b<major>:<minor>, world
 * readable) stands in, and the reason says so.
 * *format is set to the --image format (static string) or NULL.  Failures
 * are in p->reason with p->unknown set; *refused is set when an --image
 * format is refused (the caller warns).
 */
void bdev_probe(struct scan_ctx *ctx, const struct bdev *d, struct bp_disk *p,
		const char **format, int *refused);

/*
 * Opens a device node of the scanned system read-only ("/dev/dm-0"; under
 * --root the file at ROOT/dev/dm-0, a block device or an image file).
 * Returns the fd, or -1 with the reason appended to why ("not root: cannot
 * open /dev/sda: Permission denied").  *is_blk tells a block device.
 */
int bdev_open_node(struct scan_ctx *ctx, const char *path, struct buf *why, int *is_blk);

/*
 * Opens the data of disk (a name of bdev_list: sda, image0) read-only;
 * *base is where the disk starts in the fd (a VMDK extent's offset).
 * Returns the fd, or -1 with the reason appended to why.
 */
int bdev_open_disk(struct scan_ctx *ctx, const char *disk, uint64_t *base, struct buf *why);

/*
 * What udev recorded about the filesystem on sys/block/NAME (its TYPE,
 * UUID, LABEL, VERSION), for a device that cannot be opened; 0 when found.
 */
int bdev_udev_fs(struct scan_ctx *ctx, const char *name, struct bp_fs *fs);

/* the natural order of kernel device names */
int bdev_name_cmp(const char *a, const char *b);

#endif
