/*
 * elfhdr.c - the machine of an ELF file from its header (elfhdr.h)
 *
 * Source: elf(5) and the System V gABI ("ELF Header"): e_ident[EI_MAG0..3]
 * "\177ELF", e_ident[EI_CLASS] (1 ELFCLASS32, 2 ELFCLASS64), e_ident[EI_DATA]
 * (1 ELFDATA2LSB, 2 ELFDATA2MSB), then e_type (2 bytes) and e_machine (2
 * bytes, in the file's byte order) at offset 18 in both classes; the EM_*
 * values of <elf.h>.
 */
#include <stdint.h>

#include "elfhdr.h"
#include "../../scanner/rd.h"
#include "../../scanner/str.h"
#include "../../scanner/banned.h"

#define EI_MAG 0		/* "\177ELF" */
#define EI_CLASS 4
#define EI_DATA 5
#define E_MACHINE 18
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2
#define EM_PPC64 21

static const struct {
	unsigned int em;
	const char *arch64, *arch32;
} elf_machines[] = {
	{ 3, NULL, "i386" },		/* EM_386 */
	{ 62, "x86_64", "x86_64" },	/* EM_X86_64; ELFCLASS32 is the x32 ABI */
	{ 183, "aarch64", "aarch64" },	/* EM_AARCH64 */
	{ 40, NULL, "arm" },		/* EM_ARM */
	{ 20, NULL, "ppc" },		/* EM_PPC */
	{ EM_PPC64, "ppc64", NULL },	/* EM_PPC64, "ppc64le" when little-endian */
	{ 22, "s390x", "s390" },	/* EM_S390 */
	{ 8, "mips64", "mips" },	/* EM_MIPS */
	{ 2, NULL, "sparc" },		/* EM_SPARC */
	{ 43, "sparc64", NULL },	/* EM_SPARCV9 */
	{ 50, "ia64", NULL },		/* EM_IA_64 */
	{ 243, "riscv64", "riscv32" },	/* EM_RISCV */
	{ 258, "loongarch64", NULL },	/* EM_LOONGARCH */
	{ 15, "parisc64", "parisc" },	/* EM_PARISC */
	{ 0x9026, "alpha", NULL },	/* EM_ALPHA */
};

int elf_arch_decode(const unsigned char *p, size_t len, struct elf_arch *ea, struct buf *why)
{
	struct rd r = rd_make(p, len);
	uint8_t class, data;

	if (len < ELF_HDR_NEED || !rd_eq(&r, EI_MAG, "\177ELF", 4)) {
		buf_adds(why, "not an ELF file");
		return -1;
	}
	class = rd_u8(&r, EI_CLASS);
	data = rd_u8(&r, EI_DATA);
	if ((class != ELFCLASS32 && class != ELFCLASS64) ||
	    (data != ELFDATA2LSB && data != ELFDATA2MSB)) {
		buf_addf(why, "bad ELF class %u or data encoding %u", class, data);
		return -1;
	}
	ea->bits = class == ELFCLASS64 ? 64 : 32;
	ea->em = data == ELFDATA2LSB ? rd_le16(&r, E_MACHINE) : rd_be16(&r, E_MACHINE);
	ea->arch = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(elf_machines); i++) {
		if (elf_machines[i].em != ea->em)
			continue;
		ea->arch = ea->bits == 64 ? elf_machines[i].arch64 : elf_machines[i].arch32;
		if (ea->arch && ea->em == EM_PPC64 && data == ELFDATA2LSB)
			ea->arch = "ppc64le";
	}
	return 0;
}
