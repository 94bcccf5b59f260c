/*
 * filesystems.c - what is mounted, how big and how full, and etc/fstab
 *
 * Sources: proc(5) (/proc/self/mountinfo, else /proc/mounts), statvfs(3),
 * fstab(5).  Kernel API filesystems with no storage (proc, sysfs, cgroup,
 * ...) are left out of the mounts.
 *
 * The running system: every mount of this mount namespace, its device by
 * kernel name (mountinfo's major:minor through sys/dev/block), and its
 * sizes from statvfs.  statvfs on a network or FUSE mount can block for as
 * long as the server does not answer, so it runs in a child process with a
 * deadline (PREMIG_STATVFS_TIMEOUT_MS, default 2000): on timeout the child
 * is killed and left to the kernel, and the mount is recorded as unknown.
 * Other mounts of a server that hung, and every network or FUSE mount after
 * three timeouts, are not tried: the scan's time stays bounded.
 *
 * Under --root DIR the mounts of this machine are not the scanned system's:
 * what is recorded is how DIR itself is mounted here.  When DIR (or
 * DIR/boot, ...) is a mount point, its statvfs gives the sizes of the
 * scanned filesystem; when DIR is a plain directory the sizes are unknown,
 * never those of whatever filesystem holds the directory.  Device names of
 * this machine are not the scanned system's either: they are left NULL,
 * and etc/fstab names the devices instead.  Nor are its mount options (a
 * copy is best mounted read-only): the options recorded are the source
 * host's, from a mount table captured in the root (ROOT/proc/self/mountinfo
 * as a plain file) when there is one, else from its etc/fstab line;
 * options_source names which, options_reason says why none is known, and
 * local_options keeps how this machine mounts it.
 *
 * etc/fstab is read line by line: how each line names its device, the
 * kernel name of that device when this scan's rows or the /dev links tell
 * it, and the options that matter when a host moves (nofail, noexec).  A
 * tmpfs line has the size its options give, or the kernel's default of
 * half of RAM (Documentation/filesystems/tmpfs.rst: size=, nr_blocks=, a
 * k/m/g/t/p/e suffix or a % of RAM; size=0 is unlimited).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/fsread.h"
#include "collectors.h"
#include "lib/fsutil.h"
#include "../scanner/str.h"
#include "../scanner/watch.h"
#include "../scanner/banned.h"

#define STATVFS_TIMEOUT_MS 2000
#define MAX_WORKERS_LEFT 64
#define MAX_TIMEOUTS 3		/* then the other network and FUSE mounts are not tried */

struct vfs {
	int err;		/* errno of statvfs, 0 when it answered */
	unsigned long long blocks, bfree, bavail, frsize, files, ffree;
};

/* the state of one run: the deadline, workers left behind, servers that hung */
struct fsrun {
	int timeout_ms;
	pid_t left[MAX_WORKERS_LEFT];
	size_t nleft;
	int timeouts;
	struct buf hung;	/* "\n"-separated servers whose statvfs timed out */
};

static int timeout_ms(struct scan_ctx *ctx)
{
	const char *e = getenv("PREMIG_STATVFS_TIMEOUT_MS");
	unsigned long long v;
	char *end;

	if (!e || !*e)
		return STATVFS_TIMEOUT_MS;
	errno = 0;
	v = strtoull(e, &end, 10);
	if (errno || *end || end == e || v < 1 || v > 600000) {
		ctx_note(ctx, "PREMIG_STATVFS_TIMEOUT_MS '%.32s' is not 1 to 600000: using %d",
			 e, STATVFS_TIMEOUT_MS);
		return STATVFS_TIMEOUT_MS;
	}
	return (int)v;
}

