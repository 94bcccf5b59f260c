/*
 * decode_boot.c - the decoders of boot loader configurations and the
 * initramfs (decode.h): initramfs images (initramfs.h) and the boot menus
 * of GRUB 2, GRUB legacy, LILO, SYSLINUX/EXTLINUX and BLS entries
 * (bootcfg.h)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bootcfg.h"
#include "decode.h"
#include "initramfs.h"
#include "../../scanner/jsontext.h"
#include "../../scanner/str.h"
#include "../../scanner/banned.h"

/* ---- initramfs ---- */

#define DECODE_MEMBERS_SHOWN 256	/* members listed; the rest are counted */

struct members {
	json_t *list, *modules;
	size_t n;
};

/* a kernel module, as kmod names its files: NAME.ko, maybe compressed */
static int is_module(const char *name)
{
	static const char *const ext[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (str_ends_with(name, ext[i]))
			return 1;
	return 0;
}

static void on_member(void *arg, const struct initramfs_entry *e)
{
	struct members *m = arg;
	json_t *o;
	char mode[16];

	if (m->n++ >= DECODE_MEMBERS_SHOWN)
		return;
	o = json_object();
	json_object_set_new(o, "name", json_text(e->name, e->namelen));
	snprintf(mode, sizeof(mode), "%06o", (unsigned)e->mode);
	json_object_set_new(o, "mode", json_string(mode));
	json_object_set_new(o, "size", json_integer(e->size));
	json_array_append_new(m->list, o);
	if ((e->mode & S_IFMT) == S_IFREG && is_module(e->name)) {
		const char *b = str_base_name(e->name);
		json_array_append_new(m->modules, json_text(b, strlen(b)));
	}
}

/* an initramfs image: its segments, every member, the modules among them */
static int dec_initramfs(const struct decode_input *in, json_t *out)
{
	struct initramfs_info info;
	struct members m = { json_array(), json_array(), 0 };
	int rc;

	initramfs_info_init(&info);
	/* initramfs_read reads on from the file's offset: the fuzzer reuses one memfd */
	if (lseek(in->fd, 0, SEEK_SET) != 0) {
		json_object_set_new(out, "error", json_string("cannot seek to the start"));
		json_decref(m.list);
		json_decref(m.modules);
		return 1;
	}
	rc = initramfs_read(in->fd, on_member, &m, &info);
	json_object_set_new(out, "compression",
			    info.compression.len ? json_string(info.compression.data) : json_null());
	json_object_set_new(out, "entries", json_integer((json_int_t)info.entries));
	json_object_set_new(out, "bytes", json_integer((json_int_t)info.bytes));
	json_object_set_new(out, "members", m.list);
	json_object_set_new(out, "modules", m.modules);
	if (m.n > DECODE_MEMBERS_SHOWN) {
		char note[96];
		snprintf(note, sizeof(note), "members: the first %u of %zu listed",
			 DECODE_MEMBERS_SHOWN, m.n);
		decode_note(out, note);
	}
	if (rc)
		json_object_set_new(out, "error", json_string(info.reason.len ? info.reason.data :
							      "not read"));
	initramfs_info_release(&info);
	return rc ? 1 : 0;
}

const struct decoder decode_boot_table[] = {
	DECODER("initramfs", DECODE_FD, dec_initramfs,
		"an initramfs image: cpio newc, gzip, xz, lzma, zstd, bzip2, lz4 legacy, concatenated"),
	{ NULL },
};
