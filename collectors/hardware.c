/*
 * hardware.c - CPU topology, RAM, DMI identity and virtualization
 *
 * Sources, each read once:
 *  - proc/cpuinfo (proc(5)): the x86 fields "physical id", "core id",
 *    "siblings", "cpu cores", "model name" and "flags" as the kernel's
 *    arch/x86/kernel/cpu/proc.c prints them; "CPU implementer"/"CPU part"
 *    on arm64, "cpu" on powerpc, "processor N: ... machine = M" on s390.
 *  - sys/devices/system/cpu/{online,present} and cpuN/topology/
 *    {physical_package_id,core_id} (the kernel's cputopology.rst), which
 *    cross-check the cpuinfo ids and stand in for them where cpuinfo has
 *    none.
 *  - proc/meminfo MemTotal and MemAvailable (proc(5)).
 *  - sys/class/dmi/id (the kernel's view of the SMBIOS tables, DMTF
 *    DSP0134); product_serial and product_uuid are readable by root only.
 *  - sys/hypervisor/{type,guest_type,uuid} and proc/xen/capabilities (Xen).
 *  - on a live x86 host, CPUID leaf 1 ECX bit 31 (the hypervisor bit) and
 *    the hypervisor vendor leaf 0x40000000 (Intel SDM vol. 2A, "CPUID";
 *    the leaf range is reserved for hypervisors).
 *
 * A count that cannot be derived honestly is NULL, with a note saying why.
 * "physical" needs positive evidence: DMI tables that name no hypervisor
 * and a hypervisor check that came out negative.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define HAVE_CPUID 1
#endif

#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/fsread.h"
#include "collectors.h"
#include "lib/cpuinfo.h"
#include "../scanner/hostid.h"
#include "../scanner/str.h"
#include "../scanner/banned.h"

/* ---- numbers ----------------------------------------------------------- */

/* quoting read text in a note: its first line, at most max bytes ("%.*s") */
static int line_len(const char *s, int max)
{
	size_t n = strcspn(s, "\n");

	return n < (size_t)max ? (int)n : max;
}
#define SAMPLE(s, max) line_len((s), (max)), (s)

/*
 * A sysfs topology id: a number, or "-1" for "the kernel does not know".
 * Returns 0 and sets *v (possibly -1), or -1 when s is not a number.
 */
static int parse_topo_id(const char *s, long *v)
{
	if (!strcmp(s, "-1")) {
		*v = -1;
		return 0;
	}
	*v = cpuinfo_num(s, INT_MAX);
	return *v < 0 ? -1 : 0;
}

/*
 * A kernel CPU list ("0-3,8,10-11", cpu-lists in the kernel's
 * admin-guide): sets mask[i] for every CPU i in it, counts them.
 * Returns 0, or -1 when the text is not a list of CPUs below CPU_MAX.
 */
static int parse_cpulist(const char *s, unsigned char *mask, size_t *count)
{
	*count = 0;
	memset(mask, 0, CPU_MAX);
	while (*s) {
		char *end;
		unsigned long a, b;

		if (!isdigit((unsigned char)*s))
			return -1;
		errno = 0;
		a = strtoul(s, &end, 10);
		if (errno || a >= CPU_MAX)
			return -1;
		b = a;
		if (*end == '-') {
			s = end + 1;
			if (!isdigit((unsigned char)*s))
				return -1;
			b = strtoul(s, &end, 10);
			if (errno || b >= CPU_MAX || b < a)
				return -1;
		}
		for (unsigned long i = a; i <= b; i++) {
			if (!mask[i])
				(*count)++;
			mask[i] = 1;
		}
		s = end;
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	return 0;
}

static int cmp_topo(const void *a, const void *b)
{
	const struct cpu *x = a, *y = b;

	if (x->pkg != y->pkg)
		return (x->pkg > y->pkg) - (x->pkg < y->pkg);
	if (x->core != y->core)
		return (x->core > y->core) - (x->core < y->core);
	return (x->id > y->id) - (x->id < y->id);
}

/* ---- topology ---------------------------------------------------------- */

struct topo {
	int known;
	long sockets, cores;
};

/* distinct packages and (package, core) pairs; sorts v by them */
static void topo_count(struct cpu *v, size_t n, struct topo *t)
{
	t->known = n > 0;
	t->sockets = t->cores = 0;
	qsort(v, n, sizeof(*v), cmp_topo);
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || v[i].pkg != v[i - 1].pkg)
			t->sockets++;
		if (i == 0 || v[i].pkg != v[i - 1].pkg || v[i].core != v[i - 1].core)
			t->cores++;
	}
}

/* do the x86 per-package claims agree with the ids?  v sorted by topo */
static int cpuinfo_consistent(const struct cpu *v, size_t n, struct buf *why)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		long threads = 0, cores = 0;

		for (; j < n && v[j].pkg == v[i].pkg; j++) {
			threads++;
			if (j == i || v[j].core != v[j - 1].core)
				cores++;
		}
		for (size_t k = i; k < j; k++) {
			if (v[k].siblings >= 0 && v[k].siblings != threads) {
				buf_addf(why, "proc/cpuinfo: physical id %ld has %ld logical CPUs "
					 "but processor %ld says siblings %ld",
					 v[i].pkg, threads, v[k].id, v[k].siblings);
				return 0;
			}
			if (v[k].ncores >= 0 && v[k].ncores != cores) {
				buf_addf(why, "proc/cpuinfo: physical id %ld has %ld cores "
					 "but processor %ld says cpu cores %ld",
					 v[i].pkg, cores, v[k].id, v[k].ncores);
				return 0;
			}
		}
		i = j;
	}
	return 1;
}

/* sys/devices/system/cpu: the online CPUs' topology ids */
struct systopo {
	struct cpu *cpu;
	size_t n;
	size_t dirs;		/* cpuN directories considered */
	int listed;		/* sys/devices/system/cpu could be listed */
	int unknown_ids;	/* a "-1" id: the kernel does not know */
	struct buf why;		/* why it cannot be used */
	unsigned char *online;	/* mask, or NULL when unknown */
	size_t nonline;
	long npresent;		/* -1: unknown */
};

