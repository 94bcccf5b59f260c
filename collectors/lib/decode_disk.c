/*
 * decode_disk.c - the decoders of disks and what is stacked on them
 * (decode.h): LVM physical volumes and metadata text
 */
#include <stdlib.h>

#include "decode.h"
#include "lvmmeta.h"
#include "../../scanner/banned.h"

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
	DECODER("lvm-pv", DECODE_BYTES, dec_lvm_pv,
		"an LVM2 physical volume from its start: label, metadata area, VG text"),
	DECODER("lvm-text", DECODE_BYTES, dec_lvm_text,
		"LVM2 metadata text (vgcfgbackup, etc/lvm/backup)"),
	{ NULL },
};
