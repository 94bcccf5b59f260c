/*
 * decode_disk.c - the decoders of disks and what is stacked on them
 * (decode.h): partition tables, disk image headers, FAT volumes, LVM
 * physical volumes and metadata text; and the ELF header of a binary,
 * the other binary header the collectors read (kernel.c)
 */
#include <stdlib.h>
#include <unistd.h>

#include <zlib.h>

#include "blkprobe.h"
#include "decode.h"
#include "elfhdr.h"
#include "fat.h"
#include "image.h"
#include "lvmmeta.h"
#include "../../scanner/banned.h"

/* what a superblock probe found; null when nothing and no reason */
static json_t *fs_json(const struct bp_fs *fs)
{
	json_t *o;

	if (!fs->type && !fs->reason)
		return json_null();
	o = json_object();

	json_object_set_new(o, "type", decode_str(fs->type));
	json_object_set_new(o, "uuid", decode_str(fs->uuid));
	json_object_set_new(o, "label", decode_str(fs->label));
	json_object_set_new(o, "version", decode_str(fs->version));
	json_object_set_new(o, "usage", decode_str(fs->usage));
	json_object_set_new(o, "uuid_sub", decode_str(fs->uuid_sub));
	json_object_set_new(o, "magic_offset", fs->has_magic_off ?
			    json_integer((json_int_t)fs->magic_off) : json_null());
	if (fs->reason)
		json_object_set_new(o, "reason", json_string(fs->reason));
	return o;
}

/*
 * a whole disk (image): its partition table, partitions, the signatures
 * on them and the boot code, as the disks collector reads them (blkprobe.h)
 */
static int dec_ptable(const struct decode_input *in, json_t *out)
{
	struct bp_disk d;
	json_t *parts = json_array();

	bp_disk_init(&d);
	bp_probe_disk(in->fd, 0, in->size, 0, &d);
	json_object_set_new(out, "size", d.has_size ? json_integer((json_int_t)d.size) : json_null());
	json_object_set_new(out, "sector_size", json_integer(d.ssz));
	json_object_set_new(out, "pt_type", decode_str(d.pt_type));
	json_object_set_new(out, "pt_uuid", decode_str(d.pt_uuid));
	json_object_set_new(out, "pmbr", decode_str(d.pmbr));
	json_object_set_new(out, "boot_code", decode_str(d.boot_code));
	json_object_set_new(out, "fs", fs_json(&d.fs));
	for (size_t i = 0; i < d.nparts; i++) {
		const struct bp_part *p = &d.parts[i];
		json_t *o = json_object();
		json_object_set_new(o, "number", json_integer(p->number));
		json_object_set_new(o, "start", p->pos_unknown ? json_null() :
				    json_integer((json_int_t)p->start));
		json_object_set_new(o, "size", p->pos_unknown ? json_null() :
				    json_integer((json_int_t)p->size));
		json_object_set_new(o, "type", decode_str(p->type));
		json_object_set_new(o, "type_name", decode_str(p->type_name));
		json_object_set_new(o, "flags", decode_str(p->flags));
		json_object_set_new(o, "uuid", decode_str(p->uuid));
		json_object_set_new(o, "label", decode_str(p->label));
		json_object_set_new(o, "extended", json_boolean(p->extended));
		json_object_set_new(o, "ignored", json_boolean(p->ignored));
		json_object_set_new(o, "fs", fs_json(&p->fs));
		json_object_set_new(o, "reason", decode_str(p->reason));
		json_array_append_new(parts, o);
	}
	json_object_set_new(out, "partitions", parts);
	if (d.unknown)
		json_object_set_new(out, "error", json_string(d.reason.len ? d.reason.data : "unknown"));
	else if (d.reason.len)
		decode_note(out, d.reason.data);
	bp_disk_release(&d);
	return d.unknown ? 1 : 0;
}

