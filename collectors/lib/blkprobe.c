/*
 * blkprobe.c - partition tables, partitions, filesystems and boot code of
 * one disk, read-only
 *
 * Sources: libblkid(3) (util-linux) for the tables and superblocks; UEFI
 * 2.10 section 5.3 (GPT header and entry layout, CRC32 of both, protective
 * MBR), section 5.2.1 (legacy MBR: 440 bytes of boot code, disk signature,
 * four 16-byte entries at 446, 0x55 0xAA at 510).
 *
 * libblkid gives partition starts and sizes in 512-byte units whatever the
 * sector size (it scales GPT LBAs itself), so bytes are value * 512.  On a
 * regular file libblkid assumes 512-byte sectors: the caller passes the
 * sector size (sysfs, or 0 to find it here from where "EFI PART" is).
 *
 * libblkid falls back to the backup GPT header at the last LBA when the
 * primary is bad, silently; it drops GPT entries outside the usable area,
 * silently.  Both headers are therefore checked here too, and the reasons
 * say which header was used and what is wrong with the other.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <blkid.h>
#include <zlib.h>

#include "blkprobe.h"
#include "../../scanner/rd.h"
#include "../../scanner/banned.h"

#define HEAD_LEN 8192		/* LBA 0 and both places of a GPT header */

/*
 * The legacy MBR (UEFI 2.10 5.2.1, table 5-1) and its partition record
 * (table 5-2); an EBR has the same layout.  Little-endian.
 */
#define MBR_LEN 512
#define MBR_BOOT_CODE_LEN 440	/* the boot code at byte 0 */
#define MBR_DISK_ID 440		/* UniqueMBRDiskSignature, the PTUUID */
#define MBR_ENTRIES 446		/* four 16-byte partition records */
#define MBR_ENTRY_LEN 16
#define MBR_SIG 510		/* 0x55 0xAA */
#define MBR_E_BOOT 0		/* BootIndicator: 0x80 bootable */
#define MBR_E_TYPE 4		/* OSType */
#define MBR_E_START 8		/* StartingLBA */
#define MBR_E_SECTORS 12	/* SizeInLBA */
#define MBR_TYPE_GPT 0xee	/* the protective MBR's OSType (5.2.3) */

/* the GPT header (UEFI 2.10 5.3.2, table 5-5), little-endian */
#define GPT_SIGNATURE 0		/* "EFI PART" */
#define GPT_HDR_SIZE 12		/* HeaderSize: 92 to the block size */
#define GPT_HDR_CRC 16		/* HeaderCRC32, computed with this field zero */
#define GPT_MY_LBA 24
#define GPT_ALTERNATE_LBA 32
#define GPT_FIRST_USABLE_LBA 40
#define GPT_LAST_USABLE_LBA 48
#define GPT_ENTRIES_LBA 72	/* PartitionEntryLBA */
#define GPT_NUM_ENTRIES 80	/* NumberOfPartitionEntries */
#define GPT_ENTRY_SIZE 84	/* SizeOfPartitionEntry */
#define GPT_ENTRIES_CRC 88	/* PartitionEntryArrayCRC32 */
#define GPT_HDR_MIN 92		/* the header's defined bytes */
/* a GPT partition entry (UEFI 2.10 5.3.3, table 5-6) */
#define GPTE_TYPE_GUID 0	/* PartitionTypeGUID; all zero: unused */
#define GPTE_UNIQUE_GUID 16
#define GPTE_START_LBA 32
#define GPTE_END_LBA 40		/* inclusive */
#define GPTE_LEN 128		/* the only entry size libblkid reads */
#define GUID_LEN 16
/*
 * the largest GPT entry array read: Linux refuses one over KMALLOC_MAX_SIZE
 * (block/partitions/efi.c, is_gpt_valid; 4 MiB on x86-64), and a GPT
 * whose array is larger is not given to libblkid, which reads any array
 * under 4 GiB into memory whole
 */
#define GPT_ENTS_MAX (4 * 1024 * 1024)
#define FS_FLAGS (BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID | BLKID_SUBLKS_LABEL | \
		  BLKID_SUBLKS_VERSION | BLKID_SUBLKS_USAGE | BLKID_SUBLKS_MAGIC)

/*
 * count units of unit bytes, in *out; 0 when that does not fit in 63 bits
 * (a SQLite integer): an offset read from the disk that large is past any
 * disk
 */
static int to_bytes(uint64_t count, uint64_t unit, uint64_t *out)
{
	return !rd_mul(count, unit, out) && *out <= INT64_MAX;
}

void bp_fs_release(struct bp_fs *fs)
{
	free(fs->type);
	free(fs->uuid);
	free(fs->label);
	free(fs->version);
	free(fs->usage);
	free(fs->uuid_sub);
	free(fs->reason);
	memset(fs, 0, sizeof(*fs));
}

void bp_disk_init(struct bp_disk *d)
{
	memset(d, 0, sizeof(*d));
	buf_init(&d->reason);
}

void bp_disk_release(struct bp_disk *d)
{
	for (size_t i = 0; i < d->nparts; i++) {
		struct bp_part *p = &d->parts[i];
		free(p->type);
		free(p->type_name);
		free(p->flags);
		free(p->uuid);
		free(p->label);
		free(p->reason);
		bp_fs_release(&p->fs);
	}
	free(d->parts);
	free(d->pt_type);
	free(d->pt_uuid);
	free(d->pmbr);
	free(d->boot_code);
	bp_fs_release(&d->fs);
	buf_release(&d->reason);
	bp_disk_init(d);
}