static void vfs_call(const char *path, struct vfs *r)
{
	struct statvfs sv;

	memset(r, 0, sizeof(*r));
	if (statvfs(path, &sv) < 0) {
		r->err = errno ? errno : EIO;
		return;
	}
	r->blocks = sv.f_blocks;
	r->bfree = sv.f_bfree;
	r->bavail = sv.f_bavail;
	r->frsize = sv.f_frsize ? sv.f_frsize : sv.f_bsize;
	r->files = sv.f_files;
	r->ffree = sv.f_ffree;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * statvfs in a child process, waited for at most run->timeout_ms.
 * Returns 0 with *r filled, 1 on timeout (the child is killed and, if the
 * kernel does not let it go at once, left behind), or <0 (-errno) when no
 * worker could be started or it died without an answer.
 */
static int vfs_worker(struct fsrun *run, const char *path, struct vfs *r)
{
	int fd[2], rc = 0;
	pid_t pid;
	int64_t deadline;
	size_t got = 0;

	if (pipe_cloexec(fd) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		close(fd[0]);
		close(fd[1]);
		return rc;
	}
	if (pid == 0) {
		/* the child only calls statvfs, writes the answer and leaves */
		struct vfs cr;
		close(fd[0]);
		vfs_call(path, &cr);
		ssize_t w = write(fd[1], &cr, sizeof(cr));
		_exit(w == (ssize_t)sizeof(cr) ? 0 : 1);
	}
	close(fd[1]);
	deadline = now_ms() + run->timeout_ms;
	while (got < sizeof(*r)) {
		int64_t wait = deadline - now_ms();
		struct pollfd p = { .fd = fd[0], .events = POLLIN };
		int n;

		if (wait <= 0) {
			rc = 1;
			break;
		}
		n = poll(&p, 1, (int)wait);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			break;
		}
		if (n == 0) {
			rc = 1;
			break;
		}
		ssize_t k = read(fd[0], (char *)r + got, sizeof(*r) - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			rc = k < 0 ? -errno : -EPIPE;
			break;
		}
		got += (size_t)k;
	}
	close(fd[0]);
	if (rc == 0) {
		waitpid(pid, NULL, 0);
		return 0;
	}
	/* a hung statvfs sleeps killably on every Linux filesystem since 2.6.25 */
	kill(pid, SIGKILL);
	if (waitpid(pid, NULL, WNOHANG) == 0 && run->nleft < MAX_WORKERS_LEFT)
		run->left[run->nleft++] = pid;
	return rc;
}

/* reaps the workers that have died since; the others stay with the kernel */
static void reap_left(struct fsrun *run)
{
	for (size_t i = 0; i < run->nleft; i++)
		waitpid(run->left[i], NULL, WNOHANG);
	run->nleft = 0;
}

static int server_hung(struct fsrun *run, const char *server)
{
	size_t n = strlen(server);

	for (const char *p = run->hung.data; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == n && !memcmp(p, server, n))
			return 1;
		p += len + (nl ? 1 : 0);
	}
	return 0;
}

/* bytes = count * unit, or 0 when it does not fit a signed 64-bit column */
static int mul_bytes(unsigned long long count, unsigned long long unit, int64_t *out)
{
	unsigned long long v;

	if (__builtin_mul_overflow(count, unit, &v) || v > INT64_MAX)
		return 0;
	*out = (int64_t)v;
	return 1;
}

/*
 * statvfs of path into the row: directly for local filesystems, through a
 * worker with a deadline for network and FUSE ones.
 */
static void stat_into(struct fsrun *run, struct dbrow *r, const char *path,
		      const char *fstype, const char *source, int remote)
{
	struct vfs v;
	struct buf why = BUF_INIT;
	char *server = remote ? fs_network_server(source) : NULL;
	int rc = 0;

	if (server && server_hung(run, server)) {
		buf_addf(&why, "not tried: statvfs of another mount from server '%s' timed out",
			 server);
		goto unknown;
	}
	/* an unknown type (no mount table) may be remote too */
	if (remote || !fstype || fs_fuse_type(fstype)) {
		if (run->timeouts >= MAX_TIMEOUTS) {
			buf_addf(&why, "not tried: %d statvfs calls timed out already",
				 run->timeouts);
			goto unknown;
		}
		rc = vfs_worker(run, path, &v);
	} else {
		vfs_call(path, &v);
	}
	if (rc == 1) {
		run->timeouts++;
		buf_addf(&why, "statvfs timed out after %g s: hung network filesystem?",
			 run->timeout_ms / 1000.0);
		if (server) {
			if (run->hung.len)
				buf_addc(&run->hung, '\n');
			buf_adds(&run->hung, server);
		}
		goto unknown;
	}
	if (rc < 0) {
		buf_addf(&why, "cannot start a statvfs worker: %s", err_str(rc));
		goto unknown;
	}
	if (v.err) {
		buf_addf(&why, "statvfs: %s", err_str(-v.err));
		goto unknown;
	}
	int64_t size = 0, bfree = 0, avail = 0;
	int ok = mul_bytes(v.blocks, v.frsize, &size) & mul_bytes(v.bfree, v.frsize, &bfree) &
		 mul_bytes(v.bavail, v.frsize, &avail);
	dbrow_int_if(r, "size_bytes", ok, size);
	dbrow_int_if(r, "free_bytes", ok, bfree);
	dbrow_int_if(r, "avail_bytes", ok, avail);
	/* btrfs, vfat and most network filesystems have no fixed inode count: 0 */
	dbrow_int_if(r, "inodes", v.files && v.files <= INT64_MAX, (int64_t)v.files);
	dbrow_int_if(r, "inodes_free", v.files && v.ffree <= INT64_MAX, (int64_t)v.ffree);
	dbrow_text(r, "stat_status", ok ? "ok" : "unknown");
	dbrow_text(r, "stat_reason", ok ? NULL : "statvfs: sizes overflow 64 bits");
	goto out;
unknown:
	dbrow_text(r, "stat_status", "unknown");
	dbrow_text(r, "stat_reason", why.data);
out:
	free(server);
	buf_release(&why);
}

