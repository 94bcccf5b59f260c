/*
 * cpuinfo.h - proc/cpuinfo (proc(5)), for the hardware collector (and
 * `premig debug decode cpuinfo`), as the kernel prints it on each
 * architecture premig knows
 *
 * x86: "processor", "physical id", "core id", "siblings", "cpu cores",
 * "model name" and "flags" (the kernel's arch/x86/kernel/cpu/proc.c);
 * arm64: "CPU implementer"/"CPU part", or the old "Processor" header;
 * powerpc: "cpu"; s390: "processor N: ... machine = M"; others: "cpu
 * model", "uarch".  A processor list that cannot be trusted is CI_BAD_LIST
 * (no count at all), a bad id or per-package count CI_BAD_IDS (no
 * topology); the first reason of each kind is kept.
 *
 * Ownership: the struct points into the text it parsed (which must outlive
 * it); cpuinfo_release frees what it allocated.
 */
#ifndef PREMIG_CPUINFO_H
#define PREMIG_CPUINFO_H

#include <stddef.h>

#include "../../scanner/buf.h"

/* twice the largest NR_CPUS a kernel configuration allows (8192) */
#define CPU_MAX 16384
/* about 2 KiB of cpuinfo per x86 CPU: room for CPU_MAX of them */
#define CPUINFO_CAP (32u * 1024 * 1024)

struct cpu {
	long id;		/* the logical CPU number */
	long pkg, core;		/* -1: not given */
	long siblings, ncores;	/* x86 per-package claims; -1: not given */
};

/* the first value of a per-CPU field, and whether others differ from it */
struct field {
	const char *first;	/* points into the cpuinfo text */
	int differ;
};

struct cpuinfo {
	int rc;			/* fsread result */
	struct cpu *cpu;
	size_t n, alloc;
	int bad;		/* CI_BAD_*: what is not to be trusted */
	struct buf why_list, why_ids;	/* the first reason of each kind */
	int flags_seen;		/* an x86 "flags" line */
	int hv_flag;		/* ... naming "hypervisor" */
	struct field model_name, cpu_model, uarch, ppc_cpu, implementer, part;
	const char *arm_processor;	/* the old arm64 header "Processor" */
	const char *s390_machine;
	int s390_machine_differ;
};

enum {
	CI_BAD_LIST = 1 << 0,	/* the processor list: no count at all */
	CI_BAD_IDS = 1 << 1,	/* an id or per-package count: no topology */
};

/* a decimal integer in [0, max] that fills s; -1 if s is not one */
long cpuinfo_num(const char *s, long max);

/* parses text (NUL-terminated, cut in place into lines) into ci, which is zeroed
 * with its why_* buffers initialised */
void cpuinfo_parse(struct cpuinfo *ci, char *text);

/* sorts the processors by number; CI_BAD_LIST when one is listed twice */
void cpuinfo_check_ids(struct cpuinfo *ci);

/*
 * The CPU model: the first of model name, cpu model, uarch, cpu (powerpc),
 * the ARM implementer and part by name, Processor, the s390 machine;
 * malloc'd, or NULL.  *differ: the processors do not all say the same.
 */
char *cpuinfo_model(const struct cpuinfo *ci, int *differ);

void cpuinfo_release(struct cpuinfo *ci);

#endif