static void reason(struct bp_disk *d, int unknown, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void reason(struct bp_disk *d, int unknown, const char *fmt, ...)
{
	va_list ap;

	if (d->reason.len)
		buf_adds(&d->reason, "; ");
	va_start(ap, fmt);
	buf_vaddf(&d->reason, fmt, ap);
	va_end(ap);
	if (unknown)
		d->unknown = 1;
}

/* ---- partition type names ---- */

static const struct {
	unsigned int code;
	const char *name;
} mbr_types[] = {
	{ 0x01, "FAT12" },
	{ 0x04, "FAT16 <32M" },
	{ 0x05, "Extended" },
	{ 0x06, "FAT16" },
	{ 0x07, "HPFS/NTFS/exFAT" },
	{ 0x0b, "W95 FAT32" },
	{ 0x0c, "W95 FAT32 (LBA)" },
	{ 0x0e, "W95 FAT16 (LBA)" },
	{ 0x0f, "W95 Extended (LBA)" },
	{ 0x11, "Hidden FAT12" },
	{ 0x12, "Compaq diagnostics" },
	{ 0x14, "Hidden FAT16 <32M" },
	{ 0x16, "Hidden FAT16" },
	{ 0x17, "Hidden HPFS/NTFS" },
	{ 0x1b, "Hidden W95 FAT32" },
	{ 0x1c, "Hidden W95 FAT32 (LBA)" },
	{ 0x1e, "Hidden W95 FAT16 (LBA)" },
	{ 0x27, "Windows recovery (hidden NTFS WinRE)" },
	{ 0x42, "Windows dynamic disk (LDM)" },
	{ 0x82, "Linux swap / Solaris" },
	{ 0x83, "Linux" },
	{ 0x84, "Intel hibernation" },
	{ 0x85, "Linux extended" },
	{ 0x86, "NTFS volume set" },
	{ 0x87, "NTFS volume set" },
	{ 0x88, "Linux plaintext" },
	{ 0x8e, "Linux LVM" },
	{ 0xa5, "FreeBSD" },
	{ 0xa6, "OpenBSD" },
	{ 0xa8, "Darwin UFS" },
	{ 0xa9, "NetBSD" },
	{ 0xaf, "HFS / HFS+" },
	{ 0xbe, "Solaris boot" },
	{ 0xbf, "Solaris" },
	{ 0xda, "Non-FS data" },
	{ 0xde, "Dell Utility" },
	{ 0xee, "GPT protective" },
	{ 0xef, "EFI System (FAT)" },
	{ 0xfb, "VMware VMFS" },
	{ 0xfc, "VMware VMKCORE" },
	{ 0xfd, "Linux RAID autodetect" },
};

const char *bp_mbr_type_name(unsigned int code)
{
	for (size_t i = 0; i < sizeof(mbr_types) / sizeof(mbr_types[0]); i++)
		if (mbr_types[i].code == code)
			return mbr_types[i].name;
	return NULL;
}

/*
 * the GUIDs of util-linux's include/pt-gpt-partnames.h that servers meet,
 * each GUID and name as util-linux 2.38 (Debian 12's sfdisk) has them;
 * checked entry by entry against that file (later util-linux names
 * 6A898CC3-... "ZFS pool member"; LUKS and plain dm-crypt are commented
 * out there, their GUIDs from systemd's Discoverable Partitions
 * Specification)
 */
static const struct {
	const char *guid;
	const char *name;
} gpt_types[] = {
	{ "C12A7328-F81F-11D2-BA4B-00A0C93EC93B", "EFI System" },
	{ "21686148-6449-6E6F-744E-656564454649", "BIOS boot" },
	{ "024DEE41-33E7-11D3-9D69-0008C781F39F", "MBR partition scheme" },
	{ "9E1A2D38-C612-4316-AA26-8B49521E5A8B", "PowerPC PReP boot" },
	{ "0FC63DAF-8483-4772-8E79-3D69D8477DE4", "Linux filesystem" },
	{ "E6D6D379-F507-44C2-A23C-238F2A3DF928", "Linux LVM" },
	{ "A19D880F-05FC-4D3B-A006-743F0F84911E", "Linux RAID" },
	{ "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F", "Linux swap" },
	{ "933AC7E1-2EB4-4F13-B844-0E14E2AEF915", "Linux home" },
	{ "3B8F8425-20E0-4F3B-907F-1A25A76F98E8", "Linux server data" },
	{ "4D21B016-B534-45C2-A9FB-5C16E091FD2D", "Linux variable data" },
	{ "7EC6F557-3BC5-4ACA-B293-16EF5DF639D1", "Linux temporary data" },
	{ "44479540-F297-41B2-9AF7-D131D5F0458A", "Linux root (x86)" },
	{ "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709", "Linux root (x86-64)" },
	{ "B921B045-1DF0-41C3-AF44-4C6F280D3FAE", "Linux root (ARM-64)" },
	{ "8484680C-9521-48C6-9C11-B0720656F69E", "Linux /usr (x86-64)" },
	{ "BC13C2FF-59E6-4262-A352-B275FD6F7172", "Linux extended boot" },
	{ "8DA63339-0007-60C0-C436-083AC8230908", "Linux reserved" },
	{ "CA7D7CCB-63ED-4C53-861C-1742536059CC", "Linux LUKS" },
	{ "7FFEC5C9-2D00-49B7-8941-3EA10A5586B7", "Linux plain dm-crypt" },
	{ "E3C9E316-0B5C-4DB8-817D-F92DF00215AE", "Microsoft reserved" },
	{ "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", "Microsoft basic data" },
	{ "DE94BBA4-06D1-4D40-A16A-BFD50179D6AC", "Windows recovery environment" },
	{ "5808C8AA-7E8F-42E0-85D2-E1E90434CFB3", "Microsoft LDM metadata" },
	{ "AF9B60A0-1431-4F62-BC68-3311714A69AD", "Microsoft LDM data" },
	{ "E75CAF8F-F680-4CEE-AFA3-B001E56EFC2D", "Microsoft Storage Spaces" },
	{ "AA31E02A-400F-11DB-9590-000C2911D1B8", "VMware VMFS" },
	{ "9D275380-40AD-11DB-BF97-000C2911D1B8", "VMware Diagnostic" },
	{ "9198EFFC-31C0-11DB-8F78-000C2911D1B8", "VMware Reserved" },
	{ "48465300-0000-11AA-AA11-00306543ECAC", "Apple HFS/HFS+" },
	{ "7C3457EF-0000-11AA-AA11-00306543ECAC", "Apple APFS" },
	{ "516E7CB4-6ECF-11D6-8FF8-00022D09712B", "FreeBSD data" },
	{ "83BD6B9D-7F41-11DC-BE0B-001560B84F0F", "FreeBSD boot" },
	{ "516E7CB5-6ECF-11D6-8FF8-00022D09712B", "FreeBSD swap" },
	{ "516E7CB6-6ECF-11D6-8FF8-00022D09712B", "FreeBSD UFS" },
	{ "516E7CBA-6ECF-11D6-8FF8-00022D09712B", "FreeBSD ZFS" },
	{ "6A898CC3-1DD2-11B2-99A6-080020736631", "Solaris /usr & Apple ZFS" },
	{ "6A85CF4D-1DD2-11B2-99A6-080020736631", "Solaris root" },
	{ "4FBD7E29-9D25-41B8-AFD0-062C0CEFF05D", "Ceph OSD" },
	{ "45B0969E-9B03-4F30-B4C6-B4B80CEFF106", "Ceph Journal" },
};

const char *bp_gpt_type_name(const char *guid)
{
	for (size_t i = 0; i < sizeof(gpt_types) / sizeof(gpt_types[0]); i++)
		if (!strcasecmp(gpt_types[i].guid, guid))
			return gpt_types[i].name;
	return NULL;
}

/* ---- boot code ---- */

static int has_string(const unsigned char *p, size_t len, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(p + i, s, n))
			return 1;
	return 0;
}

