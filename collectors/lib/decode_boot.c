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

static json_t *text_or_null(const char *s)
{
	return s ? json_text(s, strlen(s)) : json_null();
}

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

/* ---- boot loader configurations ---- */

static json_t *menu_json(const struct boot_menu *m)
{
	json_t *o = json_object(), *entries = json_array();

	for (size_t i = 0; i < m->n; i++) {
		const struct boot_entry *e = &m->v[i];
		json_t *j = json_object(), *path = json_array();

		json_object_set_new(j, "title", text_or_null(e->title));
		json_object_set_new(j, "id", text_or_null(e->id));
		json_object_set_new(j, "kernel", text_or_null(e->kernel));
		json_object_set_new(j, "initrd", text_or_null(e->initrd));
		json_object_set_new(j, "options", text_or_null(e->options));
		json_object_set_new(j, "chain", text_or_null(e->chain));
		json_object_set_new(j, "version", text_or_null(e->version));
		json_object_set_new(j, "sort_key", text_or_null(e->sort_key));
		json_object_set_new(j, "os_kind", text_or_null(e->os_kind));
		json_object_set_new(j, "windows_class", json_boolean(e->windows_class));
		json_object_set_new(j, "multiboot", json_boolean(e->multiboot));
		json_object_set_new(j, "modules", json_integer(e->modules));
		/* its place in the menu: the index at each level, "1>2" as GRUB 2 says */
		for (int k = 0; k < e->depth && k < BOOTCFG_MAX_DEPTH; k++)
			json_array_append_new(path, json_integer(e->idx[k]));
		json_object_set_new(j, "place", path);
		json_array_append_new(entries, j);
	}
	json_object_set_new(o, "entries", entries);
	json_object_set_new(o, "default", text_or_null(m->default_spec));
	json_object_set_new(o, "default_entry",
			    m->default_spec ? json_integer(bootcfg_find(m, m->default_spec)) : json_null());
	json_object_set_new(o, "menu_default", m->menu_default >= 0 ?
			    json_integer(m->menu_default) : json_null());
	json_object_set_new(o, "blscfg", json_boolean(m->bls));
	json_object_set_new(o, "configfile", text_or_null(m->configfile));
	json_object_set_new(o, "truncated", json_boolean(m->truncated));
	return o;
}

/*
 * The parsers take a C string, as the boot collector reads the file
 * (sysroot_read: the text up to its first NUL); so does the copy here.
 */
static int run_menu(const struct decode_input *in, json_t *out,
		    void (*parse)(const char *text, struct boot_menu *m))
{
	char *text = xstrndup((const char *)in->data, in->len);
	struct boot_menu m;

	bootcfg_init(&m);
	parse(text, &m);
	json_object_set_new(out, "menu", menu_json(&m));
	if (m.truncated) {
		char note[160];
		snprintf(note, sizeof(note), "truncated: more than %u lines, %u entries or %u menu levels",
			 BOOTCFG_MAX_LINES, BOOTCFG_MAX_ENTRIES, BOOTCFG_MAX_DEPTH);
		decode_note(out, note);
	}
	bootcfg_release(&m);
	free(text);
	return 0;
}

static int dec_grub2(const struct decode_input *in, json_t *out)
{
	return run_menu(in, out, bootcfg_grub2);
}

static int dec_grub_legacy(const struct decode_input *in, json_t *out)
{
	return run_menu(in, out, bootcfg_grub_legacy);
}

static int dec_lilo(const struct decode_input *in, json_t *out)
{
	return run_menu(in, out, bootcfg_lilo);
}

static int dec_extlinux(const struct decode_input *in, json_t *out)
{
	return run_menu(in, out, bootcfg_extlinux);
}

/* one BLS entry: its id is the file name without ".conf", as the collector takes it */
static int dec_bls(const struct decode_input *in, json_t *out)
{
	char *text = xstrndup((const char *)in->data, in->len);
	char *id = xstrdup(in->name);
	size_t l = strlen(id);
	struct boot_menu m;

	if (l > 5 && !strcmp(id + l - 5, ".conf"))
		id[l - 5] = '\0';
	bootcfg_init(&m);
	bootcfg_bls(text, id, &m);
	json_object_set_new(out, "menu", menu_json(&m));
	bootcfg_release(&m);
	free(id);
	free(text);
	return 0;
}

const struct decoder decode_boot_table[] = {
	DECODER("initramfs", DECODE_FD, dec_initramfs,
		"an initramfs image: cpio newc, gzip, xz, lzma, zstd, bzip2, lz4 legacy, concatenated"),
	DECODER("grub2", DECODE_BYTES, dec_grub2,
		"a GRUB 2 grub.cfg: menuentry, submenu, linux, initrd, chainloader, set default, blscfg"),
	DECODER("grub-legacy", DECODE_BYTES, dec_grub_legacy,
		"a GRUB legacy menu.lst / grub.conf: title, kernel, initrd, chainloader, default"),
	DECODER("lilo", DECODE_BYTES, dec_lilo,
		"a lilo.conf: image=, other=, label=, append=, default="),
	DECODER("extlinux", DECODE_BYTES, dec_extlinux,
		"a SYSLINUX / EXTLINUX configuration: LABEL, KERNEL, INITRD, APPEND, DEFAULT"),
	DECODER("bls", DECODE_BYTES, dec_bls,
		"one Boot Loader Specification entry, boot/loader/entries/ID.conf"),
	{ NULL },
};
