/*
 * cpuinfo.c - proc/cpuinfo, every architecture's spelling (cpuinfo.h)
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cpuinfo.h"
#include "../../scanner/str.h"
#include "../../scanner/banned.h"

/* a decimal integer in [0, max] that fills s; -1 if s is not one */
long cpuinfo_num(const char *s, long max)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 0 || v > max)
		return -1;
	return v;
}

static void ci_bad(struct cpuinfo *ci, int kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void ci_bad(struct cpuinfo *ci, int kind, const char *fmt, ...)
{
	struct buf *why = kind == CI_BAD_LIST ? &ci->why_list : &ci->why_ids;
	va_list ap;

	ci->bad |= kind;
	if (why->len)
		return;	/* the first problem says enough */
	va_start(ap, fmt);
	buf_vaddf(why, fmt, ap);
	va_end(ap);
}

static void field_set(struct field *f, const char *val)
{
	if (!f->first)
		f->first = val;
	else if (strcmp(f->first, val))
		f->differ = 1;
}

static struct cpu *ci_new_cpu(struct cpuinfo *ci, long id)
{
	struct cpu *c;

	if (ci->n == CPU_MAX) {
		ci_bad(ci, CI_BAD_LIST, "proc/cpuinfo lists more than %d processors", CPU_MAX);
		return NULL;
	}
	if (ci->n == ci->alloc) {
		ci->alloc = ci->alloc ? ci->alloc * 2 : 64;
		ci->cpu = xrealloc(ci->cpu, ci->alloc * sizeof(*ci->cpu));
	}
	c = &ci->cpu[ci->n++];
	c->id = id;
	c->pkg = c->core = c->siblings = c->ncores = -1;
	return c;
}

/* "key<white>: value": splits line in place; 0 if it is not such a line */
static int split_line(char *line, char **key, char **val)
{
	char *colon = strchr(line, ':');
	char *k;

	if (!colon)
		return 0;
	*colon = '\0';
	k = colon;
	while (k > line && (k[-1] == ' ' || k[-1] == '\t'))
		*--k = '\0';
	*key = line;
	*val = colon + 1;
	while (**val == ' ' || **val == '\t')
		(*val)++;
	k = *val + strlen(*val);
	while (k > *val && isspace((unsigned char)k[-1]))
		*--k = '\0';
	return 1;
}

/* a per-CPU id field: a number, or a note that the cpuinfo is bad */
static void ci_id(struct cpuinfo *ci, struct cpu *c, const char *key,
		  const char *val, long *dst)
{
	long v = cpuinfo_num(val, INT_MAX);

	if (v < 0)
		ci_bad(ci, CI_BAD_IDS, "proc/cpuinfo: processor %ld: '%s' is not a number ('%.40s')",
		       c->id, key, val);
	else
		*dst = v;
}

/* s390: "processor 0: version = FF,  identification = 0133E8,  machine = 2964" */
static void ci_s390_line(struct cpuinfo *ci, const char *key, const char *val)
{
	long id = cpuinfo_num(key + strlen("processor "), INT_MAX);
	const char *m;

	if (id < 0) {
		ci_bad(ci, CI_BAD_LIST, "proc/cpuinfo: '%.40s' is not a processor number", key);
		return;
	}
	if (!ci_new_cpu(ci, id))
		return;
	m = strstr(val, "machine = ");
	if (!m)
		return;
	m += strlen("machine = ");
	if (!ci->s390_machine)
		ci->s390_machine = m;
	else if (strcspn(m, ", ") != strcspn(ci->s390_machine, ", ") ||
		 strncmp(m, ci->s390_machine, strcspn(m, ", ")))
		ci->s390_machine_differ = 1;
}

void cpuinfo_parse(struct cpuinfo *ci, char *text)
{
	struct cpu *c = NULL;
	char *line, *next;

	for (line = text; line && *line; line = next) {
		char *key, *val;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!split_line(line, &key, &val))
			continue;
		if (!strcmp(key, "processor")) {
			long id = cpuinfo_num(val, INT_MAX);
			if (id < 0) {
				ci_bad(ci, CI_BAD_LIST,
				       "proc/cpuinfo: processor '%.40s' is not a number", val);
				c = NULL;
				continue;
			}
			c = ci_new_cpu(ci, id);
			if (!c)
				break;
		} else if (!strncmp(key, "processor ", 10)) {
			ci_s390_line(ci, key, val);
			c = NULL;
		} else if (!strcmp(key, "flags")) {
			ci->flags_seen = 1;
			if (str_in_list(val, " \t", "hypervisor"))
				ci->hv_flag = 1;
		} else if (!strcmp(key, "model name")) {
			field_set(&ci->model_name, val);
		} else if (!strcmp(key, "cpu model")) {
			field_set(&ci->cpu_model, val);
		} else if (!strcmp(key, "uarch")) {
			field_set(&ci->uarch, val);
		} else if (!strcmp(key, "cpu")) {
			field_set(&ci->ppc_cpu, val);
		} else if (!strcmp(key, "CPU implementer")) {
			field_set(&ci->implementer, val);
		} else if (!strcmp(key, "CPU part")) {
			field_set(&ci->part, val);
		} else if (!strcmp(key, "Processor")) {
			if (!ci->arm_processor)
				ci->arm_processor = val;
		} else if (c && !strcmp(key, "physical id")) {
			ci_id(ci, c, key, val, &c->pkg);
		} else if (c && !strcmp(key, "core id")) {
			ci_id(ci, c, key, val, &c->core);
		} else if (c && !strcmp(key, "siblings")) {
			ci_id(ci, c, key, val, &c->siblings);
		} else if (c && !strcmp(key, "cpu cores")) {
			ci_id(ci, c, key, val, &c->ncores);
		}
	}
}

