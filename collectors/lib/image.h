/*
 * image.h - used by the disks, volumes and boot collectors (through blockdev.h)
 * and the "image" decoder
 *
 * The disk data inside a --image file
 *
 * Raw images are read as they are.  Two VM disk formats are raw data with
 * a wrapper and are read too: a VMware flat VMDK (a text descriptor naming
 * one FLAT or VMFS extent, which holds the sectors) and a fixed VHD (the
 * sectors, then a 512-byte "conectix" footer).  Formats whose sectors are
 * not laid out in order (qcow/qcow2, VHDX, dynamic and differencing VHD,
 * sparse and streamOptimized VMDK, VDI) and compressed files are refused
 * with the reason.
 */
#ifndef PREMIG_IMAGE_H
#define PREMIG_IMAGE_H

#include <stdint.h>

/* a VMDK text descriptor as read: its createType and first extent line */
struct image_vmdk {
	int nextents;		/* extent lines; 0 when no descriptor was read */
	char *create_type;	/* NULL when none */
	char *access, *type;	/* "RW", "FLAT" */
	char *file;		/* the extent's file name as written; NULL when none */
	uint64_t sectors, offset;	/* in 512-byte sectors */
};

struct image_src {
	int fd;			/* the data, opened O_RDONLY; -1 when refused */
	uint64_t off, size;	/* where the disk is in fd; size 0: to the end */
	const char *format;	/* static: raw, vmdk-flat, vhd-fixed, or the refused one */
	char *reason;		/* why refused; or a caveat about an accepted image */
	int is_blk;		/* fd is a block device */
	struct image_vmdk vmdk;	/* a VMDK descriptor's, when the file is one */
};

/*
 * Opens the image at path.  Returns 0 when src->fd holds the disk data, 1
 * when the format is refused (src->reason says why, src->format names it),
 * <0 a -errno code when the file (or a VMDK's extent) cannot be opened or
 * read; src->reason then names the file.  Release with image_close().
 */
int image_open(const char *path, struct image_src *src);
void image_close(struct image_src *src);

/*
 * image_open() on a file already open: fd (a regular file or block
 * device; src owns it from here, it is closed when refused) whose name is
 * path (a VMDK descriptor's extent is found next to it).  With
 * IMAGE_NO_EXTENT a flat VMDK descriptor's extent is not opened: the
 * descriptor is checked as far as it can be without it, and a sound one
 * returns 0 with src->fd -1 and src->vmdk saying what it names (the
 * decoder of `premig debug decode image` reads no other file).
 */
#define IMAGE_NO_EXTENT 1
int image_open_fd(int fd, const char *path, unsigned int flags, struct image_src *src);

#endif
