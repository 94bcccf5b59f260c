/*
 * kernel.c - the running kernel: release, version, architecture and word
 * size, whether it is the distribution's own package, and which of the
 * drivers a cloud target needs are in its initramfs or built in
 *
 * Sources: uname(2) on the live system.  Under --root: proc/sys/kernel/
 * osrelease, version and arch (proc(5)) when the root has them; else the
 * only release in lib/modules, and the ELF header (elf(5): EI_CLASS,
 * EI_DATA, e_machine; read by lib/elfhdr.c) of a binary of the root.  The initramfs is read by
 * initramfs.c; modules.builtin is kmod's list of built-in modules
 * (modules.builtin(5)).  A fact that cannot be read is NULL, with a note.
 *
 * distro_kernel is 1 when lib/modules/RELEASE and the kernel image are
 * present and the release follows a distribution's kernel naming scheme;
 * 0 when the release follows none (a custom build) or the files of an
 * installed package are missing; NULL when that cannot be told.
 */
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/fsread.h"
#include "collectors.h"
#include "lib/elfhdr.h"
#include "lib/initramfs.h"
#include "../scanner/str.h"
#include "../scanner/banned.h"

#define BUILTIN_CAP (4 * 1024 * 1024)

/* the drivers a cloud target needs: Xen (older EC2), KVM/Nitro (virtio, nvme, ena) */
static const char *const drivers[] = {
	"ena", "nvme", "nvme-core", "virtio_blk", "virtio_net", "virtio_pci",
	"virtio_scsi", "xen-blkfront", "xen-netfront",
};
#define NDRIVERS ARRAY_SIZE(drivers)

struct kfacts {
	char *release, *version, *arch;
	int bits;			/* 0: unknown */
	const char *release_source;
	struct buf arch_source;
	int distro;			/* 1, 0, -1 unknown */
	struct buf evidence;
	char *initrd;			/* root-relative path, NULL when none found */
	char *compression;
	int readable;			/* 1, 0, -1 unknown */
	struct buf reason;
	int in_initrd[NDRIVERS];	/* 1, 0, -1 unknown */
	int builtin[NDRIVERS];		/* 1, 0, -1 unknown */
};

/* ---- module names ---- */

/* module names treat '-' and '_' alike (kmod's modname normalisation) */
static int same_modname(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x = a[i] == '-' ? '_' : a[i];
		char y = b[i] == '-' ? '_' : b[i];
		if (x != y)
			return 0;
	}
	return 1;
}

/* the driver a module path names (".../xen-blkfront.ko.xz"), or -1 */
static int driver_of_path(const char *path, size_t len)
{
	static const char *const zsuffix[] = { ".xz", ".zst", ".gz" };
	const char *base = memrchr(path, '/', len);
	size_t n;

	base = base ? base + 1 : path;
	n = (size_t)(path + len - base);
	for (size_t i = 0; i < ARRAY_SIZE(zsuffix); i++) {
		size_t sl = strlen(zsuffix[i]);
		if (n > sl && !memcmp(base + n - sl, zsuffix[i], sl)) {
			n -= sl;
			break;
		}
	}
	if (n <= 3 || memcmp(base + n - 3, ".ko", 3))
		return -1;
	n -= 3;
	for (size_t i = 0; i < NDRIVERS; i++)
		if (strlen(drivers[i]) == n && same_modname(base, drivers[i], n))
			return (int)i;
	return -1;
}

/* ---- release and version ---- */

/* a release usable in a path: printable, no '/', not starting with '.' */
static int valid_release(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 64 || s[0] == '.')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~' || s[i] == '/')
			return 0;
	return 1;
}