static void systopo_read_lists(struct scan_ctx *ctx, struct systopo *st)
{
	struct buf b = BUF_INIT;
	unsigned char *mask = xmalloc(CPU_MAX);
	size_t n;
	int rc;

	st->npresent = -1;
	rc = fsread_line(ctx, "sys/devices/system/cpu/present", &b);
	if (rc == 0 && parse_cpulist(b.data, mask, &n) == 0)
		st->npresent = (long)n;
	else if (rc == 0)
		ctx_note(ctx, "cannot parse 'sys/devices/system/cpu/present' ('%.*s')", SAMPLE(b.data, 40));
	rc = fsread_line(ctx, "sys/devices/system/cpu/online", &b);
	if (rc == 0 && parse_cpulist(b.data, mask, &n) == 0) {
		st->online = mask;
		st->nonline = n;
		mask = NULL;
	} else if (rc == 0) {
		ctx_note(ctx, "cannot parse 'sys/devices/system/cpu/online' ('%.*s')", SAMPLE(b.data, 40));
	}
	free(mask);
	buf_release(&b);
}

/* a value that is not a topology id (distinct from any -errno) */
#define TOPO_NAN INT_MIN

/* one topology file of cpu: 0 and *v set, 1 absent, <0 unreadable or TOPO_NAN */
static int topo_file(struct scan_ctx *ctx, const char *cpu, const char *name,
		     struct buf *path, struct buf *val, long *v)
{
	int rc;

	buf_clear(path);
	buf_addf(path, "sys/devices/system/cpu/%s/topology/%s", cpu, name);
	rc = fsread_line(ctx, path->data, val);
	if (rc == 0 && parse_topo_id(val->data, v) < 0)
		rc = TOPO_NAN;
	return rc;
}

static void systopo_read(struct scan_ctx *ctx, struct systopo *st)
{
	struct buf path = BUF_INIT, val = BUF_INIT;
	char **names = NULL;
	size_t count = 0, alloc = 0;
	int rc;

	systopo_read_lists(ctx, st);
	rc = sysroot_list(ctx, "sys/devices/system/cpu", &names, &count);
	if (rc < 0)
		buf_addf(&st->why, "cannot list 'sys/devices/system/cpu': %s", err_str(rc));
	if (rc != 0)
		goto out;
	st->listed = 1;
	for (size_t i = 0; i < count; i++) {
		long id, pkg = -1, core = -1;
		int rp, rcore;

		if (strncmp(names[i], "cpu", 3) || (id = cpuinfo_num(names[i] + 3, CPU_MAX - 1)) < 0)
			continue;
		if (st->online && !st->online[id])
			continue;
		st->dirs++;
		rp = topo_file(ctx, names[i], "physical_package_id", &path, &val, &pkg);
		rcore = rp == 0 ? topo_file(ctx, names[i], "core_id", &path, &val, &core) : rp;
		if (rp > 0 || rcore > 0)
			continue;	/* no topology directory: counted as missing below */
		if (rp < 0 || rcore < 0) {
			if (!st->why.len)
				buf_addf(&st->why, "'%s': %s", path.data,
					 (rp == TOPO_NAN || rcore == TOPO_NAN) ? "not a number"
					 : err_str(rp < 0 ? rp : rcore));
			continue;
		}
		if (pkg < 0 || core < 0) {
			st->unknown_ids = 1;
			continue;
		}
		if (st->n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			st->cpu = xrealloc(st->cpu, alloc * sizeof(*st->cpu));
		}
		st->cpu[st->n].id = id;
		st->cpu[st->n].pkg = pkg;
		st->cpu[st->n].core = core;
		st->cpu[st->n].siblings = st->cpu[st->n].ncores = -1;
		st->n++;
	}
out:
	sysroot_names_free(names, count);
	buf_release(&path);
	buf_release(&val);
}

/* ---- the CPU facts ----------------------------------------------------- */

struct cpufacts {
	char *model;
	int threads_known, topo_known;
	long threads, sockets, cores;
};

static void cpu_model(struct scan_ctx *ctx, const struct cpuinfo *ci, struct cpufacts *f)
{
	int differ = 0;

	f->model = cpuinfo_model(ci, &differ);
	if (differ)
		ctx_note(ctx, "cpu model: processors differ; cpu_model is the first one's");
	else if (!f->model && ci->rc == 0 && ci->n)
		ctx_note(ctx, "cpu model: proc/cpuinfo names none");
}

/* why proc/cpuinfo gives no count, for the notes */
static const char *cpuinfo_state(const struct cpuinfo *ci)
{
	if (ci->rc > 0)
		return "no proc/cpuinfo";
	if (ci->rc < 0)
		return "proc/cpuinfo is unreadable";
	if (ci->bad & CI_BAD_LIST)
		return "proc/cpuinfo is not usable";
	if (!ci->n)
		return "proc/cpuinfo lists no processor";
	return "proc/cpuinfo is usable";
}

static const char *cpuinfo_topo_state(const struct cpuinfo *ci)
{
	if (ci->rc != 0 || (ci->bad & CI_BAD_LIST) || !ci->n)
		return cpuinfo_state(ci);
	if (ci->bad)
		return "proc/cpuinfo ids are not usable";
	return "proc/cpuinfo has no physical id and core id for every processor";
}

static void cpu_facts(struct scan_ctx *ctx, struct cpuinfo *ci, struct systopo *st,
		      struct cpufacts *f)
{
	struct topo a = { 0 }, b = { 0 };
	struct buf why = BUF_INIT;
	int a_all = 0;

	cpu_model(ctx, ci, f);