/* the mount options of the scanned system for one mount, and where they came from */
struct optpick {
	const char *options;	/* borrowed */
	struct buf source, reason;
	const char *local;	/* this machine's options under --root, borrowed */
};

#define OPTPICK_INIT { NULL, BUF_INIT, BUF_INIT, NULL }

static void optpick_release(struct optpick *o)
{
	buf_release(&o->source);
	buf_release(&o->reason);
}

static void optpick_into(struct dbrow *r, const struct optpick *o)
{
	dbrow_text(r, "options", o->options);
	dbrow_text(r, "options_source", o->source.len ? o->source.data : NULL);
	dbrow_text(r, "options_reason", o->reason.len ? o->reason.data : NULL);
	dbrow_text(r, "local_options", o->local);
}

static int insert_mount(struct scan_ctx *ctx, struct fsrun *run, const char *mountpoint,
			const struct fs_mount *m, const char *device, const char *stat_path,
			const struct optpick *o)
{
	struct dbrow r;
	int remote = fs_network_type(m->fstype) || fs_network_source(m->source);

	dbrow_init(&r, "mounts");
	dbrow_text(&r, "mountpoint", mountpoint);
	dbrow_text(&r, "source", m->source);
	dbrow_text(&r, "device", device);
	dbrow_text(&r, "fstype", m->fstype);
	optpick_into(&r, o);
	dbrow_int(&r, "network", remote);
	stat_into(run, &r, stat_path, m->fstype, m->source, remote);
	if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0) {
		ctx_note(ctx, "store: cannot insert the mount of '%s'", mountpoint);
		return -1;
	}
	return 0;
}

/* is v[i] hidden by a later mount on the same mount point? */
static int overmounted(const struct fs_mounts *t, size_t i)
{
	for (size_t k = i + 1; k < t->n; k++)
		if (!strcmp(t->v[k].mountpoint, t->v[i].mountpoint))
			return 1;
	return 0;
}

static int mounts_live(struct scan_ctx *ctx, struct fsrun *run, const struct fs_mounts *t,
		       const char *table, int *rows)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct fs_mount *m = &t->v[i];
		struct optpick o = OPTPICK_INIT;
		char *dev;
		int rc;

		if (fs_pseudo_type(m->fstype) || overmounted(t, i))
			continue;
		o.options = m->options;
		buf_adds(&o.source, table);
		dev = fs_mount_device(ctx, m);
		rc = insert_mount(ctx, run, m->mountpoint, m, dev, m->mountpoint, &o);
		optpick_release(&o);
		free(dev);
		if (rc < 0)
			return -1;
		++*rows;
	}
	return 0;
}

/* "/" for ROOT itself, "/boot" for ROOT/boot; NULL when outside ROOT */
static const char *under_root(const char *root, const char *mp)
{
	size_t n = strlen(root);

	if (strncmp(mp, root, n))
		return NULL;
	if (!mp[n])
		return "/";
	return mp[n] == '/' ? mp + n : NULL;
}

/*
 * Under --root: the sources of the scanned system's own mount options.
 * fstab is NULL when etc/fstab was not read (fstab_why says why); cap is
 * a mount table captured in the root, when cap_src is not NULL.
 */
struct srcopts {
	const struct fs_fstab *fstab;
	const char *fstab_why;
	struct fs_mounts cap;
	const char *cap_src;
};

/* the last entry for mp (the one on top, as mount -a leaves it), or NULL */
static const struct fs_mount *captured_mount(const struct srcopts *so, const char *mp)
{
	const struct fs_mount *hit = NULL;

	for (size_t i = 0; so->cap_src && i < so->cap.n; i++)
		if (so->cap.v[i].mountpoint && !strcmp(so->cap.v[i].mountpoint, mp))
			hit = &so->cap.v[i];
	return hit;
}

static const struct fs_fstab_ent *fstab_line(const struct fs_fstab *f, const char *mp)
{
	const struct fs_fstab_ent *hit = NULL;

	for (size_t i = 0; f && i < f->n; i++)
		if (!strcmp(f->v[i].file, mp))
			hit = &f->v[i];
	return hit;
}

/* the source host's options for its mount of mp; local: this machine's */
static void source_options(const struct srcopts *so, const char *mp, const char *local,
			   struct optpick *o)
{
	const struct fs_mount *c = captured_mount(so, mp);
	const struct fs_fstab_ent *e;

