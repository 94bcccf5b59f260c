/*
 * boot.c - the boot chain: firmware, Secure Boot, the bootloader and its
 * menu, the boot disk and partition, and signs of a dual boot
 *
 * Sources: the kernel's sysfs-firmware-efi and efivarfs documentation
 * (sys/firmware/efi exists when the kernel was booted by UEFI; an efivarfs
 * file is 4 attribute bytes, little-endian, then the data), UEFI 2.x
 * section 3.3 (the SecureBoot global variable of vendor GUID
 * EFI_GLOBAL_VARIABLE: 1 on, 0 off; absent when the firmware has no Secure
 * Boot), the partition type GUIDs (UEFI 2.x section 5.3.3 for the EFI
 * System partition, util-linux's include/pt-gpt-partnames.h for BIOS boot),
 * and the bootloaders' own files as grubcfg.c lists them.
 *
 * The running system (or a root that carries a captured sys/firmware) says
 * its firmware outright.  Otherwise the firmware is inferred, with the
 * evidence written down: an EFI System partition mounted by etc/fstab and
 * EFI loaders on it point to UEFI; boot code in the boot disk's MBR, a BIOS
 * boot partition or GRUB's i386-pc core.img point to BIOS.  The bootloader
 * comes from its configuration and files, cross-checked with the boot code
 * the disks collector read from the boot disk's first sector (what BIOS
 * firmware actually runs).  With only --image there is no file tree: the
 * disks rows say what they can, and the EFI System partition, a FAT
 * filesystem, is read from the image with lib/fat.c (its EFI/<vendor>/
 * loaders, the grub.cfg stub and where it points, systemd-boot's loader/);
 * a /boot of ext4 or XFS is not read then.
 *
 * The loader is "none" only when every place a loader lives was read and
 * holds none: no loader's configuration or files in the tree, boot/ read
 * (not a separate /boot left unmounted), and, as the firmware needs it,
 * the boot disk's MBR read and empty (BIOS) or an EFI System partition
 * mounted and without an EFI loader (UEFI); both when the firmware is
 * unknown.  Otherwise the loader is NULL, loader_evidence starts
 * "unknown: " and says what could not be read, and the run carries the
 * same reason as a note.
 *
 * dual_boot is the same: true on a sign of a second system; false only
 * when every place such a sign lives was read: the boot menu (or there is
 * no loader), every disk's partition table and its partitions' filesystems
 * (NTFS and Windows boot code), the EFI System partition (the Windows Boot
 * Manager) and the NTFS filesystems of etc/fstab.  Otherwise NULL, with
 * dual_boot_evidence starting "unknown: " and saying what was not read.
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/fsread.h"
#include "../scanner/kv.h"
#include "collectors.h"
#include "lib/fsutil.h"
#include "lib/bootcfg.h"
#include "lib/image.h"
#include "lib/fat.h"
#include "../scanner/str.h"
#include "../scanner/banned.h"

#define CFG_CAP (1024 * 1024)
#define MAX_EFI_DIRS 32
#define MAX_EFI_FILES 64
#define MAX_BLS 256
/*
 * EFI_GLOBAL_VARIABLE, UEFI 2.x section 3.3: {0x8BE4DF61, 0x93CA, 0x11d2,
 * {0xAA, 0x0D, 0x00, 0xE0, 0x98, 0x03, 0x2B, 0x8C}}, as edk2's
 * MdePkg/Include/Guid/GlobalVariable.h and the kernel's efi.h spell it;
 * efivarfs names a variable NAME-GUID in this lowercase form, and so does
 * mokutil.  (An earlier spelling here, ...-aa0d-e98c31f7b6ee, is no GUID of
 * the specification: it read Secure Boot as absent where it was on.)
 */
#define EFI_GLOBAL_GUID "8be4df61-93ca-11d2-aa0d-00e098032b8c"

/* boot codes that are a Linux loader: what BIOS firmware runs from the MBR */
static const char *const mbr_loaders[] = { "grub2", "grub-legacy", "lilo", "syslinux" };

/*
 * ESP and BIOS boot partition types, as GPT GUIDs and MBR type codes: the
 * EFI System partition c12a7328-f81f-11d2-ba4b-00a0c93ec93b and MBR type
 * 0xEF (UEFI 2.x section 5.3.3 and 5.2.2), BIOS boot ("Hah!IdontneedEFI")
 * 21686148-6449-6e6f-744e-656564454649 (GRUB's own type, as util-linux's
 * include/pt-gpt-partnames.h lists it)
 */
#define SQL_IS_ESP                                                                   \
	"(lower(type) IN ('c12a7328-f81f-11d2-ba4b-00a0c93ec93b', '0xef', 'ef')"     \
	" OR type_name = 'EFI System')"
#define SQL_IS_BIOS_BOOT                                                             \
	"(lower(type) = '21686148-6449-6e6f-744e-656564454649' OR type_name = 'BIOS boot')"

struct boot {
	struct scan_ctx *ctx;
	int files;		/* a file tree to read (not only --image) */

	/* etc/fstab */
	int esp_line;		/* the line mounting the EFI System partition */
	char *esp_mp;
	int boot_line;		/* the line of a separate /boot */
	int boot_separate;	/* /boot is a mount point of its own (mounts or fstab) */
	struct buf ntfs_mps;	/* NTFS mount points, '\n'-separated */

	/* this scan's rows */
	int have_disks;
	char *boot_part, *boot_disk, *boot_code, *esp_part, *bios_part;

	/* files */
	struct buf efi_read;	/* the EFI directories listed, ", " between */
	struct buf efi_ev;	/* EFI loaders found, as paths */
	int efi_grub, efi_shim, efi_sdboot, efi_fallback, efi_windows, efi_grub_legacy;
	char *efi_windows_path;
	char **efi_cfgs;	/* EFI/<vendor>/grub.cfg */
	size_t nefi_cfgs;
	char *efi_legacy_cfg;	/* EFI/redhat/grub.conf (RHEL 6 on UEFI) */
	char *core_img, *stage2, *ldlinux;
	int grub_efi_mods, grub_pc_mods;

	/* only --image: the EFI System partition read from the image */
	int esp_read;		/* its tree was read */
	struct buf esp_files;	/* the loaders' files on it, ", " between */
	struct buf esp_unread;	/* why it was not read */
	size_t esp_entries;	/* .conf files in loader/entries */
	size_t esp_cfgs;	/* grub.cfg files in EFI/<vendor> */
	int esp_loader_conf;

	/* results */
	const char *firmware;
	struct buf fw_ev;
	int fw_from_sysfs;
	int secure;		/* -1 unknown */
	struct buf sb_ev;
	const char *loader;
	struct buf loader_ev, loader_cfg;
	struct boot_menu menu;
	int menu_read;		/* the loader's menu was read in full */
	struct buf cfg_unread;	/* configurations that could not be read, ", " between */
	int def;		/* the default entry, -1 unknown */
	struct buf def_src;
	int dual;		/* -1 unknown */
	struct buf dual_ev;
};

/* appends to an evidence list, "; " between items */
#define ev(b, ...) buf_addf_sep((b), "; ", __VA_ARGS__)