/*
 * The boot code of sector 0, from its first 440 bytes (UEFI 5.2.1):
 *  - none: all zero, or no 0x55 0xAA at 510 (a BIOS does not run it);
 *  - GRUB stage 1 holds the string "GRUB " (its error message) and starts
 *    with a short jump over its parameter block, whose length tells the
 *    version: GRUB legacy stage1 jumps to 0x4a (EB 48), GRUB 2 boot.img to
 *    0x65 (EB 63; EB 4C in 1.96);
 *  - lilo: "LILO" at offset 6 (2 on floppies), as ms-sys checks;
 *  - syslinux: mbr.bin, gptmbr.bin and altmbr.bin start "33 C0 FA 8E D8 8E
 *    D0 BC 00 7C" (xor ax,ax; cli; ds = ss = 0; sp = 0x7c00), and 3.x
 *    starts "FA 31 C0 8E D8 8E D0 BC 00 7C";
 *  - windows: the NT 5 to 10 MBRs start "33 C0 8E D0 BC 00 7C" (xor ax,ax;
 *    ss = 0; sp = 0x7c00) and carry "Invalid partition table";
 *  - unknown: anything else.
 */
const char *bp_boot_code(const unsigned char *sector, size_t len)
{
	static const unsigned char syslinux4[] = {
		0x33, 0xc0, 0xfa, 0x8e, 0xd8, 0x8e, 0xd0, 0xbc, 0x00, 0x7c };
	static const unsigned char syslinux3[] = {
		0xfa, 0x31, 0xc0, 0x8e, 0xd8, 0x8e, 0xd0, 0xbc, 0x00, 0x7c };
	static const unsigned char windows[] = {
		0x33, 0xc0, 0x8e, 0xd0, 0xbc, 0x00, 0x7c };
	const size_t code = MBR_BOOT_CODE_LEN;
	struct rd r = rd_make(sector, len);
	const unsigned char *boot = rd_ptr(&r, 0, code);
	size_t i;

	if (len < MBR_LEN || !boot)
		return NULL;
	for (i = 0; i < code && !boot[i]; i++)
		;
	if (i == code || !rd_eq(&r, MBR_SIG, "\x55\xaa", 2))
		return "none";
	if (rd_u8(&r, 0) == 0xeb && has_string(boot, code, "GRUB ")) {
		if (rd_u8(&r, 1) == 0x48)
			return "grub-legacy";
		if (rd_u8(&r, 1) == 0x63 || rd_u8(&r, 1) == 0x4c)
			return "grub2";
	}
	if (rd_eq(&r, 6, "LILO", 4) || rd_eq(&r, 2, "LILO", 4))
		return "lilo";
	if (rd_eq(&r, 0, syslinux4, sizeof(syslinux4)) ||
	    rd_eq(&r, 0, syslinux3, sizeof(syslinux3)))
		return "syslinux";
	if (rd_eq(&r, 0, windows, sizeof(windows)) &&
	    has_string(boot, code, "Invalid partition table"))
		return "windows";
	return "unknown";
}

/* ---- superblocks ---- */

static char *value(blkid_probe pr, const char *name)
{
	const char *v = NULL;
	size_t len = 0;

	if (blkid_probe_lookup_value(pr, name, &v, &len) == 0 && v && *v)
		return xstrndup(v, strnlen(v, len));
	return NULL;
}

/* the types of an ambivalent probe, "ext4, vfat" */
static char *ambivalent_types(blkid_probe pr)
{
	struct buf b = BUF_INIT;

	blkid_reset_probe(pr);
	for (int i = 0; i < 16 && blkid_do_probe(pr) == 0; i++) {
		char *t = value(pr, "TYPE");
		if (t) {
			buf_addf(&b, "%s%s", b.len ? ", " : "", t);
			free(t);
		}
	}
	return buf_detach(&b);
}

/*
 * Probes the superblocks of what pr is set on.  libblkid's ZFS prober
 * reads the four 256 KiB vdev labels (two at each end) of every device:
 * three quarters of all the bytes a scan reads.  So ZFS is probed second,
 * only where nothing else was found; a ZFS label left behind under another
 * filesystem goes unreported.
 */
static int probe_fs_with(blkid_probe pr, struct bp_fs *fs, int zfs_pass)
{
	static char zfs_name[] = "zfs_member";
	static char *zfs[] = { zfs_name, NULL };
	int rc;

	blkid_probe_enable_partitions(pr, 0);
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, FS_FLAGS);
	blkid_probe_filter_superblocks_type(pr, BLKID_FLTR_NOTIN, zfs);
	errno = 0;
	rc = blkid_do_safeprobe(pr);
	if (rc == 1 && zfs_pass) {
		blkid_probe_filter_superblocks_type(pr, BLKID_FLTR_ONLYIN, zfs);
		errno = 0;
		rc = blkid_do_safeprobe(pr);
	}
	blkid_probe_reset_superblocks_filter(pr);
	if (rc == 0) {
		char *off = value(pr, "SBMAGIC_OFFSET");
		fs->type = value(pr, "TYPE");
		fs->uuid = value(pr, "UUID");
		fs->label = value(pr, "LABEL");
		fs->version = value(pr, "VERSION");
		fs->usage = value(pr, "USAGE");
		fs->uuid_sub = value(pr, "UUID_SUB");
		if (off) {
			char *end;
			errno = 0;
			unsigned long long v = strtoull(off, &end, 10);
			if (!errno && end != off && !*end) {
				fs->magic_off = v;
				fs->has_magic_off = 1;
			}
			free(off);
		}
		return 0;
	}
	if (rc == 1)
		return 0;
	if (rc == -2) {
		char *types = ambivalent_types(pr);
		fs->reason = xasprintf("several signatures (%s): libblkid does not choose; "
				       "wipefs -n lists them", types);
		free(types);
		return 0;
	}
	rc = errno ? -errno : -EIO;
	fs->reason = xasprintf("libblkid probe failed: %s", strerror(-rc));
	return rc;
}

static int set_device(blkid_probe pr, int fd, uint64_t off, uint64_t size,
		      unsigned int ssz)
{
	errno = 0;
	if (blkid_probe_set_device(pr, fd, (blkid_loff_t)off, (blkid_loff_t)size) != 0)
		return errno ? -errno : -EIO;
	if (ssz)
		blkid_probe_set_sectorsize(pr, ssz);
	return 0;
}

