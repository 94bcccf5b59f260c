/*
 * volumes.c - the stacking from disks up to what is mounted: LVM physical
 * volumes, volume groups and logical volumes, md RAID arrays and their
 * members, dm-crypt (LUKS) and its containers, multipath, other dm devices
 *
 * Two sources, merged by (device, kind):
 *  - the kernel's view (live and --root): every sys/block/NAME with slaves
 *    (Documentation/ABI/testing/sysfs-block: holders/ and slaves/), dm/name
 *    and dm/uuid (the uuid prefix names the owner: "LVM-" + VG UUID + LV
 *    UUID, "CRYPT-LUKS2-<uuid>-<name>", "mpath-<wwid>", "part1-..."), and
 *    md/level, md/metadata_version, md/uuid (Documentation/admin-guide/md.rst).
 *    Each slave gives a block_links row (holder dm-0, member sda2), which is
 *    what device_disks walks down to the physical disks;
 *  - the signatures libblkid found on disks and partitions (LVM2_member,
 *    linux_raid_member, crypto_LUKS, BitLocker, ...), so that an image or an
 *    array that is not assembled still shows its members.  These are read
 *    from the disks collector's rows of this scan when it ran; otherwise the
 *    disks are probed here (each once).
 * The dm and md devices themselves are probed for what is on them.
 *
 * Kinds: lvm-lv, lvm-vg, lvm-pv, md, md-member, raid-member (firmware
 * RAID), crypt (an open dm-crypt mapping), crypt-member (a device with a
 * LUKS or BitLocker header: encrypted, open or not), zfs-member, multipath,
 * dm (any other device-mapper device), other (stacked, not dm or md).
 *
 * What the run says, so that a rule can tell "none here" from "could not
 * look" (collectors.h):
 *  - ok without a note: it looked everywhere a volume shows (the kernel's
 *    view, when the scan has one, and every disk's signatures) and what
 *    it found are the rows; no rows means there are none;
 *  - ok with a note: it looked somewhere, and the note names each place it
 *    could not look: a disk not read in full (probe status not ok: not
 *    opened, read only as udev recorded it, a table or content libblkid
 *    could not tell), with the disk's reason; the kernel's view it could
 *    not list.  A volume may hide there: a rule that rules a kind out
 *    checks those disks (disks.probe_status) itself;
 *  - failed: there were places to look and it could read none of them (no
 *    disk read in full and no kernel view: every --image refused, sysfs
 *    not mounted on the running system, sys/block unreadable);
 *  - not-applicable: the scan holds no block device at all, only a copy of
 *    a file tree under --root without sys/block and without --image.  The
 *    note says so; the volumes of that tree's host are unknown, not none.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/fsread.h"
#include "../scanner/rd.h"
#include "lib/blockdev.h"
#include "collectors.h"
#include "lib/lvmmeta.h"
#include "../scanner/banned.h"

struct vol {
	char *name, *kind;
	char *display, *uuid, *level, *version;
	int64_t size;		/* -1 unknown */
	char *fstype, *fs_uuid, *fs_label;
	char *reason;
	char *disk;		/* a member's disk and where it starts, to read it */
	uint64_t start;
};

struct link {
	char *holder, *member;
};

struct vols {
	struct vol *v;
	size_t n;
	struct link *l;
	size_t nl;
};

#define GAPS_MAX 8	/* disks named in the run's note before "and N more" */

/* the kernel's view of stacked devices (sys/block), or <0: it could not be listed */
enum {
	VIEW_READ = 0,
	VIEW_ABSENT = 1,	/* no sys/block, or an empty one */
	VIEW_NOT_IN_SCAN = 2,	/* --image: the running kernel's view is not the images' */
};

/* where the run looked, for its status */
struct looked {
	int sysfs;		/* VIEW_*, or <0 */
	size_t ndisks;		/* disks whose signatures were to be read */
	size_t nread;		/* ... and were */
	struct buf unread;	/* "sda (reason)" of the others, "; " between */
	struct buf none_why;	/* why there was no disk to read */
};

static void looked_unread(struct looked *lk, const char *disk, const char *why)
{
	if (lk->ndisks - lk->nread <= GAPS_MAX)
		buf_addf_sep(&lk->unread, "; ", "%s (%s)", disk, why && *why ? why : "not probed");
}

static void set(char **dst, const char *val)
{
	if (val && *val && !*dst)
		*dst = xstrdup(val);
}

static struct vol *vol_get(struct vols *vs, const char *name, const char *kind)
{
	for (size_t i = 0; i < vs->n; i++)
		if (!strcmp(vs->v[i].name, name) && !strcmp(vs->v[i].kind, kind))
			return &vs->v[i];
	vs->v = xrealloc(vs->v, (vs->n + 1) * sizeof(*vs->v));
	struct vol *v = &vs->v[vs->n++];
	memset(v, 0, sizeof(*v));
	v->name = xstrdup(name);
	v->kind = xstrdup(kind);
	v->size = -1;
	return v;
}