	/* threads: the logical CPUs proc/cpuinfo lists, else the online list */
	if (ci->rc == 0 && ci->n && !(ci->bad & CI_BAD_LIST)) {
		f->threads_known = 1;
		f->threads = (long)ci->n;
	} else if (st->online && st->nonline) {
		f->threads_known = 1;
		f->threads = (long)st->nonline;
	}
	if (ci->bad & CI_BAD_LIST)
		ctx_note(ctx, "%s", ci->why_list.data);
	else if (ci->bad & CI_BAD_IDS)
		ctx_note(ctx, "%s", ci->why_ids.data);
	if (!f->threads_known)
		ctx_note(ctx, "cpu threads: unknown (%s, and %s)", cpuinfo_state(ci),
			 st->online ? "sys/devices/system/cpu/online lists none"
			 : "no sys/devices/system/cpu/online");
	if (f->threads_known && st->npresent > f->threads)
		ctx_note(ctx, "%ld of %ld present logical CPUs are online; the counts are of online CPUs",
			 f->threads, st->npresent);

	/* source A: the cpuinfo ids, when every processor has both */
	if (ci->rc == 0 && ci->n && !ci->bad) {
		a_all = 1;
		for (size_t i = 0; i < ci->n; i++)
			if (ci->cpu[i].pkg < 0 || ci->cpu[i].core < 0)
				a_all = 0;
	}
	if (a_all) {
		topo_count(ci->cpu, ci->n, &a);
		if (!cpuinfo_consistent(ci->cpu, ci->n, &why))
			a.known = 0;
	}
	/* source B: sysfs, when it covers every logical CPU */
	if (st->n && !st->why.len && !st->unknown_ids &&
	    (!f->threads_known || (long)st->n == f->threads) && st->n == st->dirs) {
		topo_count(st->cpu, st->n, &b);
	} else if (st->n || st->dirs) {
		if (!st->why.len) {
			if (st->unknown_ids)
				buf_adds(&st->why, "sys/devices/system/cpu: a topology id is -1 "
					 "(unknown to the kernel)");
			else
				buf_addf(&st->why, "sys/devices/system/cpu has topology for "
					 "%zu of %ld logical CPUs",
					 st->n, f->threads_known ? f->threads : (long)st->dirs);
		}
	}

	if (a.known && b.known) {
		if (a.sockets == b.sockets && a.cores == b.cores) {
			f->topo_known = 1;
			f->sockets = a.sockets;
			f->cores = a.cores;
		} else {
			ctx_note(ctx, "cpu sockets and cores: proc/cpuinfo says %ld and %ld, "
				 "sys/devices/system/cpu says %ld and %ld",
				 a.sockets, a.cores, b.sockets, b.cores);
		}
	} else if (a.known && !why.len) {
		f->topo_known = 1;
		f->sockets = a.sockets;
		f->cores = a.cores;
	} else if (b.known && !why.len) {
		f->topo_known = 1;
		f->sockets = b.sockets;
		f->cores = b.cores;
	} else if (!why.len && f->threads_known && f->threads == 1 && !ci->bad) {
		/* one logical CPU is one core in one socket, whatever else is missing */
		f->topo_known = 1;
		f->sockets = f->cores = 1;
	}
	if (!f->topo_known && !(a.known && b.known)) {
		if (why.len)
			ctx_note(ctx, "cpu sockets and cores: %s", why.data);
		else
			ctx_note(ctx, "cpu sockets and cores: unknown (%s, and %s)", cpuinfo_topo_state(ci),
				 st->why.len ? st->why.data : "no sys/devices/system/cpu topology");
	}
	buf_release(&why);
}

/* ---- proc/meminfo ------------------------------------------------------ */

/*
 * MemAvailable is the kernel's own estimate of the memory that new programs
 * can get without swapping (proc(5); added in Linux 3.14 by commit
 * 34e431b0ae39, which computes it from the zones' watermarks, the file LRU
 * lists and reclaimable slab).  Older kernels (RHEL 6, SLES 11) do not
 * print it; Red Hat's RHEL 6.6 backport (kernel 2.6.32-504) prints it only
 * with vm.meminfo_legacy_layout = 0.  Without it the available memory is
 * NULL with the reason.  It is not replaced by an estimate of premig's,
 * and the sum MemFree + Buffers + Cached that tools used before is not kept
 * either, not even as a fact of its own: the same commit explains why it is
 * wrong in both directions (Cached counts shared memory and tmpfs, which
 * cannot be freed, and the sum leaves out reclaimable slab), so no rule
 * could judge a pass or a fail from it.
 */
struct meminfo {
	int have_total, have_avail;
	int64_t total_mib, avail_mib;
	struct buf avail_why;	/* why avail_mib is unknown */
};

/*
 * The "key:" line of meminfo text, a size in kB.  Returns 0 and sets *kb;
 * 1 when there is no such line; -1 when its value is not a size in kB, with
 * *at pointing to the value, for the note.
 */
static int meminfo_kb(const char *text, const char *key, unsigned long long *kb,
		      const char **at)
{
	size_t n = strlen(key);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		char *end;

		if (strncmp(p, key, n) || p[n] != ':')
			continue;
		p += n + 1;
		while (*p == ' ' || *p == '\t')
			p++;
		*at = p;
		errno = 0;
		*kb = strtoull(p, &end, 10);
		if (!isdigit((unsigned char)*p) || errno || end == p ||
		    strncmp(end, " kB", 3) || (end[3] && end[3] != '\n') ||
		    *kb / 1024 > INT64_MAX)
			return -1;
		return 0;
	}
	return 1;
}

