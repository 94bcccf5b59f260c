/*
 * decode_system.c - the decoders of release files, mount tables, CPU and other system text files (decode.h)
 *
 * Each reads one file's bytes with the collectors' own parser; the input's
 * file name stands for the path the collector would read (it picks the
 * kind of a legacy release file).  A bare scan context takes the parsers'
 * notes; nothing of the host is read.
 */
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "cpuinfo.h"
#include "fsutil.h"
#include "osrelease.h"
#include "relfile.h"
#include "../../report/appmap.h"
#include "../../rules/rules.h"
#include "../../scanner/ctx.h"
#include "../../scanner/db.h"
#include "../../scanner/fsread.h"
#include "../../scanner/str.h"
#include "../../scanner/banned.h"

/* ---- mount tables and fstab (fsutil.h) ---- */

/* proc(5) mountinfo, as the filesystems collector reads it (FSREAD_TEXT, 8 MiB) */
static int dec_mountinfo(const struct decode_input *in, json_t *out)
{
	struct fs_mounts m;
	json_t *a;
	char *text;

	if (decode_refuse_file(in, out, FS_TABLE_CAP, 1))
		return 1;
	memset(&m, 0, sizeof(m));
	text = xstrndup((const char *)in->data, in->len);
	fs_parse_mountinfo(text, &m);
	a = json_array();
	for (size_t i = 0; i < m.n; i++) {
		const struct fs_mount *e = &m.v[i];
		json_t *o = json_object();
		json_object_set_new(o, "mountpoint", decode_str(e->mountpoint));
		json_object_set_new(o, "source", decode_str(e->source));
		json_object_set_new(o, "fstype", decode_str(e->fstype));
		json_object_set_new(o, "options", decode_str(e->options));
		json_object_set_new(o, "root", decode_str(e->root));
		if (e->has_devno) {
			json_object_set_new(o, "major", json_integer(e->major));
			json_object_set_new(o, "minor", json_integer(e->minor));
		}
		json_array_append_new(a, o);
	}
	json_object_set_new(out, "mounts", a);
	json_object_set_new(out, "bad_lines", json_integer((json_int_t)m.bad));
	if (m.dropped) {
		char note[96];
		snprintf(note, sizeof(note), "truncated at %d mounts: %zu lines left out",
			 FS_MAX_MOUNTS, m.dropped);
		decode_note(out, note);
	}
	fs_mounts_release(&m);
	free(text);
	return 0;
}

/* fstab(5), read as bytes as the filesystems collector reads it */
static int dec_fstab(const struct decode_input *in, json_t *out)
{
	struct scan_ctx ctx;
	struct fs_fstab f;
	json_t *a;

	if (decode_refuse_file(in, out, FS_FSTAB_CAP, 0))
		return 1;
	a = json_array();
	ctx_init(&ctx);
	fs_parse_fstab(&ctx, in->name, (const char *)in->data, in->len, &f);
	for (size_t i = 0; i < f.n; i++) {
		const struct fs_fstab_ent *e = &f.v[i];
		json_t *o = json_object();
		json_object_set_new(o, "line", json_integer(e->line));
		json_object_set_new(o, "spec", decode_str(e->spec));
		json_object_set_new(o, "file", decode_str(e->file));
		json_object_set_new(o, "vfstype", decode_str(e->vfstype));
		json_object_set_new(o, "mntops", decode_str(e->mntops));
		json_object_set_new(o, "spec_kind", json_string(fs_spec_kind(e->spec, e->vfstype)));
		json_array_append_new(a, o);
	}
	json_object_set_new(out, "entries", a);
	decode_ctx_notes(out, &ctx);
	fs_fstab_release(&f);
	ctx_release(&ctx);
	return 0;
}

/* ---- release files (osrelease.h, relfile.h) ---- */

/*
 * The text of a release file as the os collector reads it: no NUL byte,
 * the white space at its end trimmed, not empty.  0 and *b filled, or 1
 * with "error" set.
 */
static int release_text(const struct decode_input *in, json_t *out, struct buf *b)
{
	if (decode_refuse_file(in, out, FSREAD_CAP, 1))
		return 1;
	buf_add(b, (const char *)in->data, in->len);
	buf_rtrim(b);
	if (!b->len) {
		json_object_set_new(out, "error", json_string("empty: the collector skips it"));
		return 1;
	}
	return 0;
}

static void osinfo_json(json_t *out, const struct osinfo *o)
{
	json_object_set_new(out, "id", decode_str(o->id));
	json_object_set_new(out, "version_id", decode_str(o->version_id));
	json_object_set_new(out, "version", decode_str(o->version));
	json_object_set_new(out, "name", decode_str(o->name));
	json_object_set_new(out, "pretty_name", decode_str(o->pretty));
	json_object_set_new(out, "codename", decode_str(o->codename));
	json_object_set_new(out, "id_like", decode_str(o->id_like));
	json_object_set_new(out, "family", decode_str(osrel_family(o)));
}