	o->local = local;
	if (c && c->options) {
		o->options = c->options;
		buf_addf(&o->source, "%s in the root", so->cap_src);
		return;
	}
	e = fstab_line(so->fstab, mp);
	if (e) {
		/* fstab(5): an empty or absent fs_mntops field is "defaults" */
		o->options = e->mntops && *e->mntops ? e->mntops : "defaults";
		buf_addf(&o->source, "etc/fstab line %d", e->line);
		return;
	}
	if (!so->fstab)
		buf_addf(&o->reason, "etc/fstab was not read (%s)", so->fstab_why);
	else
		buf_addf(&o->reason, "no etc/fstab line mounts %s", mp);
	if (so->cap_src)
		buf_addf(&o->reason, " and %s in the root has no mount of it", so->cap_src);
	if (local)
		buf_addf(&o->reason, "; this machine mounts it with '%s', which is not the "
			 "scanned system's", local);
}

/* a mount point under --root whose filesystem is not the scanned system's */
static int unknown_mount(struct scan_ctx *ctx, const struct srcopts *so,
			 const char *mountpoint, const char *why)
{
	struct optpick o = OPTPICK_INIT;
	struct dbrow r;

	source_options(so, mountpoint, NULL, &o);
	dbrow_init(&r, "mounts");
	dbrow_text(&r, "mountpoint", mountpoint);
	optpick_into(&r, &o);
	optpick_release(&o);
	dbrow_text(&r, "stat_status", "unknown");
	dbrow_text(&r, "stat_reason", why);
	if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0) {
		ctx_note(ctx, "store: cannot insert the mount of '%s'", mountpoint);
		return -1;
	}
	return 0;
}

static int mounts_root(struct scan_ctx *ctx, struct fsrun *run, const struct fs_mounts *t,
		       int have_table, const struct srcopts *so, int *rows)
{
	int root_seen = 0;

	for (size_t i = 0; i < t->n; i++) {
		const struct fs_mount *m = &t->v[i];
		const char *rel = under_root(ctx->root, m->mountpoint);
		struct optpick o = OPTPICK_INIT;
		int rc;

		if (!rel || fs_pseudo_type(m->fstype) || overmounted(t, i))
			continue;
		if (!strcmp(rel, "/"))
			root_seen = 1;
		/*
		 * A bind mount of a directory (mountinfo's root field is not /)
		 * shows the type and sizes of the filesystem that holds the
		 * directory, a copy's host, not the scanned system's.  A btrfs
		 * subvolume (/@, /@/home) is the filesystem itself.
		 */
		if (m->root && strcmp(m->root, "/") && (!m->fstype || strcmp(m->fstype, "btrfs"))) {
			char *why = xasprintf("a bind mount of the directory '%s' of %s (%s): its type "
					      "and free space are not the scanned system's", m->root,
					      m->source ? m->source : "?", m->fstype ? m->fstype : "?");
			rc = unknown_mount(ctx, so, rel, why);
			free(why);
			if (rc < 0)
				return -1;
			++*rows;
			continue;
		}
		source_options(so, rel, m->options, &o);
		rc = insert_mount(ctx, run, rel, m, NULL, m->mountpoint, &o);
		optpick_release(&o);
		if (rc < 0)
			return -1;
		++*rows;
	}
	if (root_seen)
		return 0;
	if (!have_table) {
		/* no mount table: a mount point has another device than its parent */
		struct stat a, b;
		struct buf parent = BUF_INIT;
		buf_addf(&parent, "%s/..", ctx->root);
		int mp = stat(ctx->root, &a) == 0 && stat(parent.data, &b) == 0 &&
			 a.st_dev != b.st_dev;
		buf_release(&parent);
		if (mp) {
			struct fs_mount m = { .mountpoint = ctx->root };
			struct optpick o = OPTPICK_INIT;
			int rc;
			source_options(so, "/", NULL, &o);
			rc = insert_mount(ctx, run, "/", &m, NULL, ctx->root, &o);
			optpick_release(&o);
			if (rc < 0)
				return -1;
			++*rows;
			return 0;
		}
	}
	if (unknown_mount(ctx, so, "/",
			  "--root DIR is not a mount point: its free space is not the scanned system's") < 0)
		return -1;
	++*rows;
	return 0;
}

/*
 * A mount table captured in the root (a plain file: ROOT/proc must not be
 * a procfs mounted on this machine, whose "self" would be premig's own).
 */
