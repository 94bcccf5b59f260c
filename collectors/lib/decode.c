/*
 * decode.c - the table of decoders (decode.h) and `premig debug decode`
 *
 *   premig debug decode --list
 *   premig debug decode FORMAT FILE
 *
 * prints what one decoder reads of one file, as JSON on standard output:
 * {"decoder": FORMAT, "file": FILE, "status": "read"|"refused", ...}.
 * Exit status 0 read, 1 refused by the decoder (its "error" says why),
 * 2 usage, 5 the file cannot be opened or is not a regular file (or, for
 * a decoder of disks, a block device).  Nothing is written but stdout.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../scanner/exitcodes.h"
#include "decode.h"
#include "../../scanner/ctx.h"
#include "../../scanner/banned.h"

static const struct decoder *const groups[] = {
	decode_disk_table, decode_boot_table, decode_software_table,
	decode_system_table, decode_net_table, decode_flow_table,
	decode_export_table,
};

void decoder_each(void (*fn)(const struct decoder *d, void *arg), void *arg)
{
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		for (const struct decoder *d = groups[g]; d->name; d++)
			fn(d, arg);
}

struct find {
	const char *name;
	const struct decoder *found;
};

static void find_one(const struct decoder *d, void *arg)
{
	struct find *f = arg;

	if (!f->found && !strcmp(d->name, f->name))
		f->found = d;
}

const struct decoder *decoder_find(const char *name)
{
	struct find f = { name, NULL };

	decoder_each(find_one, &f);
	return f.found;
}

json_t *decode_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

void decode_note(json_t *out, const char *text)
{
	json_t *notes = json_object_get(out, "notes");

	if (!notes) {
		notes = json_array();
		json_object_set_new(out, "notes", notes);
	}
	json_array_append_new(notes, json_string(text ? text : ""));
}

int decode_refuse_file(const struct decode_input *in, json_t *out, size_t cap, int text)
{
	char why[96];

	if (in->len > cap) {
		snprintf(why, sizeof(why), "larger than %zu bytes: the collector does not read it",
			 cap);
		json_object_set_new(out, "error", json_string(why));
		return 1;
	}
	if (text && in->len && memchr(in->data, 0, in->len)) {
		json_object_set_new(out, "error", json_string("holds a NUL byte: not a text file "
							      "(the collector refuses it as binary)"));
		return 1;
	}
	return 0;
}

void decode_ctx_notes(json_t *out, const struct scan_ctx *ctx)
{
	if (ctx->notes.len)
		decode_note(out, ctx->notes.data);
}

static void list_one(const struct decoder *d, void *arg)
{
	(void)arg;
	printf("%-16s %s\n", d->name, d->help);
}

/* reads at most DECODE_MAX_BYTES of fd; -errno */
static int read_capped(int fd, unsigned char **out, size_t *len, int *truncated)
{
	size_t alloc = 65536, n = 0;
	unsigned char *p = malloc(alloc);

	*truncated = 0;
	if (!p)
		return -ENOMEM;
	for (;;) {
		ssize_t r;

		if (n == alloc) {
			unsigned char *q;

			if (alloc >= DECODE_MAX_BYTES) {
				char c;
				*truncated = read(fd, &c, 1) == 1;
				break;
			}
			alloc *= 2;
			q = realloc(p, alloc);
			if (!q) {
				free(p);
				return -ENOMEM;
			}
			p = q;
		}
		r = read(fd, p + n, alloc - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(p);
			return -e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*out = p;
	*len = n;
	return 0;
}

static int usage(FILE *f, int rc)
{
	fprintf(f, "usage: premig debug decode FORMAT FILE\n"
		"       premig debug decode --list\n\n"
		"Runs one decoder of premig on one file and prints what it read as JSON.\n"
		"A tool for tests and for reading a file premig got wrong; the scan\n"
		"never needs it.  Exit status: 0 read, 1 the decoder refused the input\n"
		"(\"error\" says why), 2 usage, 5 the file cannot be opened.\n");
	return rc;
}

int decode_cli(int argc, char **argv)
{
	const struct decoder *d;
	struct decode_input in = { NULL, 0, -1, 0, NULL };
	unsigned char *data = NULL;
	struct stat st;
	json_t *out;
	int fd, rc, truncated = 0;

	if (argc == 2 && !strcmp(argv[1], "--list")) {
		decoder_each(list_one, NULL);
		return EXIT_OK;
	}
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return usage(stdout, EXIT_OK);
	if (argc != 3)
		return usage(stderr, EXIT_USAGE);
	d = decoder_find(argv[1]);
	if (!d) {
		fprintf(stderr, "premig: debug decode: no decoder '%s' (premig debug decode --list)\n",
			argv[1]);
		return EXIT_USAGE;
	}
	/* O_NONBLOCK: a FIFO or device given by mistake must not hang the open */
	fd = open(argv[2], O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		fprintf(stderr, "premig: debug decode: %s: %s\n", argv[2], strerror(errno));
		return EXIT_INPUT;
	}
	if (fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) ||
				     (d->kind == DECODE_FD && S_ISBLK(st.st_mode)))) {
		fprintf(stderr, "premig: debug decode: %s: not a regular file%s\n", argv[2],
			d->kind == DECODE_FD ? " or block device" : "");
		close(fd);
		return EXIT_INPUT;
	}
	in.name = strrchr(argv[2], '/') ? strrchr(argv[2], '/') + 1 : argv[2];
	if (d->kind == DECODE_FD) {
		in.fd = fd;
		if (S_ISBLK(st.st_mode)) {
			off_t end = lseek(fd, 0, SEEK_END);
			in.size = end > 0 ? (uint64_t)end : 0;
		} else {
			in.size = (uint64_t)st.st_size;
		}
	} else {
		rc = read_capped(fd, &data, &in.len, &truncated);
		if (rc < 0) {
			fprintf(stderr, "premig: debug decode: %s: %s\n", argv[2], strerror(-rc));
			close(fd);
			return EXIT_INPUT;
		}
		in.data = data;
	}
	out = json_object();
	json_object_set_new(out, "decoder", json_string(d->name));
	json_object_set_new(out, "file", json_string(argv[2]));
	json_object_set_new(out, "status", json_null());
	rc = d->run(&in, out);
	json_object_set_new(out, "status", json_string(rc == 0 ? "read" : "refused"));
	if (truncated)
		decode_note(out, "input truncated at 64 MiB");
	json_dumpf(out, stdout, JSON_INDENT(2));
	putchar('\n');
	json_decref(out);
	free(data);
	close(fd);
	return rc == 0 ? EXIT_OK : EXIT_FATAL;
}