static void link_add(struct vols *vs, const char *holder, const char *member)
{
	for (size_t i = 0; i < vs->nl; i++)
		if (!strcmp(vs->l[i].holder, holder) && !strcmp(vs->l[i].member, member))
			return;
	vs->l = xrealloc(vs->l, (vs->nl + 1) * sizeof(*vs->l));
	vs->l[vs->nl].holder = xstrdup(holder);
	vs->l[vs->nl].member = xstrdup(member);
	vs->nl++;
}

/* link_add() without its search, for holders new to vs (an image's LVs) */
static void link_append(struct vols *vs, const char *holder, const char *member)
{
	vs->l = xrealloc(vs->l, (vs->nl + 1) * sizeof(*vs->l));
	vs->l[vs->nl].holder = xstrdup(holder);
	vs->l[vs->nl].member = xstrdup(member);
	vs->nl++;
}

static void vols_release(struct vols *vs)
{
	for (size_t i = 0; i < vs->n; i++) {
		struct vol *v = &vs->v[i];
		free(v->name);
		free(v->kind);
		free(v->display);
		free(v->uuid);
		free(v->level);
		free(v->version);
		free(v->fstype);
		free(v->fs_uuid);
		free(v->fs_label);
		free(v->reason);
		free(v->disk);
	}
	for (size_t i = 0; i < vs->nl; i++) {
		free(vs->l[i].holder);
		free(vs->l[i].member);
	}
	free(vs->v);
	free(vs->l);
}

static char *sysval(const struct scan_ctx *ctx, const char *name, const char *attr)
{
	struct buf b = BUF_INIT;
	char *p = xasprintf("sys/block/%s/%s", name, attr), *s = NULL;

	if (fsread_line(ctx, p, &b) == 0 && b.len)
		s = buf_detach(&b);
	buf_release(&b);
	free(p);
	return s;
}

/* 32 characters of an LVM UUID as LVM prints them: 6-4-4-4-4-4-6 */
static char *lvm_uuid(const char *s)
{
	static const int groups[] = { 6, 4, 4, 4, 4, 4, 6 };
	struct buf b = BUF_INIT;

	if (strlen(s) < 32)
		return NULL;
	for (size_t g = 0; g < 7; g++) {
		if (g)
			buf_addc(&b, '-');
		buf_add(&b, s, (size_t)groups[g]);
		s += groups[g];
	}
	return buf_detach(&b);
}

/* 32 hex digits as a UUID 8-4-4-4-12 */
static char *hex_uuid(const char *s)
{
	for (int i = 0; i < 32; i++)
		if (!isxdigit((unsigned char)s[i]))
			return NULL;
	return xasprintf("%.8s-%.4s-%.4s-%.4s-%.12s", s, s + 8, s + 12, s + 16, s + 20);
}

/* the VG of an LVM dm name: "vg--data-lv" is VG "vg-data", LV "lv" */
static char *lvm_vg_name(const char *dmname)
{
	struct buf b = BUF_INIT;

	for (const char *p = dmname; *p; p++) {
		if (*p == '-' && p[1] == '-') {
			buf_addc(&b, '-');
			p++;
		} else if (*p == '-') {
			return buf_detach(&b);
		} else {
			buf_addc(&b, *p);
		}
	}
	buf_release(&b);
	return NULL;
}

/* what is on a dm or md device: probes /dev/NAME */
static void probe_node(struct scan_ctx *ctx, const char *name, struct vol *v)
{
	struct buf why = BUF_INIT;
	char *path = xasprintf("/dev/%s", name);
	int blk, fd = bdev_open_node(ctx, path, &why, &blk);

	if (fd >= 0) {
		struct bp_fs fs;
		bp_probe_fs(fd, 0, 0, 0, &fs);
		v->fstype = fs.type;
		v->fs_uuid = fs.uuid;
		v->fs_label = fs.label;
		fs.type = fs.uuid = fs.label = NULL;
		if (fs.reason)
			v->reason = xstrdup(fs.reason);
		bp_fs_release(&fs);
		close(fd);
	} else {
		struct bp_fs fs;
		memset(&fs, 0, sizeof(fs));
		if (bdev_udev_fs(ctx, name, &fs) == 0) {
			v->fstype = fs.type;
			v->fs_uuid = fs.uuid;
			v->fs_label = fs.label;
			fs.type = fs.uuid = fs.label = NULL;
			buf_adds(&why, "; as udev recorded it, not read from the device");
		}
		bp_fs_release(&fs);
		v->reason = buf_detach(&why);
	}
	buf_release(&why);
	free(path);
}