/*
 * a disk image file's format (image.h): raw, a flat VMDK descriptor (its
 * extent named, not opened), a fixed VHD, or refused with the reason
 */
static int dec_image(const struct decode_input *in, json_t *out)
{
	struct image_src src;
	int fd = dup(in->fd), rc;

	if (fd < 0) {
		json_object_set_new(out, "error", json_string("cannot duplicate the input's descriptor"));
		return 1;
	}
	rc = image_open_fd(fd, in->name, IMAGE_NO_EXTENT, &src);
	json_object_set_new(out, "format", decode_str(src.format));
	if (rc == 0) {
		json_object_set_new(out, "offset", json_integer((json_int_t)src.off));
		/* size 0: the data runs to the end of the file */
		json_object_set_new(out, "size", src.size || src.fd < 0 ?
				    json_integer((json_int_t)src.size) :
				    json_integer((json_int_t)(in->size - src.off)));
		if (src.reason)
			decode_note(out, src.reason);
	} else {
		json_object_set_new(out, "error", json_string(src.reason ? src.reason : "not read"));
	}
	if (src.vmdk.nextents) {
		const struct image_vmdk *v = &src.vmdk;
		json_t *o = json_object();
		json_object_set_new(o, "create_type", decode_str(v->create_type));
		json_object_set_new(o, "extents", json_integer(v->nextents));
		json_object_set_new(o, "access", decode_str(v->access));
		json_object_set_new(o, "type", decode_str(v->type));
		json_object_set_new(o, "file", decode_str(v->file));
		json_object_set_new(o, "sectors", json_integer((json_int_t)v->sectors));
		json_object_set_new(o, "offset", json_integer((json_int_t)v->offset));
		json_object_set_new(out, "vmdk", o);
	}
	image_close(&src);
	return rc == 0 ? 0 : 1;
}

static json_t *lvm_vg_json(const struct lvm_vg *vg)
{
	json_t *o = json_object(), *pvs = json_array(), *lvs = json_array();

	json_object_set_new(o, "name", decode_str(vg->name));
	json_object_set_new(o, "id", decode_str(vg->id));
	json_object_set_new(o, "seqno", json_integer((json_int_t)vg->seqno));
	json_object_set_new(o, "extent_size_sectors", json_integer((json_int_t)vg->extent_size));
	for (size_t i = 0; i < vg->npvs; i++) {
		json_t *p = json_object();
		json_object_set_new(p, "name", decode_str(vg->pvs[i].name));
		json_object_set_new(p, "id", decode_str(vg->pvs[i].id));
		json_object_set_new(p, "device", decode_str(vg->pvs[i].device));
		json_object_set_new(p, "pe_start", json_integer((json_int_t)vg->pvs[i].pe_start));
		json_object_set_new(p, "pe_count", json_integer((json_int_t)vg->pvs[i].pe_count));
		json_array_append_new(pvs, p);
	}
	for (size_t i = 0; i < vg->nlvs; i++) {
		const struct lvm_lv *lv = &vg->lvs[i];
		json_t *l = json_object(), *segs = json_array();
		struct lvm_piece *pieces = NULL;
		size_t npieces = 0;
		struct buf why = BUF_INIT;
		char *dm = lvm_dm_name(vg->name ? vg->name : "", lv->name);
		int rc;

		json_object_set_new(l, "name", decode_str(lv->name));
		json_object_set_new(l, "dm_name", json_string(dm));
		json_object_set_new(l, "visible", json_boolean(lv->visible));
		json_object_set_new(l, "size", json_integer((json_int_t)lvm_lv_size(vg, lv)));
		for (size_t s = 0; s < lv->nsegs; s++) {
			json_t *g = json_object();
			json_object_set_new(g, "start_extent", json_integer((json_int_t)lv->segs[s].start_extent));
			json_object_set_new(g, "extent_count", json_integer((json_int_t)lv->segs[s].extent_count));
			json_object_set_new(g, "type", decode_str(lv->segs[s].type));
			json_array_append_new(segs, g);
		}
		json_object_set_new(l, "segments", segs);
		rc = lvm_lv_pieces(vg, lv, &pieces, &npieces, &why);
		if (rc == 0) {
			json_t *a = json_array();
			for (size_t k = 0; k < npieces; k++) {
				json_t *p = json_object();
				json_object_set_new(p, "pv", json_integer((json_int_t)pieces[k].pv));
				json_object_set_new(p, "offset", json_integer((json_int_t)pieces[k].off));
				json_object_set_new(p, "length", json_integer((json_int_t)pieces[k].len));
				json_array_append_new(a, p);
			}
			json_object_set_new(l, "pieces", a);
		} else {
			json_object_set_new(l, "not_linear", json_string(why.data ? why.data : ""));
		}
		json_array_append_new(lvs, l);
		free(pieces);
		free(dm);
		buf_release(&why);
	}
	json_object_set_new(o, "pvs", pvs);
	json_object_set_new(o, "lvs", lvs);
	return o;
}

