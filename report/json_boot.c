/*
 * json_boot.c - the boot chain and the filesystems of a host
 */
#include <jansson.h>

#include "../scanner/db.h"
#include "jsonutil.h"
#include "report.h"
#include "../scanner/banned.h"

static const char *const boot_bools[] = { "secure_boot", "dual_boot", "is_default", NULL };
static const char *const fs_bools[] = { "network", "nofail", "noexec", "mounted", NULL };

void report_json_boot(sqlite3 *db, sqlite3_int64 scan, unsigned flags, json_t *host, int *err)
{
	json_t *boot = one_row(db,
		"SELECT firmware, firmware_evidence, secure_boot, secure_boot_evidence, loader,"
		" loader_evidence, loader_config, boot_disk, boot_partition, default_entry,"
		" default_kernel, default_source, dual_boot, dual_boot_evidence"
		" FROM boot WHERE scan_id = ?",
		scan, boot_bools, err);

	json_object_set_new(boot, "entries", rows(db,
		"SELECT idx, title, kernel, initrd, os_kind, is_default FROM boot_entries"
		" WHERE scan_id = ? ORDER BY idx", scan, boot_bools, err));
	json_object_set_new(host, "boot", boot);
	/*
	 * What is mounted, joined with its fstab line (the last one for the
	 * mount point, as mount -a leaves it); then the fstab lines not mounted.
	 * Under --root over a plain directory "/" is not mounted: it has no
	 * source or type of its own, and its fstab line's stand in.  The fstab_*
	 * keys are what the fstab line says, whatever is mounted; options are
	 * the scanned system's, options_source says where they were read.
	 */
	json_object_set_new(host, "filesystems", rows(db,
		"SELECT m.mountpoint, coalesce(m.source, f.spec) AS source,"
		" coalesce(m.device, f.device) AS device, coalesce(m.fstype, f.fstype) AS fstype,"
		" m.options, coalesce(m.network, f.network) AS network,"
		" m.size_bytes, m.free_bytes, m.avail_bytes, m.inodes, m.inodes_free,"
		" m.stat_status, m.stat_reason, m.fstype IS NOT NULL AS mounted,"
		" f.spec AS fstab_spec, f.spec_kind AS fstab_spec_kind, f.options AS fstab_options,"
		" f.nofail, f.noexec, m.options_source, m.options_reason, m.local_options,"
		" f.line AS fstab_line, f.fstype AS fstab_fstype, f.device AS fstab_device,"
		" f.size_bytes AS fstab_size_bytes, f.size_source AS fstab_size_source,"
		" f.size_reason AS fstab_size_reason"
		" FROM mounts m LEFT JOIN fstab f ON f.scan_id = m.scan_id AND f.line ="
		"  (SELECT max(line) FROM fstab x WHERE x.scan_id = m.scan_id"
		"   AND x.mountpoint = m.mountpoint)"
		" WHERE m.scan_id = ?1"
		" UNION ALL"
		" SELECT f.mountpoint, f.spec, f.device, f.fstype, f.options, f.network,"
		" NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0,"
		" f.spec, f.spec_kind, f.options, f.nofail, f.noexec, 'etc/fstab line ' || f.line,"
		" NULL, NULL, f.line, f.fstype, f.device, f.size_bytes, f.size_source, f.size_reason"
		" FROM fstab f WHERE f.scan_id = ?1 AND NOT EXISTS (SELECT 1 FROM mounts m"
		"  WHERE m.scan_id = f.scan_id AND m.mountpoint = f.mountpoint)"
		" ORDER BY 1, 14 DESC, 15", scan, fs_bools, err));
	/* offline: what systemd mounts at boot from a unit (tmp.mount) */
	json_object_set_new(host, "mount_units", rows(db,
		"SELECT unit, path, mountpoint, what, fstype, options, size_bytes, size_source,"
		" size_reason, evidence FROM mount_units WHERE scan_id = ? ORDER BY unit",
		scan, NULL, err));
}