/* the name under dev/md/ that links to name ("root" for md127), or NULL */
static char *md_dev_name(const struct scan_ctx *ctx, const char *name)
{
	char **names = NULL, *found = NULL;
	size_t n = 0;
	struct buf link = BUF_INIT;

	if (sysroot_list(ctx, "dev/md", &names, &n) != 0)
		return NULL;
	for (size_t i = 0; i < n && !found; i++) {
		char *p = xasprintf("dev/md/%s", names[i]);
		if (sysroot_readlink(ctx, p, &link) == 0) {
			const char *base = strrchr(link.data, '/');
			base = base ? base + 1 : link.data;
			if (!strcmp(base, name))
				found = xstrdup(names[i]);
		}
		free(p);
	}
	buf_release(&link);
	sysroot_names_free(names, n);
	return found;
}

/* one stacked device of sys/block: a dm, md or other holder */
/* is the device an LVM logical volume (device-mapper uuid LVM-...)? */
static int lvm_dm(struct scan_ctx *ctx, const char *name)
{
	char *u = sysval(ctx, name, "dm/uuid");
	int yes = u && !strncmp(u, "LVM-", 4);

	free(u);
	return yes;
}

static void from_sysfs_dev(struct scan_ctx *ctx, struct vols *vs, const char *name)
{
	char **slaves = NULL, *dir;
	size_t nslaves = 0;
	struct stat st;
	char *dmname = NULL, *dmuuid = NULL, *vg = NULL;
	const char *kind;
	struct vol *v;
	uint64_t size = 0;
	int is_dm, is_md;

	dir = xasprintf("sys/block/%s/dm", name);
	is_dm = sysroot_stat(ctx, dir, &st) == 0 && S_ISDIR(st.st_mode);
	free(dir);
	dir = xasprintf("sys/block/%s/md", name);
	is_md = sysroot_stat(ctx, dir, &st) == 0 && S_ISDIR(st.st_mode);
	free(dir);
	dir = xasprintf("sys/block/%s/slaves", name);
	sysroot_list(ctx, dir, &slaves, &nslaves);
	free(dir);
	if (!is_dm && !is_md && !nslaves)
		goto out;

	if (is_dm) {
		dmname = sysval(ctx, name, "dm/name");
		dmuuid = sysval(ctx, name, "dm/uuid");
	}
	if (is_md)
		kind = "md";
	else if (!is_dm)
		kind = "other";
	else if (dmuuid && !strncmp(dmuuid, "LVM-", 4))
		kind = "lvm-lv";
	else if (dmuuid && !strncmp(dmuuid, "CRYPT-", 6) && strncmp(dmuuid, "CRYPT-VERITY-", 13) &&
		 strncmp(dmuuid, "CRYPT-INTEGRITY-", 16))
		kind = "crypt";
	else if (dmuuid && !strncmp(dmuuid, "mpath-", 6))
		kind = "multipath";
	else
		kind = "dm";
	v = vol_get(vs, name, kind);
	set(&v->display, dmname);
	{
		char *p = xasprintf("sys/block/%s/size", name);
		struct buf b = BUF_INIT;
		if (fsread_line(ctx, p, &b) == 0) {
			char *end;
			size = strtoull(b.data, &end, 10);
			if (end != b.data && !*end)
				v->size = (int64_t)(size * 512);
		}
		buf_release(&b);
		free(p);
	}

	if (!strcmp(kind, "lvm-lv") && dmname) {
		vg = lvm_vg_name(dmname);
		if (strlen(dmuuid) >= 4 + 64)
			v->uuid = lvm_uuid(dmuuid + 4 + 32);
	} else if (!strcmp(kind, "crypt")) {
		/* CRYPT-LUKS2-<32 hex>-<name> */
		const char *t = dmuuid + 6, *dash = strchr(t, '-');
		if (dash) {
			v->version = xstrndup(t, (size_t)(dash - t));
			if (strlen(dash + 1) >= 32)
				v->uuid = hex_uuid(dash + 1);
		}
	} else if (!strcmp(kind, "multipath")) {
		set(&v->uuid, dmuuid + 6);
	} else if (!strcmp(kind, "dm") && dmuuid) {
		set(&v->uuid, dmuuid);
	} else if (is_md) {
		char *mdname = md_dev_name(ctx, name);
		v->level = sysval(ctx, name, "md/level");
		v->version = sysval(ctx, name, "md/metadata_version");
		v->uuid = sysval(ctx, name, "md/uuid");
		if (mdname) {
			free(v->display);
			v->display = mdname;
		}
	}
	probe_node(ctx, name, v);

	/* vol_get() below moves the array: keep what the members copy */
	char *vuuid = v->uuid ? xstrdup(v->uuid) : NULL;
	char *vversion = v->version ? xstrdup(v->version) : NULL;
	v = NULL;
	for (size_t i = 0; i < nslaves; i++) {
		link_add(vs, name, slaves[i]);
		if (!strcmp(kind, "lvm-lv") && vg && lvm_dm(ctx, slaves[i])) {
			/* a thin pool's, snapshot's or cache's own LVs (_tdata,
			 * -tpool): stacked LVs, not physical volumes */
		} else if (!strcmp(kind, "lvm-lv") && vg) {
			struct vol *pv = vol_get(vs, slaves[i], "lvm-pv");
			set(&pv->display, vg);
			link_add(vs, vg, slaves[i]);
		} else if (!strcmp(kind, "md")) {
			struct vol *m = vol_get(vs, slaves[i], "md-member");
			set(&m->display, name);
			set(&m->uuid, vuuid);
			set(&m->version, vversion);
		} else if (!strcmp(kind, "crypt")) {
			struct vol *m = vol_get(vs, slaves[i], "crypt-member");
			set(&m->display, dmname);
			set(&m->uuid, vuuid);
			set(&m->version, vversion);
		}
	}
	free(vuuid);
	free(vversion);
	if (vg) {
		struct vol *g = vol_get(vs, vg, "lvm-vg");
		set(&g->display, vg);
		if (!g->uuid && strlen(dmuuid) >= 4 + 32)
			g->uuid = lvm_uuid(dmuuid + 4);
	}
out:
	free(dmname);
	free(dmuuid);
	free(vg);
	sysroot_names_free(slaves, nslaves);
}