static void read_captured(struct scan_ctx *ctx, const struct fs_mounts *t, struct srcopts *so)
{
	struct buf live_proc = BUF_INIT;
	const char *src;
	int rc;

	buf_addf(&live_proc, "%s/proc", ctx->root);
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].mountpoint && !strcmp(t->v[i].mountpoint, live_proc.data)) {
			buf_release(&live_proc);
			return;
		}
	buf_release(&live_proc);
	rc = fs_read_captured_table(ctx, &so->cap, &src);
	if (rc < 0)
		ctx_note(ctx, "cannot read the captured mount table '%s': %s", src, err_str(rc));
	else if (rc == 0 && so->cap.n)
		so->cap_src = src;
}

static int collect_mounts(struct scan_ctx *ctx, struct srcopts *so, int *rows)
{
	struct fsrun run = { .timeout_ms = timeout_ms(ctx), .hung = BUF_INIT };
	struct fs_mounts t;
	const char *src;
	int rc;

	rc = fs_read_mount_table(ctx, &t, &src);
	if (rc < 0)
		ctx_note(ctx, "cannot read this machine's '/%s': %s", src, err_str(rc));
	if (t.bad)
		ctx_note(ctx, "/%s: %zu lines did not parse", src, t.bad);
	if (t.dropped)
		ctx_note(ctx, "/%s: %zu mounts over %d not recorded", src, t.dropped,
			 FS_MAX_MOUNTS);
	if (ctx->live) {
		rc = rc < 0 ? 0 : mounts_live(ctx, &run, &t, src, rows);
	} else {
		read_captured(ctx, &t, so);
		rc = mounts_root(ctx, &run, &t, rc == 0, so, rows);
	}
	reap_left(&run);
	buf_release(&run.hung);
	fs_mounts_release(&t);
	return rc;
}

/* how etc/fstab was read, so that rules tell "no entries" from "not read" */
static int fstab_read_row(struct scan_ctx *ctx, const char *status, const char *reason)
{
	struct dbrow r;

	dbrow_init(&r, "fstab_read");
	dbrow_text(&r, "path", "etc/fstab");
	dbrow_text(&r, "status", status);
	dbrow_text(&r, "reason", reason);
	return dbrow_insert(ctx->db, ctx->scan_id, &r);
}

/*
 * Reads and parses etc/fstab into *f.  Returns 1 when it was parsed, 0
 * when it is absent or unreadable (*why says which), <0 when the store
 * failed.
 */
static int read_fstab(struct scan_ctx *ctx, struct fs_fstab *f, const char **why)
{
	struct buf text = BUF_INIT;
	int rc;

	memset(f, 0, sizeof(*f));
	/* read as bytes: a binary line is skipped with a note, not the whole file */
	rc = fsread_cap(ctx, "etc/fstab", &text, FS_FSTAB_CAP, 0);
	if (rc == 1) {
		ctx_note(ctx, "no etc/fstab");
		*why = "it is absent";
		rc = fstab_read_row(ctx, "absent", NULL);
	} else if (rc < 0) {
		ctx_note_read(ctx, "etc/fstab", rc);
		*why = err_str(rc);
		rc = fstab_read_row(ctx, "unreadable", err_str(rc));
	} else if ((rc = fstab_read_row(ctx, "ok", NULL)) == 0) {
		fs_parse_fstab(ctx, "etc/fstab", text.data, text.len, f);
		rc = 1;
	}
	buf_release(&text);
	return rc;
}

/* a size with tmpfs's suffixes (memparse: k, m, g, t, p, e), or -1 */
static int64_t tmpfs_bytes(const char *s, size_t n)
{
	static const char suffixes[] = "kmgtpe";
	unsigned long long v = 0;
	size_t i = 0;

	if (!n)
		return -1;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, s[i] - '0', &v))
			return -1;
	if (i == 0)
		return -1;
	if (i < n) {
		const char *k = strchr(suffixes, s[i] | 0x20);
		if (!k || !*k || i + 1 != n)
			return -1;
		for (int shift = (int)(k - suffixes) + 1; shift > 0; shift--)
			if (__builtin_mul_overflow(v, 1024, &v))
				return -1;
	}
	return v > INT64_MAX ? -1 : (int64_t)v;
}

/*
 * The size of a tmpfs from its fstab options: size= (bytes with a suffix,
 * or a % of RAM), nr_blocks= (pages of 4 KiB on x86), else half of RAM.
 * ram_mib < 0: RAM unknown.  Fills the row's size columns.
 */