static void release_from_modules(struct scan_ctx *ctx, struct kfacts *k)
{
	struct buf b = BUF_INIT, list = BUF_INIT;
	char **names;
	size_t n, found = 0;
	const char *only = NULL;
	int rc = sysroot_list(ctx, "lib/modules", &names, &n);

	if (rc > 0) {
		ctx_note(ctx, "release: no proc/sys/kernel/osrelease and no lib/modules");
		return;
	}
	if (rc < 0) {
		ctx_note(ctx, "release: no proc/sys/kernel/osrelease; cannot read 'lib/modules': %s",
			 err_str(rc));
		return;
	}
	/*
	 * A removed kernel leaves its directory behind (weak-updates/, extra/,
	 * Arch's extramodules-*): a release whose directory holds an installed
	 * kernel's files (modules.dep, kernel/, vmlinuz) is preferred to those.
	 */
	const char *installed = NULL;
	size_t ninstalled = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (!valid_release(names[i]))
			continue;
		buf_clear(&b);
		buf_addf(&b, "lib/modules/%s", names[i]);
		if (sysroot_stat(ctx, b.data, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		buf_addf(&list, "%s%s", found ? ", " : "", names[i]);
		only = names[i];
		found++;
		static const char *const marks[] = { "modules.dep", "kernel", "vmlinuz" };
		for (size_t j = 0; j < ARRAY_SIZE(marks); j++) {
			buf_clear(&b);
			buf_addf(&b, "lib/modules/%s/%s", names[i], marks[j]);
			if (sysroot_lstat(ctx, b.data, &st) == 0) {
				installed = names[i];
				ninstalled++;
				break;
			}
		}
	}
	if (found > 1 && ninstalled == 1) {
		k->release = xstrdup(installed);
		k->release_source = "lib/modules (the only release with an installed kernel)";
		ctx_note(ctx, "release: lib/modules holds %s; only %s has an installed kernel's files",
			 list.data, installed);
	} else if (found == 1) {
		k->release = xstrdup(only);
		k->release_source = "lib/modules (its only release)";
	} else if (found == 0) {
		ctx_note(ctx, "release: no proc/sys/kernel/osrelease and no release in lib/modules");
	} else {
		ctx_note(ctx, "release: no proc/sys/kernel/osrelease and lib/modules holds %zu releases"
			 " (%s): cannot tell which one runs", found, list.data);
	}
	sysroot_names_free(names, n);
	buf_release(&b);
	buf_release(&list);
}

static void release_from_root(struct scan_ctx *ctx, struct kfacts *k)
{
	struct buf b = BUF_INIT;
	int rc = fsread_line(ctx, "proc/sys/kernel/osrelease", &b);

	if (rc == 0 && valid_release(b.data)) {
		k->release = buf_detach(&b);
		k->release_source = "proc/sys/kernel/osrelease";
	} else {
		if (rc < 0)
			ctx_note_read(ctx, "proc/sys/kernel/osrelease", rc);
		else if (rc == 0)
			ctx_note(ctx, "release: 'proc/sys/kernel/osrelease' holds no valid release");
		release_from_modules(ctx, k);
	}
	/* the version string belongs to the release proc names, not to a guess */
	if (k->release_source && !strcmp(k->release_source, "proc/sys/kernel/osrelease")) {
		rc = fsread_line(ctx, "proc/sys/kernel/version", &b);
		if (rc == 0 && b.len)
			k->version = buf_detach(&b);
		else if (rc < 0)
			ctx_note_read(ctx, "proc/sys/kernel/version", rc);
		else
			ctx_note(ctx, "version: no proc/sys/kernel/version");
	} else {
		ctx_note(ctx, "version: unknown without proc/sys/kernel/version");
	}
	buf_release(&b);
}

/* ---- architecture ---- */

/* the word size of a uname -m architecture, 0 when unknown */
static int arch_bits(const char *a)
{
	static const char *const a64[] = {
		"x86_64", "aarch64", "arm64", "ppc64", "ppc64le", "s390x", "mips64",
		"sparc64", "ia64", "riscv64", "loongarch64", "alpha", "parisc64",
	};
	static const char *const a32[] = {
		"i386", "i486", "i586", "i686", "arm", "ppc", "s390", "mips",
		"sparc", "riscv32", "parisc", "m68k",
	};

	for (size_t i = 0; i < ARRAY_SIZE(a64); i++)
		if (!strcmp(a, a64[i]))
			return 64;
	for (size_t i = 0; i < ARRAY_SIZE(a32); i++)
		if (!strcmp(a, a32[i]))
			return 32;
	if (!strncmp(a, "armv", 4))
		return 32;
	return 0;
}

static int is_x86_32(const char *a)
{
	return a && a[0] == 'i' && strchr("3456", a[1]) && a[1] && !strcmp(a + 2, "86");
}

/* the architecture a release names ("3.10.0-1160.el7.x86_64", "6.1.0-18-amd64") */
static const char *release_arch(const char *rel)
{
	static const struct {
		const char *suffix;
		const char *arch;
	} names[] = {
		/* RPM architecture suffixes */
		{ ".x86_64", "x86_64" }, { ".i686", "i686" }, { ".i586", "i586" },
		{ ".i386", "i386" }, { ".aarch64", "aarch64" }, { ".ppc64le", "ppc64le" },
		{ ".ppc64", "ppc64" }, { ".s390x", "s390x" },
		/* Debian flavours */
		{ "-amd64", "x86_64" }, { "-arm64", "aarch64" }, { "-686-pae", "i686" },
		{ "-686", "i686" }, { "-powerpc64le", "ppc64le" }, { "-s390x", "s390x" },
	};
	/* RHEL 8 and later name variants after a '+': "5.14.0-70.el9_0.x86_64+debug" */
	const char *plus = strchr(rel, '+');
	size_t lens[2] = { strlen(rel), plus ? (size_t)(plus - rel) : 0 };

	for (size_t l = 0; l < 2; l++) {
		for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
			size_t n = lens[l], sl = strlen(names[i].suffix);
			if (n > sl && !memcmp(rel + n - sl, names[i].suffix, sl))
				return names[i].arch;
		}
	}
	return NULL;
}

