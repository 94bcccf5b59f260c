/*
 * fsutil.h - used by the filesystems and boot collectors
 *
 * Mount tables, fstab(5) lines and block device names.
 *
 * Sources: proc(5) (/proc/self/mountinfo, /proc/mounts), fstab(5),
 * the kernel's Documentation/ABI/stable/sysfs-block (/sys/dev/block) and
 * udev's /dev/disk/by-* links.  Devices are named by their kernel name
 * (sda1, dm-0, md0, cciss!c0d0p1), the name the disks and volumes
 * collectors store, so that the device_disks view can walk them down.
 *
 * Ownership: every struct here owns its strings; *_release frees them and
 * accepts a zeroed struct.  char * returns are the caller's to free.
 */
#ifndef PREMIG_FSUTIL_H
#define PREMIG_FSUTIL_H

#include <stddef.h>

#include "../../scanner/buf.h"
#include "../../scanner/ctx.h"

#define FS_MAX_MOUNTS 10000	/* rows kept from a mount table */
#define FS_MAX_FSTAB 4096	/* fstab lines kept */
#define FS_FSTAB_CAP (1024 * 1024)	/* the largest etc/fstab read */
#define FS_TABLE_CAP (8 * 1024 * 1024)	/* a mount table of a busy container host */

/* one line of mountinfo (or of /proc/mounts, which lacks maj:min and root) */
struct fs_mount {
	char *mountpoint, *source, *fstype, *options, *root;
	unsigned int major, minor;
	int has_devno;
};

struct fs_mounts {
	struct fs_mount *v;
	size_t n;
	size_t bad;		/* lines that did not parse */
	size_t dropped;		/* lines over FS_MAX_MOUNTS */
};

/* parses mountinfo text (proc(5) "/proc/[pid]/mountinfo") into out */
void fs_parse_mountinfo(const char *text, struct fs_mounts *out);
/* parses /proc/mounts text (the fstab(5) format, no maj:min) into out */
void fs_parse_proc_mounts(const char *text, struct fs_mounts *out);
void fs_mounts_release(struct fs_mounts *m);

/*
 * Reads this machine's mount table: proc/self/mountinfo, else proc/mounts
 * (kernels before 2.6.26).  Under --root it is still this machine's table,
 * never ROOT/proc: the caller uses it to learn how ROOT itself is mounted.
 * Returns 0 and sets *source to the file read, or <0 (-errno) with *source
 * the file that failed.
 */
int fs_read_mount_table(const struct scan_ctx *ctx, struct fs_mounts *out,
			const char **source);

/*
 * Reads a mount table captured in the scanned root (ROOT/proc/self/mountinfo,
 * else ROOT/proc/mounts): the source host's own, when a copy kept it.
 * The caller makes sure ROOT/proc is not a live procfs of this machine.
 * Returns 0, 1 when the root has neither, or <0 (-errno); *source is the
 * file read or tried last.
 */
int fs_read_captured_table(const struct scan_ctx *ctx, struct fs_mounts *out,
			   const char **source);

/*
 * The kernel name of the device of a mount of the running system: its
 * major:minor, else its /dev source, else (/proc/mounts) the st_dev of its
 * mount point.  malloc'd, or NULL.
 */
char *fs_mount_device(struct scan_ctx *ctx, const struct fs_mount *m);

/* one fstab(5) line */
struct fs_fstab_ent {
	int line;
	char *spec, *file, *vfstype, *mntops;	/* mntops NULL when absent */
};

struct fs_fstab {
	struct fs_fstab_ent *v;
	size_t n;
};

/*
 * Parses fstab text of len bytes (it may hold NUL bytes: such lines are
 * bad).  Each bad line is noted on ctx as "path:N: reason" and skipped.
 */
void fs_parse_fstab(struct scan_ctx *ctx, const char *path, const char *text,
		    size_t len, struct fs_fstab *out);
void fs_fstab_release(struct fs_fstab *f);

/* is opt (name or name=value) in the comma-separated option list? */
int fs_opt_has(const char *opts, const char *opt);

/* a network filesystem type: nfs, nfs4, cifs, smb3, sshfs, fuse.sshfs, ... */
int fs_network_type(const char *fstype);
/* a network source: host:/path, //host/share, user@host:/path */
int fs_network_source(const char *source);
/* a FUSE filesystem: fuse, fuseblk, fuse.* */
int fs_fuse_type(const char *fstype);
/* a kernel API filesystem with no storage (proc, sysfs, cgroup, ...) */
int fs_pseudo_type(const char *fstype);
/*
 * The server of a network source ("nas1" of "nas1:/export",
 * "//nas1/share"), malloc'd, or NULL.
 */
char *fs_network_server(const char *source);

/*
 * How an fstab spec names its device: uuid, label, partuuid, partlabel,
 * by-uuid, by-label, by-id, by-path, devname, lvm, md, network, other.
 * The returned string is static.
 */
const char *fs_spec_kind(const char *spec, const char *fstype);

/*
 * The kernel name of the device an fstab spec names (sda1, dm-0, md0), or
 * NULL when it cannot be told: from this scan's disks, partitions and
 * volumes rows (UUID=, LABEL=, PARTUUID=, PARTLABEL=, /dev/mapper names),
 * the device node's major:minor through sys/dev/block, and udev's links.
 * Several devices with one UUID or label leave it NULL with a note.
 * Returns a malloc'd string or NULL.
 */
char *fs_resolve_spec(struct scan_ctx *ctx, const char *spec, const char *kind);

/* the kernel name of block device major:minor, from sys/dev/block; or NULL */
char *fs_devno_name(const struct scan_ctx *ctx, unsigned int major, unsigned int minor);

/*
 * The disk under a partition, from sys/class/block/NAME (a partition's
 * directory sits in its disk's and has a "partition" file), or the device
 * itself when it is a whole disk (in sys/block, with no members); or NULL.
 */
char *fs_sysfs_disk_of(const struct scan_ctx *ctx, const char *name);

/* decodes the octal escapes of mount tables and fstab (\040 is a space) in place */
void fs_unescape(char *s);

#endif
