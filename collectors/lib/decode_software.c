/*
 * decode_software.c - the decoders of package databases and service units
 * (decode.h): rpm header blobs and the three rpm databases (rpmdb.h),
 * dpkg's status file (dpkgstatus.h) and systemd unit files (unitstate.h)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "dpkgstatus.h"
#include "rpmdb.h"
#include "unitstate.h"
#include "../../scanner/jsontext.h"
#include "../../scanner/banned.h"

/* ---- rpm ---- */

#define DECODE_PACKAGES_SHOWN 1000	/* packages listed; the rest are counted */

static json_t *text_or_null(const char *s)
{
	return s ? json_text(s, strlen(s)) : json_null();
}

static json_t *rpm_pkg_json(const struct rpm_pkg *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", text_or_null(p->name));
	json_object_set_new(o, "epoch", p->has_epoch ? json_integer(p->epoch) : json_null());
	json_object_set_new(o, "version", text_or_null(p->version));
	json_object_set_new(o, "release", text_or_null(p->release));
	json_object_set_new(o, "arch", text_or_null(p->arch));
	return o;
}

/* one header blob, as rpm keeps it per package in every database form */
static int dec_rpm_header(const struct decode_input *in, json_t *out)
{
	struct rpm_pkg p;
	const char *why;

	if (rpmdb_header_parse(in->data, in->len, &p, &why) < 0) {
		json_object_set_new(out, "error", json_string(why));
		return 1;
	}
	json_object_set_new(out, "package", rpm_pkg_json(&p));
	return 0;
}

struct pkglist {
	json_t *list;
	size_t n;
};

static int on_pkg(void *arg, const struct rpm_pkg *p)
{
	struct pkglist *l = arg;

	if (l->n++ < DECODE_PACKAGES_SHOWN)
		json_array_append_new(l->list, rpm_pkg_json(p));
	return 0;
}

/* what a database reader returned, as the packages collector sees it */
static int rpmdb_json(int rc, struct pkglist *l, struct rpmdb_result *res, json_t *out)
{
	json_object_set_new(out, "packages", l->list);
	json_object_set_new(out, "count", json_integer((json_int_t)res->packages));
	json_object_set_new(out, "bad", json_integer((json_int_t)res->bad));
	json_object_set_new(out, "capped", json_integer((json_int_t)res->capped));
	if (l->n > DECODE_PACKAGES_SHOWN) {
		char note[96];
		snprintf(note, sizeof(note), "packages: the first %u of %zu listed",
			 DECODE_PACKAGES_SHOWN, l->n);
		decode_note(out, note);
	}
	if (rc < 0)
		json_object_set_new(out, "error", json_string(res->why.len ? res->why.data : "not read"));
	else if (res->why.len)
		json_object_set_new(out, "problems", json_string(res->why.data));
	rpmdb_result_release(res);
	return rc < 0 ? 1 : 0;
}

static int dec_rpmdb_bdb(const struct decode_input *in, json_t *out)
{
	struct pkglist l = { json_array(), 0 };
	struct rpmdb_result res;

	rpmdb_result_init(&res);
	return rpmdb_json(rpmdb_read_bdb(in->fd, on_pkg, &l, &res), &l, &res, out);
}

static int dec_rpmdb_ndb(const struct decode_input *in, json_t *out)
{
	struct pkglist l = { json_array(), 0 };
	struct rpmdb_result res;

	rpmdb_result_init(&res);
	return rpmdb_json(rpmdb_read_ndb(in->fd, on_pkg, &l, &res), &l, &res, out);
}

static int dec_rpmdb_sqlite(const struct decode_input *in, json_t *out)
{
	struct pkglist l = { json_array(), 0 };
	struct rpmdb_result res;

	rpmdb_result_init(&res);
	return rpmdb_json(rpmdb_read_sqlite_bytes(in->data, in->len, on_pkg, &l, &res), &l, &res,
			  out);
}

/* ---- dpkg ---- */

static int on_deb(void *arg, const struct dpkg_pkg *p)
{
	struct pkglist *l = arg;

	if (l->n++ < DECODE_PACKAGES_SHOWN) {
		json_t *o = json_object();
		json_object_set_new(o, "name", text_or_null(p->name));
		json_object_set_new(o, "epoch", p->has_epoch ? json_integer((json_int_t)p->epoch) :
			json_null());
		json_object_set_new(o, "version", text_or_null(p->version));
		json_object_set_new(o, "release", text_or_null(p->release));
		json_object_set_new(o, "arch", text_or_null(p->arch));
		json_array_append_new(l->list, o);
	}
	return 0;
}