/* of a FAT volume's files, how many are read, and how much of each */
#define FAT_DECODE_FILES 64
#define FAT_DECODE_FILE_BYTES (64u * 1024)

/*
 * a FAT volume (fat.h): its geometry, its tree, and the first
 * FAT_DECODE_FILES files read through their cluster chains (their length
 * and CRC-32, or why the chain is bad)
 */
static int dec_fat(const struct decode_input *in, json_t *out)
{
	struct fat_fd f = { in->fd, 0 };
	struct fat_vol v;
	struct fat_tree t = { 0 };
	struct buf text = BUF_INIT;
	json_t *ents;
	size_t nread = 0;
	int rc = fat_open(&v, fat_read_fd, &f, in->size);

	if (rc != 0) {
		json_object_set_new(out, "error", json_string(v.reason));
		fat_close(&v);
		return 1;
	}
	json_object_set_new(out, "type", json_integer(v.type));
	json_object_set_new(out, "bytes_per_sector", json_integer(v.bps));
	json_object_set_new(out, "sectors_per_cluster", json_integer(v.spc));
	json_object_set_new(out, "clusters", json_integer(v.nclusters));
	json_object_set_new(out, "cluster_bytes", json_integer(v.clus_bytes));
	json_object_set_new(out, "fat_offset", json_integer((json_int_t)v.fat_off));
	json_object_set_new(out, "data_offset", json_integer((json_int_t)v.data_off));
	json_object_set_new(out, "root_cluster", json_integer(v.root_clus));
	json_object_set_new(out, "serial", json_sprintf("%04X-%04X", v.serial >> 16, v.serial & 0xffffu));
	json_object_set_new(out, "label", json_string(v.label));
	rc = fat_walk(&v, &t);
	if (rc < 0) {
		json_object_set_new(out, "error", json_string(v.reason));
		fat_tree_release(&t);
		fat_close(&v);
		return 1;
	}
	ents = json_array();
	for (size_t k = 0; k < t.n; k++) {
		const struct fat_entry *e = &t.v[k];
		json_t *o = json_object();
		json_object_set_new(o, "path", json_string(e->path));
		json_object_set_new(o, "dir", json_boolean(e->is_dir));
		json_object_set_new(o, "cluster", json_integer(e->cluster));
		if (!e->is_dir) {
			json_object_set_new(o, "size", json_integer(e->size));
			if (nread++ < FAT_DECODE_FILES) {
				int r = fat_read_file(&v, e, FAT_DECODE_FILE_BYTES, &text);
				if (r < 0) {
					json_object_set_new(o, "read_error", json_string(v.reason));
				} else {
					json_object_set_new(o, "read", json_integer((json_int_t)text.len));
					json_object_set_new(o, "crc32", json_sprintf("%08lx",
						crc32(0L, (const Bytef *)text.data, (uInt)text.len)));
				}
			}
		}
		json_array_append_new(ents, o);
	}
	json_object_set_new(out, "entries", ents);
	json_object_set_new(out, "partial", json_boolean(t.partial));
	if (t.notes.len)
		decode_note(out, t.notes.data);
	if (nread > FAT_DECODE_FILES)
		decode_note(out, "files past the first 64 not read");
	fat_tree_release(&t);
	fat_close(&v);
	buf_release(&text);
	return 0;
}