static int is_file(const struct scan_ctx *ctx, const char *path)
{
	struct stat st;

	return sysroot_stat(ctx, path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * a loader's configuration is there: a regular file, or a FIFO or device
 * in its place, which read_cfg() then names as "not a regular file"
 * rather than it being taken for absent
 */
static int is_cfg(const struct scan_ctx *ctx, const char *path)
{
	struct stat st;

	return sysroot_stat(ctx, path, &st) == 0 && !S_ISDIR(st.st_mode);
}

static int is_dir(const struct scan_ctx *ctx, const char *path)
{
	struct stat st;

	return sysroot_stat(ctx, path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* a directory with at least one entry */
static int dir_nonempty(const struct scan_ctx *ctx, const char *path)
{
	char **names;
	size_t n;

	if (sysroot_list(ctx, path, &names, &n) != 0)
		return 0;
	sysroot_names_free(names, n);
	return n > 0;
}

static int in_mbr_loaders(const char *code)
{
	for (size_t i = 0; code && i < ARRAY_SIZE(mbr_loaders); i++)
		if (!strcmp(code, mbr_loaders[i]))
			return 1;
	return 0;
}

/* the first column of the first row of sql (?1 scan, ?2 arg); malloc'd or NULL */
static char *row_text(struct scan_ctx *ctx, const char *sql, const char *arg)
{
	sqlite3_stmt *st = db_prepare(ctx->db, sql);
	char *v = NULL;

	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, ctx->scan_id);
	if (arg)
		sqlite3_bind_text(st, 2, arg, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW && db_col_text(st, 0))
		v = xstrdup(db_col_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

/* reads a configuration file; notes a failure; returns 0 with text */
static int read_cfg(struct boot *b, const char *path, struct buf *out)
{
	int rc = fsread_cap(b->ctx, path, out, CFG_CAP, FSREAD_TEXT);

	if (rc < 0) {
		ctx_note_read(b->ctx, path, rc);
		buf_addf_sep(&b->cfg_unread, ", ", "%s: %s", path, err_str(rc));
	}
	return rc;
}

/* ---- etc/fstab and the boot partition ---- */

static void read_fstab(struct boot *b, struct fs_fstab *f)
{
	/* its bad lines are the filesystems collector's to report */
	struct scan_ctx quiet = *b->ctx;
	struct buf text = BUF_INIT;

	memset(f, 0, sizeof(*f));
	buf_init(&quiet.notes);
	if (fsread_cap(b->ctx, "etc/fstab", &text, CFG_CAP, 0) == 0)
		fs_parse_fstab(&quiet, "etc/fstab", text.data, text.len, f);
	buf_release(&quiet.notes);
	buf_release(&text);
	for (size_t i = 0; i < f->n; i++) {
		const struct fs_fstab_ent *e = &f->v[i];
		if (!strcmp(e->file, "/boot/efi") || !strcmp(e->file, "/efi") ||
		    (!strcmp(e->file, "/boot") && (!strcmp(e->vfstype, "vfat") ||
						   !strcmp(e->vfstype, "msdos")))) {
			b->esp_line = e->line;
			free(b->esp_mp);
			b->esp_mp = xstrdup(e->file);
		}
		if (!strcmp(e->file, "/boot"))
			b->boot_line = e->line;
		if (!strncmp(e->vfstype, "ntfs", 4) || !strcmp(e->vfstype, "fuseblk")) {
			if (b->ntfs_mps.len)
				buf_addc(&b->ntfs_mps, '\n');
			buf_adds(&b->ntfs_mps, e->file);
		}
	}
}

/* the device of mp by the sources in order: mounts rows, fstab rows, files */
static char *device_of(struct boot *b, const char *mp, const struct fs_fstab *f,
		       const struct fs_mounts *live)
{
	struct scan_ctx quiet = *b->ctx;
	char *dev;

	dev = row_text(b->ctx, "SELECT device FROM mounts WHERE scan_id = ?1 AND mountpoint = ?2"
		       " AND device IS NOT NULL ORDER BY rowid DESC LIMIT 1", mp);
	if (dev)
		return dev;
	dev = row_text(b->ctx, "SELECT device FROM fstab WHERE scan_id = ?1 AND mountpoint = ?2"
		       " AND device IS NOT NULL ORDER BY line DESC LIMIT 1", mp);
	if (dev)
		return dev;
	buf_init(&quiet.notes);
	for (size_t i = live->n; i-- > 0 && !dev;)
		if (!strcmp(live->v[i].mountpoint, mp) && !fs_pseudo_type(live->v[i].fstype))
			dev = fs_mount_device(&quiet, &live->v[i]);
	for (size_t i = f->n; i-- > 0 && !dev;)
		if (!strcmp(f->v[i].file, mp))
			dev = fs_resolve_spec(&quiet, f->v[i].spec,
					      fs_spec_kind(f->v[i].spec, f->v[i].vfstype));
	buf_release(&quiet.notes);
	return dev;
}

/* is mp a mount point of its own, by any of the sources of device_of? */
static int has_mountpoint(struct boot *b, const char *mp, const struct fs_fstab *f,
			  const struct fs_mounts *live)
{
	char *n = row_text(b->ctx, "SELECT count(*) FROM (SELECT mountpoint FROM mounts"
			   " WHERE scan_id = ?1 UNION ALL SELECT mountpoint FROM fstab"
			   " WHERE scan_id = ?1) WHERE mountpoint = ?2", mp);
	int found = n && strcmp(n, "0");

	free(n);
	for (size_t i = 0; i < live->n && !found; i++)
		found = !strcmp(live->v[i].mountpoint, mp);
	for (size_t i = 0; i < f->n && !found; i++)
		found = !strcmp(f->v[i].file, mp);
	return found;
}

static void find_boot_devices(struct boot *b)
{
	struct scan_ctx *ctx = b->ctx;
	struct fs_fstab f = { 0 };
	struct fs_mounts live = { 0 };
	const char *src;
	char *n;

	if (b->files)
		read_fstab(b, &f);
	if (ctx->live && fs_read_mount_table(ctx, &live, &src) < 0)
		fs_mounts_release(&live);
	b->boot_separate = has_mountpoint(b, "/boot", &f, &live);
	b->boot_part = device_of(b, "/boot", &f, &live);
	/* a /boot whose device is unknown is still not on the root's device */
	if (!b->boot_part && !b->boot_separate)
		b->boot_part = device_of(b, "/", &f, &live);
	fs_fstab_release(&f);
	fs_mounts_release(&live);

	n = row_text(ctx, "SELECT count(*) FROM disks WHERE scan_id = ?1 AND kind = 'disk'", NULL);
	b->have_disks = n && strcmp(n, "0");
	free(n);

	if (b->boot_part) {
		/* a RAID1 /boot is on several disks: the one with boot code first */
		b->boot_disk = row_text(ctx,
			"SELECT dd.disk FROM device_disks dd JOIN disks k"
			" ON k.scan_id = dd.scan_id AND k.name = dd.disk"
			" WHERE dd.scan_id = ?1 AND dd.device = ?2"
			" ORDER BY k.boot_code IN ('grub2', 'grub-legacy', 'lilo', 'syslinux') DESC,"
			" k.rowid LIMIT 1", b->boot_part);
		if (!b->boot_disk && b->files)
			b->boot_disk = fs_sysfs_disk_of(ctx, b->boot_part);
	}
	/* the disk with a loader's boot code, when only one has it: of two
	 * (an old clone beside the real boot disk) either may be the one */
	if (!b->boot_disk)
		b->boot_disk = row_text(ctx,
			"SELECT min(name) FROM disks WHERE scan_id = ?1 AND kind = 'disk'"
			" AND boot_code IN ('grub2', 'grub-legacy', 'lilo', 'syslinux')"
			" HAVING count(*) = 1", NULL);
	if (!b->boot_disk)
		b->boot_disk = row_text(ctx,
			"SELECT disk FROM partitions WHERE scan_id = ?1 AND " SQL_IS_ESP
			" ORDER BY disk, number LIMIT 1", NULL);
	if (!b->boot_disk)
		b->boot_disk = row_text(ctx,
			"SELECT min(name) FROM disks WHERE scan_id = ?1 AND kind = 'disk'"
			" HAVING count(*) = 1", NULL);
	if (b->boot_disk) {
		b->boot_code = row_text(ctx, "SELECT boot_code FROM disks WHERE scan_id = ?1"
					" AND name = ?2", b->boot_disk);
		b->esp_part = row_text(ctx, "SELECT name FROM partitions WHERE scan_id = ?1"
				       " AND disk = ?2 AND " SQL_IS_ESP " ORDER BY number LIMIT 1",
				       b->boot_disk);
		b->bios_part = row_text(ctx, "SELECT name FROM partitions WHERE scan_id = ?1"
					" AND disk = ?2 AND " SQL_IS_BIOS_BOOT
					" ORDER BY number LIMIT 1", b->boot_disk);
		/* no file tree: the active partition (MBR) or legacy_boot one (GPT) */
		if (!b->boot_part && !b->files)
			b->boot_part = row_text(ctx, "SELECT name FROM partitions WHERE scan_id = ?1"
						" AND disk = ?2 AND instr(coalesce(flags, ''), 'boot') > 0"
						" AND name IS NOT NULL ORDER BY number LIMIT 1",
						b->boot_disk);
	}
}

/* ---- files of the bootloaders ---- */

/*
 * A file of an EFI/<vendor>/ directory of the ESP, by its name: 1 a boot
 * loader (shim, GRUB, systemd-boot, or the removable-media path
 * EFI/BOOT/BOOT<arch>.EFI when in_boot_dir), 0 Windows Boot Manager (a
 * second system, not ours), -1 neither.  path names it in the evidence.
 */
static int efi_binary(struct boot *b, int in_boot_dir, const char *f, const char *path)
{
	if (!strcasecmp(f, "bootmgfw.efi")) {
		b->efi_windows = 1;
		if (!b->efi_windows_path)
			b->efi_windows_path = xstrdup(path);
		return 0;
	}
	if (!str_ends_with_ci(f, ".efi"))
		return -1;
	if (!strncasecmp(f, "shim", 4))
		b->efi_shim = 1;
	else if (!strncasecmp(f, "grub", 4))
		b->efi_grub = 1;
	else if (!strncasecmp(f, "systemd-boot", 12))
		b->efi_sdboot = 1;
	else if (in_boot_dir && !strncasecmp(f, "boot", 4))
		b->efi_fallback = 1;
	else
		return -1;
	return 1;
}

static void scan_efi_dir(struct boot *b, const char *base)
{
	struct scan_ctx *ctx = b->ctx;
	struct buf p = BUF_INIT;
	char **dirs = NULL, **files = NULL;
	size_t nd = 0, nf = 0;

	if (sysroot_list(ctx, base, &dirs, &nd) != 0)
		return;
	buf_addf_sep(&b->efi_read, ", ", "%s", base);
	for (size_t i = 0; i < nd && i < MAX_EFI_DIRS; i++) {
		buf_clear(&p);
		buf_addf(&p, "%s/%s", base, dirs[i]);
		if (!strcasecmp(dirs[i], "Microsoft")) {
			buf_adds(&p, "/Boot");
		}
		if (sysroot_list(ctx, p.data, &files, &nf) != 0)
			continue;
		for (size_t k = 0; k < nf && k < MAX_EFI_FILES; k++) {
			const char *f = files[k];
			char *path = xasprintf("%s/%s", p.data, f);
			int loader = 0;

			int kind = efi_binary(b, !strcasecmp(dirs[i], "BOOT"), f, path);

			if (kind >= 0) {
				loader = kind;
			} else if (!strcmp(f, "grub.cfg") && is_cfg(ctx, path) &&
				   b->nefi_cfgs < MAX_EFI_DIRS) {
				b->efi_cfgs = xrealloc(b->efi_cfgs,
						       (b->nefi_cfgs + 1) * sizeof(*b->efi_cfgs));
				b->efi_cfgs[b->nefi_cfgs++] = xstrdup(path);
			} else if (!strcmp(f, "grub.conf") && !b->efi_legacy_cfg &&
				   is_cfg(ctx, path)) {
				b->efi_legacy_cfg = xstrdup(path);
			}
			if (loader && is_file(ctx, path))
				ev(&b->efi_ev, "%s", path);
			free(path);
		}
		sysroot_names_free(files, nf);
		files = NULL;
	}
	sysroot_names_free(dirs, nd);
	buf_release(&p);
}

static void scan_files(struct boot *b)
{
	static const char *const efi_bases[] = { "boot/efi/EFI", "efi/EFI", "boot/EFI" };
	static const char *const cores[] = { "boot/grub2/i386-pc/core.img",
					     "boot/grub/i386-pc/core.img" };
	static const char *const stages[] = { "boot/grub/stage2", "boot/grub/stage1" };
	static const char *const ldlinux[] = { "boot/extlinux/ldlinux.sys", "boot/syslinux/ldlinux.sys",
					       "boot/ldlinux.sys", "ldlinux.sys" };
	struct scan_ctx *ctx = b->ctx;

	for (size_t i = 0; i < ARRAY_SIZE(efi_bases); i++)
		scan_efi_dir(b, efi_bases[i]);
	/* RHEL 6 on UEFI: grub.efi (GRUB legacy) beside grub.conf */
	if (b->efi_legacy_cfg && !b->nefi_cfgs)
		b->efi_grub_legacy = b->efi_grub;
	for (size_t i = 0; i < ARRAY_SIZE(cores) && !b->core_img; i++)
		if (is_file(ctx, cores[i]))
			b->core_img = xstrdup(cores[i]);
	for (size_t i = 0; i < ARRAY_SIZE(stages) && !b->stage2; i++)
		if (is_file(ctx, stages[i]))
			b->stage2 = xstrdup(stages[i]);
	for (size_t i = 0; i < ARRAY_SIZE(ldlinux) && !b->ldlinux; i++)
		if (is_file(ctx, ldlinux[i]))
			b->ldlinux = xstrdup(ldlinux[i]);
	b->grub_efi_mods = is_dir(ctx, "usr/lib/grub/x86_64-efi") ||
			   is_dir(ctx, "boot/grub2/x86_64-efi") || is_dir(ctx, "boot/grub/x86_64-efi");
	b->grub_pc_mods = is_dir(ctx, "usr/lib/grub/i386-pc") ||
			  is_dir(ctx, "boot/grub2/i386-pc") || is_dir(ctx, "boot/grub/i386-pc");
}

/* ---- the EFI System partition of an image (only --image) ---- */

/* "search.fs_uuid U root", "search --fs-uuid --set=root U": U, malloc'd */
static char *stub_uuid(const char *line)
{
	char *w[8];
	int n = 0, fs_uuid = 0;
	char *copy = xstrdup(line), *p = copy, *u = NULL;

	while (n < 8 && *p) {
		p += strspn(p, " \t");
		if (!*p)
			break;
		w[n++] = p;
		p += strcspn(p, " \t");
		if (*p)
			*p++ = '\0';
	}
	if (n >= 2 && !strcmp(w[0], "search.fs_uuid")) {
		u = xstrdup(w[1]);
	} else if (n >= 2 && !strcmp(w[0], "search")) {
		for (int i = 1; i < n; i++) {
			if (!strcmp(w[i], "--fs-uuid") || !strcmp(w[i], "-u"))
				fs_uuid = 1;
			else if (w[i][0] != '-' && fs_uuid && !u)
				u = xstrdup(w[i]);
		}
	}
	free(copy);
	return u;
}

/*
 * What a grub.cfg stub on the ESP points to, as GRUB would read it:
 * Debian's grub-install writes "search.fs_uuid UUID root HINT",
 * "set prefix=($root)'/boot/grub'", "configfile $prefix/grub.cfg" (the
 * format strings of its util/grub-install.c); RHEL's and Ubuntu's are alike.
 */
static void stub_target(struct boot *b, const char *text, const char *configfile, struct buf *out)
{
	struct buf prefix = BUF_INIT, target = BUF_INIT;
	char *uuid = NULL, *part = NULL;

	for (const char *l = text; *l;) {
		size_t len = strcspn(l, "\n");
		char *line = xstrndup(l, len), *t = line + strspn(line, " \t");
		if (!uuid)
			uuid = stub_uuid(t);
		if (!strncmp(t, "set prefix=", 11)) {
			buf_clear(&prefix);
			for (const char *c = t + 11; *c && *c != ' ' && *c != '\t' && *c != ';'; c++)
				if (*c != '\'' && *c != '"')
					buf_addc(&prefix, *c);
		}
		free(line);
		l += len + (l[len] ? 1 : 0);
	}
	buf_adds(&target, configfile);
	if (prefix.len && !strncmp(target.data, "$prefix", 7)) {
		char *rest = xstrdup(target.data + 7);
		buf_clear(&target);
		buf_addf(&target, "%s%s", prefix.data, rest);
		free(rest);
	}
	if (uuid && (!strncmp(target.data, "($root)", 7) || !strncmp(target.data, "${root}", 7))) {
		char *rest = xstrdup(target.data + 7);
		part = row_text(b->ctx, "SELECT name FROM partitions WHERE scan_id = ?1 AND"
				" lower(fs_uuid) = lower(?2) ORDER BY disk, number LIMIT 1", uuid);
		buf_clear(&target);
		buf_addf(&target, "%s on the filesystem of UUID %s%s%s%s", rest, uuid,
			 part ? " (" : "", part ? part : "", part ? ")" : "");
		free(rest);
	}
	buf_addf(out, " -> configfile %s", target.data);
	free(uuid);
	free(part);
	buf_release(&prefix);
	buf_release(&target);
}

/* the loaders and configurations of the ESP's tree, as scan_efi_dir finds them in files */
static void esp_classify(struct boot *b, struct fat_vol *v, const struct fat_tree *t)
{
	struct buf text = BUF_INIT;

	for (size_t i = 0; i < t->n; i++) {
		const struct fat_entry *e = &t->v[i];
		const char *p = e->path, *slash, *f;
		int loader = 0;

		if (e->is_dir)
			continue;
		if (!strncasecmp(p, "loader/entries/", 15) && str_ends_with_ci(p, ".conf") &&
		    !strchr(p + 15, '/')) {
			b->esp_entries++;
			continue;
		}
		if (!strcasecmp(p, "loader/loader.conf")) {
			b->esp_loader_conf = 1;
			continue;
		}
		/* EFI/<vendor>/<file>, and EFI/Microsoft/Boot/<file> */
		if (strncasecmp(p, "EFI/", 4) || !(slash = strchr(p + 4, '/')))
			continue;
		f = slash + 1;
		if (!strncasecmp(p + 4, "Microsoft/Boot/", 15))
			f = p + 4 + 15;
		if (strchr(f, '/'))
			continue;
		int kind = efi_binary(b, (size_t)(slash - p) == 8 && !strncasecmp(p, "EFI/BOOT", 8),
				      f, p);

		if (kind >= 0) {
			loader = kind;
		} else if (!strcasecmp(f, "grub.cfg")) {
			struct boot_menu m;
			buf_addf_sep(&b->esp_files, ", ", "%s", p);
			b->esp_cfgs++;
			if (fat_read_file(v, e, CFG_CAP, &text) < 0) {
				buf_addf(&b->esp_files, " (not read: %s)", v->reason);
				continue;
			}
			bootcfg_init(&m);
			bootcfg_grub2(text.data, &m);
			if (!m.n && !m.bls && m.configfile)
				stub_target(b, text.data, m.configfile, &b->esp_files);
			else
				buf_addf(&b->esp_files, " (a menu of %zu entries%s)", m.n,
					 m.bls ? ", and blscfg" : "");
			bootcfg_release(&m);
		} else if (!strcasecmp(f, "grub.conf") && !b->efi_legacy_cfg) {
			b->efi_legacy_cfg = xasprintf("%s", p);
			buf_addf_sep(&b->esp_files, ", ", "%s", p);
		}
		if (loader)
			buf_addf_sep(&b->esp_files, ", ", "%s", p);
	}
	if (b->esp_loader_conf)
		buf_addf_sep(&b->esp_files, ", ", "loader/loader.conf");
	if (b->esp_entries)
		buf_addf_sep(&b->esp_files, ", ", "loader/entries: %zu entr%s", b->esp_entries,
			     b->esp_entries == 1 ? "y" : "ies");
	buf_release(&text);
}

/* reads the tree of the boot disk's EFI System partition from its image */
static void esp_image(struct boot *b)
{
	struct scan_ctx *ctx = b->ctx;
	sqlite3_stmt *st;
	struct image_src src = { .fd = -1 };
	struct fat_fd f;
	struct fat_vol v;
	struct fat_tree t;
	char *path = NULL, *fstype = NULL;
	int64_t start = -1, size = -1;
	int rc;

	memset(&v, 0, sizeof(v));
	memset(&t, 0, sizeof(t));
	buf_init(&t.notes);
	st = db_prepare(ctx->db, "SELECT d.path, p.start_bytes, p.size_bytes, p.fstype"
			" FROM partitions p JOIN disks d ON d.scan_id = p.scan_id AND d.name = p.disk"
			" WHERE p.scan_id = ?1 AND p.name = ?2");
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, ctx->scan_id);
	sqlite3_bind_text(st, 2, b->esp_part, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		path = db_col_text(st, 0) ? xstrdup(db_col_text(st, 0)) : NULL;
		if (sqlite3_column_type(st, 1) == SQLITE_INTEGER)
			start = sqlite3_column_int64(st, 1);
		if (sqlite3_column_type(st, 2) == SQLITE_INTEGER)
			size = sqlite3_column_int64(st, 2);
		fstype = db_col_text(st, 3) ? xstrdup(db_col_text(st, 3)) : NULL;
	}
	sqlite3_finalize(st);
	if (!path || start < 0 || size <= 0) {
		buf_adds(&b->esp_unread, "its place on the disk is unknown");
		goto out;
	}
	if (fstype && strcmp(fstype, "vfat")) {
		buf_addf(&b->esp_unread, "it holds %s, not FAT", fstype);
		goto out;
	}
	rc = image_open(path, &src);
	if (rc != 0) {
		buf_addf(&b->esp_unread, "%s", src.reason ? src.reason : err_str(rc));
		goto out;
	}
	f.fd = src.fd;
	f.base = src.off + (uint64_t)start;
	if (fat_open(&v, fat_read_fd, &f, (uint64_t)size) != 0 || fat_walk(&v, &t) < 0) {
		buf_addf(&b->esp_unread, "%s", v.reason);
		goto out;
	}
	if (t.partial)
		ctx_note(ctx, "EFI System partition %s: not read in full: %s", b->esp_part,
			 t.notes.data);
	b->esp_read = 1;
	buf_addf(&b->efi_read, "the EFI System partition %s", b->esp_part);
	esp_classify(b, &v, &t);
	if (b->esp_files.len)
		buf_addf(&b->efi_ev, "ESP %s: %s", b->esp_part, b->esp_files.data);
	if (b->efi_windows_path) {
		char *w = xasprintf("ESP %s: %s", b->esp_part, b->efi_windows_path);
		free(b->efi_windows_path);
		b->efi_windows_path = w;
	}
out:
	/* esp_unread is noted with the loader, where it makes the loader unknown */
	fat_tree_release(&t);
	fat_close(&v);
	image_close(&src);
	free(path);
	free(fstype);
}

/* the loader from the ESP of an image: 1 when decided (or unknown for its reason) */
static int esp_loader(struct boot *b)
{
	if (!b->esp_read)
		return 0;
	if (b->efi_sdboot && !b->efi_grub && !b->efi_shim) {
		b->loader = "systemd-boot";
	} else if (b->efi_grub || b->efi_shim) {
		/* RHEL 6: grub.efi beside grub.conf is GRUB legacy */
		b->loader = b->efi_legacy_cfg && !b->esp_cfgs ? "grub-legacy" : "grub2";
	} else if (b->efi_fallback) {
		ev(&b->loader_ev, "unknown: %s: only the removable-media path EFI/BOOT holds a "
		   "loader, which may be any", b->efi_ev.data);
		return 1;
	} else {
		return 0;
	}
	ev(&b->loader_ev, "%s", b->efi_ev.data);
	ev(&b->loader_ev, "what /boot holds is not read with --image alone");
	return 1;
}

/* ---- firmware and Secure Boot ---- */

/* sys/firmware of the running system, or captured under --root */
static int sysfs_firmware(struct boot *b)
{
	if (!b->files)
		return 0;
	if (dir_nonempty(b->ctx, "sys/firmware"))
		return 1;
	if (b->ctx->live)
		ctx_note(b->ctx, "sys/firmware is missing or empty (sysfs not mounted, or masked "
			 "by a container runtime): firmware inferred from files");
	return 0;
}

static void infer_firmware(struct boot *b)
{
	struct buf u = BUF_INIT, bi = BUF_INIT;
	int u_strong = 0, b_strong = 0, u_weak = 0, b_weak = 0;
	int efi_loader = b->efi_grub || b->efi_shim || b->efi_sdboot;

	if (b->esp_line) {
		u_strong++;
		ev(&u, "etc/fstab line %d mounts %s", b->esp_line, b->esp_mp);
	}
	if (efi_loader || b->efi_fallback) {
		if (b->esp_line || b->esp_part)
			u_strong++;
		else
			u_weak++;
		ev(&u, "%s", b->efi_ev.data);
	}
	if (b->esp_part) {
		u_weak++;
		ev(&u, "EFI System partition %s on the boot disk %s", b->esp_part, b->boot_disk);
	}
	if (b->boot_disk && in_mbr_loaders(b->boot_code)) {
		b_strong++;
		ev(&bi, "%s boot code in the MBR of the boot disk %s", b->boot_code, b->boot_disk);
	}
	if (b->bios_part) {
		b_strong++;
		ev(&bi, "BIOS boot partition %s", b->bios_part);
	}
	if (b->core_img) {
		b_weak++;
		ev(&bi, "%s (GRUB 2 installed for BIOS)", b->core_img);
	}
	if (b->stage2 && !b->efi_grub_legacy) {
		b_weak++;
		ev(&bi, "%s (GRUB legacy)", b->stage2);
	}
	if (b->files && is_file(b->ctx, "etc/lilo.conf")) {
		b_weak++;
		ev(&bi, "etc/lilo.conf (LILO boots BIOS only)");
	}
	if (b->ldlinux) {
		b_weak++;
		ev(&bi, "%s (SYSLINUX installed for BIOS)", b->ldlinux);
	}

	if (u_strong || b_strong) {
		/* both: a hybrid disk set up to boot either way (cloud images) */
		int uefi = u_strong && (!b_strong || b->esp_line);
		b->firmware = uefi ? "uefi" : "bios";
		buf_adds(&b->fw_ev, uefi ? u.data : bi.data);
		if (u_strong && b_strong)
			buf_addf(&b->fw_ev, "; also %s: the disk can boot either way",
				 uefi ? bi.data : u.data);
	} else if (u_weak && !b_weak) {
		b->firmware = "uefi";
		buf_adds(&b->fw_ev, u.data);
	} else if (b_weak && !u_weak) {
		b->firmware = "bios";
		buf_adds(&b->fw_ev, bi.data);
	} else if (u_weak && b_weak) {
		buf_addf(&b->fw_ev, "unknown: signs of both, uefi: %s; bios: %s", u.data, bi.data);
	} else {
		buf_adds(&b->fw_ev, b->files ?
			 "unknown: no EFI System partition, EFI loader, BIOS boot code or "
			 "BIOS-only loader found" :
			 "unknown: no EFI System partition or BIOS boot code on the disks read");
	}
	buf_release(&u);
	buf_release(&bi);
}

static void secure_boot(struct boot *b)
{
	static const char var[] = "sys/firmware/efi/efivars/SecureBoot-" EFI_GLOBAL_GUID;
	static const char old[] = "sys/firmware/efi/vars/SecureBoot-" EFI_GLOBAL_GUID "/data";
	struct scan_ctx *ctx = b->ctx;
	struct buf v = BUF_INIT;
	const char *path = var;
	size_t off = 4;
	int rc;

	b->secure = -1;
	if (!b->fw_from_sysfs) {
		buf_adds(&b->sb_ev, b->files ?
			 "unknown: a firmware setting, not recorded in a file tree" :
			 "unknown: a firmware setting, not recorded on disk images");
		return;
	}
	if (strcmp(b->firmware, "uefi")) {
		b->secure = 0;
		buf_adds(&b->sb_ev, "BIOS boot: no Secure Boot");
		return;
	}
	rc = fsread_cap(ctx, var, &v, 64, 0);
	if (rc == 1 && !dir_nonempty(ctx, "sys/firmware/efi/efivars")) {
		/* efivarfs not mounted, or a kernel before 3.8: the sysfs interface */
		path = old;
		off = 0;
		rc = fsread_cap(ctx, old, &v, 64, 0);
		if (rc == 1 && !dir_nonempty(ctx, "sys/firmware/efi/vars")) {
			buf_adds(&b->sb_ev, "unknown: no EFI variables readable (efivarfs not "
				 "mounted on sys/firmware/efi/efivars)");
			ctx_note(ctx, "secure boot: efivarfs is not mounted");
			goto out;
		}
	}
	if (rc == 1) {
		/* UEFI 2.x: the firmware defines SecureBoot when it supports it */
		b->secure = 0;
		buf_addf(&b->sb_ev, "no SecureBoot variable: firmware without Secure Boot");
	} else if (rc < 0) {
		buf_addf(&b->sb_ev, "unknown: cannot read '%s': %s", path, err_str(rc));
		ctx_note_read(ctx, path, rc);
	} else if (v.len < off + 1) {
		buf_addf(&b->sb_ev, "unknown: '%s' holds %zu bytes", path, v.len);
		ctx_note(ctx, "secure boot: '%s' is too short (%zu bytes)", path, v.len);
	} else {
		unsigned char c = (unsigned char)v.data[off];
		if (c <= 1) {
			b->secure = c;
			buf_addf(&b->sb_ev, "%s = %u", path, c);
		} else {
			buf_addf(&b->sb_ev, "unknown: '%s' holds %u, not 0 or 1", path, c);
		}
	}
out:
	buf_release(&v);
}

static void firmware(struct boot *b)
{
	if (sysfs_firmware(b)) {
		b->fw_from_sysfs = 1;
		if (is_dir(b->ctx, "sys/firmware/efi")) {
			b->firmware = "uefi";
			buf_adds(&b->fw_ev, "sys/firmware/efi exists: booted by UEFI");
		} else {
			b->firmware = "bios";
			buf_adds(&b->fw_ev, "no sys/firmware/efi: not booted by UEFI (BIOS, CSM, "
				 "or a direct kernel boot)");
		}
		if (!b->ctx->live)
			buf_adds(&b->fw_ev, " (captured sysfs under --root)");
	} else {
		infer_firmware(b);
	}
	secure_boot(b);
}

/* ---- the menu and its default ---- */

static int parse_number(const char *s, long *out)
{
	char *end;
	unsigned long long v;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > 100000)
		return -1;
	*out = (long)v;
	return 0;
}

/* entry 0 when the named default does not exist, as GRUB does */
static void set_default(struct boot *b, const char *spec, const char *src)
{
	int i = bootcfg_find(&b->menu, spec);

	/* "set default='0'", "DEFAULT 'virt'" */
	const char *sp = src[strlen(src) - 1] == '=' ? "" : " ";

	if (i >= 0) {
		b->def = i;
		buf_addf(&b->def_src, "%s%s'%s'", src, sp, spec);
	} else if (b->menu.n) {
		b->def = 0;
		buf_addf(&b->def_src, "%s%s'%s' names no entry: the first entry boots", src, sp,
			 spec);
	}
}

static void grub_env_value(struct boot *b, const char *cfg, const char *key, struct buf *out)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	const char *slash = strrchr(cfg, '/');
	const char *cands[3] = { NULL, "boot/grub2/grubenv", "boot/grub/grubenv" };

	buf_clear(out);
	if (slash)
		buf_addf(&path, "%.*s/grubenv", (int)(slash - cfg), cfg);
	cands[0] = path.data;
	for (size_t i = 0; i < ARRAY_SIZE(cands); i++) {
		/* grubenv is a 1024-byte block padded with '#' */
		if (cands[i][0] && fsread_cap(b->ctx, cands[i], &text, 64 * 1024, FSREAD_TEXT) == 0) {
			bootcfg_get(text.data, key, '=', out);
			break;
		}
	}
	buf_release(&path);
	buf_release(&text);
}

/* GRUB 2: set default=, else GRUB_DEFAULT; ${saved_entry} from grubenv */
static void grub2_default(struct boot *b, const char *cfg)
{
	struct buf text = BUF_INIT, val = BUF_INIT;
	struct kvlist kv = KVLIST_INIT;
	const char *spec = b->menu.default_spec, *src = "set default=";
	char *own = NULL;

	if (!spec && fsread(b->ctx, "etc/default/grub", &text) == 0) {
		kv_parse(text.data, &kv);
		spec = kv_get_nonempty(&kv, "GRUB_DEFAULT");
		src = "etc/default/grub GRUB_DEFAULT=";
		if (spec && !strcmp(spec, "saved"))
			spec = "${saved_entry}";
	}
	if (!spec) {
		if (b->menu.n) {
			b->def = 0;
			buf_adds(&b->def_src, "no default set: the first entry boots");
		}
		goto out;
	}
	if (strstr(spec, "saved_entry")) {
		grub_env_value(b, cfg, "saved_entry", &val);
		if (!val.len) {
			if (b->menu.n) {
				b->def = 0;
				buf_adds(&b->def_src, "default is the saved entry, and grubenv saves "
					 "none: the first entry boots");
			}
			goto out;
		}
		own = xstrdup(val.data);
		spec = own;
		src = "grubenv saved_entry=";
	}
	set_default(b, spec, src);
out:
	free(own);
	kvlist_release(&kv);
	buf_release(&text);
	buf_release(&val);
}

static void legacy_default(struct boot *b, const char *cfg)
{
	struct buf text = BUF_INIT;
	const char *spec = b->menu.default_spec, *src = "default";
	long n;

	if (spec && !strcmp(spec, "saved")) {
		/* "default saved": the number in boot/grub/default */
		if (fsread(b->ctx, "boot/grub/default", &text) == 0) {
			text.data[strcspn(text.data, " \t\n#")] = '\0';
			spec = text.data;
			src = "boot/grub/default";
		} else {
			spec = "0";
			src = "default saved, no boot/grub/default:";
		}
	}
	if (!spec) {
		spec = "0";
		src = "no default set:";
	}
	if (parse_number(spec, &n) == 0 && (size_t)n < b->menu.n) {
		b->def = (int)n;
		buf_addf(&b->def_src, "%s %s", src, spec);
	} else if (b->menu.n) {
		b->def = 0;
		buf_addf(&b->def_src, "%s '%s' names no entry: the first entry boots", src, spec);
	}
	buf_release(&text);
	(void)cfg;
}

/* BLS entries of the first entries directory that has any */
static const char *read_bls(struct boot *b, struct boot_menu *m)
{
	static const char *const dirs[] = { "boot/loader/entries", "boot/efi/loader/entries",
					    "efi/loader/entries" };
	struct buf path = BUF_INIT, text = BUF_INIT;
	const char *found = NULL;

	for (size_t d = 0; d < ARRAY_SIZE(dirs) && !found; d++) {
		char **names;
		size_t n, used = 0;
		if (sysroot_list(b->ctx, dirs[d], &names, &n) != 0)
			continue;
		for (size_t i = 0; i < n; i++) {
			size_t l = strlen(names[i]);
			if (l <= 5 || strcmp(names[i] + l - 5, ".conf"))
				continue;
			if (used++ >= MAX_BLS) {
				m->truncated = 1;
				break;
			}
			buf_clear(&path);
			buf_addf(&path, "%s/%s", dirs[d], names[i]);
			if (read_cfg(b, path.data, &text) != 0)
				continue;
			names[i][l - 5] = '\0';
			bootcfg_bls(text.data, names[i], m);
			found = dirs[d];
		}
		sysroot_names_free(names, n);
	}
	bootcfg_bls_sort(m);
	buf_release(&path);
	buf_release(&text);
	return found;
}

static const char *first_file(struct boot *b, const char *const *paths, size_t n,
			      int (*there)(const struct scan_ctx *, const char *))
{
	for (size_t i = 0; i < n; i++)
		if (paths[i] && there(b->ctx, paths[i]))
			return paths[i];
	return NULL;
}

struct configs {
	const char *grub2, *legacy, *lilo, *syslinux, *loader_conf, *bls;
	const char *sdboot;	/* systemd-boot's: loader.conf, or its entries */
	struct buf grub2_text;
	struct buf grub2_via;	/* the EFI stub that pointed to grub2 */
	struct boot_menu grub2_menu;
	int grub2_read;		/* grub2 names a file read, not one unreadable */
};

/* finds GRUB 2's grub.cfg, following an EFI stub's configfile */
static void find_grub2(struct boot *b, struct configs *c)
{
	static const char *const std[] = { "boot/grub2/grub.cfg", "boot/grub/grub.cfg" };
	const char *order[2 + MAX_EFI_DIRS];
	size_t n = 0;
	int uefi = b->firmware && !strcmp(b->firmware, "uefi");

	/* on UEFI the ESP's grub.cfg is the one read (RHEL 7/8), unless it is a stub */
	if (!uefi)
		for (size_t i = 0; i < ARRAY_SIZE(std); i++)
			order[n++] = std[i];
	for (size_t i = 0; i < b->nefi_cfgs; i++)
		order[n++] = b->efi_cfgs[i];
	if (uefi)
		for (size_t i = 0; i < ARRAY_SIZE(std); i++)
			order[n++] = std[i];
	const char *unreadable = NULL;

	for (size_t i = 0; i < n; i++) {
		struct boot_menu m;
		if (!is_cfg(b->ctx, order[i]))
			continue;
		if (read_cfg(b, order[i], &c->grub2_text) != 0) {
			/* noted; still GRUB 2's, with its menu unknown */
			if (!unreadable)
				unreadable = order[i];
			continue;
		}
		bootcfg_init(&m);
		bootcfg_grub2(c->grub2_text.data, &m);
		if (!m.n && !m.bls && m.configfile) {
			/* a stub: search.fs_uuid ... ; configfile $prefix/grub.cfg */
			if (!c->grub2_via.len)
				buf_adds(&c->grub2_via, order[i]);
			bootcfg_release(&m);
			continue;
		}
		c->grub2 = order[i];
		c->grub2_menu = m;
		c->grub2_read = 1;
		return;
	}
	c->grub2 = unreadable;
	buf_clear(&c->grub2_text);
	buf_clear(&c->grub2_via);
}

static void find_configs(struct boot *b, struct configs *c)
{
	static const char *const legacy[] = { "boot/grub/grub.conf", "boot/grub/menu.lst", NULL };
	static const char *const sys[] = {
		"boot/extlinux/extlinux.conf", "boot/extlinux.conf", "boot/syslinux/extlinux.conf",
		"boot/syslinux/syslinux.cfg", "boot/syslinux.cfg", "extlinux.conf", "syslinux.cfg",
	};
	static const char *const lconf[] = { "boot/loader/loader.conf", "boot/efi/loader/loader.conf",
					     "efi/loader/loader.conf" };
	static const char *const bls[] = { "boot/loader/entries", "boot/efi/loader/entries",
					   "efi/loader/entries" };
	const char *leg[3] = { legacy[0], legacy[1], b->efi_legacy_cfg };

	find_grub2(b, c);
	c->legacy = first_file(b, leg, 3, is_cfg);
	c->lilo = first_file(b, (const char *const[]){ "etc/lilo.conf" }, 1, is_cfg);
	c->syslinux = first_file(b, sys, ARRAY_SIZE(sys), is_cfg);
	/* systemd-boot is told by its files: a loader.conf that is no file is not one */
	c->loader_conf = first_file(b, lconf, ARRAY_SIZE(lconf), is_file);
	for (size_t i = 0; i < ARRAY_SIZE(bls) && !c->bls; i++)
		if (dir_nonempty(b->ctx, bls[i]))
			c->bls = bls[i];
	/* BLS entries are GRUB 2's too (blscfg): systemd-boot's only beside its files */
	c->sdboot = c->loader_conf;
	if (!c->sdboot && c->bls &&
	    (b->efi_sdboot || is_file(b->ctx, "usr/lib/systemd/boot/efi/systemd-bootx64.efi")))
		c->sdboot = c->bls;
}

/* the loader a config was found for, and that config; NULL if none */
static const char *config_for(const struct configs *c, const char *loader)
{
	if (!strcmp(loader, "grub2"))
		return c->grub2;
	if (!strcmp(loader, "grub-legacy"))
		return c->legacy;
	if (!strcmp(loader, "lilo"))
		return c->lilo;
	if (!strcmp(loader, "syslinux"))
		return c->syslinux;
	if (!strcmp(loader, "systemd-boot"))
		return c->sdboot;
	return NULL;
}

/* the other loaders' configurations, for the evidence */
static void others(const struct configs *c, const char *loader, struct buf *out)
{
	static const char *const all[] = { "grub2", "grub-legacy", "systemd-boot", "syslinux",
					   "lilo" };

	for (size_t i = 0; i < ARRAY_SIZE(all); i++) {
		const char *cfg = config_for(c, all[i]);
		if (cfg && strcmp(all[i], loader))
			buf_addf(out, "%s%s", out->len ? ", " : "", cfg);
	}
}

/*
 * No loader's configuration in the tree: "none" if the places a loader
 * lives for this firmware were read and hold none, else unknown and why.
 */
static void no_loader(struct boot *b)
{
	struct buf why = BUF_INIT;
	const char *bc = b->boot_code;
	int uefi = b->firmware && !strcmp(b->firmware, "uefi");
	int bios = b->firmware && !strcmp(b->firmware, "bios");

	/* a loader's files without its configuration: something is installed */
	if (b->core_img || b->stage2 || b->ldlinux || b->efi_ev.len) {
		struct buf files = BUF_INIT;
		const char *f[] = { b->core_img, b->stage2, b->ldlinux,
				    b->efi_ev.len ? b->efi_ev.data : NULL };
		for (size_t i = 0; i < ARRAY_SIZE(f); i++)
			if (f[i])
				buf_addf_sep(&files, ", ", "%s", f[i]);
		ev(&why, "a loader's files without its configuration: %s", files.data);
		buf_release(&files);
	}
	/* BIOS firmware runs the boot disk's MBR */
	if (!uefi) {
		char *n = NULL, *reason = NULL;
		if (!b->boot_disk && b->have_disks)
			n = row_text(b->ctx, "SELECT count(*) FROM disks WHERE scan_id = ?1 AND"
				     " kind = 'disk' AND coalesce(boot_code, '') <> 'none'", NULL);
		if (!b->have_disks)
			ev(&why, "no disks in this scan: the boot code is unknown");
		else if (!b->boot_disk && (!n || strcmp(n, "0")))
			ev(&why, "the boot disk is unknown, and not every disk's MBR was read empty");
		else if (b->boot_disk && !bc) {
			reason = row_text(b->ctx, "SELECT probe_reason FROM disks WHERE scan_id = ?1"
					  " AND name = ?2", b->boot_disk);
			ev(&why, "the boot code of %s was not read%s%s", b->boot_disk,
			   reason ? ": " : "", reason ? reason : "");
		} else if (b->boot_disk && !strcmp(bc, "windows")) {
			ev(&why, "Windows boot code in the MBR of %s starts the active partition's "
			   "boot record, which is not read", b->boot_disk);
		} else if (b->boot_disk && strcmp(bc, "none")) {
			ev(&why, "the boot code in the MBR of %s is not recognised", b->boot_disk);
		}
		free(n);
		free(reason);
	}
	/* UEFI firmware runs a loader from an EFI System partition */
	if (!bios && !b->efi_read.len) {
		if (b->esp_part)
			ev(&why, "the EFI System partition %s is not mounted under the root",
			   b->esp_part);
		else if (b->esp_line)
			ev(&why, "the EFI System partition of etc/fstab line %d is not mounted on %s",
			   b->esp_line, b->esp_mp);
		else if (uefi)
			ev(&why, "no EFI System partition is mounted (boot/efi, efi or boot)");
	}
	if (why.len) {
		ev(&b->loader_ev, "unknown: no bootloader configuration found, but %s", why.data);
	} else {
		b->loader = "none";
		ev(&b->loader_ev, "no bootloader configuration or files found");
		if (!uefi)
			ev(&b->loader_ev, b->boot_disk ? "no boot code in the MBR of %s" :
			   "no boot code in the MBR of any disk", b->boot_disk);
		if (!bios && b->efi_read.len)
			ev(&b->loader_ev, "no EFI loader in %s", b->efi_read.data);
	}
	buf_release(&why);
}

static void choose_loader(struct boot *b, struct configs *c)
{
	int uefi = b->firmware && !strcmp(b->firmware, "uefi");
	const char *bc = b->boot_code;

	if (!uefi && in_mbr_loaders(bc)) {
		b->loader = bc;
		ev(&b->loader_ev, "%s boot code in the MBR of the boot disk %s", bc, b->boot_disk);
		if (b->files && !config_for(c, bc))
			ev(&b->loader_ev, "no %s configuration file found", bc);
	} else if (!b->files) {
		/* only --image: the boot sector, and the EFI System partition */
		if (esp_loader(b))
			return;
		if (!bc)
			ev(&b->loader_ev, "unknown: %s", b->have_disks ?
			   "the boot disk's boot code was not read" : "no disks read");
		else if (!strcmp(bc, "none") && b->esp_part && !b->esp_read)
			ev(&b->loader_ev, "unknown: no boot code in the MBR of %s, and the EFI System "
			   "partition %s, where a UEFI loader lives, was not read: %s",
			   b->boot_disk, b->esp_part, b->esp_unread.len ? b->esp_unread.data : "?");
		else if (!strcmp(bc, "none") && b->esp_part) {
			b->loader = "none";
			ev(&b->loader_ev, "no boot code in the MBR of %s and no EFI loader on the EFI "
			   "System partition %s", b->boot_disk, b->esp_part);
		} else if (!strcmp(bc, "none")) {
			b->loader = "none";
			ev(&b->loader_ev, "no boot code in the MBR of %s and no EFI System partition",
			   b->boot_disk);
		} else if (!strcmp(bc, "windows"))
			ev(&b->loader_ev, "unknown: Windows boot code in the MBR of %s starts the "
			   "active partition's boot record", b->boot_disk);
		else
			ev(&b->loader_ev, "unknown: the boot code in the MBR of %s is not recognised",
			   b->boot_disk);
		return;
	} else if (uefi && b->efi_sdboot && !b->efi_grub && !b->efi_shim) {
		b->loader = "systemd-boot";
		ev(&b->loader_ev, "%s", b->efi_ev.data);
	} else if (uefi && (b->efi_grub || b->efi_shim)) {
		b->loader = b->efi_grub_legacy || (c->legacy && !c->grub2) ? "grub-legacy" : "grub2";
		ev(&b->loader_ev, "%s", b->efi_ev.data);
	} else if (c->grub2 && c->legacy) {
		/* an upgrade leaves menu.lst behind; stage2 without core.img is legacy */
		b->loader = b->stage2 && !b->core_img ? "grub-legacy" : "grub2";
		ev(&b->loader_ev, "%s", !strcmp(b->loader, "grub2") ?
		   (b->core_img ? b->core_img : "GRUB 2 is the newer of the two") : b->stage2);
	} else if (c->grub2) {
		b->loader = "grub2";
	} else if (c->legacy) {
		b->loader = "grub-legacy";
	} else if (c->sdboot) {
		b->loader = "systemd-boot";
		if (b->efi_sdboot)
			ev(&b->loader_ev, "%s", b->efi_ev.data);
	} else if (c->syslinux) {
		b->loader = "syslinux";
	} else if (c->lilo) {
		b->loader = "lilo";
	} else if (c->bls) {
		ev(&b->loader_ev, "unknown: Boot Loader Specification entries in %s, but neither "
		   "a GRUB configuration nor systemd-boot's files", c->bls);
	} else if (b->boot_separate && !dir_nonempty(b->ctx, "boot")) {
		struct buf where = BUF_INIT;
		if (b->boot_line)
			buf_addf(&where, "etc/fstab line %d", b->boot_line);
		else
			buf_adds(&where, "in the mount table");
		ev(&b->loader_ev, "unknown: /boot is a separate filesystem (%s) and %s", where.data,
		   b->ctx->live ? "/boot is empty: is it mounted?" :
				  "boot/ under the root is empty: mount it there");
		buf_release(&where);
	} else if (!b->ctx->live && !dir_nonempty(b->ctx, "boot") && !b->esp_part &&
		   !in_mbr_loaders(bc)) {
		/* a container image, or a copy of a host made without /boot */
		ev(&b->loader_ev, "unknown: boot/ is missing or empty under the root, and no "
		   "disk read shows a bootloader");
	} else {
		no_loader(b);
	}
	if (b->loader && config_for(c, b->loader)) {
		const char *cfg = config_for(c, b->loader);
		buf_adds(&b->loader_cfg, cfg);
		if (!strcmp(b->loader, "grub2") && c->grub2_via.len)
			buf_addf(&b->loader_cfg, " (via %s)", c->grub2_via.data);
		ev(&b->loader_ev, "configuration %s", b->loader_cfg.data);
	}
	if (b->loader) {
		struct buf o = BUF_INIT;
		others(c, b->loader, &o);
		if (o.len)
			ev(&b->loader_ev, "also found: %s", o.data);
		buf_release(&o);
	}
}

/* systemd-boot's default: loader.conf's glob, else the first entry */
static void sdboot_default(struct boot *b, const struct configs *c)
{
	struct buf text = BUF_INIT, val = BUF_INIT;

	if (c->loader_conf && fsread(b->ctx, c->loader_conf, &text) == 0 &&
	    bootcfg_get(text.data, "default", ' ', &val) && val.len) {
		if (val.data[0] == '@') {
			buf_addf(&b->def_src, "%s default %s: an EFI variable decides, not read",
				 c->loader_conf, val.data);
			goto out;
		}
		for (size_t i = 0; i < b->menu.n; i++) {
			const char *id = b->menu.v[i].id;
			char *conf = xasprintf("%s.conf", id ? id : "");
			int hit = id && (!fnmatch(val.data, id, 0) || !fnmatch(val.data, conf, 0));
			free(conf);
			if (hit) {
				b->def = (int)i;
				buf_addf(&b->def_src, "%s default %s", c->loader_conf, val.data);
				goto out;
			}
		}
		buf_addf(&b->def_src, "%s default %s matches no entry: ", c->loader_conf, val.data);
	}
	if (b->menu.n) {
		b->def = 0;
		buf_adds(&b->def_src, "the first entry in menu order boots");
	}
out:
	buf_release(&text);
	buf_release(&val);
}

static void read_menu(struct boot *b, struct configs *c)
{
	struct buf text = BUF_INIT;
	const char *l = b->loader;

	b->def = -1;
	if (!l || !b->files)
		return;
	if (!strcmp(l, "grub2") && c->grub2) {
		b->menu_read = c->grub2_read;
		b->menu = c->grub2_menu;
		bootcfg_init(&c->grub2_menu);
		if (b->menu.bls) {
			/* RHEL 8+: blscfg reads the BLS entries; static entries follow */
			struct boot_menu bls;
			bootcfg_init(&bls);
			const char *dir = read_bls(b, &bls);
			if (dir)
				ev(&b->loader_ev, "blscfg: entries from %s", dir);
			for (size_t i = 0; i < b->menu.n && bls.n < BOOTCFG_MAX_ENTRIES; i++) {
				bls.v = xrealloc(bls.v, (bls.n + 1) * sizeof(*bls.v));
				bls.v[bls.n] = b->menu.v[i];
				bls.v[bls.n].idx[0] = (int)bls.n;
				bls.n++;
				memset(&b->menu.v[i], 0, sizeof(b->menu.v[i]));
			}
			bls.default_spec = b->menu.default_spec;
			b->menu.default_spec = NULL;
			bls.truncated |= b->menu.truncated;
			bootcfg_release(&b->menu);
			b->menu = bls;
		}
		grub2_default(b, c->grub2);
	} else if (!strcmp(l, "grub-legacy") && c->legacy) {
		if (read_cfg(b, c->legacy, &text) == 0) {
			bootcfg_grub_legacy(text.data, &b->menu);
			b->menu_read = 1;
		}
		legacy_default(b, c->legacy);
	} else if (!strcmp(l, "systemd-boot")) {
		read_bls(b, &b->menu);
		b->menu_read = 1;
		sdboot_default(b, c);
	} else if (!strcmp(l, "lilo") && c->lilo) {
		if (read_cfg(b, c->lilo, &text) == 0) {
			bootcfg_lilo(text.data, &b->menu);
			b->menu_read = 1;
		}
		if (b->menu.default_spec)
			set_default(b, b->menu.default_spec, "default=");
		else if (b->menu.n) {
			b->def = 0;
			buf_adds(&b->def_src, "no default=: the first image boots");
		}
	} else if (!strcmp(l, "syslinux") && c->syslinux) {
		if (read_cfg(b, c->syslinux, &text) == 0) {
			bootcfg_extlinux(text.data, &b->menu);
			b->menu_read = 1;
		}
		if (b->menu.menu_default >= 0) {
			b->def = b->menu.menu_default;
			buf_adds(&b->def_src, "MENU DEFAULT");
		} else if (b->menu.default_spec) {
			set_default(b, b->menu.default_spec, "DEFAULT");
		} else if (b->menu.n) {
			b->def = 0;
			buf_adds(&b->def_src, "no DEFAULT: the first label boots");
		}
	}
	if (b->menu.truncated) {
		b->menu_read = 0;
		ctx_note(b->ctx, "boot menu: over the caps (%d entries, %d lines, %d menu levels), "
			 "the rest not read", BOOTCFG_MAX_ENTRIES, BOOTCFG_MAX_LINES,
			 BOOTCFG_MAX_DEPTH);
	}
	buf_release(&text);
}

/* ---- dual boot ---- */

/* the value of root= in kernel arguments, malloc'd */
static char *root_arg(const char *opts)
{
	for (const char *s = opts; s && *s;) {
		while (*s == ' ')
			s++;
		size_t len = strcspn(s, " ");
		if (len > 5 && !strncmp(s, "root=", 5))
			return xstrndup(s + 5, len - 5);
		s += len;
	}
	return NULL;
}

/* the distribution word of an entry title: "centos" of "CentOS Linux (3.10...)" */
static char *distro_word(const char *title)
{
	const char *t = title ? title : "";
	const char *gt = strrchr(t, '>');
	size_t n;

	if (gt)
		t = gt + 1;
	while (*t == ' ')
		t++;
	n = strcspn(t, " (,");
	char *w = xstrndup(t, n);
	for (char *p = w; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return w;
}

/* what could show a second system and was not read, "; " between, into why */
static void dual_unread(struct boot *b, struct buf *why)
{
	struct scan_ctx *ctx = b->ctx;
	sqlite3_stmt *st;

	/* the boot menu */
	if (!b->loader)
		ev(why, "the bootloader is unknown, so its menu was not read");
	else if (strcmp(b->loader, "none") && !b->files)
		ev(why, "the %s menu is not read with --image alone", b->loader);
	else if (b->menu.truncated)
		ev(why, "the boot menu is over the caps, the rest not read");
	else if (strcmp(b->loader, "none") && !b->menu_read && !b->cfg_unread.len)
		ev(why, "no %s configuration found: its menu was not read", b->loader);
	if (b->cfg_unread.len)
		ev(why, "cannot read %s", b->cfg_unread.data);

	/* every disk's partition table, and its partitions' filesystems */
	if (!b->have_disks)
		ev(why, "no disks in this scan: no partition table read");
	st = db_prepare(ctx->db,
		"SELECT 'the partition table of ' || name || ' was not read'"
		"  || coalesce(': ' || probe_reason, '')"
		" FROM disks WHERE scan_id = ?1 AND kind = 'disk'"
		"  AND coalesce(probe_status, '') <> 'ok'"
		" UNION ALL SELECT 'the filesystem of ' || coalesce(name, disk || ' partition ' || number)"
		"  || ' was not read: ' || probe_reason"
		" FROM partitions WHERE scan_id = ?1 AND fstype IS NULL AND probe_reason IS NOT NULL"
		" LIMIT 8");
	if (st) {
		sqlite3_bind_int64(st, 1, ctx->scan_id);
		while (sqlite3_step(st) == SQLITE_ROW)
			ev(why, "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "?");
		sqlite3_finalize(st);
	}

	/* the Windows Boot Manager lives on the EFI System partition */
	if (b->files && !b->efi_read.len && (b->esp_part || b->esp_line)) {
		if (b->esp_part)
			ev(why, "the EFI System partition %s is not mounted under the root", b->esp_part);
		else
			ev(why, "the EFI System partition of etc/fstab line %d is not mounted on %s",
			   b->esp_line, b->esp_mp);
	}
	/* and bootmgr on an NTFS filesystem of etc/fstab */
	for (const char *p = b->ntfs_mps.data; b->files && *p;) {
		size_t len = strcspn(p, "\n");
		char *mp = xstrndup(p, len);
		if (!dir_nonempty(ctx, mp[0] == '/' ? mp + 1 : mp))
			ev(why, "the NTFS filesystem of etc/fstab on %s is not mounted under the root", mp);
		free(mp);
		p += len + (p[len] ? 1 : 0);
	}
}

static void dual_boot(struct boot *b)
{
	struct scan_ctx *ctx = b->ctx;
	const struct boot_entry *d = b->def >= 0 ? &b->menu.v[b->def] : NULL;
	char *droot = d ? root_arg(d->options) : NULL, *dword = d ? distro_word(d->title) : NULL;
	struct buf why = BUF_INIT;

	for (size_t i = 0; i < b->menu.n; i++) {
		const struct boot_entry *e = &b->menu.v[i];
		if (!strcmp(e->os_kind, "windows")) {
			ev(&b->dual_ev, "menu entry '%s' starts Windows", e->title);
			continue;
		}
		if (e->chain && strcmp(e->chain, "localboot")) {
			ev(&b->dual_ev, "menu entry '%s' chainloads another system (%s)", e->title,
			   e->chain);
			continue;
		}
		if (strcmp(e->os_kind, "linux"))
			continue;
		if (e->title && strstr(e->title, "(on /dev/")) {
			/* os-prober names the other systems it found so */
			ev(&b->dual_ev, "menu entry '%s' boots another system", e->title);
			continue;
		}
		char *r = root_arg(e->options), *w = distro_word(e->title);
		if (d && e != d && r && droot && strcmp(r, droot) && strcmp(w, dword))
			ev(&b->dual_ev, "menu entry '%s' boots another Linux (root=%s)", e->title, r);
		free(r);
		free(w);
	}
	if (b->efi_windows)
		ev(&b->dual_ev, "%s: the Windows Boot Manager", b->efi_windows_path);

	/* NTFS partitions on a disk with Windows boot code, or marked active */
	sqlite3_stmt *st = db_prepare(ctx->db,
		"SELECT p.name, p.disk, k.boot_code, instr(coalesce(p.flags, ''), 'boot') > 0"
		" FROM partitions p JOIN disks k ON k.scan_id = p.scan_id AND k.name = p.disk"
		" WHERE p.scan_id = ?1 AND p.fstype = 'ntfs' ORDER BY p.disk, p.number LIMIT 16");
	if (st) {
		sqlite3_bind_int64(st, 1, ctx->scan_id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *name = db_col_text(st, 0), *disk = db_col_text(st, 1);
			const char *code = db_col_text(st, 2);
			int active = sqlite3_column_int(st, 3);
			if (code && !strcmp(code, "windows"))
				ev(&b->dual_ev, "NTFS partition %s on %s, whose MBR holds Windows boot code",
				   name ? name : "?", disk ? disk : "?");
			else if (active)
				ev(&b->dual_ev, "NTFS partition %s is the active (boot) partition",
				   name ? name : "?");
		}
		sqlite3_finalize(st);
	}
	/* a mounted Windows system partition holds its boot manager */
	for (const char *p = b->ntfs_mps.data; b->files && *p;) {
		size_t len = strcspn(p, "\n");
		static const char *const marks[] = { "bootmgr", "BOOTMGR", "Windows/System32" };
		for (size_t i = 0; i < ARRAY_SIZE(marks); i++) {
			char *path = xasprintf("%.*s/%s", (int)len, p, marks[i]);
			struct stat sst;
			int hit = sysroot_stat(ctx, path, &sst) == 0;
			if (hit)
				ev(&b->dual_ev, "%s on an NTFS filesystem of etc/fstab", path);
			free(path);
			if (hit)
				break;
		}
		p += len + (p[len] ? 1 : 0);
	}
	if (!b->dual_ev.len)
		dual_unread(b, &why);
	b->dual = b->dual_ev.len ? 1 : why.len ? -1 : 0;
	if (why.len)
		buf_addf(&b->dual_ev, "unknown: no sign of a second system found, but %s", why.data);
	else if (!b->dual_ev.len)
		buf_adds(&b->dual_ev, "no Windows or second-system menu entry, Windows Boot Manager "
			 "or Windows NTFS partition found");
	buf_release(&why);
	free(droot);
	free(dword);
}

/* ---- the rows ---- */

static int store(struct boot *b)
{
	struct scan_ctx *ctx = b->ctx;
	const struct boot_entry *d = b->def >= 0 ? &b->menu.v[b->def] : NULL;
	struct dbrow r;

	dbrow_init(&r, "boot");
	dbrow_text(&r, "firmware", b->firmware);
	dbrow_text(&r, "firmware_evidence", b->fw_ev.len ? b->fw_ev.data : NULL);
	dbrow_int_if(&r, "secure_boot", b->secure >= 0, b->secure);
	dbrow_text(&r, "secure_boot_evidence", b->sb_ev.len ? b->sb_ev.data : NULL);
	dbrow_text(&r, "loader", b->loader);
	dbrow_text(&r, "loader_evidence", b->loader_ev.len ? b->loader_ev.data : NULL);
	dbrow_text(&r, "loader_config", b->loader_cfg.len ? b->loader_cfg.data : NULL);
	dbrow_text(&r, "boot_disk", b->boot_disk);
	dbrow_text(&r, "boot_partition", b->boot_part);
	dbrow_text(&r, "default_entry", d ? d->title : NULL);
	dbrow_text(&r, "default_kernel", d ? d->kernel : NULL);
	dbrow_text(&r, "default_source", b->def_src.len ? b->def_src.data : NULL);
	dbrow_int_if(&r, "dual_boot", b->dual >= 0, b->dual);
	dbrow_text(&r, "dual_boot_evidence", b->dual_ev.len ? b->dual_ev.data : NULL);
	if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0) {
		ctx_note(ctx, "store: cannot insert the boot row");
		return -1;
	}
	for (size_t i = 0; i < b->menu.n; i++) {
		const struct boot_entry *e = &b->menu.v[i];
		dbrow_init(&r, "boot_entries");
		dbrow_int(&r, "idx", (int64_t)i);
		dbrow_text(&r, "title", e->title);
		dbrow_text(&r, "kernel", e->kernel ? e->kernel : e->chain);
		dbrow_text(&r, "initrd", e->initrd);
		dbrow_text(&r, "os_kind", e->os_kind);
		dbrow_int_if(&r, "is_default", b->def >= 0, b->def == (int)i);
		if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0) {
			ctx_note(ctx, "store: cannot insert boot entry %zu", i);
			return -1;
		}
	}
	return 0;
}

static void release(struct boot *b)
{
	free(b->esp_mp);
	buf_release(&b->ntfs_mps);
	free(b->boot_part);
	free(b->boot_disk);
	free(b->boot_code);
	free(b->esp_part);
	free(b->bios_part);
	buf_release(&b->efi_read);
	buf_release(&b->efi_ev);
	free(b->efi_windows_path);
	for (size_t i = 0; i < b->nefi_cfgs; i++)
		free(b->efi_cfgs[i]);
	free(b->efi_cfgs);
	free(b->efi_legacy_cfg);
	free(b->core_img);
	free(b->stage2);
	free(b->ldlinux);
	buf_release(&b->fw_ev);
	buf_release(&b->sb_ev);
	buf_release(&b->loader_ev);
	buf_release(&b->loader_cfg);
	bootcfg_release(&b->menu);
	buf_release(&b->def_src);
	buf_release(&b->dual_ev);
	buf_release(&b->cfg_unread);
	buf_release(&b->esp_files);
	buf_release(&b->esp_unread);
}

int collect_boot(struct scan_ctx *ctx)
{
	struct boot b;
	struct configs c;
	int rc;

	memset(&b, 0, sizeof(b));
	memset(&c, 0, sizeof(c));
	b.ctx = ctx;
	/* with only --image the root is "": never read this machine's files then */
	b.files = !ctx->no_files;
	b.def = -1;
	buf_init(&b.ntfs_mps);
	buf_init(&b.efi_read);
	buf_init(&b.efi_ev);
	buf_init(&b.fw_ev);
	buf_init(&b.sb_ev);
	buf_init(&b.loader_ev);
	buf_init(&b.loader_cfg);
	buf_init(&b.def_src);
	buf_init(&b.dual_ev);
	buf_init(&b.cfg_unread);
	buf_init(&b.esp_files);
	buf_init(&b.esp_unread);
	buf_init(&c.grub2_text);
	buf_init(&c.grub2_via);
	bootcfg_init(&b.menu);
	bootcfg_init(&c.grub2_menu);

	find_boot_devices(&b);
	if (b.files)
		scan_files(&b);
	else if (b.esp_part)
		esp_image(&b);
	firmware(&b);
	if (b.files)
		find_configs(&b, &c);
	choose_loader(&b, &c);
	if (!b.loader)
		ctx_note(ctx, "bootloader %s", b.loader_ev.len ? b.loader_ev.data : "unknown");
	read_menu(&b, &c);
	dual_boot(&b);
	rc = store(&b);
	buf_release(&c.grub2_text);
	buf_release(&c.grub2_via);
	bootcfg_release(&c.grub2_menu);
	release(&b);
	return rc < 0 ? -1 : 0;
}