/* MemTotal and MemAvailable in MiB; what is unknown gets a note */
static void meminfo_read(struct scan_ctx *ctx, struct buf *b, struct meminfo *mi)
{
	unsigned long long total = 0, avail;
	const char *at = NULL;
	int rc = fsread(ctx, "proc/meminfo", b);

	if (rc > 0) {
		ctx_note(ctx, "ram: no proc/meminfo");
		buf_adds(&mi->avail_why, "no proc/meminfo");
		return;
	}
	if (rc < 0) {
		ctx_note_read(ctx, "proc/meminfo", rc);
		buf_addf(&mi->avail_why, "cannot read 'proc/meminfo': %s", err_str(rc));
		return;
	}

	rc = meminfo_kb(b->data, "MemTotal", &total, &at);
	if (rc == 0) {
		mi->have_total = 1;
		mi->total_mib = (int64_t)(total / 1024);
	} else if (rc < 0) {
		ctx_note(ctx, "ram: proc/meminfo MemTotal is not a size in kB ('%.*s')",
			 SAMPLE(at, 40));
	} else {
		ctx_note(ctx, "ram: proc/meminfo has no MemTotal");
	}

	rc = meminfo_kb(b->data, "MemAvailable", &avail, &at);
	if (rc > 0) {
		buf_adds(&mi->avail_why, "proc/meminfo has no MemAvailable "
			 "(Linux before 3.14 does not print it)");
	} else if (rc < 0) {
		buf_addf(&mi->avail_why, "proc/meminfo MemAvailable is not a size in kB ('%.*s')",
			 SAMPLE(at, 40));
	} else if (mi->have_total && avail > total) {
		/* MemAvailable counts pages within MemTotal: this file is not to be believed */
		buf_addf(&mi->avail_why, "proc/meminfo MemAvailable (%llu kB) is larger than "
			 "MemTotal (%llu kB)", avail, total);
	} else {
		mi->have_avail = 1;
		mi->avail_mib = (int64_t)(avail / 1024);
	}
	if (!mi->have_avail)
		ctx_note(ctx, "ram available: %s", mi->avail_why.data);
}

/* ---- DMI --------------------------------------------------------------- */

enum {
	DMI_SYS_VENDOR, DMI_PRODUCT_NAME, DMI_PRODUCT_SERIAL, DMI_PRODUCT_UUID,
	DMI_BIOS_VENDOR, DMI_BIOS_VERSION, DMI_CHASSIS_ASSET_TAG, DMI_N
};

static const char *const dmi_names[DMI_N] = {
	"sys_vendor", "product_name", "product_serial", "product_uuid",
	"bios_vendor", "bios_version", "chassis_asset_tag",
};

struct dmi {
	char *raw[DMI_N];	/* as read; NULL when absent, unreadable or empty */
	char *val[DMI_N];	/* what is stored: placeholders dropped */
	int rc[DMI_N];
	int any;		/* some file of the table exists */
};

/* what firmware writes when nobody filled the field in */
static const char *const dmi_placeholders[] = {
	"To be filled by O.E.M.", "To Be Filled By O.E.M.", "Not Specified",
	"Not Applicable", "Default string", "System Serial Number",
	"System Product Name", "System manufacturer", "System Manufacturer", "None",
	"OEM", "O.E.M.", "0", "0123456789", "123456789", "Not Available",
	"Type1ProductConfigId", "Chassis Serial Number", "Unknown",
};


static void dmi_read(struct scan_ctx *ctx, struct dmi *d)
{
	struct buf b = BUF_INIT, path = BUF_INIT;

	for (int i = 0; i < DMI_N; i++) {
		buf_clear(&path);
		buf_addf(&path, "sys/class/dmi/id/%s", dmi_names[i]);
		d->rc[i] = fsread_line(ctx, path.data, &b);
		if (d->rc[i] <= 0)
			d->any = 1;
		if (d->rc[i] == 0 && b.len)
			d->raw[i] = xstrdup(b.data);
	}
	if (!d->any) {
		ctx_note(ctx, "dmi: 'sys/class/dmi/id' is absent");
		goto out;
	}
	for (int i = 0; i < DMI_N; i++) {
		int stored = i <= DMI_BIOS_VENDOR;
		char *v = d->raw[i];

		buf_clear(&path);
		buf_addf(&path, "sys/class/dmi/id/%s", dmi_names[i]);
		if (d->rc[i] < 0 && stored) {
			if ((d->rc[i] == -EACCES || d->rc[i] == -EPERM) && !ctx->as_root)
				ctx_note(ctx, "not root: cannot read '%s': %s", path.data,
					 err_str(d->rc[i]));
			else
				ctx_note_read(ctx, path.data, d->rc[i]);
		}
		if (!stored || d->rc[i] != 0)
			continue;
		if (!v) {
			ctx_note(ctx, "dmi: %s is empty", dmi_names[i]);
			continue;
		}
		int placeholder = 0;
		for (size_t k = 0; k < ARRAY_SIZE(dmi_placeholders); k++)
			if (!strcasecmp(v, dmi_placeholders[k]))
				placeholder = 1;
		if (i == DMI_PRODUCT_UUID && !placeholder) {
			char *u = xstrdup(v);
			if (!hostid_uuid_valid(u)) {
				ctx_note(ctx, "dmi: product_uuid is not a UUID ('%.*s')", SAMPLE(v, 40));
				free(u);
				continue;
			}
			placeholder = !hostid_uuid_usable(u);
			if (!placeholder) {
				d->val[i] = u;
				continue;
			}
			free(u);
		}
		if (placeholder) {
			ctx_note(ctx, "dmi: %s is a placeholder ('%.*s')", dmi_names[i], SAMPLE(v, 40));
			continue;
		}
		d->val[i] = xstrdup(v);
	}
	for (int i = 0; i <= DMI_BIOS_VENDOR; i++)
		if (d->rc[i] > 0)
			ctx_note(ctx, "dmi: no 'sys/class/dmi/id/%s'", dmi_names[i]);
out:
	buf_release(&b);
	buf_release(&path);
}

static void dmi_release(struct dmi *d)
{
	for (int i = 0; i < DMI_N; i++) {
		free(d->raw[i]);
		free(d->val[i]);
	}
}

/* ---- virtualization ---------------------------------------------------- */

/* a hypervisor name outside the classes: the class is unknown, evidence says which */
#define VIRT_OTHER "other"

enum { M_EQ, M_PREFIX, M_SUBSTR_NOCASE };

/*
 * DMI strings that name a hypervisor, in the order they are tried:
 * systemd's detect-virt table and the vendors' own documentation
 * (VMware KB 1009458, Hyper-V "Virtual Machine", EC2 "Amazon EC2" and the
 * Xen "4.x.amazon" BIOS of its HVM instances).
 */