/*
 * The architecture of the ELF file at path, from the first ELF_HDR_NEED
 * bytes of its header (elfhdr.h).  Returns 0, 1 when the file is absent,
 * <0 with why set when it is not a readable ELF file.
 */
static int elf_arch(const struct scan_ctx *ctx, const char *path, struct elf_arch *ea,
		    struct buf *why)
{
	unsigned char h[ELF_HDR_NEED];
	struct buf bad = BUF_INIT;
	size_t got = 0;
	int fd = sysroot_open(ctx, path);

	if (fd == -ENOENT)
		return 1;
	if (fd < 0) {
		buf_addf(why, "%s%s: %s", why->len ? ", " : "", path, err_str(fd));
		return -1;
	}
	while (got < sizeof(h)) {
		ssize_t n = read(fd, h + got, sizeof(h) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (elf_arch_decode(h, got, ea, &bad) < 0) {
		buf_addf(why, "%s%s: %s", why->len ? ", " : "", path, bad.data);
		buf_release(&bad);
		return -1;
	}
	return 0;
}

static void set_arch(struct kfacts *k, const char *arch, int bits)
{
	free(k->arch);
	k->arch = xstrdup(arch);
	k->bits = arch_bits(arch) ? arch_bits(arch) : bits;
}

static void arch_from_root(struct scan_ctx *ctx, struct kfacts *k)
{
	static const char *const bins[] = {
		"bin/sh", "usr/bin/sh", "bin/bash", "usr/bin/bash", "bin/dash", "usr/bin/dash",
		"usr/bin/env", "bin/ls", "usr/bin/ls", "bin/busybox", "sbin/init",
		"usr/lib/systemd/systemd",
	};
	struct buf b = BUF_INIT, why = BUF_INIT;
	struct elf_arch ea = { NULL, 0, 0 };
	const char *bin = NULL, *rarch;
	int rc = fsread_line(ctx, "proc/sys/kernel/arch", &b);

	if (rc == 0 && valid_release(b.data)) {
		set_arch(k, b.data, 0);
		buf_adds(&k->arch_source, "proc/sys/kernel/arch");
		if (!k->bits)
			ctx_note(ctx, "bits: unknown for architecture '%s'", k->arch);
		goto out;
	}
	if (rc < 0)
		ctx_note_read(ctx, "proc/sys/kernel/arch", rc);
	for (size_t i = 0; i < ARRAY_SIZE(bins) && !bin; i++)
		if (elf_arch(ctx, bins[i], &ea, &why) == 0)
			bin = bins[i];
	rarch = k->release ? release_arch(k->release) : NULL;
	if (bin && ea.arch && rarch && is_x86_32(ea.arch) && is_x86_32(rarch)) {
		/* the ELF machine says x86, the release says which one */
		set_arch(k, rarch, ea.bits);
		buf_addf(&k->arch_source, "%s (ELF header) and the release name", bin);
	} else if (bin && ea.arch && (!rarch || !strcmp(rarch, ea.arch))) {
		set_arch(k, ea.arch, ea.bits);
		buf_addf(&k->arch_source, "%s (ELF header)", bin);
	} else if (rarch) {
		set_arch(k, rarch, 0);
		buf_adds(&k->arch_source, "the release name");
		if (bin && ea.arch)
			ctx_note(ctx, "arch: the release names %s but %s is a %d-bit %s binary",
				 rarch, bin, ea.bits, ea.arch);
	} else if (bin) {
		/* an ELF machine premig does not name: the word size is still known */
		k->bits = ea.bits;
		buf_addf(&k->arch_source, "%s (ELF header)", bin);
		ctx_note(ctx, "arch: unknown ELF machine %u in %s", ea.em, bin);
	} else {
		ctx_note(ctx, "arch: no proc/sys/kernel/arch and no readable ELF binary (%s)",
			 why.len ? why.data : "none of bin/sh, bin/bash, usr/bin/env ... exists");
	}
out:
	buf_release(&b);
	buf_release(&why);
}

/* ---- the distribution's own kernel ---- */

static const struct {
	const char *re;
	const char *what;
} distro_names[] = {
	{ "\\.el[0-9]+(_[0-9]+)?uek", "Oracle Linux UEK (.elNuek)" },
	{ "\\.el[0-9]+([^0-9]|$)", "Red Hat family (.elN)" },
	{ "\\.EL(smp|hugemem|largesmp|xenU)?$", "Red Hat Enterprise Linux 4 (.EL)" },
	{ "\\.amzn[0-9]+([^0-9]|$)", "Amazon Linux (.amznN)" },
	{ "\\.fc[0-9]+([^0-9]|$)", "Fedora (.fcN)" },
	{ "\\.(cm|azl)[0-9]+([^0-9]|$)", "Azure Linux (.cmN, .azlN)" },
	{ "\\.ph[0-9]+(-[a-z]+)?$", "Photon OS (.phN)" },
	{ "\\.oe[0-9]+", "openEuler (.oeN)" },
	{ "\\.mga[0-9]+", "Mageia (.mgaN)" },
	{ "^[0-9]+(\\.[0-9]+)+-[0-9]{1,4}-(generic|generic-pae|generic-lpae|generic-64k|lowlatency|"
	  "lowlatency-64k|virtual|server|aws|azure|azure-fde|gcp|gke|gkeop|oracle|kvm|ibm|raspi|"
	  "raspi-nolpae|nvidia|nvidia-64k|realtime|intel-iotg|fips|aws-fips|azure-fips|gcp-fips)$",
	  "Ubuntu (-ABI-flavour)" },
	{ "^[0-9]+(\\.[0-9]+)+-(0\\.(bpo|deb[0-9]+)\\.)?[0-9]+(\\.[0-9]+)?-(rt-|cloud-|xen-|vserver-|openvz-)?(amd64|arm64|686|"
	  "686-pae|686-bigmem|486|586|k7|armmp|armmp-lpae|marvell|powerpc64le|s390x|4kc-malta|"
	  "5kc-malta|octeon|loongson-3|mips64r2el|mips32r2el|rpi|itanium|mckinley|sparc64|parisc|"
	  "parisc64|bigmem)$", "Debian (-ABI-flavour)" },
	{ "^[0-9]+(\\.[0-9]+)+\\+(deb[0-9]+|bpo)-[a-z0-9]+(-[a-z0-9]+)*$", "Debian (+debN)" },
	{ "\\+rpt-rpi-", "Raspberry Pi OS (+rpt)" },
	{ "^[0-9]+(\\.[0-9]+)+-[0-9.]+-(default|xen|pae|azure|ec2|trace|vmi|bigsmp|ppc64|kvmsmall|"
	  "rt|64kb|zfcpdump|preempt|debug|vanilla|lpae)$", "SUSE (-N-flavour)" },
	{ "-arch[0-9]+-[0-9]+$", "Arch Linux (-archN)" },
	{ "^[0-9]+(\\.[0-9]+)+-[0-9]+-(lts|virt|edge|rpi|rpi2|rpi4)$", "Alpine Linux (-N-flavour)" },
};

/*
 * Builds by others that borrow a distribution's suffix: ELRepo's kernel-ml
 * and kernel-lt (6.7.4-1.el7.elrepo.x86_64), Ubuntu's mainline builds
 * (5.19.0-051900-generic: a six-digit ABI from the kernel version).
 */
static const char *const third_party[] = {
	"\\.elrepo", "^[0-9]+(\\.[0-9]+)+-0[0-9]{5}(rc[0-9]+)?-",
};

static int matches_re(const char *pattern, const char *s)
{
	regex_t re;
	int m;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
		return 0;
	m = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return m;
}

/* the naming scheme a release follows, or NULL */
static const char *distro_naming(const char *rel)
{
	for (size_t i = 0; i < ARRAY_SIZE(third_party); i++)
		if (matches_re(third_party[i], rel))
			return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(distro_names); i++)
		if (matches_re(distro_names[i].re, rel))
			return distro_names[i].what;
	return NULL;
}

/* what boot/ looks like: 1 has entries, 0 absent or empty (why set), <0 unreadable */
static int boot_state(struct scan_ctx *ctx, const char **why)
{
	char **names;
	size_t n;
	int rc = sysroot_list(ctx, "boot", &names, &n);

	if (rc > 0) {
		*why = "no boot/ directory";
		return 0;
	}
	if (rc < 0) {
		*why = err_str(rc);
		return rc;
	}
	sysroot_names_free(names, n);
	if (!n) {
		*why = "boot/ is empty (a separate /boot may not be mounted)";
		return 0;
	}
	return 1;
}

/*
 * 1 present, 0 absent, <0 cannot tell; a file that is there but is no
 * regular file (a FIFO, a device) is -EMEDIUMTYPE, "not a regular file",
 * not absent
 */
static int present(struct scan_ctx *ctx, const char *path, int want_dir)
{
	struct stat st;
	int rc = sysroot_stat(ctx, path, &st);

	if (rc != 0)
		return rc > 0 ? 0 : rc;
	if (want_dir)
		return S_ISDIR(st.st_mode);
	return S_ISREG(st.st_mode) ? 1 : S_ISDIR(st.st_mode) ? 0 : -EMEDIUMTYPE;
}

static void distro_check(struct scan_ctx *ctx, struct kfacts *k, int boot, const char *boot_why)
{
	static const char *const images[] = { "vmlinuz-", "vmlinux-", "Image-", "image-", "zImage-" };
	struct buf p = BUF_INIT;
	const char *naming;
	int mods, img = -1, rc, err = 0;

	k->distro = -1;
	if (!k->release) {
		buf_adds(&k->evidence, "release unknown");
		return;
	}
	buf_addf(&p, "lib/modules/%s", k->release);
	mods = present(ctx, p.data, 1);
	if (mods > 0)
		buf_addf(&k->evidence, "%s present", p.data);
	else if (mods == 0)
		buf_addf(&k->evidence, "no %s", p.data);
	else
		buf_addf(&k->evidence, "%s: %s", p.data, err_str(mods));

	/* the image: in boot/, or in lib/modules/RELEASE (Fedora, RHEL 9 packages) */
	for (size_t i = 0; i < ARRAY_SIZE(images) && img != 1 && boot > 0; i++) {
		buf_clear(&p);
		buf_addf(&p, "boot/%s%s", images[i], k->release);
		rc = present(ctx, p.data, 0);
		if (rc < 0 && !err)
			err = rc;
		img = rc;
	}
	if (img != 1 && mods > 0) {
		buf_clear(&p);
		buf_addf(&p, "lib/modules/%s/vmlinuz", k->release);
		if (present(ctx, p.data, 0) == 1)
			img = 1;
	}
	if (img == 1) {
		buf_addf(&k->evidence, "; %s present", p.data);
	} else if (boot <= 0) {
		buf_addf(&k->evidence, "; %s%s", boot < 0 ? "boot/: " : "", boot_why);
		img = -1;
	} else if (err) {
		buf_addf(&k->evidence, "; boot/vmlinuz-%s: %s", k->release, err_str(err));
		img = -1;
	} else {
		buf_addf(&k->evidence, "; no boot/vmlinuz-%s", k->release);
		img = 0;
	}

	naming = distro_naming(k->release);
	if (naming)
		buf_addf(&k->evidence, "; release follows the %s kernel naming", naming);
	else
		buf_adds(&k->evidence, "; release follows no distribution's kernel naming");

	if (!naming)
		k->distro = 0;
	else if (mods > 0 && img == 1)
		k->distro = 1;
	else if (mods == 0 || img == 0)
		k->distro = 0;
	if (k->distro < 0)
		ctx_note(ctx, "distro_kernel: unknown (%s)", k->evidence.data);
	buf_release(&p);
}

/* ---- initramfs and built-in drivers ---- */

static void on_entry(void *arg, const struct initramfs_entry *e)
{
	struct kfacts *k = arg;
	int d;

	if ((e->mode & S_IFMT) != S_IFREG)
		return;
	d = driver_of_path(e->name, e->namelen);
	if (d >= 0)
		k->in_initrd[d] = 1;
}

static void initramfs_check(struct scan_ctx *ctx, struct kfacts *k, int boot, const char *boot_why)
{
	static const struct {
		const char *prefix, *suffix;
	} names[] = {
		{ "boot/initramfs-", ".img" },	/* dracut: RHEL, Fedora, Amazon Linux, SUSE */
		{ "boot/initrd.img-", "" },	/* initramfs-tools: Debian, Ubuntu */
		{ "boot/initrd-", "" },		/* SUSE mkinitrd */
		{ "boot/initrd-", ".img" },	/* RHEL 5 mkinitrd */
		{ "boot/initramfs-", "" },
	};
	struct initramfs_info info;
	struct buf p = BUF_INIT, tried = BUF_INIT;
	int fd, rc;

	for (size_t i = 0; i < NDRIVERS; i++)
		k->in_initrd[i] = -1;
	k->readable = -1;
	if (!k->release) {
		buf_adds(&k->reason, "release unknown");
		return;
	}
	if (boot <= 0) {
		buf_addf(&k->reason, "%s%s", boot < 0 ? "cannot read 'boot/': " : "", boot_why);
		ctx_note(ctx, "initramfs: %s", k->reason.data);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(names) && !k->initrd; i++) {
		buf_clear(&p);
		buf_addf(&p, "%s%s%s", names[i].prefix, k->release, names[i].suffix);
		rc = present(ctx, p.data, 0);
		if (rc != 0)
			k->initrd = xstrdup(p.data);
		else
			buf_addf(&tried, "%s%s", tried.len ? ", " : "", p.data);
	}
	buf_release(&p);
	if (!k->initrd) {
		buf_addf(&k->reason, "no initramfs for %s (none of %s)", k->release, tried.data);
		ctx_note(ctx, "initramfs: %s", k->reason.data);
		buf_release(&tried);
		return;
	}
	buf_release(&tried);
	fd = sysroot_open(ctx, k->initrd);
	if (fd < 0) {
		k->readable = 0;
		buf_addf(&k->reason, "cannot read '%s': %s", k->initrd, err_str(fd));
		ctx_note(ctx, "initramfs: %s", k->reason.data);
		return;
	}
	for (size_t i = 0; i < NDRIVERS; i++)
		k->in_initrd[i] = 0;
	initramfs_info_init(&info);
	rc = initramfs_read(fd, on_entry, k, &info);
	close(fd);
	if (info.compression.len)
		k->compression = xstrdup(info.compression.data);
	if (rc == 0) {
		k->readable = 1;
	} else {
		int any = 0;
		k->readable = 0;
		buf_addf(&k->reason, "%s", info.reason.data);
		for (size_t i = 0; i < NDRIVERS; i++) {
			if (k->in_initrd[i] == 1)
				buf_addf(&k->reason, "%s%s", any++ ? ", " : " (found before that: ",
					 drivers[i]);
			/* a partial read proves presence, never absence */
			k->in_initrd[i] = -1;
		}
		if (any)
			buf_addc(&k->reason, ')');
		ctx_note(ctx, "initramfs '%s': %s", k->initrd, k->reason.data);
	}
	initramfs_info_release(&info);
}

static void builtin_check(struct scan_ctx *ctx, struct kfacts *k)
{
	struct buf p = BUF_INIT, b = BUF_INIT;
	int rc;

	for (size_t i = 0; i < NDRIVERS; i++)
		k->builtin[i] = -1;
	if (!k->release)
		return;
	buf_addf(&p, "lib/modules/%s/modules.builtin", k->release);
	rc = fsread_cap(ctx, p.data, &b, BUILTIN_CAP, FSREAD_TEXT);
	if (rc > 0) {
		ctx_note(ctx, "builtin: no '%s'", p.data);
	} else if (rc < 0) {
		ctx_note_read(ctx, p.data, rc);
	} else {
		for (size_t i = 0; i < NDRIVERS; i++)
			k->builtin[i] = 0;
		for (const char *s = b.data; *s;) {
			const char *nl = strchr(s, '\n');
			size_t n = nl ? (size_t)(nl - s) : strlen(s);
			size_t t = n;
			while (t && (s[t - 1] == '\r' || s[t - 1] == ' ' || s[t - 1] == '\t'))
				t--;
			int d = driver_of_path(s, t);
			if (d >= 0)
				k->builtin[d] = 1;
			s += n + (nl != NULL);
		}
	}
	buf_release(&p);
	buf_release(&b);
}

/* ---- the collector ---- */

static int store(struct scan_ctx *ctx, struct kfacts *k)
{
	struct dbrow r;

	dbrow_init(&r, "kernel");
	dbrow_text(&r, "release", k->release);
	dbrow_text(&r, "version", k->version);
	dbrow_text(&r, "arch", k->arch);
	dbrow_int_if(&r, "bits", k->bits != 0, k->bits);
	dbrow_text(&r, "release_source", k->release ? k->release_source : NULL);
	dbrow_text(&r, "arch_source", k->arch_source.len ? k->arch_source.data : NULL);
	dbrow_int_if(&r, "distro_kernel", k->distro >= 0, k->distro);
	dbrow_text(&r, "distro_kernel_evidence", k->evidence.len ? k->evidence.data : NULL);
	dbrow_text(&r, "initramfs_path", k->initrd);
	dbrow_text(&r, "initramfs_compression", k->compression);
	dbrow_int_if(&r, "initramfs_readable", k->readable >= 0, k->readable);
	dbrow_text(&r, "initramfs_reason", k->reason.len ? k->reason.data : NULL);
	if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0)
		return -1;
	for (size_t i = 0; i < NDRIVERS; i++) {
		dbrow_init(&r, "kernel_drivers");
		dbrow_text(&r, "driver", drivers[i]);
		dbrow_int_if(&r, "in_initramfs", k->in_initrd[i] >= 0, k->in_initrd[i]);
		dbrow_int_if(&r, "builtin", k->builtin[i] >= 0, k->builtin[i]);
		if (dbrow_insert(ctx->db, ctx->scan_id, &r) < 0)
			return -1;
	}
	return 0;
}