static int dec_os_release(const struct decode_input *in, json_t *out)
{
	struct buf b = BUF_INIT;
	struct osinfo o;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = release_text(in, out, &b);
	if (rc == 0 && osrel_parse(b.data, &o) != 0) {
		json_object_set_new(out, "error", json_string("neither ID= nor NAME="));
		rc = 1;
	}
	if (rc == 0)
		osinfo_json(out, &o);
	osinfo_release(&o);
	buf_release(&b);
	return rc;
}

/* the kind from the file name: SuSE-release, lsb-release, ...; else redhat-release's */
/* the names relfile_kind_of tells apart, for the fuzz target */
static const char *const release_names[] = {
	"redhat-release", "SuSE-release", "slackware-version", "lsb-release", "debian_version", NULL,
};

static int dec_release_file(const struct decode_input *in, json_t *out)
{
	enum relfile_kind k = relfile_kind_of(in->name);
	struct buf b = BUF_INIT, why = BUF_INIT;
	struct osinfo o;
	int rc;

	memset(&o, 0, sizeof(o));
	json_object_set_new(out, "kind", json_string(relfile_kind_name(k)));
	rc = release_text(in, out, &b);
	if (rc == 0 && relfile_parse(k, in->name, b.data, &o, &why) != 0) {
		json_object_set_new(out, "error", json_string(why.data ? why.data : "not read"));
		rc = 1;
	}
	if (rc == 0)
		osinfo_json(out, &o);
	osinfo_release(&o);
	buf_release(&b);
	buf_release(&why);
	return rc;
}

/* ---- proc/cpuinfo (cpuinfo.h) ---- */

