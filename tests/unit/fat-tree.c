/*
 * fat-tree.c - runs collectors/lib/fat.c on one file and prints what it read
 * as JSON: the volume's geometry, every entry of the tree, the notes of a
 * partial walk, and the text of the files named with --cat.  Built by
 * `make unit`; tests/cases/fat.sh runs it on volumes made by mkfs.vfat and
 * mtools and on the malformed volumes of tests/malformed/fat/.
 *
 *   fat-tree [--offset BYTES] [--size BYTES] FILE [--cat PATH]...
 *
 * Exit status: 0 read (the JSON says whether in part), 1 refused or
 * unreadable (the JSON's "error" says why), 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "../../collectors/lib/fat.h"
#include "../../scanner/banned.h"

static int number(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-')
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	struct fat_fd f = { -1, 0 };
	struct fat_vol v;
	struct fat_tree t;
	struct buf text = BUF_INIT;
	const char *path = NULL;
	uint64_t size = 0;
	int have_size = 0, rc, i;
	json_t *o = json_object(), *ents, *files;
	struct stat st;

	for (i = 1; i < argc && argv[i][0] == '-' && strcmp(argv[i], "--cat"); i += 2) {
		if (i + 1 >= argc)
			goto usage;
		if (!strcmp(argv[i], "--offset")) {
			if (number(argv[i + 1], &f.base) < 0)
				goto usage;
		} else if (!strcmp(argv[i], "--size")) {
			if (number(argv[i + 1], &size) < 0)
				goto usage;
			have_size = 1;
		} else {
			goto usage;
		}
	}
	if (i >= argc)
		goto usage;
	path = argv[i++];
	f.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f.fd < 0 || fstat(f.fd, &st) < 0) {
		json_object_set_new(o, "error", json_string(strerror(errno)));
		goto print_fail;
	}
	if (!have_size)
		size = (uint64_t)st.st_size > f.base ? (uint64_t)st.st_size - f.base : 0;
	rc = fat_open(&v, fat_read_fd, &f, size);
	if (rc != 0) {
		json_object_set_new(o, "error", json_string(v.reason));
		fat_close(&v);
		goto print_fail;
	}
	json_object_set_new(o, "type", json_integer(v.type));
	json_object_set_new(o, "clusters", json_integer(v.nclusters));
	json_object_set_new(o, "cluster_bytes", json_integer(v.clus_bytes));
	json_object_set_new(o, "label", json_string(v.label));
	rc = fat_walk(&v, &t);
	if (rc < 0) {
		json_object_set_new(o, "error", json_string(v.reason));
		fat_tree_release(&t);
		fat_close(&v);
		goto print_fail;
	}
	ents = json_array();
	for (size_t k = 0; k < t.n; k++) {
		json_t *e = json_object();
		json_object_set_new(e, "path", json_string(t.v[k].path));
		json_object_set_new(e, "dir", json_boolean(t.v[k].is_dir));
		json_object_set_new(e, "cluster", json_integer(t.v[k].cluster));
		if (!t.v[k].is_dir)
			json_object_set_new(e, "size", json_integer(t.v[k].size));
		json_array_append_new(ents, e);
	}
	json_object_set_new(o, "entries", ents);
	json_object_set_new(o, "partial", json_boolean(t.partial));
	if (t.notes.len)
		json_object_set_new(o, "notes", json_string(t.notes.data));
	files = json_object();
	for (; i + 1 < argc && !strcmp(argv[i], "--cat"); i += 2) {
		const struct fat_entry *e = fat_lookup(&t, argv[i + 1]);
		if (!e)
			json_object_set_new(files, argv[i + 1], json_string("error: no such entry"));
		else if ((rc = fat_read_file(&v, e, 64 * 1024, &text)) < 0)
			json_object_set_new(files, argv[i + 1], json_sprintf("error: %s", v.reason));
		else {
			json_t *s = json_stringn(text.data, text.len);
			json_object_set_new(files, argv[i + 1], s ? s : json_string("error: not UTF-8"));
		}
	}
	if (json_object_size(files))
		json_object_set(o, "files", files);
	json_decref(files);
	fat_tree_release(&t);
	fat_close(&v);
	buf_release(&text);
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	putchar('\n');
	json_decref(o);
	close(f.fd);
	return 0;
print_fail:
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	putchar('\n');
	json_decref(o);
	if (f.fd >= 0)
		close(f.fd);
	return 1;
usage:
	fprintf(stderr, "usage: fat-tree [--offset BYTES] [--size BYTES] FILE [--cat PATH]...\n");
	json_decref(o);
	return 2;
}