/* the kernel's view: VIEW_READ, VIEW_ABSENT, or <0 when sys/block cannot be listed */
static int from_sysfs(struct scan_ctx *ctx, struct vols *vs)
{
	char **names = NULL;
	size_t n = 0;
	int rc;

	rc = sysroot_list(ctx, "sys/block", &names, &n);
	if (rc != 0)
		return rc;
	/* an empty sys/block is a masked or missing sysfs, as blockdev.c judges it */
	if (!n) {
		sysroot_names_free(names, n);
		return VIEW_ABSENT;
	}
	for (size_t i = 0; i < n; i++)
		from_sysfs_dev(ctx, vs, names[i]);
	sysroot_names_free(names, n);
	return VIEW_READ;
}

/* the member kind of a signature type, or NULL */
static const char *member_kind(const char *fstype)
{
	size_t n = strlen(fstype);

	if (!strcmp(fstype, "LVM2_member") || !strcmp(fstype, "LVM1_member"))
		return "lvm-pv";
	if (!strcmp(fstype, "linux_raid_member"))
		return "md-member";
	if (!strcmp(fstype, "crypto_LUKS") || !strcmp(fstype, "BitLocker"))
		return "crypt-member";
	if (!strcmp(fstype, "zfs_member"))
		return "zfs-member";
	if (n > 12 && !strcmp(fstype + n - 12, "_raid_member"))
		return "raid-member";
	return NULL;
}

static void member(struct vols *vs, const char *name, const char *fstype, const char *uuid,
		   const char *label, const char *version, int64_t size, const char *disk,
		   uint64_t start)
{
	const char *kind;
	struct vol *v;

	if (!fstype || !(kind = member_kind(fstype)))
		return;
	v = vol_get(vs, name, kind);
	set(&v->fstype, fstype);
	set(&v->uuid, uuid);
	/* an md member's label is its array's name ("host:root"); LUKS2 has labels too */
	set(&v->display, label);
	if (version && !strcmp(kind, "crypt-member") && !strcmp(fstype, "crypto_LUKS")) {
		char *l = xasprintf("LUKS%s", version);
		set(&v->version, l);
		free(l);
	} else {
		set(&v->version, version);
	}
	if (v->size < 0)
		v->size = size;
	if (!v->disk && disk) {
		v->disk = xstrdup(disk);
		v->start = start;
	}
}

/* signatures from the disks collector's rows of this scan; 1 if it did not run ok */
static int members_from_store(struct scan_ctx *ctx, struct vols *vs, struct looked *lk)
{
	sqlite3_stmt *st;

	if (!ctx_after_ok(ctx, "disks"))
		return 1;
	st = db_prepare(ctx->db,
		"SELECT name, fstype, fs_uuid, fs_label, fs_version, size_bytes, disk, start_bytes"
		" FROM partitions WHERE scan_id = ?1 AND fstype IS NOT NULL AND name IS NOT NULL"
		" UNION ALL SELECT name, fstype, fs_uuid, fs_label, fs_version, size_bytes, name, 0"
		" FROM disks WHERE scan_id = ?1 AND fstype IS NOT NULL");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, ctx->scan_id);
	while (sqlite3_step(st) == SQLITE_ROW)
		member(vs, db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
		       db_col_text(st, 3), db_col_text(st, 4),
		       sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 5),
		       db_col_text(st, 6), (uint64_t)sqlite3_column_int64(st, 7));
	sqlite3_finalize(st);
	/* a disk the disks collector did not read in full (or read as udev saw it) is a gap */
	st = db_prepare(ctx->db, "SELECT name, probe_status = 'ok', probe_reason FROM disks"
			" WHERE scan_id = ? AND kind = 'disk' ORDER BY rowid");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, ctx->scan_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		lk->ndisks++;
		if (sqlite3_column_int(st, 1))
			lk->nread++;
		else
			looked_unread(lk, db_col_text(st, 0), db_col_text(st, 2));
	}
	sqlite3_finalize(st);
	return 0;
}

