/*
 * lvmmeta.c - libFuzzer entry point for collectors/lib/lvmmeta.c
 *
 * Each input is tried twice: as the start of a physical volume (label,
 * metadata area, text; checksums off so that mutations reach the parser)
 * and as metadata text alone.  Every LV decoded is then mapped onto its
 * PVs.  Build with `make fuzz`; a crash is kept in tests/malformed/lvm/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../collectors/lib/lvmmeta.h"

static void map_all(const struct lvm_vg *vg)
{
	for (size_t i = 0; i < vg->nlvs; i++) {
		struct lvm_piece *p = NULL;
		size_t n = 0;
		struct buf why = BUF_INIT;

		(void)lvm_lv_size(vg, &vg->lvs[i]);
		lvm_lv_pieces(vg, &vg->lvs[i], &p, &n, &why);
		free(p);
		buf_release(&why);
		free(lvm_dm_name(vg->name ? vg->name : "", vg->lvs[i].name));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lvm_label l;
	struct lvm_vg vg;
	struct buf why = BUF_INIT;

	if (lvm_pv_decode(data, size, LVM_NOCRC, &l, &vg, &why) == 0)
		map_all(&vg);
	lvm_vg_release(&vg);
	buf_clear(&why);
	if (lvm_vg_parse((const char *)data, size, &vg, &why) == 0)
		map_all(&vg);
	lvm_vg_release(&vg);
	buf_release(&why);
	return 0;
}