int bp_probe_fs(int fd, uint64_t off, uint64_t size, unsigned int ssz, struct bp_fs *fs)
{
	blkid_probe pr = blkid_new_probe();
	int rc;

	memset(fs, 0, sizeof(*fs));
	if (!pr) {
		fs->reason = xstrdup("libblkid: cannot allocate a probe");
		return -ENOMEM;
	}
	rc = set_device(pr, fd, off, size, ssz);
	if (rc < 0)
		fs->reason = xasprintf("libblkid cannot use the device: %s", strerror(-rc));
	else
		rc = probe_fs_with(pr, fs, 1);
	blkid_free_probe(pr);
	return rc;
}

/* ---- GPT headers (UEFI 5.3.2) ---- */

struct gpt_hdr {
	int valid;
	char why[200];
	uint64_t alt, fu, lu, ents_lba;
	uint32_t nents, esz;
	int huge;		/* a sound header whose array is over GPT_ENTS_MAX */
	unsigned char *ents;	/* the entry array when valid */
	size_t entslen;
};

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
	uLong c = crc32(0L, Z_NULL, 0);

	while (n) {
		uInt chunk = n > (1u << 30) ? (1u << 30) : (uInt)n;
		c = crc32(c, p, chunk);
		p += chunk;
		n -= chunk;
	}
	return (uint32_t)c;
}

/* reads and checks the GPT header at lba as libblkid does, saying why not */
static void gpt_read(int fd, uint64_t base, uint64_t size, unsigned int ssz,
		     uint64_t lba, struct gpt_hdr *h)
{
	uint64_t lastlba = size / ssz - 1, at, end;
	unsigned char *sec = xmalloc(ssz);
	struct rd b = rd_make(sec, ssz);
	uint32_t hsz, crc, want;
	int rc;

	memset(h, 0, sizeof(*h));
	/* lba is 1, the last LBA or a sound header's AlternateLBA below it */
	rc = pread_all(fd, sec, ssz, base + lba * ssz);
	if (rc < 0) {
		snprintf(h->why, sizeof(h->why), "cannot read LBA %llu: %s",
			 (unsigned long long)lba, strerror(-rc));
		goto out;
	}
	if (!rd_eq(&b, GPT_SIGNATURE, "EFI PART", 8)) {
		snprintf(h->why, sizeof(h->why), "no \"EFI PART\" signature at LBA %llu",
			 (unsigned long long)lba);
		goto out;
	}
	hsz = rd_le32(&b, GPT_HDR_SIZE);
	if (hsz < GPT_HDR_MIN || hsz > ssz) {
		snprintf(h->why, sizeof(h->why), "header size %u out of range", hsz);
		goto out;
	}
	want = rd_le32(&b, GPT_HDR_CRC);
	memset(sec + GPT_HDR_CRC, 0, 4);	/* inside: ssz >= 512 */
	crc = crc32_of(sec, hsz);
	if (crc != want) {
		snprintf(h->why, sizeof(h->why), "header CRC mismatch (stored 0x%08x, computed 0x%08x)",
			 want, crc);
		goto out;
	}
	if (rd_le64(&b, GPT_MY_LBA) != lba) {
		snprintf(h->why, sizeof(h->why), "header at LBA %llu says it is at LBA %llu",
			 (unsigned long long)lba, (unsigned long long)rd_le64(&b, GPT_MY_LBA));
		goto out;
	}
	h->alt = rd_le64(&b, GPT_ALTERNATE_LBA);
	h->fu = rd_le64(&b, GPT_FIRST_USABLE_LBA);
	h->lu = rd_le64(&b, GPT_LAST_USABLE_LBA);
	h->ents_lba = rd_le64(&b, GPT_ENTRIES_LBA);
	h->nents = rd_le32(&b, GPT_NUM_ENTRIES);
	h->esz = rd_le32(&b, GPT_ENTRY_SIZE);
	want = rd_le32(&b, GPT_ENTRIES_CRC);
	if (!rd_ok(&b)) {
		snprintf(h->why, sizeof(h->why), "header truncated");
		goto out;
	}
	h->huge = (uint64_t)h->nents * h->esz > GPT_ENTS_MAX;
	if (h->lu < h->fu || h->fu > lastlba || h->lu > lastlba) {
		snprintf(h->why, sizeof(h->why),
			 "usable area LBA %llu-%llu does not fit a disk whose last LBA is %llu "
			 "(a truncated image?)", (unsigned long long)h->fu,
			 (unsigned long long)h->lu, (unsigned long long)lastlba);
		goto out;
	}
	if (h->esz != GPTE_LEN || !h->nents) {
		snprintf(h->why, sizeof(h->why), "%u entries of %u bytes (libblkid reads only 128-byte entries)",
			 h->nents, h->esz);
		goto out;
	}
	if ((uint64_t)h->nents * h->esz > GPT_ENTS_MAX) {
		snprintf(h->why, sizeof(h->why), "too many partition entries: %u of %u bytes, "
			 "over the %d MiB read (Linux reads no more)", h->nents, h->esz,
			 GPT_ENTS_MAX >> 20);
		goto out;
	}
	h->entslen = (size_t)h->nents * h->esz;
	if (h->ents_lba > lastlba || rd_mul(h->ents_lba, ssz, &at) || rd_add(at, h->entslen, &end) ||
	    end > size) {
		snprintf(h->why, sizeof(h->why), "entry array at LBA %llu runs past the end of the disk",
			 (unsigned long long)h->ents_lba);
		goto out;
	}
	h->ents = xmalloc(h->entslen);
	rc = pread_all(fd, h->ents, h->entslen, base + at);
	if (rc < 0) {
		snprintf(h->why, sizeof(h->why), "cannot read the entry array: %s", strerror(-rc));
		goto out;
	}
	crc = crc32_of(h->ents, h->entslen);
	if (crc != want) {
		snprintf(h->why, sizeof(h->why),
			 "partition entry array CRC mismatch (stored 0x%08x, computed 0x%08x)", want, crc);
		goto out;
	}
	h->valid = 1;
out:
	if (!h->valid) {
		free(h->ents);
		h->ents = NULL;
	}
	free(sec);
}

static void gpt_release(struct gpt_hdr *h)
{
	free(h->ents);
	h->ents = NULL;
}

/* a GUID stored mixed-endian (UEFI Appendix A), as libblkid prints it */
static char *gpt_guid(struct rd *b, size_t off)
{
	return xasprintf("%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
			 rd_le32(b, off), rd_le16(b, off + 4), rd_le16(b, off + 6),	/* Data1-3 */
			 rd_u8(b, off + 8), rd_u8(b, off + 9), rd_u8(b, off + 10),
			 rd_u8(b, off + 11), rd_u8(b, off + 12), rd_u8(b, off + 13),
			 rd_u8(b, off + 14), rd_u8(b, off + 15));
}