/* the same signatures, probing the disks here */
static void members_by_probing(struct scan_ctx *ctx, struct vols *vs, struct looked *lk)
{
	struct scan_ctx quiet = *ctx;
	struct bdev *v = NULL;
	size_t n = 0;
	int rc;

	/* why there is no disk is this run's to judge: a gap, or nothing to look at */
	buf_init(&quiet.notes);
	rc = bdev_list(&quiet, &v, &n);
	if (rc != 0)
		buf_adds(&lk->none_why, quiet.notes.len ? quiet.notes.data : "no disks listed");
	buf_release(&quiet.notes);
	if (rc != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		struct bp_disk p;
		const char *format;
		int refused;

		if (v[i].optical)
			continue;
		bp_disk_init(&p);
		bdev_probe(ctx, &v[i], &p, &format, &refused);
		lk->ndisks++;
		if (p.unknown)
			looked_unread(lk, v[i].name, p.reason.data);
		else
			lk->nread++;
		member(vs, v[i].name, p.fs.type, p.fs.uuid, p.fs.label, p.fs.version,
		       v[i].size >= 0 ? v[i].size : p.has_size ? (int64_t)p.size : -1, v[i].name, 0);
		for (size_t k = 0; k < p.nparts; k++) {
			const struct bp_part *bp = &p.parts[k];
			if (bp->ignored || !bp->fs.type)
				continue;
			char *pn = bdev_part_name(&v[i], bp->number);
			member(vs, pn, bp->fs.type, bp->fs.uuid, bp->fs.label, bp->fs.version,
			       (int64_t)bp->size, v[i].name, bp->start);
			free(pn);
		}
		bp_disk_release(&p);
	}
	bdev_free(v, n);
}

/* ---- LVM volume groups the kernel does not show (images, inactive VGs) ---- */

/* LVs one LV's row links to (the parts of a pool or raid LV: lvm2 has a few) */
#define LV_SUBS_MAX 64

/* a PV read through its disk, and what its metadata says */
struct pvm {
	char *row;		/* its lvm-pv row */
	char *disk;
	uint64_t start;		/* where it starts on the disk */
	int64_t size;		/* -1 unknown */
	struct lvm_label label;
	struct lvm_vg vg;	/* rc 0: all of it; rc < 0: maybe the VG's name */
	int rc;			/* 0 read, 1 no label or no metadata, <0 unreadable */
	struct buf why;
};

/*
 * Reads the label and the first metadata area that holds metadata (a PV
 * has at most two, the second at its end).  Caps: LVM_TEXT_MAX bytes of
 * text, read in at most two pieces (the circular buffer wrapped).
 */
static int pvm_read(int fd, uint64_t at, struct pvm *p)
{
	unsigned char lab[LVM_LABEL_SCAN], hdr[LVM_MDA_HEADER_SIZE];
	int rc;

	rc = pread_all(fd, lab, sizeof(lab), at);
	if (rc < 0) {
		buf_addf(&p->why, "cannot read the LVM label: %s", strerror(-rc));
		return -1;
	}
	rc = lvm_label_decode(lab, sizeof(lab), 0, &p->label, &p->why);
	if (rc || !p->label.nmda)
		return rc ? rc : 1;
	for (unsigned int i = 0; i < p->label.nmda && i < 2; i++) {
		uint64_t mda = p->label.mda_off[i], mda_at, piece_at;
		struct lvm_mda m;
		unsigned char *text;
		size_t got = 0;

		lvm_vg_release(&p->vg);
		buf_clear(&p->why);
		/* the offsets are the label's: checked (rd.h) */
		rc = rd_add(at, mda, &mda_at) ? -EOVERFLOW : pread_all(fd, hdr, sizeof(hdr), mda_at);
		if (rc < 0) {
			buf_addf(&p->why, "cannot read the metadata area at byte %llu: %s",
				 (unsigned long long)mda, strerror(-rc));
			rc = -1;
			continue;
		}
		rc = lvm_mda_decode(hdr, sizeof(hdr), mda, 0, &m, &p->why);
		if (rc)
			continue;
		text = xmalloc((size_t)m.text_len);
		for (unsigned int k = 0; k < m.npieces && rc == 0; k++) {
			rc = rd_add(mda_at, m.piece_off[k], &piece_at) ? -EOVERFLOW :
			     pread_all(fd, text + got, (size_t)m.piece_len[k], piece_at);
			if (rc < 0)
				buf_addf(&p->why, "cannot read the metadata text: %s", strerror(-rc));
			got += (size_t)m.piece_len[k];
		}
		if (rc == 0)
			rc = lvm_text_check(&m, text, got, 0, &p->why);
		if (rc == 0)
			rc = lvm_vg_parse((const char *)text, got, &p->vg, &p->why);
		free(text);
		if (rc == 0)
			return 0;
		rc = -1;
	}
	return rc;
}

