/*
 * json_disks.c - the storage sections of a host: disks with their
 * partitions, optical drives, volumes (the stacking), and the physical
 * disks under the root and boot filesystems (root_disks, boot_disks)
 */
#include <jansson.h>

#include "../scanner/db.h"
#include "jsonutil.h"
#include "report.h"
#include "../scanner/banned.h"

static const char *const disk_bools[] = { "removable", "rotational", NULL };

/* the device of a mountpoint: the mounted one, else the fstab entry's */
#define DEVICE_OF(mp)                                                             \
	"coalesce((SELECT device FROM mounts WHERE scan_id = ?1 AND mountpoint = '" mp \
	"' AND device IS NOT NULL ORDER BY rowid DESC LIMIT 1),"                      \
	" (SELECT device FROM fstab WHERE scan_id = ?1 AND mountpoint = '" mp         \
	"' AND device IS NOT NULL ORDER BY line LIMIT 1))"

/* a separate /boot's device (null when it is not known), else the root's */
#define BOOT_DEVICE                                                               \
	"(CASE WHEN EXISTS (SELECT 1 FROM mounts WHERE scan_id = ?1 AND mountpoint = '/boot')" \
	" OR EXISTS (SELECT 1 FROM fstab WHERE scan_id = ?1 AND mountpoint = '/boot')"   \
	" THEN " DEVICE_OF("/boot") " ELSE " DEVICE_OF("/") " END)"

/*
 * The physical disks under a device, as the store's device_disks view has
 * them, but walked from this scan's rows only: the view's recursion runs
 * over every scan of the store before the scan_id filter applies, which
 * made a report of a fleet store quadratic in its hosts (minutes at 1,000,
 * hours at 50,000).
 */
#define DISKS_UNDER(device)                                                       \
	"WITH RECURSIVE down(node) AS (SELECT " device                             \
	"  UNION SELECT p.disk FROM down d JOIN partitions p"                       \
	"   ON p.scan_id = ?1 AND p.name = d.node"                                  \
	"  UNION SELECT l.member FROM down d JOIN block_links l"                    \
	"   ON l.scan_id = ?1 AND l.holder = d.node)"                               \
	" SELECT DISTINCT down.node FROM down"                                      \
	" JOIN disks k ON k.scan_id = ?1 AND k.name = down.node ORDER BY 1"

static json_t *disks(sqlite3 *db, sqlite3_int64 scan, unsigned flags, int *err)
{
	json_t *arr = rows(db,
		"SELECT name, path, size_bytes, sector_size, physical_sector_size, model, serial,"
		" removable, rotational, image_format, pt_type AS partition_table, pt_uuid,"
		" pmbr, fstype, fs_uuid, fs_label, fs_version, boot_code, probe_status, probe_reason"
		" FROM disks WHERE scan_id = ? AND kind = 'disk' ORDER BY rowid",
		scan, disk_bools, err);
	size_t i;
	json_t *d;

	json_array_foreach(arr, i, d) {
		sqlite3_stmt *st = prep_scan(db,
			"SELECT p.number, p.name, p.start_bytes, p.size_bytes, p.type, p.type_name,"
			" p.flags, p.part_uuid, p.part_label, p.fstype, p.fs_uuid AS uuid, p.fs_label,"
			" p.fs_version, p.probe_reason,"
			/*
			 * where it is mounted; offline (--root, --image) this
			 * machine's device names are not the scanned system's, and
			 * the etc/fstab line that resolved to the partition says it
			 */
			" coalesce((SELECT m.mountpoint FROM mounts m WHERE m.scan_id = p.scan_id"
			"  AND m.device = p.name ORDER BY length(m.mountpoint) LIMIT 1),"
			" (SELECT f.mountpoint FROM fstab f JOIN scans s ON s.id = f.scan_id"
			"  WHERE f.scan_id = p.scan_id AND s.mode <> 'live' AND f.device = p.name"
			"  AND f.mountpoint LIKE '/%' ORDER BY length(f.mountpoint), f.line LIMIT 1))"
			" AS mountpoint"
			" FROM partitions p WHERE p.scan_id = ? AND p.disk = ? ORDER BY p.number", scan);
		json_t *parts = json_array();
		if (!st) {
			*err = 1;
		} else {
			sqlite3_bind_text(st, 2, json_string_value(json_object_get(d, "name")),
					  -1, SQLITE_TRANSIENT);
			while (sqlite3_step(st) == SQLITE_ROW) {
				json_t *p = json_object();
				row_into(p, st, NULL);
				json_array_append_new(parts, p);
			}
			stmt_done(st);
		}
		json_object_set_new(d, "partitions", parts);
	}
	return arr;
}

static json_t *volumes(sqlite3 *db, sqlite3_int64 scan, int *err)
{
	json_t *arr = rows(db,
		"SELECT name, kind, display_name, uuid, size_bytes, level, version, fstype, fs_uuid,"
		" fs_label, probe_reason FROM volumes WHERE scan_id = ? ORDER BY kind, name",
		scan, NULL, err);
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v) {
		sqlite3_stmt *st = prep_scan(db,
			"SELECT member FROM block_links WHERE scan_id = ? AND holder = ? ORDER BY member",
			scan);
		json_t *m = json_array();
		if (!st) {
			*err = 1;
		} else {
			sqlite3_bind_text(st, 2, json_string_value(json_object_get(v, "name")),
					  -1, SQLITE_TRANSIENT);
			while (sqlite3_step(st) == SQLITE_ROW)
				json_array_append_new(m, col_json(st, 0, NULL));
			stmt_done(st);
		}
		json_object_set_new(v, "members", m);
	}
	return arr;
}

void report_json_disks(sqlite3 *db, sqlite3_int64 scan, unsigned flags, json_t *host, int *err)
{
	json_object_set_new(host, "disks", disks(db, scan, flags, err));
	json_object_set_new(host, "optical_drives", rows(db,
		"SELECT name, path, model, removable FROM disks"
		" WHERE scan_id = ? AND kind = 'optical' ORDER BY name", scan, disk_bools, err));
	json_object_set_new(host, "volumes", volumes(db, scan, err));
	/* null, not [], when the device under / or /boot is not known */
	json_object_set_new(host, "root_disks", list_or_null(db,
		DISKS_UNDER(DEVICE_OF("/")), scan,
		"SELECT " DEVICE_OF("/") " IS NOT NULL", err));
	json_object_set_new(host, "boot_disks", list_or_null(db,
		DISKS_UNDER(BOOT_DEVICE), scan, "SELECT " BOOT_DEVICE " IS NOT NULL", err));
}