static int cmp_id(const void *a, const void *b)
{
	const struct cpu *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* every logical CPU listed once */
void cpuinfo_check_ids(struct cpuinfo *ci)
{
	if (ci->n < 2)
		return;
	qsort(ci->cpu, ci->n, sizeof(*ci->cpu), cmp_id);
	for (size_t i = 1; i < ci->n; i++) {
		if (ci->cpu[i].id == ci->cpu[i - 1].id) {
			ci_bad(ci, CI_BAD_LIST, "proc/cpuinfo lists processor %ld twice", ci->cpu[i].id);
			return;
		}
	}
}

/* s with runs of white space as one space, trimmed; malloc'd */
static char *squeeze(const char *s)
{
	struct buf b = BUF_INIT;

	for (const char *p = s; *p; p++) {
		if (isspace((unsigned char)*p)) {
			if (b.len && !isspace((unsigned char)p[1]) && p[1])
				buf_addc(&b, ' ');
		} else {
			buf_addc(&b, *p);
		}
	}
	if (!b.len) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static const struct {
	unsigned long id;
	const char *name;
} arm_implementers[] = {
	{ 0x41, "ARM" }, { 0x42, "Broadcom" }, { 0x43, "Cavium" }, { 0x46, "Fujitsu" },
	{ 0x48, "HiSilicon" }, { 0x4e, "NVIDIA" }, { 0x50, "APM" }, { 0x51, "Qualcomm" },
	{ 0x61, "Apple" }, { 0x6d, "Microsoft" }, { 0xc0, "Ampere" },
};

/* the parts seen on servers (and AWS Graviton 1-4: A72, N1, V1, V2) */
static const struct {
	unsigned long impl, part;
	const char *name;
} arm_parts[] = {
	{ 0x41, 0xd03, "Cortex-A53" }, { 0x41, 0xd05, "Cortex-A55" },
	{ 0x41, 0xd07, "Cortex-A57" }, { 0x41, 0xd08, "Cortex-A72" },
	{ 0x41, 0xd09, "Cortex-A73" }, { 0x41, 0xd0b, "Cortex-A76" },
	{ 0x41, 0xd0c, "Neoverse-N1" }, { 0x41, 0xd40, "Neoverse-V1" },
	{ 0x41, 0xd49, "Neoverse-N2" }, { 0x41, 0xd4f, "Neoverse-V2" },
	{ 0x41, 0xd84, "Neoverse-V3" }, { 0x41, 0xd8e, "Neoverse-N3" },
	{ 0x43, 0x0a1, "ThunderX" }, { 0x43, 0x0af, "ThunderX2" },
	{ 0x46, 0x001, "A64FX" }, { 0x48, 0xd01, "Kunpeng-920" },
	{ 0x50, 0x000, "X-Gene" }, { 0xc0, 0xac3, "Ampere-1" }, { 0xc0, 0xac4, "Ampere-1a" },
};

static int parse_hex(const char *s, unsigned long *v)
{
	char *end;

	if (!isxdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*v = strtoul(s, &end, 16);
	return errno || *end || *v > 0xffff ? -1 : 0;
}

/* "ARM Neoverse-N1" from CPU implementer 0x41 and CPU part 0xd0c */
static char *arm_model(const char *impl_s, const char *part_s)
{
	unsigned long impl, part;
	const char *iname = NULL;

	if (parse_hex(impl_s, &impl) < 0 || parse_hex(part_s, &part) < 0)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(arm_implementers); i++)
		if (arm_implementers[i].id == impl)
			iname = arm_implementers[i].name;
	for (size_t i = 0; i < ARRAY_SIZE(arm_parts); i++)
		if (arm_parts[i].impl == impl && arm_parts[i].part == part)
			return xasprintf("%s %s", iname, arm_parts[i].name);
	if (iname)
		return xasprintf("%s part 0x%03lx", iname, part);
	return xasprintf("implementer 0x%02lx part 0x%03lx", impl, part);
}

char *cpuinfo_model(const struct cpuinfo *ci, int *differ)
{
	const struct field *fields[] = { &ci->model_name, &ci->cpu_model, &ci->uarch,
					 &ci->ppc_cpu };
	char *model = NULL;

	*differ = 0;
	for (size_t i = 0; i < ARRAY_SIZE(fields) && !model; i++) {
		if (fields[i]->first) {
			model = squeeze(fields[i]->first);
			*differ = fields[i]->differ;
		}
	}
	if (!model && ci->implementer.first && ci->part.first) {
		model = arm_model(ci->implementer.first, ci->part.first);
		*differ = ci->implementer.differ || ci->part.differ;
	}
	if (!model && ci->arm_processor)
		model = squeeze(ci->arm_processor);
	if (!model && ci->s390_machine) {
		model = xasprintf("IBM/S390 %.*s", (int)strcspn(ci->s390_machine, ", "),
				  ci->s390_machine);
		*differ = ci->s390_machine_differ;
	}
	return model;
}

void cpuinfo_release(struct cpuinfo *ci)
{
	free(ci->cpu);
	ci->cpu = NULL;
	ci->n = ci->alloc = 0;
	buf_release(&ci->why_list);
	buf_release(&ci->why_ids);
}