/* the lvm-pv row named name (present: the caller took the name from it) */
static struct vol *pv_row(struct vols *vs, const char *name)
{
	return vol_get(vs, name, "lvm-pv");
}

static void pvms_free(struct pvm *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].row);
		free(p[i].disk);
		lvm_vg_release(&p[i].vg);
		buf_release(&p[i].why);
	}
	free(p);
}

/* the pvm whose label carries the PV UUID id (with dashes), or -1 */
static ssize_t pvm_by_uuid(const struct pvm *p, size_t n, const char *id)
{
	char want[33];
	size_t k = 0;

	for (const char *s = id; *s && k < 32; s++)
		if (*s != '-')
			want[k++] = *s;
	want[k] = '\0';
	for (size_t i = 0; i < n; i++)
		if (p[i].label.pv_uuid[0] && !strcmp(p[i].label.pv_uuid, want))
			return (ssize_t)i;
	return -1;
}

/* probes a linear LV through the disks under its PVs; fills v's fs or reason */
static void lv_probe(struct scan_ctx *ctx, const struct pvm *pv, const struct lvm_piece *pc,
		     size_t npieces, struct vol *v)
{
	struct buf why = BUF_INIT;
	struct bp_fs fs;
	uint64_t base, len = pc->len;
	int fd;

	if (pv->size >= 0 && (pc->off >= (uint64_t)pv->size || len > (uint64_t)pv->size - pc->off)) {
		if (pc->off >= (uint64_t)pv->size) {
			v->reason = xasprintf("starts at byte %llu of PV %s, which has %lld bytes "
					      "(a truncated image?): not probed",
					      (unsigned long long)pc->off, pv->row, (long long)pv->size);
			return;
		}
		len = (uint64_t)pv->size - pc->off;
		buf_addf(&why, "runs past the end of PV %s (a truncated image?); ", pv->row);
	}
	fd = bdev_open_disk(ctx, pv->disk, &base, &why);
	if (fd < 0) {
		v->reason = buf_detach(&why);
		return;
	}
	bp_probe_fs(fd, base + pv->start + pc->off, len, 0, &fs);
	close(fd);
	v->fstype = fs.type;
	v->fs_uuid = fs.uuid;
	v->fs_label = fs.label;
	if (fs.reason)
		buf_adds(&why, fs.reason);
	else if (!fs.type && npieces > 1)
		buf_addf(&why, "no signature in the first of its %zu pieces on its PVs "
			 "(libblkid probes one range of bytes)", npieces);
	fs.type = fs.uuid = fs.label = NULL;
	bp_fs_release(&fs);
	if (why.len) {
		buf_rtrim(&why);
		if (why.data[why.len - 1] == ';')
			buf_setlen(&why, why.len - 1);
		v->reason = buf_detach(&why);
	}
	buf_release(&why);
}

/*
 * The LVs of vg, whose metadata came from the PVs in p: a row each, named
 * as device-mapper names them (VG-LV, each '-' doubled, as lsblk shows
 * them), linked to the PVs or LVs their segments use.  Only linear LVs
 * that are visible are probed; the others say why not.
 */
