/*
 * disks.c - the disks: size, sector sizes, model, serial, partition table,
 * partitions and what is on each; optical drives apart
 *
 * Which disks: collectors/lib/blockdev.h.  What is on them: collectors/lib/blkprobe.h
 * (libblkid, read-only: each disk is opened once, O_RDONLY, and its
 * partitions are probed through the same descriptor at their offsets).
 * The partitions the kernel knows (sysfs) give the partition names, and
 * stand in for the table when the disk cannot be opened (not root).
 */
#include <stdlib.h>
#include <string.h>

#include "../scanner/db.h"
#include "../scanner/err.h"
#include "lib/blockdev.h"
#include "collectors.h"
#include "../scanner/banned.h"

#define NOTE_MAX 8	/* devices named in the run's notes before "and N more" */

static int insert_part(struct scan_ctx *ctx, const struct bdev *d, const struct bp_part *p,
		       const struct bdev_kpart *k, const char *why)
{
	struct dbrow r;
	char *name = bdev_part_name(d, p ? p->number : k->number);
	struct buf reason = BUF_INIT;
	int rc;

	if (p && p->reason)
		buf_adds(&reason, p->reason);
	if (why)
		buf_addf(&reason, "%s%s", reason.len ? "; " : "", why);
	if (p && k && k->has_pos && !p->ignored && (k->start != p->start || k->size != p->size))
		buf_addf(&reason, "%sthe kernel has it at byte %llu, %llu bytes: the table on disk "
			 "changed since the kernel read it", reason.len ? "; " : "",
			 (unsigned long long)k->start, (unsigned long long)k->size);
	dbrow_init(&r, "partitions");
	dbrow_text(&r, "disk", d->name);
	dbrow_int(&r, "number", p ? p->number : k->number);
	dbrow_text(&r, "name", name);
	if (p) {
		dbrow_int_if(&r, "start_bytes", !p->pos_unknown, (int64_t)p->start);
		dbrow_int_if(&r, "size_bytes", !p->pos_unknown, (int64_t)p->size);
		dbrow_text(&r, "type", p->type);
		dbrow_text(&r, "type_name", p->type_name);
		dbrow_text(&r, "flags", p->flags);
		dbrow_text(&r, "part_uuid", p->uuid);
		dbrow_text(&r, "part_label", p->label);
		dbrow_text(&r, "fstype", p->fs.type);
		dbrow_text(&r, "fs_uuid", p->fs.uuid);
		dbrow_text(&r, "fs_label", p->fs.label);
		dbrow_text(&r, "fs_version", p->fs.version);
	} else {
		dbrow_int_if(&r, "start_bytes", k->has_pos, (int64_t)k->start);
		dbrow_int_if(&r, "size_bytes", k->has_pos, (int64_t)k->size);
	}
	dbrow_text(&r, "probe_reason", reason.len ? reason.data : NULL);
	rc = dbrow_insert(ctx->db, ctx->scan_id, &r);
	free(name);
	buf_release(&reason);
	return rc;
}

static int cmp_kpart_number(const void *key, const void *elem)
{
	int n = *(const int *)key, m = ((const struct bdev_kpart *)elem)->number;

	return n < m ? -1 : n > m;
}

/* the kernel's partition numbered number; kparts are sorted by number */
static const struct bdev_kpart *kpart(const struct bdev *d, int number)
{
	if (!d->nkparts)
		return NULL;
	return bsearch(&number, d->kparts, d->nkparts, sizeof(*d->kparts), cmp_kpart_number);
}

