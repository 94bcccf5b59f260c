/*
 * blkprobe.h - used by the disks, volumes and boot collectors (through blockdev.h,
 * image.h, fat.h) and the "ptable" decoder
 *
 * What is on a disk: partition table, partitions, filesystems,
 * boot code (libblkid, read-only)
 *
 * libblkid reads the partition table and the superblocks.  The bytes
 * libblkid does not report are read here through rd.h: the
 * MBR entries of LBA 0 (protective or hybrid MBR), the boot code, and both
 * GPT headers (which one libblkid used, and why the other is bad).
 *
 * Every string in the structs below is malloc'd and owned by the struct;
 * bp_disk_release() and bp_fs_release() free them.  Nothing here opens a
 * file: the caller passes an fd opened O_RDONLY.
 */
#ifndef PREMIG_BLKPROBE_H
#define PREMIG_BLKPROBE_H

#include <stddef.h>
#include <stdint.h>

#include "../../scanner/buf.h"

/* pread_all(): reads exactly n bytes at an offset */
#include "../../scanner/preadall.h"

/* what a superblock probe found */
struct bp_fs {
	char *type;		/* libblkid TYPE; NULL when nothing was found */
	char *uuid, *label, *version, *usage;
	char *uuid_sub;		/* UUID_SUB: an md member's own device UUID */
	uint64_t magic_off;	/* where the signature is, from the probed start */
	int has_magic_off;
	char *reason;		/* why type is NULL when that is not simply "none" */
};

/*
 * At most the partitions numbered 1 to BP_PARTS_MAX are read from a disk,
 * as Linux reads them: block/partitions/core.c gives the table parsers
 * DISK_MAX_PARTS (256, include/linux/blkdev.h) slots, slot 0 being the
 * whole disk, and msdos.c and efi.c stop when the slots are full.  Past
 * it the disk's reason says "too many partitions: truncated at 255".
 */
#define BP_PARTS_MAX 255

struct bp_part {
	int number;		/* 1 to BP_PARTS_MAX */
	uint64_t start, size;	/* bytes from the start of the disk */
	int pos_unknown;	/* start or size does not fit in 63 bits: not recorded */
	char *type;		/* "0x83", a GPT type GUID, or the table's own name */
	char *type_name;	/* Linux, EFI System, ... (MBR and GPT types only) */
	char *flags;		/* "boot", "legacy-boot,required", ...; NULL if none */
	char *uuid, *label;	/* PARTUUID, PARTLABEL */
	int extended;		/* an MBR extended partition: a container, not probed */
	int ignored;		/* a GPT entry outside the usable area: not used */
	struct bp_fs fs;
	char *reason;		/* what is wrong with this entry, if anything */
};

struct bp_disk {
	uint64_t size;		/* bytes of the device or image data */
	int has_size;		/* size is known (the device could be opened) */
	unsigned int ssz;	/* logical sector size used to read the table */
	char *pt_type;		/* mbr, gpt, or libblkid's name; "none"; NULL unknown */
	char *pt_uuid;
	char *pmbr;		/* GPT: protective, hybrid, or none */
	char *boot_code;	/* grub2, grub-legacy, syslinux, lilo, windows, none, unknown */
	struct bp_fs fs;	/* a filesystem (or member signature) on the whole disk */
	struct bp_part *parts;
	size_t nparts;
	int unknown;		/* the table could not be read or is not sound */
	struct buf reason;	/* why, "; "-joined; may hold a caveat when !unknown */
};

void bp_fs_release(struct bp_fs *fs);
void bp_disk_init(struct bp_disk *d);
void bp_disk_release(struct bp_disk *d);

/*
 * Probes the disk whose data is the range [off, off + size) of fd (size 0:
 * to the end of the file or device).  ssz is the logical sector size, or 0
 * to find it from the GPT headers (images: 512 unless a GPT says 4096).
 * Never fails: what could not be read is in d->reason with d->unknown set.
 */
void bp_probe_disk(int fd, uint64_t off, uint64_t size, unsigned int ssz,
		   struct bp_disk *d);

/* the superblocks in [off, off + size) of fd; 0 probed, <0 -errno */
int bp_probe_fs(int fd, uint64_t off, uint64_t size, unsigned int ssz,
		struct bp_fs *fs);

/* readable names of partition types; NULL when not in the tables */
const char *bp_mbr_type_name(unsigned int code);
const char *bp_gpt_type_name(const char *guid);

/* GPT partition attributes as flag names ("legacy-boot,required"), or NULL */
char *bp_gpt_flags(unsigned long long attributes);

/* the boot code in the first 440 bytes of a sector 0 (see blkprobe.c) */
const char *bp_boot_code(const unsigned char *sector, size_t len);

#endif