static struct bp_part *add_part(struct bp_disk *d)
{
	d->parts = xrealloc(d->parts, (d->nparts + 1) * sizeof(*d->parts));
	memset(&d->parts[d->nparts], 0, sizeof(*d->parts));
	return &d->parts[d->nparts++];
}

/* GPT entries libblkid dropped because they lie outside the usable area */
static void gpt_ignored_entries(struct bp_disk *d, const struct gpt_hdr *h)
{
	struct rd b = rd_make(h->ents, h->entslen);
	static const unsigned char zero[16];

	for (uint32_t i = 0; i < h->nents; i++) {
		size_t e = (size_t)i * h->esz;
		uint64_t start, end;

		if (rd_eq(&b, e + GPTE_TYPE_GUID, zero, GUID_LEN))
			continue;
		start = rd_le64(&b, e + GPTE_START_LBA);
		end = rd_le64(&b, e + GPTE_END_LBA);
		if (!rd_ok(&b))
			return;
		if (start >= h->fu && end <= h->lu && end >= start)
			continue;
		if (i >= BP_PARTS_MAX)
			return;
		struct bp_part *p = add_part(d);
		p->number = (int)i + 1;
		p->ignored = 1;
		if (!to_bytes(start, d->ssz, &p->start) ||
		    (end >= start && (end - start == UINT64_MAX ||
				      !to_bytes(end - start + 1, d->ssz, &p->size)))) {
			p->pos_unknown = 1;
			p->start = p->size = 0;
		}
		p->type = gpt_guid(&b, e + GPTE_TYPE_GUID);
		const char *tn = bp_gpt_type_name(p->type);
		p->type_name = tn ? xstrdup(tn) : NULL;
		p->uuid = gpt_guid(&b, e + GPTE_UNIQUE_GUID);
		p->reason = xasprintf("entry %u (LBA %llu-%llu) lies outside the usable area "
				      "(LBA %llu-%llu), past the end of the disk: libblkid and the "
				      "kernel ignore it", i + 1, (unsigned long long)start,
				      (unsigned long long)end, (unsigned long long)h->fu,
				      (unsigned long long)h->lu);
		reason(d, 1, "GPT entry %u lies outside the usable area", i + 1);
	}
}

/* ---- MBR logical partitions: the chain of EBRs ---- */

/*
 * An MBR's extended partition holds a chain of EBRs (extended boot
 * records), each one sector laid out like the MBR (UEFI 5.2.1): its
 * entries hold a logical partition, its start relative to the EBR, and a
 * link to the next EBR (an extended type), its start relative to the
 * extended partition.  libblkid (libblkid/src/partitions/dos.c) follows
 * the chain to its end and looks each new partition up in its whole list,
 * so n EBRs cost n * n: 80,000 EBRs in an 80 MiB image took 64 s.  Its
 * 2.38 stops a chain that loops only after 100 links that add nothing.
 *
 * So the chain is walked here first, by the same rules, reading at most
 * BP_PARTS_MAX EBRs: a chain that loops is said to loop (libblkid then
 * reads the partitions before the loop, each once); a chain that goes on
 * past the cap is not given to libblkid at all, and mbr_table() reads the
 * table instead, up to partition BP_PARTS_MAX.
 */
static size_t mbr_ent(int i)
{
	return MBR_ENTRIES + MBR_ENTRY_LEN * (size_t)i;
}

static int mbr_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0f || type == 0x85;
}

struct ebr_part {
	uint64_t start, sectors;	/* LBAs */
	uint8_t type, boot;
};

struct ebr_walk {
	struct ebr_part *parts;	/* logical partitions 5, 6, ..., chain order */
	size_t nparts;
	uint64_t *seen;		/* the EBRs read */
	size_t nseen;
	int over;		/* the chain goes on past BP_PARTS_MAX */
	int loops;		/* an EBR links back to one read before */
	uint64_t loop_at, loop_to;
};

static void ebr_walk_release(struct ebr_walk *w)
{
	free(w->parts);
	free(w->seen);
	memset(w, 0, sizeof(*w));
}

/* one extended partition's chain, from LBA ex (of n sectors) */
static void ebr_chain(int fd, uint64_t off, uint64_t size, unsigned int ssz, uint64_t ex,
		      uint64_t n, struct ebr_walk *w)
{
	unsigned char sec[MBR_LEN];
	uint64_t cur = ex, cur_n = n, at;

	while (!w->over) {
		struct rd b = rd_make(sec, sizeof(sec));
		size_t link = 4;

		for (size_t i = 0; i < w->nseen; i++)
			if (w->seen[i] == cur) {
				w->loops = 1;
				w->loop_at = w->seen[w->nseen - 1];
				w->loop_to = cur;
				return;
			}
		if (w->nseen == BP_PARTS_MAX) {
			w->over = 1;
			return;
		}
		w->seen = xrealloc(w->seen, (w->nseen + 1) * sizeof(*w->seen));
		w->seen[w->nseen++] = cur;
		/* an EBR that cannot be read ends the chain, as in libblkid */
		if (rd_mul(cur, ssz, &at) || at > size - sizeof(sec) ||
		    pread_all(fd, sec, sizeof(sec), off + at) < 0)
			return;
		if (!rd_eq(&b, MBR_SIG, "\x55\xaa", 2))
			return;
		for (int i = 0; i < 4; i++) {
			size_t e = mbr_ent(i);
			uint8_t type = rd_u8(&b, e + MBR_E_TYPE);
			uint64_t start = rd_le32(&b, e + MBR_E_START);
			uint64_t sectors = rd_le32(&b, e + MBR_E_SECTORS);

			if (mbr_extended(type)) {
				/* Linux follows a link of offset 0 (libblkid ignores it) */
				if (sectors && link == 4)
					link = e;
				continue;
			}
			/* as libblkid 2.39 on: inside the extended partition; entries 3 and 4 within the link's size */
			if (!sectors || cur + start < ex || cur + start + sectors > ex + n ||
			    (i >= 2 && start + sectors > cur_n))
				continue;
			if (5 + w->nparts > BP_PARTS_MAX) {
				w->over = 1;
				return;
			}
			w->parts = xrealloc(w->parts, (w->nparts + 1) * sizeof(*w->parts));
			w->parts[w->nparts++] = (struct ebr_part){ cur + start, sectors, type,
								   rd_u8(&b, e + MBR_E_BOOT) };
		}
		if (link == 4)
			return;
		cur = ex + rd_le32(&b, link + MBR_E_START);
		cur_n = rd_le32(&b, link + MBR_E_SECTORS);
	}
}