/* the ELF header of a binary: its word size and machine (elfhdr.h) */
static int dec_elf_arch(const struct decode_input *in, json_t *out)
{
	struct elf_arch ea = { NULL, 0, 0 };
	struct buf why = BUF_INIT;

	if (elf_arch_decode(in->data, in->len, &ea, &why) < 0) {
		json_object_set_new(out, "error", json_string(why.data));
		buf_release(&why);
		return 1;
	}
	json_object_set_new(out, "bits", json_integer(ea.bits));
	json_object_set_new(out, "machine", json_integer(ea.em));
	json_object_set_new(out, "arch", decode_str(ea.arch));
	return 0;
}

/* the start of a PV: label, first metadata area, text (lvmmeta.h) */
static int dec_lvm_pv(const struct decode_input *in, json_t *out)
{
	struct lvm_label l;
	struct lvm_vg vg;
	struct buf why = BUF_INIT;
	int rc = lvm_pv_decode(in->data, in->len, 0, &l, &vg, &why);

	if (rc == 0) {
		json_t *lab = json_object();
		json_object_set_new(lab, "sector", json_integer(l.sector));
		json_object_set_new(lab, "pv_uuid", json_string(l.pv_uuid));
		json_object_set_new(lab, "dev_size", json_integer((json_int_t)l.dev_size));
		json_object_set_new(lab, "metadata_areas", json_integer(l.nmda));
		json_object_set_new(out, "label", lab);
		json_object_set_new(out, "vg", lvm_vg_json(&vg));
	} else {
		json_object_set_new(out, "error", json_string(why.data ? why.data : "not read"));
	}
	lvm_vg_release(&vg);
	buf_release(&why);
	return rc == 0 ? 0 : 1;
}

/* the metadata text alone, as vgcfgbackup writes it (lvmmeta.h) */
static int dec_lvm_text(const struct decode_input *in, json_t *out)
{
	struct lvm_vg vg;
	struct buf why = BUF_INIT;
	int rc = lvm_vg_parse((const char *)in->data, in->len, &vg, &why);

	if (rc == 0)
		json_object_set_new(out, "vg", lvm_vg_json(&vg));
	else
		json_object_set_new(out, "error", json_string(why.data ? why.data : "not read"));
	lvm_vg_release(&vg);
	buf_release(&why);
	return rc == 0 ? 0 : 1;
}

const struct decoder decode_disk_table[] = {
	DECODER("ptable", DECODE_FD, dec_ptable,
		"a whole disk: partition table, partitions, signatures, boot code (libblkid + "
		"UEFI 2.10 GPT/MBR checks)"),
	DECODER("image", DECODE_FD, dec_image,
		"a disk image file's format: raw, flat VMDK descriptor, fixed VHD, or why refused"),
	DECODER("fat", DECODE_FD, dec_fat,
		"a FAT12/16/32 volume: BPB geometry, directory tree, file chains (fatgen103)"),
	DECODER("elf-arch", DECODE_BYTES, dec_elf_arch,
		"an ELF binary's header: word size and machine, as kernel.c names the architecture"),
	DECODER("lvm-pv", DECODE_BYTES, dec_lvm_pv,
		"an LVM2 physical volume from its start: label, metadata area, VG text"),
	DECODER("lvm-text", DECODE_BYTES, dec_lvm_text,
		"LVM2 metadata text (vgcfgbackup, etc/lvm/backup)"),
	{ NULL },
};
