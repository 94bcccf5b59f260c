/*
 * lvmmeta.h - used by the volumes collector
 *
 * LVM2 on-disk metadata.
 *
 * An LVM2 physical volume holds, from its start (lvm2's
 * lib/format_text/layout.h and lib/label/label.h):
 *  - a label in one of its first four 512-byte sectors: "LABELONE", the
 *    sector number, a CRC, the offset of the contents, "LVM2 001";
 *  - the pv_header at that offset: the PV's UUID (32 characters), its size,
 *    a list of data areas and a list of metadata areas, each list of
 *    {offset, size} pairs in bytes ended by a zero pair;
 *  - in each metadata area, a 512-byte mda_header (checksum, magic
 *    " LVM2 x[5A%r0N*>", version 1, the area's own start and size) whose
 *    first raw_locn {offset, size, checksum, flags} points at the current
 *    metadata text inside the area.  The area after its header is a
 *    circular buffer: text that runs past the end of the area continues at
 *    512 bytes from its start;
 *  - the text: the volume group in lvm2's config syntax (libdm-config.c,
 *    lib/format_text/export.c and import_vsn1.c), "vg { id = ... extent_size
 *    = ... physical_volumes { pv0 { ... } } logical_volumes { lv { segment1
 *    { start_extent extent_count type stripe_count stripes = [ "pv0", 0 ] }
 *    } } }".  A linear LV is a "striped" segment with stripe_count 1.
 * Checksums are lvm2's CRC-32 (polynomial 0xedb88320, initial 0xf597a6cf,
 * no final inversion).
 *
 * These decoders take bytes and return a struct and a reason; they never
 * read a file or touch the store.  Every read is bounds-checked; the caps
 * below bound what untrusted bytes can make them allocate or walk.
 *
 * Return values: 0 decoded; 1 absent (no label, or no metadata: an orphan
 * PV); -1 malformed, with the reason appended to *why.  Strings in the
 * structs are malloc'd and owned by the struct (lvm_vg_release).
 */
#ifndef PREMIG_LVMMETA_H
#define PREMIG_LVMMETA_H

#include <stddef.h>
#include <stdint.h>

#include "../../scanner/buf.h"

#define LVM_SECTOR 512
#define LVM_LABEL_SCAN (4 * LVM_SECTOR)	/* the label is in the first 4 sectors */
#define LVM_MDA_HEADER_SIZE 512
#define LVM_TEXT_MAX (4u << 20)		/* metadata text; lvm2 writes ~1 KiB per LV */
#define LVM_NODES_MAX 200000		/* values and sections in one text */
#define LVM_DEPTH_MAX 16		/* section nesting; lvm2 writes 4 levels */
#define LVM_PVS_MAX 1024
#define LVM_LVS_MAX 8192
#define LVM_SEGS_MAX 4096		/* segments of one LV */
#define LVM_AREAS_MAX 256		/* areas of a segment, and LVs it names */

/* flags */
#define LVM_NOCRC 1	/* do not check checksums (fuzzing: reach the parser) */

struct lvm_label {
	unsigned int sector;		/* where the label is, 0-3 */
	char pv_uuid[33];		/* 32 characters, as stored (no dashes) */
	uint64_t dev_size;
	unsigned int nmda;		/* metadata areas listed (at most 2 kept) */
	uint64_t mda_off[2], mda_size[2];	/* bytes from the PV's start */
};

/* the first 2048 bytes of a PV (fewer if that is all there is) */
int lvm_label_decode(const unsigned char *p, size_t len, unsigned int flags,
		     struct lvm_label *l, struct buf *why);

struct lvm_mda {
	uint64_t start, size;		/* the area, as its header says */
	uint64_t text_off, text_len;	/* the current text, in the area */
	uint32_t text_crc;
	/* the text in one or two pieces (wrapped), offsets from the area's start */
	unsigned int npieces;
	uint64_t piece_off[2], piece_len[2];
};

/*
 * The 512-byte mda_header of the area that starts at byte start of the PV
 * (the label's mda_off).  1: the area holds no metadata (or it is flagged
 * ignored).  The text is at most LVM_TEXT_MAX bytes.
 */
int lvm_mda_decode(const unsigned char *p, size_t len, uint64_t start, unsigned int flags,
		   struct lvm_mda *m, struct buf *why);

/* checks the text read from m's pieces (joined) against its checksum */
int lvm_text_check(const struct lvm_mda *m, const unsigned char *text, size_t len,
		   unsigned int flags, struct buf *why);

struct lvm_pv {
	char *name;			/* pv0 */
	char *id;			/* the UUID, with dashes */
	char *device;			/* where lvm2 last saw it (a hint) */
	uint64_t pe_start, pe_count;	/* sectors, extents */
};

struct lvm_area {
	char *name;			/* a PV (pv0) or an LV */
	uint64_t start;			/* extent in it */
	int pv;				/* index in vg->pvs, or -1 (an LV) */
};

struct lvm_seg {
	uint64_t start_extent, extent_count;
	char *type;			/* striped, thin, thin-pool, raid1, snapshot, ... */
	unsigned int stripe_count;
	struct lvm_area *areas;		/* stripes, mirrors, raids */
	size_t nareas;
	char **lvs;			/* other LVs it names (pool, origin, cow_store, ...) */
	size_t nlvs;
	char *origin, *cow_store;	/* a snapshot's */
};

struct lvm_lv {
	char *name, *id;
	int visible;
	int parent;			/* the LV whose segment names this one, or -1 */
	int snapshot_origin;		/* this is a snapshot's store: its origin, or -1 */
	struct lvm_seg *segs;		/* in start_extent order */
	size_t nsegs;
};

struct lvm_vg {
	char *name, *id;
	uint64_t seqno;
	uint64_t extent_size;		/* sectors */
	struct lvm_pv *pvs;
	size_t npvs;
	struct lvm_lv *lvs;
	size_t nlvs;
};

void lvm_vg_init(struct lvm_vg *vg);
void lvm_vg_release(struct lvm_vg *vg);

/*
 * Parses the metadata text (len bytes; a NUL ends it early).  On -1, vg
 * may still hold the VG's name and id when the text got that far.
 */
int lvm_vg_parse(const char *text, size_t len, struct lvm_vg *vg, struct buf *why);

/* where an LV's bytes are on its PVs */
struct lvm_piece {
	size_t pv;			/* index in vg->pvs */
	uint64_t off, len;		/* bytes from the PV's start */
};

/*
 * The pieces of a linear LV (every segment striped with one stripe on a
 * PV), in order; *size is the LV's size in bytes.  1 when the LV is not
 * linear (thin, raid, snapshot, striped over several PVs ...): *why says
 * what it is.  -1 when the segments do not add up.
 */
int lvm_lv_pieces(const struct lvm_vg *vg, const struct lvm_lv *lv, struct lvm_piece **pieces,
		  size_t *npieces, struct buf *why);

/* the LV's size in bytes from its segments; 0 when they overflow */
uint64_t lvm_lv_size(const struct lvm_vg *vg, const struct lvm_lv *lv);

/* the device-mapper name of vg/lv: "-" doubled in each, joined by "-" (malloc'd) */
char *lvm_dm_name(const char *vg, const char *lv);

/*
 * All of the above over a buffer that holds a PV from its start (tests
 * and fuzzing): the label, its first metadata area, the text.
 */
int lvm_pv_decode(const unsigned char *p, size_t len, unsigned int flags, struct lvm_label *l,
		  struct lvm_vg *vg, struct buf *why);

#endif