static void lvm_lvs(struct scan_ctx *ctx, struct vols *vs, const struct lvm_vg *vg,
		    const struct pvm *p, size_t np)
{
	ssize_t *row = xcalloc(vg->npvs ? vg->npvs : 1, sizeof(*row));
	unsigned char *pvseen = xmalloc(vg->npvs ? vg->npvs : 1);
	const char *subs[LV_SUBS_MAX];

	for (size_t k = 0; k < vg->npvs; k++)
		row[k] = pvm_by_uuid(p, np, vg->pvs[k].id);
	for (size_t i = 0; i < vg->nlvs; i++) {
		const struct lvm_lv *lv = &vg->lvs[i];
		struct buf missing = BUF_INIT, why = BUF_INIT;
		struct lvm_piece *pc = NULL;
		size_t npc = 0;
		uint64_t size = lvm_lv_size(vg, lv);
		const char *origin = lv->snapshot_origin >= 0 ? vg->lvs[lv->snapshot_origin].name : NULL;
		struct vol *v;
		char *name;
		size_t nsubs;
		int rc;

		/*
		 * A snapshot is two LVs in the metadata: its copy-on-write
		 * store, under the name users and device-mapper know, and an
		 * internal snapshotN whose segment names the origin and the
		 * store.  The store's row stands for both.
		 */
		if (lv->nsegs == 1 && !strcmp(lv->segs[0].type, "snapshot"))
			continue;
		name = lvm_dm_name(vg->name, lv->name);
		memset(pvseen, 0, vg->npvs ? vg->npvs : 1);
		nsubs = 0;
		if (origin)
			subs[nsubs++] = origin;
		for (size_t k = 0; k < lv->nsegs; k++) {
			const struct lvm_seg *s = &lv->segs[k];
			for (size_t a = 0; a < s->nareas; a++) {
				int pv = s->areas[a].pv;
				if (pv < 0 || pvseen[pv]++)
					continue;
				if (row[pv] >= 0)
					link_append(vs, name, p[row[pv]].row);
				else
					buf_addf_sep(&missing, ", ", "%s (last seen as %s)", vg->pvs[pv].id,
						     vg->pvs[pv].device ? vg->pvs[pv].device : "?");
			}
			for (size_t j = 0; j < s->nlvs; j++) {
				size_t d = 0;
				while (d < nsubs && strcmp(subs[d], s->lvs[j]))
					d++;
				if (d == nsubs && nsubs < LV_SUBS_MAX && strcmp(s->lvs[j], lv->name))
					subs[nsubs++] = s->lvs[j];
			}
		}
		for (size_t d = 0; d < nsubs; d++) {
			char *sub = lvm_dm_name(vg->name, subs[d]);
			link_append(vs, name, sub);
			free(sub);
		}
		v = vol_get(vs, name, "lvm-lv");
		set(&v->display, name);
		set(&v->uuid, lv->id);
		if (size)
			v->size = (int64_t)size;
		rc = lvm_lv_pieces(vg, lv, &pc, &npc, &why);
		if (missing.len)
			v->reason = xasprintf("on PVs not among the disks scanned: %s: not probed",
					      missing.data);
		else if (origin)
			v->reason = xasprintf("a snapshot of %s (its blocks are the origin's, with the "
					      "changes in this copy-on-write store): not probed", origin);
		else if (!lv->visible && lv->parent >= 0)
			v->reason = xasprintf("a hidden LV, part of %s: not probed",
					      vg->lvs[lv->parent].name);
		else if (!lv->visible)
			v->reason = xstrdup("a hidden LV: not probed");
		else if (rc > 0)
			v->reason = xasprintf("not a linear LV (%s): not probed", why.data);
		else if (rc < 0)
			v->reason = xasprintf("LVM metadata: %s", why.data);
		else if (!v->fstype && !v->reason && npc)
			lv_probe(ctx, &p[row[pc[0].pv]], &pc[0], npc, v);
		free(pc);
		free(name);
		buf_release(&missing);
		buf_release(&why);
	}
	free(row);
	free(pvseen);
}

/* the lvm-pv rows whose VG the kernel did not name, read through their disks */
static void lvm_from_labels(struct scan_ctx *ctx, struct vols *vs)
{
	struct pvm *p = NULL;
	size_t np = 0, nkernel = vs->n;

	for (size_t i = 0; i < vs->n; i++) {
		struct buf why = BUF_INIT;
		uint64_t base;
		struct pvm *m;
		int fd;

		if (strcmp(vs->v[i].kind, "lvm-pv") || vs->v[i].display || !vs->v[i].disk)
			continue;
		p = xrealloc(p, (np + 1) * sizeof(*p));
		m = &p[np++];
		memset(m, 0, sizeof(*m));
		buf_init(&m->why);
		m->row = xstrdup(vs->v[i].name);
		m->disk = xstrdup(vs->v[i].disk);
		m->start = vs->v[i].start;
		m->size = vs->v[i].size;
		fd = bdev_open_disk(ctx, m->disk, &base, &why);
		if (fd >= 0) {
			m->rc = pvm_read(fd, base + m->start, m);
			close(fd);
		} else {
			buf_adds(&m->why, why.data);
			m->rc = -2;
		}
		buf_release(&why);
	}
	for (size_t i = 0; i < np; i++) {
		struct vol *g;

		struct vol *pv = pv_row(vs, p[i].row);
		if (p[i].rc < 0 && !pv->reason)
			pv->reason = xasprintf("%s: %s", p[i].rc == -2 ? "volume group unknown" :
					       "LVM metadata unreadable", p[i].why.data);
		if (!p[i].vg.name)
			continue;
		set(&pv->display, p[i].vg.name);
		g = vol_get(vs, p[i].vg.name, "lvm-vg");
		set(&g->display, p[i].vg.name);
		set(&g->uuid, p[i].vg.id);
		link_add(vs, p[i].vg.name, p[i].row);
		if (p[i].rc != 0)
			continue;
		/* the VG once, from its PV with the newest metadata (highest seqno) */
		int newer = 0;
		for (size_t k = 0; k < np && !newer; k++) {
			if (k == i || p[k].rc != 0 || strcmp(p[k].vg.name, p[i].vg.name) ||
			    (p[k].vg.id && p[i].vg.id && strcmp(p[k].vg.id, p[i].vg.id)))
				continue;
			if (p[k].vg.seqno > p[i].vg.seqno || (p[k].vg.seqno == p[i].vg.seqno && k < i))
				newer = 1;
		}
		if (newer)
			continue;
		/*
		 * A VG the kernel shows (a PV of it holds no LV, so the kernel
		 * did not name its VG) has its active LVs as dm rows already
		 */
		int active = 0;
		for (size_t k = 0; k < nkernel && !active; k++)
			active = !strcmp(vs->v[k].kind, "lvm-vg") && !strcmp(vs->v[k].name, p[i].vg.name);
		if (active)
			continue;
		/* PVs without a metadata area of their own are named in it */
		for (size_t k = 0; k < p[i].vg.npvs; k++) {
			ssize_t j = pvm_by_uuid(p, np, p[i].vg.pvs[k].id);
			if (j >= 0 && !p[j].vg.name) {
				set(&pv_row(vs, p[j].row)->display, p[i].vg.name);
				link_add(vs, p[i].vg.name, p[j].row);
			}
		}
		lvm_lvs(ctx, vs, &p[i].vg, p, np);
	}
	pvms_free(p, np);
}

