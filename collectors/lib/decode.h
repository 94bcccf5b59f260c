/*
 * decode.h - used by no collector: premig debug decode, tests/unit/ and tests/fuzz/
 *
 * Every decoder of collectors/lib, runnable alone on one input.
 *
 * A decoder's adapter feeds it one input and writes what it read into a
 * JSON object: the struct it filled, field by field, and its notes.  It
 * never touches the store or the host: the same bytes give the same JSON.
 *
 * Two kinds of input:
 *   DECODE_BYTES  the whole input in memory (text formats, small headers);
 *                 the verb reads at most DECODE_MAX_BYTES of a file
 *   DECODE_FD     a file to read at offsets (disk images, file systems):
 *                 the verb passes the file, the fuzzer a memfd
 *
 * How to add a decoder: write its adapter in the decode_<group>.c of its
 * kind (disk, boot, software, system, net, flow, export) with DECODER() in that file's
 * table; `make fuzz` then builds build-fuzz/fuzz-<name> from
 * tests/fuzz/decode.c, and tests/fuzz/seeds/<name>.sh (if present) makes
 * its seeds for `make fuzz-smoke`.
 */
#ifndef PREMIG_DECODE_H
#define PREMIG_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define DECODE_MAX_BYTES (64u << 20)	/* what the verb reads of a DECODE_BYTES file */

enum decode_kind { DECODE_BYTES, DECODE_FD };

struct decode_input {
	const unsigned char *data;	/* DECODE_BYTES: the input, len bytes */
	size_t len;
	int fd;				/* DECODE_FD: a regular file or memfd */
	uint64_t size;			/* DECODE_FD: its size */
	const char *name;		/* the input's file name (some formats need it:
					   "ifcfg-eth0"); never NULL */
};

/*
 * An adapter: 0 when the decoder read the input (out says what, with
 * "notes" for anything it skipped or capped), 1 when the decoder refused
 * it (out's "error" says why).  Never fails otherwise.
 */
typedef int (*decode_fn)(const struct decode_input *in, json_t *out);

struct decoder {
	const char *name;	/* "gpt", "grub2", "ifcfg", ... */
	enum decode_kind kind;
	decode_fn run;
	const char *help;	/* what it reads, with its source */
	/*
	 * The file names that change what it reads (NULL-ended; NULL when the
	 * name does not matter): the fuzz target takes one by the input's
	 * first byte, so that every kind is reached
	 */
	const char *const *fuzz_names;
};

/* one entry of a group table: DECODER("gpt", DECODE_FD, dec_gpt, "...") */
#define DECODER(n, k, f, h) { .name = (n), .kind = (k), .run = (f), .help = (h) }
#define DECODER_NAMED(n, k, f, h, names) \
	{ .name = (n), .kind = (k), .run = (f), .help = (h), .fuzz_names = (names) }

/* each group file's table, ended by an entry whose name is NULL */
#define DECODE_GROUP(g) extern const struct decoder decode_##g##_table[]
DECODE_GROUP(disk);
DECODE_GROUP(boot);
DECODE_GROUP(software);
DECODE_GROUP(system);
DECODE_GROUP(net);
DECODE_GROUP(flow);
DECODE_GROUP(export);

/* premig debug decode ARGS (argv[0] is "decode"): the exit status */
int decode_cli(int argc, char **argv);

/* the decoder called name, or NULL */
const struct decoder *decoder_find(const char *name);

/* calls fn for every decoder, in table order */
void decoder_each(void (*fn)(const struct decoder *d, void *arg), void *arg);

/* helpers for adapters: a string or null; a note appended to out's "notes" */
json_t *decode_str(const char *s);
void decode_note(json_t *out, const char *text);

struct scan_ctx;
/*
 * For the decoders of files that a collector reads whole, at most cap
 * bytes (text: with fsread(FSREAD_TEXT), which refuses a NUL byte): 1 with
 * "error" set when the input is larger, or is text and holds a NUL byte;
 * else 0.
 */
int decode_refuse_file(const struct decode_input *in, json_t *out, size_t cap, int text);
/* the notes a decoder left on a bare scan context, one entry of "notes" */
void decode_ctx_notes(json_t *out, const struct scan_ctx *ctx);

#endif