/*
 * var/lib/dpkg/status.  The collector reads it as text (a NUL byte refuses
 * it), and so does the decoder.
 */
static int dec_dpkg_status(const struct decode_input *in, json_t *out)
{
	struct pkglist l = { json_array(), 0 };
	struct dpkg_result res;
	const unsigned char *nul = memchr(in->data, '\0', in->len);

	if (nul) {
		char why[96];
		snprintf(why, sizeof(why), "binary content: a NUL byte at offset %zu",
			 (size_t)(nul - in->data));
		json_object_set_new(out, "error", json_string(why));
		json_decref(l.list);
		return 1;
	}
	dpkg_result_init(&res);
	dpkg_status_parse((const char *)in->data, in->len, on_deb, &l, &res);
	json_object_set_new(out, "packages", l.list);
	json_object_set_new(out, "count", json_integer((json_int_t)res.count));
	json_object_set_new(out, "db_status", json_string(res.status));
	json_object_set_new(out, "problems", res.why.len ? json_string(res.why.data) : json_null());
	if (l.n > DECODE_PACKAGES_SHOWN) {
		char note[96];
		snprintf(note, sizeof(note), "packages: the first %u of %zu listed",
			 DECODE_PACKAGES_SHOWN, l.n);
		decode_note(out, note);
	}
	if (!strcmp(res.status, "unknown"))
		json_object_set_new(out, "error", json_string(res.why.data));
	dpkg_result_release(&res);
	return json_object_get(out, "error") ? 1 : 0;
}

/* ---- systemd units ---- */

static void on_key(void *arg, const char *key, const char *value)
{
	json_t *install = arg, *list = json_object_get(install, key);

	if (!strcmp(key, "DefaultInstance")) {
		json_object_set_new(install, key, text_or_null(value));
		return;
	}
	if (!list) {
		list = json_array();
		json_object_set_new(install, key, list);
	}
	json_array_append_new(list, text_or_null(value));
}

/*
 * A unit file's [Install] section as systemctl reads it.  Its file name is
 * the unit's name (the type decides whether Alias= counts, a template
 * whether DefaultInstance= does); a name that is no unit's is read as
 * "unit.service".  A NUL byte refuses the file, as the collector's read does.
 */
static int dec_systemd_unit(const struct decode_input *in, json_t *out)
{
	const char *name = unit_name_valid(in->name) ? in->name : "unit.service";
	json_t *install = json_object();
	struct buf why = BUF_INIT;
	const unsigned char *nul = memchr(in->data, '\0', in->len);

	if (nul) {
		char msg[96];
		snprintf(msg, sizeof(msg), "binary content: a NUL byte at offset %zu",
			 (size_t)(nul - in->data));
		json_object_set_new(out, "error", json_string(msg));
		json_decref(install);
		return 1;
	}
	json_object_set_new(out, "unit", json_text(name, strlen(name)));
	if (name != in->name)
		decode_note(out, "the file name is no unit name: read as unit.service");
	if (unit_install_parse(name, (const char *)in->data, in->len, on_key, install, &why) < 0) {
		json_object_set_new(out, "error", why.len ? json_text(why.data, why.len) :
				    json_string("not read"));
		json_decref(install);
		buf_release(&why);
		return 1;
	}
	json_object_set_new(out, "install", install);
	buf_release(&why);
	return 0;
}

const struct decoder decode_software_table[] = {
	DECODER("rpm-header", DECODE_BYTES, dec_rpm_header,
		"one rpm header blob: name, epoch, version, release, arch (rpm's lib/header.c)"),
	DECODER("rpmdb-bdb", DECODE_FD, dec_rpmdb_bdb,
		"rpm's Berkeley DB hash database, var/lib/rpm/Packages (RHEL 5-8)"),
	DECODER("rpmdb-ndb", DECODE_FD, dec_rpmdb_ndb,
		"rpm's ndb database, var/lib/rpm/Packages.db (SUSE)"),
	DECODER("rpmdb-sqlite", DECODE_BYTES, dec_rpmdb_sqlite,
		"rpm's SQLite database, var/lib/rpm/rpmdb.sqlite (rpm 4.16+), read in memory"),
	DECODER("dpkg-status", DECODE_BYTES, dec_dpkg_status,
		"dpkg's var/lib/dpkg/status: the installed packages (deb-control(5), deb-version(7))"),
	DECODER("systemd-unit", DECODE_BYTES, dec_systemd_unit,
		"a systemd unit file's [Install] section, as systemctl enable reads it (systemd.unit(5))"),
	{ NULL },
};