int collect_kernel(struct scan_ctx *ctx)
{
	struct kfacts k;
	const char *boot_why = NULL;
	int boot, rc;

	memset(&k, 0, sizeof(k));
	buf_init(&k.arch_source);
	buf_init(&k.evidence);
	buf_init(&k.reason);

	if (ctx->live) {
		struct utsname u;
		if (uname(&u) == 0) {
			k.release = xstrdup(u.release);
			k.version = xstrdup(u.version);
			k.release_source = "uname";
			set_arch(&k, u.machine, 0);
			buf_adds(&k.arch_source, "uname");
			if (!k.bits)
				ctx_note(ctx, "bits: unknown for architecture '%s'", k.arch);
		} else {
			ctx_note(ctx, "uname: %s", strerror(errno));
		}
	} else {
		release_from_root(ctx, &k);
		arch_from_root(ctx, &k);
	}

	boot = boot_state(ctx, &boot_why);
	distro_check(ctx, &k, boot, boot_why);
	initramfs_check(ctx, &k, boot, boot_why);
	builtin_check(ctx, &k);
	if (!k.release)
		ctx_note(ctx, "distro_kernel, initramfs and built-in drivers: unknown without the release");

	rc = store(ctx, &k);
	if (rc < 0)
		ctx_note(ctx, "store: cannot insert kernel facts");
	free(k.release);
	free(k.version);
	free(k.arch);
	free(k.initrd);
	free(k.compression);
	buf_release(&k.arch_source);
	buf_release(&k.evidence);
	buf_release(&k.reason);
	return rc < 0 ? -1 : 0;
}