/*
 * Walks the EBR chains of an MBR as libblkid would read it (0x55 0xAA,
 * boot indicators 0 or 0x80, no GPT protective entry): 1 when there is a
 * chain, 0 when there is none.
 */
static int ebr_walk(int fd, uint64_t off, uint64_t size, unsigned int ssz,
		    const struct rd *sector0, struct ebr_walk *w)
{
	struct rd h = rd_make(sector0->p, sector0->len), *head = &h;
	int any = 0;

	memset(w, 0, sizeof(*w));
	if (!rd_eq(head, MBR_SIG, "\x55\xaa", 2) || size < MBR_LEN)
		return 0;
	for (int i = 0; i < 4; i++) {
		uint8_t boot = rd_u8(head, mbr_ent(i) + MBR_E_BOOT);
		if ((boot != 0 && boot != 0x80) || rd_u8(head, mbr_ent(i) + MBR_E_TYPE) == MBR_TYPE_GPT)
			return 0;
	}
	for (int i = 0; i < 4 && !w->over && !w->loops; i++) {
		size_t e = mbr_ent(i);
		uint64_t start = rd_le32(head, e + MBR_E_START), n = rd_le32(head, e + MBR_E_SECTORS);
		if (mbr_extended(rd_u8(head, e + MBR_E_TYPE)) && start && n) {
			any = 1;
			ebr_chain(fd, off, size, ssz, start, n, w);
		}
	}
	return any && rd_ok(head);
}

static struct bp_part *add_part(struct bp_disk *d);

/* one MBR partition, as read_partlist() makes it from libblkid's */
static void mbr_part(struct bp_disk *d, int number, uint64_t start, uint64_t sectors,
		     uint8_t type, uint8_t boot)
{
	struct bp_part *p = add_part(d);
	const char *tn = bp_mbr_type_name(type);

	p->number = number;
	p->start = start * d->ssz;	/* 32-bit LBAs: no overflow */
	p->size = sectors * d->ssz;
	p->extended = mbr_extended(type);
	p->type = xasprintf("0x%02x", type);
	p->type_name = tn ? xstrdup(tn) : NULL;
	if (d->pt_uuid)
		p->uuid = xasprintf("%s-%02x", d->pt_uuid, number);
	if (boot & 0x80)
		p->flags = xstrdup("boot");
}

/* the MBR table of a chain past the cap, read here: primaries, then logicals */
static void mbr_table(struct bp_disk *d, struct rd *head, const struct ebr_walk *w)
{
	uint32_t id = rd_le32(head, MBR_DISK_ID);

	d->pt_type = xstrdup("mbr");
	if (id)
		d->pt_uuid = xasprintf("%08x", id);
	for (int i = 0; i < 4; i++) {
		size_t e = mbr_ent(i);
		uint64_t sectors = rd_le32(head, e + MBR_E_SECTORS);
		if (sectors)
			mbr_part(d, i + 1, rd_le32(head, e + MBR_E_START), sectors,
				 rd_u8(head, e + MBR_E_TYPE), rd_u8(head, e + MBR_E_BOOT));
	}
	for (size_t i = 0; i < w->nparts; i++)
		mbr_part(d, 5 + (int)i, w->parts[i].start, w->parts[i].sectors, w->parts[i].type,
			 w->parts[i].boot);
	reason(d, 1, "too many partitions: truncated at %d (the chain of EBRs goes on past %d "
	       "links; the table was read here, not by libblkid)", BP_PARTS_MAX, BP_PARTS_MAX);
}

/* ---- the disk ---- */

char *bp_gpt_flags(unsigned long long a)
{
	static const struct {
		int bit;
		const char *name;
	} bits[] = {
		{ 0, "required" }, { 1, "no-block-io" }, { 2, "legacy-boot" },
		{ 60, "read-only" }, { 62, "hidden" }, { 63, "no-automount" },
	};
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (a & (1ULL << bits[i].bit))
			buf_addf(&b, "%s%s", b.len ? "," : "", bits[i].name);
	return b.len ? buf_detach(&b) : (buf_release(&b), NULL);
}

