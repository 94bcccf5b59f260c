/*
 * decode_system.c - the decoders of release files, mount tables, CPU and other system text files (decode.h)
 *
 * Each reads one file's bytes with the collectors' own parser; the input's
 * file name stands for the path the collector would read (it picks the
 * kind of a legacy release file).  A bare scan context takes the parsers'
 * notes; nothing of the host is read.
 */
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "fsutil.h"
#include "../../scanner/ctx.h"
#include "../../scanner/banned.h"

/* ---- mount tables and fstab (fsutil.h) ---- */

/* proc(5) mountinfo, as the filesystems collector reads it (FSREAD_TEXT, 8 MiB) */
static int dec_mountinfo(const struct decode_input *in, json_t *out)
{
	struct fs_mounts m;
	json_t *a;
	char *text;

	if (decode_refuse_binary(in, out))
		return 1;
	if (in->len > FS_TABLE_CAP) {
		json_object_set_new(out, "error", json_string("larger than 8 MiB: the collector "
							      "does not read it"));
		return 1;
	}
	memset(&m, 0, sizeof(m));
	text = xstrndup((const char *)in->data, in->len);
	fs_parse_mountinfo(text, &m);
	a = json_array();
	for (size_t i = 0; i < m.n; i++) {
		const struct fs_mount *e = &m.v[i];
		json_t *o = json_object();
		json_object_set_new(o, "mountpoint", decode_str(e->mountpoint));
		json_object_set_new(o, "source", decode_str(e->source));
		json_object_set_new(o, "fstype", decode_str(e->fstype));
		json_object_set_new(o, "options", decode_str(e->options));
		json_object_set_new(o, "root", decode_str(e->root));
		if (e->has_devno) {
			json_object_set_new(o, "major", json_integer(e->major));
			json_object_set_new(o, "minor", json_integer(e->minor));
		}
		json_array_append_new(a, o);
	}
	json_object_set_new(out, "mounts", a);
	json_object_set_new(out, "bad_lines", json_integer((json_int_t)m.bad));
	if (m.dropped) {
		char note[96];
		snprintf(note, sizeof(note), "truncated at %d mounts: %zu lines left out",
			 FS_MAX_MOUNTS, m.dropped);
		decode_note(out, note);
	}
	fs_mounts_release(&m);
	free(text);
	return 0;
}

/* fstab(5), read as bytes as the filesystems collector reads it */
static int dec_fstab(const struct decode_input *in, json_t *out)
{
	struct scan_ctx ctx;
	struct fs_fstab f;
	json_t *a;

	if (in->len > FS_FSTAB_CAP) {
		json_object_set_new(out, "error", json_string("larger than 1 MiB: the collector "
							      "does not read it"));
		return 1;
	}
	a = json_array();
	ctx_init(&ctx);
	fs_parse_fstab(&ctx, in->name, (const char *)in->data, in->len, &f);
	for (size_t i = 0; i < f.n; i++) {
		const struct fs_fstab_ent *e = &f.v[i];
		json_t *o = json_object();
		json_object_set_new(o, "line", json_integer(e->line));
		json_object_set_new(o, "spec", decode_str(e->spec));
		json_object_set_new(o, "file", decode_str(e->file));
		json_object_set_new(o, "vfstype", decode_str(e->vfstype));
		json_object_set_new(o, "mntops", decode_str(e->mntops));
		json_object_set_new(o, "spec_kind", json_string(fs_spec_kind(e->spec, e->vfstype)));
		json_array_append_new(a, o);
	}
	json_object_set_new(out, "entries", a);
	decode_ctx_notes(out, &ctx);
	fs_fstab_release(&f);
	ctx_release(&ctx);
	return 0;
}

const struct decoder decode_system_table[] = {
	DECODER("mountinfo", DECODE_BYTES, dec_mountinfo,
		"proc/self/mountinfo (proc(5)): mount points, sources, types, options"),
	DECODER("fstab", DECODE_BYTES, dec_fstab,
		"etc/fstab (fstab(5)), line by line, with how each line names its device"),
	{ NULL },
};