static json_t *id_or_null(long v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

static int dec_cpuinfo(const struct decode_input *in, json_t *out)
{
	struct cpuinfo ci;
	json_t *a;
	char *text, *model;
	int differ;

	if (decode_refuse_file(in, out, CPUINFO_CAP, 1))
		return 1;
	memset(&ci, 0, sizeof(ci));
	buf_init(&ci.why_list);
	buf_init(&ci.why_ids);
	text = xstrndup((const char *)in->data, in->len);
	cpuinfo_parse(&ci, text);
	cpuinfo_check_ids(&ci);
	a = json_array();
	for (size_t i = 0; i < ci.n; i++) {
		const struct cpu *c = &ci.cpu[i];
		json_t *o = json_object();
		json_object_set_new(o, "processor", json_integer(c->id));
		json_object_set_new(o, "physical_id", id_or_null(c->pkg));
		json_object_set_new(o, "core_id", id_or_null(c->core));
		json_object_set_new(o, "siblings", id_or_null(c->siblings));
		json_object_set_new(o, "cpu_cores", id_or_null(c->ncores));
		json_array_append_new(a, o);
	}
	json_object_set_new(out, "processors", a);
	model = cpuinfo_model(&ci, &differ);
	json_object_set_new(out, "model", decode_str(model));
	json_object_set_new(out, "model_differs", json_boolean(differ));
	json_object_set_new(out, "flags_seen", json_boolean(ci.flags_seen));
	json_object_set_new(out, "hypervisor_flag", json_boolean(ci.hv_flag));
	json_object_set_new(out, "list_bad", decode_str(ci.why_list.len ? ci.why_list.data : NULL));
	json_object_set_new(out, "ids_bad", decode_str(ci.why_ids.len ? ci.why_ids.data : NULL));
	free(model);
	cpuinfo_release(&ci);
	free(text);
	return 0;
}

/* ---- rule packs (rules/rules.h) ---- */

static json_t *json_or_null(const char *text)
{
	json_t *v = text ? json_loads(text, 0, NULL) : NULL;

	return v ? v : json_null();
}

/*
 * A rule file or a pack.json, checked as `premig assess` loads it, its
 * check compiled against an empty store in memory (made once).  A rule
 * file named *.json must be named by its id, as in a pack directory.
 */
static int dec_rule_pack(const struct decode_input *in, json_t *out)
{
	static sqlite3 *db;
	struct rule_file f = { in->name, (const char *)in->data, in->len };
	struct rule_check c;
	struct buf why = BUF_INIT;
	int anywhere;

	if (decode_refuse_file(in, out, RULE_FILE_MAX, 0))
		return 1;
	if (!db && db_open(":memory:", DB_WRITE, &db) < 0) {
		json_object_set_new(out, "error", json_string("no store in memory to compile checks"));
		return 1;
	}
	anywhere = !str_ends_with(in->name, ".json") || !strcmp(in->name, "pack.json");
	if (rules_check_file(db, &f, anywhere, &c, &why) < 0) {
		json_object_set_new(out, "kind", json_string(c.is_pack ? "pack" : "rule"));
		json_object_set_new(out, "error", json_string(why.data ? why.data : "not read"));
		rules_check_release(&c);
		buf_release(&why);
		return 1;
	}
	if (c.is_pack) {
		json_object_set_new(out, "kind", json_string("pack"));
		json_object_set_new(out, "profile", decode_str(c.pack.profile));
		json_object_set_new(out, "name", decode_str(c.pack.name));
		json_object_set_new(out, "version", decode_str(c.pack.version));
		json_object_set_new(out, "documentation_date", decode_str(c.pack.doc_date));
		json_object_set_new(out, "sources", json_or_null(c.pack.sources));
	} else {
		const struct rule *r = &c.rule;
		json_t *req = json_array(), *params = json_array();
		json_object_set_new(out, "kind", json_string("rule"));
		json_object_set_new(out, "id", decode_str(r->id));
		json_object_set_new(out, "profile", decode_str(r->profile));
		json_object_set_new(out, "severity", json_string(rule_severity_name(r->severity)));
		json_object_set_new(out, "title", decode_str(r->title));
		json_object_set_new(out, "source", json_or_null(r->source));
		for (size_t i = 0; i < r->nrequires; i++)
			json_array_append_new(req, json_string(r->requires[i]));
		json_object_set_new(out, "requires", req);
		for (size_t i = 0; i < r->nparams; i++) {
			json_t *pm = json_object();
			json_object_set_new(pm, "name", decode_str(r->params[i].name));
			json_object_set_new(pm, "type", json_string(
				r->params[i].type == SQLITE_INTEGER ? "integer" :
				r->params[i].type == SQLITE_FLOAT ? "real" : "text"));
			json_object_set_new(pm, "value", decode_str(r->params[i].text));
			json_array_append_new(params, pm);
		}
		json_object_set_new(out, "params", params);
		json_object_set_new(out, "check_columns",
				    json_integer(r->stmt ? sqlite3_column_count(r->stmt) : 0));
		json_object_set_new(out, "uses_today", json_boolean(r->today_index > 0));
		json_object_set_new(out, "has_unknown_reason", json_boolean(r->unknown_col >= 0));
	}
	rules_check_release(&c);
	buf_release(&why);
	return 0;
}

/* ---- the --applications file of premig export and premig plan (report/appmap.h) ---- */

static int dec_applications(const struct decode_input *in, json_t *out)
{
	struct appmap m = APPMAP_INIT;
	json_t *a = json_array();
	unsigned int line;
	char *why;
	int rc = appmap_parse((const char *)in->data, in->len, &m, &why, &line);

	for (size_t i = 0; i < m.n; i++) {
		json_t *e = json_object();
		json_object_set_new(e, "line", json_integer(m.v[i].line));
		json_object_set_new(e, "host", decode_str(m.v[i].host));
		json_object_set_new(e, "application", decode_str(m.v[i].app));
		json_array_append_new(a, e);
	}
	json_object_set_new(out, "servers", a);
	if (rc < 0) {
		char *msg = line ? xasprintf("line %u: %s", line, why) : xstrdup(why);
		json_object_set_new(out, "error", json_string(msg));
		free(msg);
	}
	free(why);
	appmap_release(&m);
	return rc < 0;
}

const struct decoder decode_system_table[] = {
	DECODER("rule-pack", DECODE_BYTES, dec_rule_pack,
		"one file of a rule pack, pack.json or a rule, checked as premig assess loads it "
		"(rules/README)"),
	DECODER("cpuinfo", DECODE_BYTES, dec_cpuinfo,
		"proc/cpuinfo (proc(5)): processors, topology ids and the model, "
		"x86, arm64, powerpc and s390 spellings"),
	DECODER("os-release", DECODE_BYTES, dec_os_release,
		"etc/os-release or usr/lib/os-release (os-release(5)): the distribution"),
	DECODER_NAMED("release-file", DECODE_BYTES, dec_release_file,
		"a legacy release file, its kind from its name: *-release (redhat-release "
		"style), SuSE-release, slackware-version, lsb-release, debian_version",
		release_names),
	DECODER("mountinfo", DECODE_BYTES, dec_mountinfo,
		"proc/self/mountinfo (proc(5)): mount points, sources, types, options"),
	DECODER("fstab", DECODE_BYTES, dec_fstab,
		"etc/fstab (fstab(5)), line by line, with how each line names its device"),
	DECODER("applications", DECODE_BYTES, dec_applications,
		"the --applications file of premig export and plan (report/appmap.h): "
		"HOST,APPLICATION lines"),
	{ NULL },
};