static void tmpfs_size(struct dbrow *r, const char *mntops, int64_t ram_mib)
{
	const char *size = NULL, *blocks = NULL;
	size_t nsize = 0, nblocks = 0;
	struct buf src = BUF_INIT, why = BUF_INIT;
	int64_t bytes = -1;

	for (const char *p = mntops ? mntops : ""; *p;) {
		size_t n = strcspn(p, ",");
		if (n > 5 && !strncmp(p, "size=", 5)) {
			size = p + 5;
			nsize = n - 5;
		} else if (n > 10 && !strncmp(p, "nr_blocks=", 10)) {
			blocks = p + 10;
			nblocks = n - 10;
		}
		p += n + (p[n] == ',');
	}
	if (size && nsize > 1 && size[nsize - 1] == '%') {
		/* the kernel: pct * PAGE_SIZE * totalram_pages / 100 */
		int64_t pct = tmpfs_bytes(size, nsize - 1);
		buf_addf(&src, "size=%.*s of RAM", (int)nsize, size);
		if (pct < 0 || pct > 1000000)
			buf_addf(&why, "size=%.*s is not a size", (int)nsize, size);
		else if (ram_mib < 0)
			buf_addf(&why, "size=%.*s of RAM, and RAM is unknown", (int)nsize, size);
		else if (ram_mib < INT64_MAX / 1048576 / 1000000)
			bytes = ram_mib * 1048576 * pct / 100;
	} else if (size) {
		bytes = tmpfs_bytes(size, nsize);
		buf_addf(&src, "size=%.*s", (int)nsize, size);
		if (bytes < 0)
			buf_addf(&why, "size=%.*s is not a size", (int)nsize, size);
	} else if (blocks) {
		int64_t pages = tmpfs_bytes(blocks, nblocks);
		buf_addf(&src, "nr_blocks=%.*s pages of 4096 bytes", (int)nblocks, blocks);
		if (pages < 0 || pages > INT64_MAX / 4096)
			buf_addf(&why, "nr_blocks=%.*s is not a count", (int)nblocks, blocks);
		else
			bytes = pages * 4096;
	} else {
		buf_adds(&src, "no size=: the kernel's default, half of RAM");
		if (ram_mib < 0)
			buf_adds(&why, "no size= gives half of RAM, and RAM is unknown");
		else
			bytes = ram_mib * 1048576 / 2;
	}
	/* rounded up to whole pages */
	if (bytes > 0 && bytes <= INT64_MAX - 4095)
		bytes = (bytes + 4095) / 4096 * 4096;
	if (bytes == 0 && !why.len) {
		/* size=0 and nr_blocks=0 lift the limit: as much as RAM and swap give */
		buf_adds(&why, "size=0: a tmpfs without a limit");
		bytes = -1;
	}
	dbrow_int_if(r, "size_bytes", bytes >= 0, bytes);
	dbrow_text(r, "size_source", src.data);
	dbrow_text(r, "size_reason", why.len ? why.data : NULL);
	buf_release(&src);
	buf_release(&why);
}

/* this scan's RAM in MiB from the hardware collector, or -1 */
static int64_t scan_ram_mib(struct scan_ctx *ctx)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT ram_mib FROM hardware WHERE scan_id = ?1"
					       " AND ram_mib > 0");
	int64_t v = -1;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, ctx->scan_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int insert_fstab(struct scan_ctx *ctx, const struct fs_fstab *f, int *rows)
{
	int64_t ram_mib = -2;
	int rc = 0;

	for (size_t i = 0; i < f->n && rc == 0; i++) {
		const struct fs_fstab_ent *e = &f->v[i];
		const char *kind = fs_spec_kind(e->spec, e->vfstype);
		char *dev = fs_resolve_spec(ctx, e->spec, kind);
		struct dbrow r;

		dbrow_init(&r, "fstab");
		dbrow_int(&r, "line", e->line);
		dbrow_text(&r, "spec", e->spec);
		dbrow_text(&r, "spec_kind", kind);
		dbrow_text(&r, "device", dev);
		dbrow_text(&r, "mountpoint", e->file);
		dbrow_text(&r, "fstype", e->vfstype);
		dbrow_text(&r, "options", e->mntops);
		/* nobootwait is Ubuntu's nofail of the upstart years (up to 14.04) */
		dbrow_int(&r, "nofail", fs_opt_has(e->mntops, "nofail") ||
					fs_opt_has(e->mntops, "nobootwait"));
		dbrow_int(&r, "noexec", fs_opt_has(e->mntops, "noexec"));
		dbrow_int(&r, "network", fs_network_type(e->vfstype) ||
					 fs_network_source(e->spec));
		if (e->vfstype && !strcmp(e->vfstype, "tmpfs")) {
			if (ram_mib == -2)
				ram_mib = scan_ram_mib(ctx);
			tmpfs_size(&r, e->mntops, ram_mib);
		}
		if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0) {
			ctx_note(ctx, "store: cannot insert etc/fstab line %d", e->line);
			rc = -1;
		} else {
			++*rows;
		}
		free(dev);
	}
	return rc;
}

