/*
 * bootcfg.h - used by the boot collector
 *
 * Boot menus from the configuration files of Linux bootloaders
 *
 * GRUB legacy grub.conf / menu.lst (title, kernel, initrd, chainloader,
 * default), GRUB 2 grub.cfg (menuentry, submenu, linux*, initrd*,
 * chainloader, set default=, blscfg), Boot Loader Specification entries
 * (the .conf files of boot/loader/entries, for systemd-boot and for GRUB 2
 * on RHEL 8+), LILO's lilo.conf (image=, other=, label=, default=) and
 * SYSLINUX / EXTLINUX configuration (LABEL, MENU LABEL, KERNEL/LINUX,
 * INITRD, APPEND, COM32 chain.c32, DEFAULT, MENU DEFAULT, ONTIMEOUT).
 *
 * Input is untrusted: every parser stops at BOOTCFG_MAX_LINES lines and
 * BOOTCFG_MAX_ENTRIES entries (setting truncated) and copies at most
 * BOOTCFG_MAX_WORD bytes of any one value.
 *
 * Ownership: a boot_menu owns its entries and their strings; release it
 * with bootcfg_release(), which accepts a zeroed menu.
 */
#ifndef PREMIG_GRUBCFG_H
#define PREMIG_GRUBCFG_H

#include <stddef.h>

#include "../../scanner/buf.h"

#define BOOTCFG_MAX_ENTRIES 256
#define BOOTCFG_MAX_LINES 20000
#define BOOTCFG_MAX_DEPTH 4	/* GRUB 2 submenus in submenus */
#define BOOTCFG_MAX_WORD 1024

struct boot_entry {
	char *title;		/* GRUB 2 submenu entries: "Submenu>Title" */
	char *id;		/* --id, BLS file name without .conf, LILO/SYSLINUX label */
	char *kernel, *initrd, *options;
	char *chain;		/* chainloader / other= / chain.c32 target */
	char *version, *sort_key;	/* BLS */
	const char *os_kind;	/* "linux", "windows" or "other" (static) */
	int windows_class;	/* GRUB 2 --class windows */
	int multiboot;		/* GRUB 2 multiboot (Xen) */
	int modules;		/* its module lines so far */
	/* GRUB 2: the entry's place at each menu level, for "1>2" or titles */
	int depth;
	int idx[BOOTCFG_MAX_DEPTH];
	char *lev_title[BOOTCFG_MAX_DEPTH];
	char *lev_id[BOOTCFG_MAX_DEPTH];
};

struct boot_menu {
	struct boot_entry *v;
	size_t n;
	char *default_spec;	/* as written: "1", "saved", "${saved_entry}", a label */
	int menu_default;	/* SYSLINUX MENU DEFAULT: an index, else -1 */
	int bls;		/* grub.cfg runs blscfg: its entries are BLS files */
	char *configfile;	/* a stub grub.cfg's "configfile X" / "source X" */
	int truncated;		/* more lines or entries than the caps */
};

void bootcfg_init(struct boot_menu *m);
void bootcfg_release(struct boot_menu *m);

/* each parses a whole file's text into m (entries appended) */
void bootcfg_grub_legacy(const char *text, struct boot_menu *m);
void bootcfg_grub2(const char *text, struct boot_menu *m);
void bootcfg_lilo(const char *text, struct boot_menu *m);
void bootcfg_extlinux(const char *text, struct boot_menu *m);
/* one BLS entry file; id is its name without ".conf" */
void bootcfg_bls(const char *text, const char *id, struct boot_menu *m);
/* BLS entries in menu order: sort-key, then newest version first, then id */
void bootcfg_bls_sort(struct boot_menu *m);

/*
 * The index of the entry that spec names, or -1: a GRUB 2 path
 * ("1>2", titles or ids joined by '>'), a number, a title or a label.
 */
int bootcfg_find(const struct boot_menu *m, const char *spec);

/*
 * The value of key in text: "key=value" lines (grubenv) when sep is '=',
 * "key value" lines (loader.conf) when sep is ' '.  The last one wins.
 * Returns 1 with out set, 0 when absent.
 */
int bootcfg_get(const char *text, const char *key, char sep, struct buf *out);

#endif