static const struct dmi_rule {
	int field;
	int how;
	const char *text;
	const char *virt;
} dmi_rules[] = {
	{ DMI_SYS_VENDOR, M_EQ, "Amazon EC2", "amazon" },
	{ DMI_PRODUCT_NAME, M_EQ, "Amazon EC2", "amazon" },
	{ DMI_BIOS_VENDOR, M_EQ, "Amazon EC2", "amazon" },
	{ DMI_BIOS_VERSION, M_SUBSTR_NOCASE, "amazon", "amazon" },
	{ DMI_SYS_VENDOR, M_PREFIX, "VMware", "vmware" },
	{ DMI_SYS_VENDOR, M_PREFIX, "QEMU", "kvm" },
	{ DMI_SYS_VENDOR, M_PREFIX, "Red Hat", "kvm" },
	{ DMI_SYS_VENDOR, M_PREFIX, "oVirt", "kvm" },
	{ DMI_SYS_VENDOR, M_EQ, "Google", "kvm" },
	{ DMI_SYS_VENDOR, M_EQ, "Bochs", "kvm" },
	/* KVM clouds that put their own name in DMI (systemd lists OpenStack
	 * and KubeVirt; the others' instances run on KVM) */
	{ DMI_SYS_VENDOR, M_PREFIX, "OpenStack", "kvm" },
	{ DMI_SYS_VENDOR, M_EQ, "KubeVirt", "kvm" },
	{ DMI_SYS_VENDOR, M_EQ, "Alibaba Cloud", "kvm" },
	{ DMI_SYS_VENDOR, M_EQ, "Tencent Cloud", "kvm" },
	{ DMI_SYS_VENDOR, M_EQ, "DigitalOcean", "kvm" },
	{ DMI_SYS_VENDOR, M_EQ, "Hetzner", "kvm" },
	{ DMI_SYS_VENDOR, M_EQ, "Nutanix", "kvm" },
	{ DMI_SYS_VENDOR, M_EQ, "Xen", "xen-hvm" },
	{ DMI_SYS_VENDOR, M_EQ, "innotek GmbH", VIRT_OTHER },
	{ DMI_SYS_VENDOR, M_PREFIX, "Parallels", VIRT_OTHER },
	{ DMI_PRODUCT_NAME, M_PREFIX, "VMware", "vmware" },
	{ DMI_PRODUCT_NAME, M_PREFIX, "KVM", "kvm" },
	{ DMI_PRODUCT_NAME, M_PREFIX, "RHEV Hypervisor", "kvm" },
	{ DMI_PRODUCT_NAME, M_EQ, "Google Compute Engine", "kvm" },
	{ DMI_PRODUCT_NAME, M_EQ, "HVM domU", "xen-hvm" },
	{ DMI_PRODUCT_NAME, M_EQ, "VirtualBox", VIRT_OTHER },
	{ DMI_PRODUCT_NAME, M_EQ, "BHYVE", VIRT_OTHER },
	{ DMI_BIOS_VENDOR, M_PREFIX, "VMware", "vmware" },
	{ DMI_BIOS_VENDOR, M_PREFIX, "SeaBIOS", "kvm" },
	{ DMI_BIOS_VENDOR, M_EQ, "EFI Development Kit II / OVMF", "kvm" },
	{ DMI_BIOS_VENDOR, M_EQ, "Xen", "xen-hvm" },
	{ DMI_BIOS_VENDOR, M_EQ, "innotek GmbH", VIRT_OTHER },
	{ DMI_BIOS_VENDOR, M_EQ, "BHYVE", VIRT_OTHER },
};

/* Azure's Hyper-V hosts stamp this chassis asset tag on every VM */
#define AZURE_ASSET_TAG "7783-7084-3265-9085-8269-3286-77"

/* CPUID leaf 0x40000000 vendor signatures */
static const struct {
	const char *sig;
	const char *virt;
} cpuid_sigs[] = {
	{ "KVMKVMKVM", "kvm" },
	{ "Linux KVM Hv", "kvm" },
	{ "TCGTCGTCGTCG", "kvm" },	/* QEMU without KVM: DMI says QEMU too */
	{ "VMwareVMware", "vmware" },
	{ "Microsoft Hv", "hyperv" },
	{ "XenVMMXenVMM", "xen-hvm" },
	{ "VBoxVBoxVBox", VIRT_OTHER },
	{ "bhyve bhyve ", VIRT_OTHER },
	{ " lrpepyh  vr", VIRT_OTHER },	/* Parallels */
	{ "ACRNACRNACRN", VIRT_OTHER },
	{ "QNXQVMBSQG", VIRT_OTHER },
};

struct virt_in {
	int live;
	int cpuid;		/* -1 not available, 0 hypervisor bit clear, 1 set */
	char sig[13], sig2[13];	/* leaves 0x40000000 and 0x40000100 */
	const struct cpuinfo *ci;
	const struct dmi *dmi;
	char *hyp_type, *guest_type, *hyp_uuid, *xen_caps;
	int xen_caps_rc;
};

#ifdef HAVE_CPUID
static void cpuid_sig(unsigned int leaf, char out[13])
{
	unsigned int a, b, c, d;

	__cpuid(leaf, a, b, c, d);
	(void)a;
	memcpy(out, &b, 4);
	memcpy(out + 4, &c, 4);
	memcpy(out + 8, &d, 4);
	out[12] = '\0';
	/* short names are NUL-padded ("KVMKVMKVM\0\0\0"); anything else unprintable shows as '.' */
	for (size_t i = 0; i < strlen(out); i++)
		if ((unsigned char)out[i] < 0x20 || (unsigned char)out[i] > 0x7e)
			out[i] = '.';
}
#endif