static int insert_disk(struct scan_ctx *ctx, const struct bdev *d, const struct bp_disk *p,
		       const char *format)
{
	struct dbrow r;
	int64_t size = d->size >= 0 ? d->size : p->has_size ? (int64_t)p->size : -1;
	unsigned int ssz = d->ssz ? d->ssz : p->ssz;

	dbrow_init(&r, "disks");
	dbrow_text(&r, "name", d->name);
	dbrow_text(&r, "path", d->path);
	dbrow_text(&r, "kind", d->optical ? "optical" : "disk");
	dbrow_int_if(&r, "size_bytes", size >= 0, size);
	dbrow_int_if(&r, "sector_size", ssz != 0, ssz);
	dbrow_int_if(&r, "physical_sector_size", d->pssz != 0, d->pssz);
	dbrow_text(&r, "model", d->model);
	dbrow_text(&r, "serial", d->serial);
	dbrow_int_if(&r, "removable", d->removable >= 0, d->removable);
	dbrow_int_if(&r, "rotational", d->rotational >= 0, d->rotational);
	dbrow_text(&r, "image_format", format);
	if (d->optical) {
		dbrow_text(&r, "probe_status", "unknown");
		dbrow_text(&r, "probe_reason", "optical drive: the media is not probed");
		return dbrow_insert(ctx->db, ctx->scan_id, &r);
	}
	dbrow_text(&r, "pt_type", p->pt_type);
	dbrow_text(&r, "pt_uuid", p->pt_uuid);
	dbrow_text(&r, "pmbr", p->pmbr);
	dbrow_text(&r, "fstype", p->fs.type);
	dbrow_text(&r, "fs_uuid", p->fs.uuid);
	dbrow_text(&r, "fs_label", p->fs.label);
	dbrow_text(&r, "fs_version", p->fs.version);
	dbrow_text(&r, "boot_code", p->boot_code);
	dbrow_text(&r, "probe_status", p->unknown ? "unknown" : "ok");
	dbrow_text(&r, "probe_reason", p->reason.len ? p->reason.data : NULL);
	return dbrow_insert(ctx->db, ctx->scan_id, &r);
}

/*
 * the disk's partitions: the table read, then any only the kernel knows;
 * the table's are numbered 1 to BP_PARTS_MAX (blkprobe.h), one flag each
 */
static int insert_parts(struct scan_ctx *ctx, const struct bdev *d, const struct bp_disk *p)
{
	unsigned char seen[BP_PARTS_MAX + 1] = { 0 };
	int rc = 0;

	for (size_t i = 0; i < p->nparts && rc == 0; i++) {
		const struct bp_part *bp = &p->parts[i];
		if (bp->number <= 0 || bp->number > BP_PARTS_MAX || seen[bp->number])
			continue;
		seen[bp->number] = 1;
		rc = insert_part(ctx, d, bp, kpart(d, bp->number), NULL);
	}
	for (size_t i = 0; i < d->nkparts && rc == 0; i++) {
		const struct bdev_kpart *k = &d->kparts[i];
		if (k->number > 0 && k->number <= BP_PARTS_MAX && seen[k->number])
			continue;
		rc = insert_part(ctx, d, NULL, k, p->unknown && !p->has_size ? p->reason.data :
				 "known to the kernel, not in the partition table on disk");
	}
	return rc;
}

int collect_disks(struct scan_ctx *ctx)
{
	struct bdev *v = NULL;
	size_t n = 0, nfail = 0;
	struct buf failed = BUF_INIT;
	int rc;

	rc = bdev_list(ctx, &v, &n);
	if (rc != 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct bdev *d = &v[i];
		struct bp_disk p;
		const char *format = NULL;
		int refused = 0;

		bp_disk_init(&p);
		if (!d->optical)
			bdev_probe(ctx, d, &p, &format, &refused);
		if (refused)
			scan_warn("disks: --image '%s': %s", d->path, p.reason.data);
		if (p.unknown && (!p.has_size || refused)) {
			/* could not be read at all: name it in the run's reason */
			if (nfail++ < NOTE_MAX)
				buf_addf(&failed, "%s%s: %s", failed.len ? "; " : "", d->name,
					 p.reason.data);
		}
		rc = insert_disk(ctx, d, &p, format);
		if (rc == 0 && !d->optical)
			rc = insert_parts(ctx, d, &p);
		bp_disk_release(&p);
	}
	if (failed.len)
		ctx_note(ctx, "%s%s", failed.data, nfail > NOTE_MAX ? "; ..." : "");
	if (nfail > NOTE_MAX)
		ctx_note(ctx, "%zu disks could not be read", nfail);
	buf_release(&failed);
	bdev_free(v, n);
	if (rc < 0)
		ctx_note(ctx, "store: cannot record the disks");
	return rc < 0 ? -1 : 0;
}