/* ---- systemd's tmp.mount: /tmp on a tmpfs without an fstab line ---- */

/*
 * systemd mounts /tmp from tmp.mount when a target pulls it in: Debian 13
 * ships it so (usr/lib/systemd/system/local-fs.target.wants/tmp.mount,
 * size=50%); a unit in etc/systemd/system overrides an fstab line, which
 * overrides a vendor unit (systemd.unit(5) unit search path: etc, then
 * the generators' run/systemd/generator, then usr/lib).  A copy has no
 * run/, so only etc and the vendor directories are read; drop-ins
 * (tmp.mount.d/ *.conf) apply in name order, the last Options= winning.
 */
#define UNIT_CAP (256 * 1024)

static const char *const unit_dirs[] = {
	"etc/systemd/system", "usr/local/lib/systemd/system", "usr/lib/systemd/system",
	"lib/systemd/system",
};

struct mount_unit {
	struct buf path, evidence;
	char *what, *type, *where, *options;
	int cond_not_link;		/* ConditionPathIsSymbolicLink=!/tmp */
};

static void set_value(char **dst, const char *v, size_t n)
{
	struct buf b = BUF_INIT;

	/* systemd.unit(5): "%%" is a single "%"; other specifiers are kept */
	for (size_t i = 0; i < n; i++) {
		buf_addc(&b, v[i]);
		if (v[i] == '%' && i + 1 < n && v[i + 1] == '%')
			i++;
	}
	free(*dst);
	*dst = xstrdup(b.data ? b.data : "");
	buf_release(&b);
}

/* reads the [Mount] keys of one unit file or drop-in; 0, or <0 */
static int read_unit(struct scan_ctx *ctx, const char *path, struct mount_unit *u)
{
	struct buf text = BUF_INIT;
	int rc = fsread_cap(ctx, path, &text, UNIT_CAP, FSREAD_TEXT), mount = 0, unit = 0;

	if (rc != 0) {
		buf_release(&text);
		return rc < 0 ? rc : -ENOENT;
	}
	for (const char *p = text.data; *p;) {
		size_t n = strcspn(p, "\n"), k;
		const char *l = p;
		p += n + (p[n] == '\n');
		while (n && (*l == ' ' || *l == '\t'))
			l++, n--;
		while (n && (l[n - 1] == ' ' || l[n - 1] == '\t' || l[n - 1] == '\r'))
			n--;
		if (!n || *l == '#' || *l == ';')
			continue;
		if (*l == '[') {
			mount = n == 7 && !strncmp(l, "[Mount]", 7);
			unit = n == 6 && !strncmp(l, "[Unit]", 6);
			continue;
		}
		k = strcspn(l, "=");
		if (k >= n)
			continue;
		const char *v = l + k + 1;
		size_t vn = n - k - 1;
		while (k && (l[k - 1] == ' ' || l[k - 1] == '\t'))
			k--;
		while (vn && (*v == ' ' || *v == '\t'))
			v++, vn--;
#define KEY(name) (k == sizeof(name) - 1 && !strncmp(l, name, k))
		if (mount && KEY("Options"))
			set_value(&u->options, v, vn);
		else if (mount && KEY("Type"))
			set_value(&u->type, v, vn);
		else if (mount && KEY("What"))
			set_value(&u->what, v, vn);
		else if (mount && KEY("Where"))
			set_value(&u->where, v, vn);
		else if (unit && KEY("ConditionPathIsSymbolicLink"))
			u->cond_not_link = vn == 5 && !strncmp(v, "!/tmp", 5);
#undef KEY
	}
	buf_release(&text);
	return 0;
}

/* the drop-ins of tmp.mount in every unit directory, in name order */
static void read_dropins(struct scan_ctx *ctx, struct mount_unit *u)
{
	for (size_t d = ARRAY_SIZE(unit_dirs); d-- > 0;) {
		struct buf dir = BUF_INIT;
		char **names;
		size_t n;

		buf_addf(&dir, "%s/tmp.mount.d", unit_dirs[d]);
		if (sysroot_list(ctx, dir.data, &names, &n) == 0) {
			for (size_t i = 0; i < n && i < 64; i++) {
				struct buf f = BUF_INIT;
				size_t len = strlen(names[i]);
				if (len > 5 && !strcmp(names[i] + len - 5, ".conf")) {
					buf_addf(&f, "%s/%s", dir.data, names[i]);
					if (read_unit(ctx, f.data, u) == 0)
						buf_addf(&u->evidence, "; drop-in %s", f.data);
				}
				buf_release(&f);
			}
			sysroot_names_free(names, n);
		}
		buf_release(&dir);
	}
}

