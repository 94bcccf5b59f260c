/*
 * collector-table.c - the collector table's order of inputs, checked
 *
 * Runs collector_table_check() (collectors/registry.c) on premig's own
 * table, which must pass, and on tables that break each of its rules,
 * which must fail with their reason; then ctx_after_ok() (scanner/ctx.c),
 * which answers only for the inputs the driver found ok.  Prints one line
 * per check; exit status 0 when every check held, 1 otherwise.  Built by
 * `make unit`; tests/cases/registry.sh runs it.
 */
#include <stdio.h>
#include <string.h>

#include "../../collectors/collectors.h"
#include "../../scanner/banned.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int failed;

static void check(const char *what, int cond, const char *detail)
{
	printf("%s %s%s%s\n", cond ? "ok" : "FAIL", what, cond || !detail ? "" : ": ",
	       cond || !detail ? "" : detail);
	failed |= !cond;
}

/* the table must fail with exactly want */
static void refused(const char *what, const struct collector *t, size_t n, const char *want)
{
	struct buf why = BUF_INIT;
	int rc = collector_table_check(t, n, &why);

	check(what, rc < 0 && !strcmp(why.data, want), why.len ? why.data : "passed");
	buf_release(&why);
}

int main(void)
{
	static const struct collector later[] = {
		{ .name = "boot", .after = "disks" },
		{ .name = "disks" },
	};
	static const struct collector itself[] = {
		{ .name = "disks" },
		{ .name = "boot", .after = "disks,boot" },
	};
	static const struct collector unknown[] = {
		{ .name = "disks" },
		{ .name = "boot", .after = "disks,mounts" },
	};
	static const struct collector empty_name[] = {
		{ .name = "disks" },
		{ .name = "boot", .after = "disks," },
		{ .name = "hostfiles", .after = ",disks" },
	};
	static const struct collector too_many[] = {
		{ .name = "a" },
		{ .name = "b", .after = "a,a,a,a,a,a,a,a,a" },
	};
	static const struct collector good[] = {
		{ .name = "disks" },
		{ .name = "volumes", .after = "disks" },
		{ .name = "boot", .after = "disks,volumes" },
	};
	struct buf why = BUF_INIT;
	const struct collector *table;
	size_t n;

	table = collector_table(&n);
	check("premig's table: every input is an earlier row",
	      collector_table_check(table, n, &why) == 0, why.data);
	buf_clear(&why);
	check("a table in order passes", collector_table_check(good, ARRAY_SIZE(good), &why) == 0,
	      why.data);
	buf_release(&why);
	refused("an input after its reader", later, ARRAY_SIZE(later),
		"boot: its input 'disks' comes after it");
	refused("a row its own input", itself, ARRAY_SIZE(itself), "boot: its input 'boot' is itself");
	refused("an input that is no collector", unknown, ARRAY_SIZE(unknown),
		"boot: its input 'mounts' is not a collector");
	/* "disks," ends the list, as --only takes it; ",disks" names "" first */
	refused("an empty name", empty_name, ARRAY_SIZE(empty_name),
		"hostfiles: its input '' is not a collector");
	refused("more inputs than the driver holds", too_many, ARRAY_SIZE(too_many),
		"b: more than 8 inputs");

	struct scan_ctx ctx;
	static const char *const ok[] = { "disks", "volumes", NULL };

	ctx_init(&ctx);
	check("no inputs: none ran ok", !ctx_after_ok(&ctx, "disks"), NULL);
	ctx.after_ok = ok;
	check("an input that ran ok", ctx_after_ok(&ctx, "volumes") == 1, NULL);
	check("an input that did not", !ctx_after_ok(&ctx, "filesystems"), NULL);
	check("a name is matched whole", !ctx_after_ok(&ctx, "disk"), NULL);
	ctx.after_ok = NULL;
	ctx_release(&ctx);
	return failed;
}