/* partitions from libblkid's list */
static void read_partlist(struct bp_disk *d, blkid_partlist ls, const char *ptuuid)
{
	int n = blkid_partlist_numof_partitions(ls), over = 0;

	for (int i = 0; i < n; i++) {
		blkid_partition par = blkid_partlist_get_partition(ls, i);
		blkid_parttable t;
		const char *ttype, *s;
		struct bp_part *p;

		if (!par)
			continue;
		if (blkid_partition_get_partno(par) > BP_PARTS_MAX) {
			over++;
			continue;
		}
		t = blkid_partition_get_table(par);
		ttype = t ? blkid_parttable_get_type(t) : NULL;
		p = add_part(d);
		p->number = blkid_partition_get_partno(par);
		/* in 512-byte sectors whatever the disk's (libblkid's API documentation) */
		blkid_loff_t start = blkid_partition_get_start(par), len = blkid_partition_get_size(par);
		if (start < 0 || len < 0 || !to_bytes((uint64_t)start, 512, &p->start) ||
		    !to_bytes((uint64_t)len, 512, &p->size)) {
			p->pos_unknown = 1;
			p->start = p->size = 0;
			p->reason = xasprintf("starts at sector %llu (of 512 bytes), past the end of "
					      "any disk: its place is not recorded",
					      (unsigned long long)start);
			reason(d, 1, "partition %d lies past the end of any disk", p->number);
		}
		p->extended = blkid_partition_is_extended(par);
		if ((s = blkid_partition_get_type_string(par)) && *s) {
			p->type = xstrdup(s);
			if (ttype && !strcmp(ttype, "gpt") && (s = bp_gpt_type_name(s)))
				p->type_name = xstrdup(s);
		} else {
			unsigned int code = (unsigned int)blkid_partition_get_type(par);
			p->type = xasprintf("0x%02x", code);
			if (ttype && !strcmp(ttype, "dos") && (s = bp_mbr_type_name(code)))
				p->type_name = xstrdup(s);
		}
		if ((s = blkid_partition_get_name(par)) && *s)
			p->label = xstrdup(s);
		if ((s = blkid_partition_get_uuid(par)) && *s)
			p->uuid = xstrdup(s);
		else if (ttype && !strcmp(ttype, "dos") && ptuuid)
			/* what the kernel and blkid call PARTUUID on an MBR disk */
			p->uuid = xasprintf("%s-%02x", ptuuid, p->number);
		if (ttype && !strcmp(ttype, "dos")) {
			if (blkid_partition_get_flags(par) & 0x80)
				p->flags = xstrdup("boot");
		} else if (ttype && !strcmp(ttype, "gpt")) {
			p->flags = bp_gpt_flags(blkid_partition_get_flags(par));
		}
		if (t && blkid_parttable_get_parent(t)) {
			char *f = xasprintf("%s%snested-%s", p->flags ? p->flags : "",
					    p->flags ? "," : "", ttype ? ttype : "table");
			free(p->flags);
			p->flags = f;
		}
	}
	if (over)
		reason(d, 1, "too many partitions: truncated at %d (%d more not read)", BP_PARTS_MAX,
		       over);
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* is the first MiB (where superblocks live) all zero, or unreadable? */
static int blank_start(int fd, uint64_t off, uint64_t size)
{
	enum { CHUNK = 64 * 1024, SPAN = 1024 * 1024 };
	unsigned char *b = xmalloc(CHUNK);
	uint64_t end = size < SPAN ? size : SPAN;
	int blank = 1;

	for (uint64_t at = 0; at < end && blank; at += CHUNK) {
		size_t n = end - at < CHUNK ? (size_t)(end - at) : CHUNK;
		if (pread_all(fd, b, n, off + at) < 0 || !all_zero(b, n))
			blank = 0;
	}
	free(b);
	return blank;
}

/* the sector size of an image: where a GPT header is, else 512 */
static unsigned int detect_ssz(int fd, uint64_t off, uint64_t size, struct rd head)
{
	unsigned char tail[8];
	static const unsigned int sizes[] = { 512, 4096 };

	for (size_t i = 0; i < 2; i++)
		if (rd_eq(&head, sizes[i] + GPT_SIGNATURE, "EFI PART", 8))
			return sizes[i];
	for (size_t i = 0; i < 2; i++)
		if (size >= 2 * (uint64_t)sizes[i] &&
		    pread_all(fd, tail, 8, off + size - sizes[i]) == 0 &&
		    !memcmp(tail, "EFI PART", 8))
			return sizes[i];
	return 512;
}

/*
 * The GPT side: which header libblkid used, what is wrong with the other,
 * and the entries it dropped.  pri and bak are the headers at LBA 1 and at
 * the last LBA, read by gpt_read() (NULL when the disk is too small for a
 * GPT); tab_lba is the LBA of the header libblkid used, or 0 when it found
 * no GPT; withheld: the GPT was not given to libblkid (see GPT_ENTS_MAX).
 */
static void gpt_diagnose(struct bp_disk *d, int fd, uint64_t off, uint64_t tab_lba,
			 const struct gpt_hdr *pri, const struct gpt_hdr *bak, int withheld)
{
	uint64_t lastlba;

	if (!pri) {
		if (!tab_lba)
			reason(d, 1, "protective MBR on a disk too small for a GPT");
		return;
	}
	lastlba = d->size / d->ssz - 1;

	if (tab_lba == 1) {
		if (!pri->valid)
			/* libblkid's own checks passed: an LBA times the sector size wrapped */
			reason(d, 1, "primary GPT header invalid: %s; libblkid read it anyway", pri->why);
		if (!bak->valid) {
			/* a disk grown after partitioning keeps its backup where it was */
			struct gpt_hdr alt;
			if (pri->valid && pri->alt != lastlba && pri->alt > 1 && pri->alt < lastlba) {
				gpt_read(fd, off, d->size, d->ssz, pri->alt, &alt);
				if (alt.valid)
					reason(d, 0, "backup GPT header is at LBA %llu, not at the last LBA %llu "
					       "(the disk grew after partitioning)",
					       (unsigned long long)pri->alt, (unsigned long long)lastlba);
				else
					reason(d, 0, "backup GPT header invalid: %s", bak->why);
				gpt_release(&alt);
			} else {
				reason(d, 0, "backup GPT header invalid: %s", bak->why);
			}
		}
		if (pri->valid)
			gpt_ignored_entries(d, pri);
	} else if (tab_lba && tab_lba == lastlba) {
		reason(d, 1, "primary GPT header invalid: %s; libblkid read the backup header "
		       "at LBA %llu instead", pri->why, (unsigned long long)lastlba);
		if (!bak->valid)
			reason(d, 1, "backup GPT header invalid: %s; libblkid read it anyway", bak->why);
		if (bak->valid)
			gpt_ignored_entries(d, bak);
	} else if (withheld) {
		reason(d, 1, "GPT not read: primary: %s; backup: %s", pri->valid ? "valid" : pri->why,
		       bak->valid ? "valid" : bak->why);
	} else if (!tab_lba) {
		reason(d, 1, "protective MBR but no valid GPT header: primary: %s; backup: %s",
		       pri->why, bak->why);
	}
}

static void classify_pmbr(struct bp_disk *d, struct rd *head, int *has_ee)
{
	int ee = 0, other = 0;

	*has_ee = 0;
	if (!rd_eq(head, MBR_SIG, "\x55\xaa", 2))
		return;
	for (int i = 0; i < 4; i++) {
		uint8_t type = rd_u8(head, mbr_ent(i) + MBR_E_TYPE);
		if (type == MBR_TYPE_GPT)
			ee++;
		else if (type)
			other++;
	}
	*has_ee = ee > 0;
	if (ee)
		d->pmbr = xstrdup(other ? "hybrid" : "protective");
}

void bp_probe_disk(int fd, uint64_t off, uint64_t size, unsigned int ssz, struct bp_disk *d)
{
	blkid_probe pr = blkid_new_probe(), fspr = NULL;
	unsigned char *head = NULL;
	struct rd hb;
	blkid_partlist ls = NULL;
	blkid_parttable tab = NULL;
	uint64_t tab_lba = 0;
	/* libblkid's probers that read GPT headers: its GPT, and its lone protective MBR */
	static char gpt_name[] = "gpt", pmbr_name[] = "PMBR";
	static char *gpt_probers[] = { gpt_name, pmbr_name, NULL };
	struct gpt_hdr pri = { 0 }, bak = { 0 };
	struct ebr_walk ebrs;
	size_t hlen;
	int rc, has_ee = 0, gpt_sig = 0, own_table = 0, gpt_hdrs = 0, gpt_withheld = 0;

	if (!pr) {
		reason(d, 1, "libblkid: cannot allocate a probe");
		return;
	}
	rc = set_device(pr, fd, off, size, 0);
	if (rc < 0) {
		reason(d, 1, "libblkid cannot use the device: %s", strerror(-rc));
		goto out;
	}
	d->size = (uint64_t)blkid_probe_get_size(pr);
	d->has_size = 1;
	if (d->size == 0) {
		reason(d, 1, "empty: 0 bytes");
		goto out;
	}
	if (d->size < 512) {
		reason(d, 1, "%llu bytes: smaller than one sector", (unsigned long long)d->size);
		goto out;
	}
	hlen = d->size < HEAD_LEN ? (size_t)d->size : HEAD_LEN;
	head = xmalloc(hlen);
	rc = pread_all(fd, head, hlen, off);
	if (rc < 0) {
		reason(d, 1, "cannot read sector 0: %s", strerror(-rc));
		goto out;
	}
	hb = rd_make(head, hlen);
	if (!ssz)
		ssz = detect_ssz(fd, off, d->size, hb);
	d->ssz = ssz;
	blkid_probe_set_sectorsize(pr, ssz);
	d->boot_code = xstrdup(bp_boot_code(head, hlen));
	classify_pmbr(d, &hb, &has_ee);
	gpt_sig = rd_eq(&hb, ssz + GPT_SIGNATURE, "EFI PART", 8);
	if ((has_ee || gpt_sig) && d->size >= 3 * (uint64_t)ssz) {
		gpt_read(fd, off, d->size, ssz, 1, &pri);
		gpt_read(fd, off, d->size, ssz, d->size / ssz - 1, &bak);
		gpt_hdrs = 1;
		/* libblkid reads the array of the first sound header whole, up to 4 GiB */
		if (pri.huge || (!pri.valid && bak.huge)) {
			blkid_probe_filter_partitions_type(pr, BLKID_FLTR_NOTIN, gpt_probers);
			gpt_withheld = 1;
		}
	}

	if (ebr_walk(fd, off, d->size, ssz, &hb, &ebrs) && ebrs.over) {
		mbr_table(d, &hb, &ebrs);
		own_table = 1;
	} else if (ebrs.loops) {
		reason(d, 1, "EBR chain loops: the EBR at LBA %llu links back to the one at LBA %llu; "
		       "the logical partitions before the loop are read once", (unsigned long long)ebrs.loop_at,
		       (unsigned long long)ebrs.loop_to);
	}
	ebr_walk_release(&ebrs);

	blkid_probe_enable_superblocks(pr, 0);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS | BLKID_PARTS_MAGIC);
	errno = 0;
	ls = own_table ? NULL : blkid_probe_get_partitions(pr);
	tab = ls ? blkid_partlist_get_table(ls) : NULL;
	if (!tab && !has_ee && gpt_sig && !own_table) {
		/* a GPT without its protective MBR: libblkid reads it only when forced */
		blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS | BLKID_PARTS_MAGIC |
						 BLKID_PARTS_FORCE_GPT);
		ls = blkid_probe_get_partitions(pr);
		tab = ls ? blkid_partlist_get_table(ls) : NULL;
		if (tab) {
			d->pmbr = xstrdup("none");
			reason(d, 0, "GPT without a protective MBR (read with libblkid's FORCE_GPT; "
			       "firmware and the kernel may ignore it)");
		}
	}
	if (tab) {
		const char *type = blkid_parttable_get_type(tab);
		const char *id = blkid_parttable_get_id(tab);
		int dos = type && !strcmp(type, "dos");

		d->pt_type = xstrdup(dos ? "mbr" : type ? type : "unknown");
		if (id && *id)
			d->pt_uuid = xstrdup(dos && !strncmp(id, "0x", 2) ? id + 2 : id);
		if (type && !strcmp(type, "gpt"))
			tab_lba = (uint64_t)blkid_parttable_get_offset(tab) / ssz;
		read_partlist(d, ls, d->pt_uuid);
	} else if (has_ee) {
		/* libblkid calls this PMBR: the GPT itself is unreadable */
		d->pt_type = NULL;
	} else if (!own_table) {
		d->pt_type = xstrdup("none");
	}
	if (has_ee || (tab && tab_lba))
		gpt_diagnose(d, fd, off, tab_lba, gpt_hdrs ? &pri : NULL, gpt_hdrs ? &bak : NULL,
			     gpt_withheld);

	/*
	 * The whole disk's own signature (a filesystem, an LVM/md/LUKS member,
	 * an ISO 9660 hybrid image); ZFS labels of a partitioned disk are its
	 * partitions' business.
	 */
	rc = probe_fs_with(pr, &d->fs, !tab && !own_table && !has_ee);
	if (rc < 0) {
		reason(d, 1, "%s", d->fs.reason);
		free(d->fs.reason);
		d->fs.reason = NULL;
	}

	/* a signature inside a partition is that partition's, not the disk's */
	if (d->fs.type && d->fs.has_magic_off) {
		for (size_t i = 0; i < d->nparts; i++) {
			const struct bp_part *p = &d->parts[i];
			if (!p->extended && d->fs.magic_off >= p->start &&
			    d->fs.magic_off < p->start + p->size) {
				bp_fs_release(&d->fs);
				break;
			}
		}
	}
	if (d->fs.reason) {
		reason(d, 1, "whole disk: %s", d->fs.reason);
		free(d->fs.reason);
		d->fs.reason = NULL;
	}

	for (size_t i = 0; i < d->nparts; i++) {
		struct bp_part *p = &d->parts[i];
		uint64_t len = p->size;

		if (p->ignored || p->pos_unknown)
			continue;
		/* both are under 2^63: the sum does not wrap */
		if (p->start >= d->size || p->start + p->size > d->size) {
			p->reason = xasprintf("extends past the end of the disk (ends at byte %llu, "
					      "the disk has %llu)",
					      (unsigned long long)(p->start + p->size),
					      (unsigned long long)d->size);
			reason(d, 1, "partition %d extends past the end of the disk", p->number);
			if (p->start >= d->size)
				continue;
			len = d->size - p->start;
		}
		if (p->extended || !len)
			continue;
		if (!fspr && !(fspr = blkid_new_probe()))
			break;
		rc = set_device(fspr, fd, off + p->start, len, ssz);
		if (rc < 0) {
			p->fs.reason = xasprintf("libblkid cannot use the partition: %s", strerror(-rc));
		} else {
			probe_fs_with(fspr, &p->fs, 1);
		}
		if (p->fs.reason && !p->reason) {
			p->reason = p->fs.reason;
			p->fs.reason = NULL;
		}
	}

	if (!tab && !own_table && !has_ee && !d->fs.type && !d->unknown) {
		/* nothing known on it: blank, or something libblkid cannot name */
		if (!all_zero(head, hlen) || !blank_start(fd, off, d->size))
			reason(d, 1, "no partition table or filesystem signature that libblkid knows");
	}
out:
	gpt_release(&pri);
	gpt_release(&bak);
	free(head);
	if (fspr)
		blkid_free_probe(fspr);
	blkid_free_probe(pr);
}