/* is a link named tmp.mount in a .wants/ or .requires/ of local-fs.target? */
static const char *pulled_in(struct scan_ctx *ctx, struct buf *where)
{
	static const char *const kinds[] = { "wants", "requires" };
	struct stat st;

	for (size_t d = 0; d < ARRAY_SIZE(unit_dirs); d++)
		for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
			buf_clear(where);
			buf_addf(where, "%s/local-fs.target.%s/tmp.mount", unit_dirs[d], kinds[k]);
			if (sysroot_lstat(ctx, where->data, &st) == 0)
				return where->data;
		}
	return NULL;
}

static void mount_unit_release(struct mount_unit *u)
{
	buf_release(&u->path);
	buf_release(&u->evidence);
	free(u->what);
	free(u->type);
	free(u->where);
	free(u->options);
}

/*
 * Offline: the tmp.mount that the source host's systemd starts at boot,
 * when no fstab line of /tmp overrides it, as a mount_units row.
 */
static int collect_tmp_unit(struct scan_ctx *ctx, const struct fs_fstab *f, int *rows)
{
	struct mount_unit u = { BUF_INIT, BUF_INIT, NULL, NULL, NULL, NULL, 0 };
	struct buf wants = BUF_INIT, link = BUF_INIT;
	const char *by;
	struct stat st;
	size_t d;
	int rc = 0;

	for (d = 0; d < ARRAY_SIZE(unit_dirs); d++) {
		buf_clear(&u.path);
		buf_addf(&u.path, "%s/tmp.mount", unit_dirs[d]);
		if (sysroot_lstat(ctx, u.path.data, &st) == 0)
			break;
	}
	if (d == ARRAY_SIZE(unit_dirs))
		goto out;
	/* an fstab line overrides a vendor unit, not one in etc */
	if (d > 0 && fstab_line(f, "/tmp"))
		goto out;
	/* masked: a link to /dev/null, or an empty file */
	if ((S_ISLNK(st.st_mode) && sysroot_readlink(ctx, u.path.data, &link) == 0 &&
	     !strcmp(link.data, "/dev/null")) || (S_ISREG(st.st_mode) && st.st_size == 0)) {
		ctx_note(ctx, "%s is masked: systemd does not mount /tmp", u.path.data);
		goto out;
	}
	by = pulled_in(ctx, &wants);
	if (!by)
		goto out;
	if (read_unit(ctx, u.path.data, &u) < 0) {
		ctx_note(ctx, "cannot read '%s': /tmp's mount at boot unknown", u.path.data);
		goto out;
	}
	buf_addf(&u.evidence, "%s, pulled in by %s", u.path.data, by);
	read_dropins(ctx, &u);
	if (!u.where || strcmp(u.where, "/tmp"))
		goto out;
	if (u.cond_not_link && sysroot_lstat(ctx, "tmp", &st) == 0 && S_ISLNK(st.st_mode)) {
		ctx_note(ctx, "%s: /tmp is a symbolic link, so systemd does not mount it", u.path.data);
		goto out;
	}
	struct dbrow r;
	dbrow_init(&r, "mount_units");
	dbrow_text(&r, "unit", "tmp.mount");
	dbrow_text(&r, "path", u.path.data);
	dbrow_text(&r, "mountpoint", u.where);
	dbrow_text(&r, "what", u.what);
	dbrow_text(&r, "fstype", u.type);
	dbrow_text(&r, "options", u.options);
	dbrow_text(&r, "evidence", u.evidence.data);
	if (u.type && !strcmp(u.type, "tmpfs"))
		tmpfs_size(&r, u.options, scan_ram_mib(ctx));
	if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0) {
		ctx_note(ctx, "store: cannot insert the mount unit '%s'", u.path.data);
		rc = -1;
	} else {
		++*rows;
	}
out:
	mount_unit_release(&u);
	buf_release(&wants);
	buf_release(&link);
	return rc;
}

int collect_filesystems(struct scan_ctx *ctx)
{
	struct srcopts so = { 0 };
	struct fs_fstab f;
	int rows = 0, rc;

	rc = read_fstab(ctx, &f, &so.fstab_why);
	if (rc < 0)
		return -1;
	so.fstab = rc ? &f : NULL;
	rc = collect_mounts(ctx, &so, &rows);
	if (rc == 0)
		rc = insert_fstab(ctx, &f, &rows);
	if (rc == 0 && !ctx->live)
		rc = collect_tmp_unit(ctx, so.fstab, &rows);
	fs_mounts_release(&so.cap);
	fs_fstab_release(&f);
	if (rc < 0)
		return -1;
	/* there is always a "/": no row at all means nothing could be read */
	return rows ? 0 : -1;
}