static int insert(struct scan_ctx *ctx, const struct vols *vs)
{
	for (size_t i = 0; i < vs->n; i++) {
		const struct vol *v = &vs->v[i];
		struct dbrow r;

		dbrow_init(&r, "volumes");
		dbrow_text(&r, "name", v->name);
		dbrow_text(&r, "kind", v->kind);
		dbrow_text(&r, "display_name", v->display);
		dbrow_text(&r, "uuid", v->uuid);
		dbrow_int_if(&r, "size_bytes", v->size >= 0, v->size);
		dbrow_text(&r, "level", v->level);
		dbrow_text(&r, "version", v->version);
		dbrow_text(&r, "fstype", v->fstype);
		dbrow_text(&r, "fs_uuid", v->fs_uuid);
		dbrow_text(&r, "fs_label", v->fs_label);
		dbrow_text(&r, "probe_reason", v->reason);
		if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0)
			return -1;
	}
	for (size_t i = 0; i < vs->nl; i++) {
		struct dbrow r;

		dbrow_init(&r, "block_links");
		dbrow_text(&r, "holder", vs->l[i].holder);
		dbrow_text(&r, "member", vs->l[i].member);
		if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0)
			return -1;
	}
	return 0;
}

/*
 * The run's status from where it looked (the header comment above): 0 ok,
 * 1 nothing to look at, -1 nothing could be read; the notes say which.
 */
static int judge(struct scan_ctx *ctx, const struct looked *lk)
{
	size_t nunread = lk->ndisks - lk->nread;

	if (lk->sysfs < 0)
		ctx_note(ctx, "the kernel's view of stacked devices is unknown: "
			 "cannot read 'sys/block': %s", err_str(lk->sysfs));
	if (nunread)
		ctx_note(ctx, "disks not read in full, so volumes on them are unknown: %s%s",
			 lk->unread.data, nunread > GAPS_MAX ? "; ..." : "");
	if (nunread > GAPS_MAX)
		ctx_note(ctx, "%zu disks were not read in full", nunread);
	if (lk->sysfs == VIEW_READ || lk->nread)
		return 0;
	if (lk->sysfs == VIEW_ABSENT && lk->none_why.len)
		ctx_note(ctx, "%s", lk->none_why.data);
	/* a copy of a file tree without its sysfs and without --image has no block device */
	if (!lk->ndisks && lk->sysfs == VIEW_ABSENT && !ctx->live)
		return 1;
	ctx_note(ctx, "%s: whether there are volumes is unknown", lk->sysfs == VIEW_NOT_IN_SCAN ?
		 "no --image disk was read in full" :
		 "no disk was read in full and the kernel's view is missing");
	return -1;
}

int collect_volumes(struct scan_ctx *ctx)
{
	struct vols vs = { 0 };
	struct looked lk = { .sysfs = VIEW_NOT_IN_SCAN };
	int rc;

	buf_init(&lk.unread);
	buf_init(&lk.none_why);
	/* the running kernel's view is not the view of --image disks */
	if (!ctx->no_files && !ctx->nimages)
		lk.sysfs = from_sysfs(ctx, &vs);
	rc = members_from_store(ctx, &vs, &lk);
	if (rc < 0) {
		ctx_note(ctx, "store: cannot read the disks of this scan");
		goto out;
	}
	if (rc == 1)
		members_by_probing(ctx, &vs, &lk);
	lvm_from_labels(ctx, &vs);
	rc = judge(ctx, &lk);
	if (rc == 0 && insert(ctx, &vs) < 0) {
		ctx_note(ctx, "store: cannot record the volumes");
		rc = -1;
	}
out:
	vols_release(&vs);
	buf_release(&lk.unread);
	buf_release(&lk.none_why);
	return rc;
}
