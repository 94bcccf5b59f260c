/*
 * elfhdr.h - the machine of an ELF file from its header; used by
 * collectors/kernel.c (the architecture of a root's binaries) and the
 * "elf-arch" decoder
 */
#ifndef PREMIG_ELFHDR_H
#define PREMIG_ELFHDR_H

#include <stddef.h>

#include "../../scanner/buf.h"

#define ELF_HDR_NEED 20		/* the bytes read: e_ident and e_type, e_machine */

struct elf_arch {
	const char *arch;	/* static: "x86_64", "ppc64le", ...; NULL: a machine not named */
	int bits;		/* 32 or 64, from EI_CLASS */
	unsigned int em;	/* e_machine */
};

/*
 * Reads the first ELF_HDR_NEED bytes of an ELF file (p, len).  Returns 0
 * with ea filled, -1 with why saying what is wrong ("not an ELF file",
 * "bad ELF class ...").
 */
int elf_arch_decode(const unsigned char *p, size_t len, struct elf_arch *ea, struct buf *why);

#endif