static void cpuid_read(struct virt_in *in)
{
	in->cpuid = -1;
#ifdef HAVE_CPUID
	unsigned int a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d))
		return;
	in->cpuid = (c >> 31) & 1;
	if (!in->cpuid)
		return;
	cpuid_sig(0x40000000, in->sig);
	/*
	 * KVM and Xen offer Hyper-V's interface to Windows guests at the first
	 * leaf and move their own signature to 0x40000100
	 */
	if (!strcmp(in->sig, "Microsoft Hv"))
		cpuid_sig(0x40000100, in->sig2);
#endif
}

static const char *sig_class(const char *sig)
{
	for (size_t i = 0; i < ARRAY_SIZE(cpuid_sigs); i++)
		if (!strcmp(sig, cpuid_sigs[i].sig))
			return cpuid_sigs[i].virt;
	return NULL;
}

static int rule_match(const struct dmi_rule *r, const char *v)
{
	size_t n = strlen(r->text);

	if (!v)
		return 0;
	switch (r->how) {
	case M_EQ:
		return !strcmp(v, r->text);
	case M_PREFIX:
		return !strncmp(v, r->text, n);
	default:
		for (const char *p = v; *p; p++)
			if (!strncasecmp(p, r->text, n))
				return 1;
		return 0;
	}
}

/* the first DMI rule that matches, or NULL */
static const struct dmi_rule *dmi_match(const struct dmi *d)
{
	for (size_t i = 0; i < ARRAY_SIZE(dmi_rules); i++)
		if (rule_match(&dmi_rules[i], d->raw[dmi_rules[i].field]))
			return &dmi_rules[i];
	return NULL;
}

static int dmi_hyperv(const struct dmi *d)
{
	const char *v = d->raw[DMI_SYS_VENDOR], *p = d->raw[DMI_PRODUCT_NAME];

	return v && p && !strcmp(v, "Microsoft Corporation") && !strcmp(p, "Virtual Machine");
}

/* DMI says something about the machine: a vendor, product or BIOS vendor */
static int dmi_present(const struct dmi *d)
{
	return d->val[DMI_SYS_VENDOR] || d->val[DMI_PRODUCT_NAME] || d->val[DMI_BIOS_VENDOR];
}

static int starts_ec2(const char *s)
{
	return s && !strncasecmp(s, "ec2", 3);
}

/* evidence items, appended as they are used */
enum { EV_CPUID = 1, EV_FLAG = 2, EV_DMI = 4, EV_XEN = 8 };

struct ev {
	struct buf b;
	unsigned int done;
};

