/*
 * kv.h - KEY=value files: os-release(5), lsb-release, ifcfg-*, sysconfig
 *
 * Parses the shell-compatible subset that os-release(5) defines: one
 * assignment a line, values optionally in single or double quotes, backslash
 * escapes inside double quotes, '#' comment lines, an optional "export".
 * Lines that are not assignments are ignored.  The last assignment wins.
 */
#ifndef PREMIG_KV_H
#define PREMIG_KV_H

#include <stddef.h>

struct kv {
	char *key;
	char *val;
};

struct kvlist {
	struct kv *v;
	size_t n;
};

#define KVLIST_INIT { NULL, 0 }

void kv_parse(const char *text, struct kvlist *out);
/* borrowed, valid until kvlist_release(); NULL if absent */
const char *kv_get(const struct kvlist *l, const char *key);
/* like kv_get, but NULL for an empty value too */
const char *kv_get_nonempty(const struct kvlist *l, const char *key);
void kvlist_release(struct kvlist *l);

#endif