static void ev_add(struct ev *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void ev_add(struct ev *e, const char *fmt, ...)
{
	va_list ap;

	if (e->b.len)
		buf_adds(&e->b, "; ");
	va_start(ap, fmt);
	buf_vaddf(&e->b, fmt, ap);
	va_end(ap);
}

static void ev_cpuid(struct ev *e, const struct virt_in *in)
{
	if ((e->done & EV_CPUID) || in->cpuid < 0)
		return;
	e->done |= EV_CPUID;
	if (!in->cpuid)
		ev_add(e, "cpuid hypervisor bit clear");
	else if (in->sig2[0] && sig_class(in->sig2))
		ev_add(e, "cpuid 0x40000000 '%s', 0x40000100 '%s'", in->sig, in->sig2);
	else
		ev_add(e, "cpuid 0x40000000 '%s'", in->sig);
}

static void ev_flag(struct ev *e, const struct virt_in *in)
{
	if ((e->done & EV_FLAG) || in->ci->rc != 0 || !in->ci->flags_seen)
		return;
	e->done |= EV_FLAG;
	ev_add(e, in->ci->hv_flag ? "proc/cpuinfo flag 'hypervisor'"
	       : "proc/cpuinfo flags without 'hypervisor'");
}

static void ev_dmi_field(struct ev *e, const struct dmi *d, int f)
{
	if (d->raw[f])
		ev_add(e, "dmi %s '%.*s'", dmi_names[f], SAMPLE(d->raw[f], 60));
}

/* the DMI fields that tell: the matched one, or vendor and product */
static void ev_dmi(struct ev *e, const struct virt_in *in, int field)
{
	const struct dmi *d = in->dmi;

	if (e->done & EV_DMI)
		return;
	e->done |= EV_DMI;
	if (!d->raw[DMI_SYS_VENDOR] && !d->raw[DMI_PRODUCT_NAME] && !d->raw[DMI_BIOS_VENDOR] &&
	    !d->raw[DMI_BIOS_VERSION]) {
		ev_add(e, "no dmi");
		return;
	}
	if (field >= 0) {
		ev_dmi_field(e, d, field);
		return;
	}
	ev_dmi_field(e, d, DMI_SYS_VENDOR);
	ev_dmi_field(e, d, DMI_PRODUCT_NAME);
	if (!d->raw[DMI_SYS_VENDOR] && !d->raw[DMI_PRODUCT_NAME])
		ev_dmi_field(e, d, DMI_BIOS_VENDOR);
}

static void ev_xen(struct ev *e, const struct virt_in *in)
{
	if ((e->done & EV_XEN) || (!in->hyp_type && in->xen_caps_rc != 0))
		return;
	e->done |= EV_XEN;
	if (in->hyp_type)
		ev_add(e, "sys/hypervisor/type '%.*s'", SAMPLE(in->hyp_type, 20));
	if (in->guest_type)
		ev_add(e, "sys/hypervisor/guest_type '%.*s'", SAMPLE(in->guest_type, 20));
	if (starts_ec2(in->hyp_uuid))
		ev_add(e, "sys/hypervisor/uuid starts with 'ec2'");
	if (in->xen_caps_rc == 0)
		ev_add(e, in->xen_caps && str_in_list(in->xen_caps, " \t", "control_d")
		       ? "proc/xen/capabilities 'control_d' (dom0)" : "proc/xen/capabilities present");
}

/* everything observed that the decision did not already cite */
static void ev_rest(struct ev *e, const struct virt_in *in)
{
	ev_cpuid(e, in);
	ev_flag(e, in);
	ev_xen(e, in);
	ev_dmi(e, in, -1);
}

/*
 * The class and its evidence, decisive items first.  Precedence: Xen PV,
 * which shows no hypervisor leaf of its own (an EC2 PV guest is xen-pv: it
 * is the paravirtualization that matters to a migration); the cloud
 * (amazon, azure) over the hypervisor it runs on; CPUID, which the hypervisor itself answers; DMI
 * strings; the bare hypervisor flag (virtual, but by what is unknown);
 * then physical only on DMI plus a negative hypervisor check.
 */
static const char *virt_decide(struct scan_ctx *ctx, const struct virt_in *in, struct ev *e)
{
	const struct dmi *d = in->dmi;
	const struct dmi_rule *r = dmi_match(d);
	const char *cls, *sigc = in->cpuid == 1 ? sig_class(in->sig) : NULL;
	int xen = in->hyp_type && !strcmp(in->hyp_type, "xen");
	int dom0 = in->xen_caps && str_in_list(in->xen_caps, " \t", "control_d");
	int hv = in->cpuid == 1 || in->ci->hv_flag;

	if (r && !strcmp(r->virt, "amazon")) {
		ev_dmi(e, in, r->field);
		ev_rest(e, in);
		return "amazon";
	}
	/* Xen PV first: an EC2 PV guest is still paravirtualized (MGN refuses it) */
	if (xen && !dom0 && (in->guest_type ? !strcmp(in->guest_type, "PV")
				 : !dmi_present(d) && in->xen_caps_rc == 0)) {
		ev_xen(e, in);
		if (!in->guest_type)
			ev_dmi(e, in, -1);
		ev_rest(e, in);
		return "xen-pv";
	}
	if ((xen || (r && !strcmp(r->virt, "xen-hvm"))) &&
	    (starts_ec2(in->hyp_uuid) || starts_ec2(d->val[DMI_PRODUCT_UUID]))) {
		ev_xen(e, in);
		if (starts_ec2(d->val[DMI_PRODUCT_UUID]))
			ev_add(e, "dmi product_uuid starts with 'ec2'");
		ev_rest(e, in);
		return "amazon";
	}
	if (dmi_hyperv(d) && d->raw[DMI_CHASSIS_ASSET_TAG] &&
	    !strcmp(d->raw[DMI_CHASSIS_ASSET_TAG], AZURE_ASSET_TAG)) {
		ev_add(e, "dmi sys_vendor '%s', product_name '%s', chassis_asset_tag '%s'",
		       d->raw[DMI_SYS_VENDOR], d->raw[DMI_PRODUCT_NAME], AZURE_ASSET_TAG);
		e->done |= EV_DMI;
		ev_rest(e, in);
		return "azure";
	}
	if (xen && !dom0) {
		if (in->guest_type && (!strcmp(in->guest_type, "HVM") || !strcmp(in->guest_type, "PVH"))) {
			ev_xen(e, in);
			ev_rest(e, in);
			return "xen-hvm";
		}
	}
	if (sigc && !dom0) {
		cls = sigc;
		/* Hyper-V's interface offered by KVM or Xen: their own leaf, or DMI, tells */
		if (!strcmp(cls, "hyperv") && in->sig2[0] && sig_class(in->sig2))
			cls = sig_class(in->sig2);
		else if (!strcmp(cls, "hyperv") && r && strcmp(r->virt, VIRT_OTHER))
			cls = r->virt;
		ev_cpuid(e, in);
		if (strcmp(cls, sigc) && r)
			ev_dmi(e, in, r->field);
		ev_rest(e, in);
		if (!strcmp(cls, VIRT_OTHER)) {
			ctx_note(ctx, "virtualization: cpuid names '%s', "
				 "a hypervisor outside premig's classes",
				 in->sig);
			return "unknown";
		}
		return cls;
	}
	if (dmi_hyperv(d)) {
		ev_add(e, "dmi sys_vendor '%s', product_name '%s'", d->raw[DMI_SYS_VENDOR],
		       d->raw[DMI_PRODUCT_NAME]);
		e->done |= EV_DMI;
		ev_rest(e, in);
		return "hyperv";
	}
	if (r) {
		ev_dmi(e, in, r->field);
		ev_rest(e, in);
		if (!strcmp(r->virt, VIRT_OTHER)) {
			ctx_note(ctx, "virtualization: dmi %s '%.*s' names "
				 "a hypervisor outside premig's classes",
				 dmi_names[r->field], SAMPLE(d->raw[r->field], 60));
			return "unknown";
		}
		return r->virt;
	}
	if (in->cpuid == 1 && !dom0) {
		ev_cpuid(e, in);
		ev_rest(e, in);
		ctx_note(ctx, "virtualization: cpuid hypervisor '%s' is not one premig knows", in->sig);
		return "unknown";
	}
	if (xen && !dom0 && !dmi_present(d)) {
		ev_xen(e, in);
		ev_rest(e, in);
		ctx_note(ctx, "virtualization: a xen guest without dmi, sys/hypervisor/guest_type "
			 "or proc/xen/capabilities: pv or hvm cannot be told");
		return "unknown";
	}
	if (hv && !dom0) {
		ev_flag(e, in);
		ev_rest(e, in);
		ctx_note(ctx, "virtualization: proc/cpuinfo has the hypervisor flag "
			 "but nothing names the hypervisor");
		return "unknown";
	}
	if (dmi_present(d) && (in->cpuid == 0 || (in->ci->rc == 0 && in->ci->flags_seen) || dom0)) {
		ev_dmi(e, in, -1);
		if (dom0)
			ev_xen(e, in);
		else if (in->cpuid == 0)
			ev_cpuid(e, in);
		else
			ev_flag(e, in);
		ev_rest(e, in);
		return "physical";
	}
	ev_rest(e, in);
	if (dmi_present(d))
		ctx_note(ctx, "virtualization: dmi names no hypervisor, but there is no hypervisor flag "
			 "to confirm physical (no x86 proc/cpuinfo flags%s)",
			 in->live ? "" : ", no cpuid under --root");
	else if (dom0)
		ctx_note(ctx, "virtualization: a xen dom0 without dmi: nothing names the machine");
	else
		ctx_note(ctx, "virtualization: no dmi, no hypervisor flag or cpuid, no sys/hypervisor: "
			 "nothing to decide from");
	return "unknown";
}

static char *read_opt_line(struct scan_ctx *ctx, const char *path, int *rcp)
{
	struct buf b = BUF_INIT;
	int rc = fsread_line(ctx, path, &b);

	if (rcp)
		*rcp = rc;
	if (rc < 0)
		ctx_note_read(ctx, path, rc);
	if (rc == 0)
		return buf_detach(&b);
	buf_release(&b);
	return NULL;
}

static void xen_read(struct scan_ctx *ctx, struct virt_in *in)
{
	int rc;

	in->hyp_type = read_opt_line(ctx, "sys/hypervisor/type", NULL);
	if (in->hyp_type && !strcmp(in->hyp_type, "xen")) {
		in->guest_type = read_opt_line(ctx, "sys/hypervisor/guest_type", NULL);
		in->hyp_uuid = read_opt_line(ctx, "sys/hypervisor/uuid", NULL);
	}
	in->xen_caps = read_opt_line(ctx, "proc/xen/capabilities", &rc);
	in->xen_caps_rc = rc;
}

/* ---- the collector ----------------------------------------------------- */

int collect_hardware(struct scan_ctx *ctx)
{
	struct cpuinfo ci = { 0 };
	struct systopo st = { 0 };
	struct cpufacts cf = { 0 };
	struct dmi dmi = { 0 };
	struct virt_in vin = { 0 };
	struct ev ev = { BUF_INIT, 0 };
	struct buf text = BUF_INIT;
	size_t notes_at = ctx->notes.len;
	struct meminfo mi = { 0 };
	const char *virt;
	int rc, anything;
	struct dbrow r;

	buf_init(&ci.why_list);
	buf_init(&ci.why_ids);
	buf_init(&st.why);
	buf_init(&mi.avail_why);

	ci.rc = fsread_cap(ctx, "proc/cpuinfo", &text, CPUINFO_CAP, FSREAD_TEXT);
	if (ci.rc == 0) {
		cpuinfo_parse(&ci, text.data);
		cpuinfo_check_ids(&ci);
	} else if (ci.rc < 0) {
		ctx_note_read(ctx, "proc/cpuinfo", ci.rc);
	}
	systopo_read(ctx, &st);
	cpu_facts(ctx, &ci, &st, &cf);
	/* the model strings point into the text; nothing below uses them */
	buf_release(&text);

	meminfo_read(ctx, &text, &mi);
	dmi_read(ctx, &dmi);

	vin.live = ctx->live;
	vin.ci = &ci;
	vin.dmi = &dmi;
	vin.cpuid = -1;
	if (ctx->live)
		cpuid_read(&vin);
	xen_read(ctx, &vin);
	virt = virt_decide(ctx, &vin, &ev);

	/*
	 * Nothing at all to read, as in a copy of a disk whose proc and sys
	 * are empty mount points: one note says so instead of one per file,
	 * and the facts do not apply to such a root.
	 */
	anything = ci.rc <= 0 || mi.have_total || mi.have_avail || dmi.any || st.listed ||
		   vin.cpuid >= 0 || vin.hyp_type || vin.xen_caps_rc <= 0;
	if (!anything) {
		buf_setlen(&ctx->notes, notes_at);
		ctx_note(ctx, "nothing to read: no proc/cpuinfo, proc/meminfo, sys/class/dmi/id, "
			 "sys/devices/system/cpu or sys/hypervisor under the root "
			 "(as in a copy of a disk, whose proc and sys are empty)");
		buf_clear(&ev.b);
		buf_adds(&ev.b, "no proc/cpuinfo, no dmi, no sys/hypervisor");
	}

	dbrow_init(&r, "hardware");
	dbrow_text(&r, "cpu_model", cf.model);
	dbrow_int_if(&r, "cpu_sockets", cf.topo_known, cf.sockets);
	dbrow_int_if(&r, "cpu_cores", cf.topo_known, cf.cores);
	dbrow_int_if(&r, "cpu_threads", cf.threads_known, cf.threads);
	dbrow_int_if(&r, "ram_mib", mi.have_total, mi.total_mib);
	dbrow_int_if(&r, "ram_available_mib", mi.have_avail, mi.avail_mib);
	dbrow_text(&r, "ram_available_source", mi.have_avail ? "proc/meminfo MemAvailable" : NULL);
	dbrow_text(&r, "ram_available_reason", mi.have_avail ? NULL : mi.avail_why.data);
	dbrow_text(&r, "dmi_vendor", dmi.val[DMI_SYS_VENDOR]);
	dbrow_text(&r, "dmi_product", dmi.val[DMI_PRODUCT_NAME]);
	dbrow_text(&r, "dmi_serial", dmi.val[DMI_PRODUCT_SERIAL]);
	dbrow_text(&r, "dmi_uuid", dmi.val[DMI_PRODUCT_UUID]);
	dbrow_text(&r, "bios_vendor", dmi.val[DMI_BIOS_VENDOR]);
	dbrow_text(&r, "virtualization", virt);
	dbrow_text(&r, "virt_evidence", ev.b.len ? ev.b.data : NULL);
	rc = dbrow_insert(ctx->db, ctx->scan_id, &r);
	if (rc < 0)
		ctx_note(ctx, "store: cannot insert hardware");

	cpuinfo_release(&ci);
	free(st.cpu);
	free(st.online);
	buf_release(&st.why);
	free(cf.model);
	dmi_release(&dmi);
	buf_release(&mi.avail_why);
	free(vin.hyp_type);
	free(vin.guest_type);
	free(vin.hyp_uuid);
	free(vin.xen_caps);
	buf_release(&ev.b);
	buf_release(&text);
	if (rc < 0)
		return -1;
	return anything ? 0 : 1;
}
