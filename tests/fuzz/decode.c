/*
 * decode.c - the libFuzzer entry point of every decoder (collectors/lib/
 * decode.h): `make fuzz` links it once per decoder, with FUZZ_FORMAT the
 * decoder's name, into build-fuzz/fuzz-<name>.  The input goes to the
 * decoder as `premig debug decode <name> FILE` would give it: in memory,
 * or as a memfd for the decoders that read files at offsets.  Every JSON
 * result is serialised, so that every string the decoder made is read.
 *
 * A crash, leak, hang or excess of memory found is made a case for good:
 * the input goes to tests/malformed/<decoder>/ and a test runs the decoder
 * on it through `premig debug decode`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../collectors/lib/decode.h"

#ifndef FUZZ_FORMAT
#error "FUZZ_FORMAT names the decoder (make fuzz sets it)"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct decoder *d;
	static int memfd = -1;
	struct decode_input in = { data, size, -1, size, "input" };
	json_t *out;
	char *text;

	if (!d && !(d = decoder_find(FUZZ_FORMAT)))
		abort();
	if (d->fuzz_names) {
		/* a decoder whose reading depends on the file's name: the first byte picks it */
		size_t n = 0;
		while (d->fuzz_names[n])
			n++;
		if (!size)
			return 0;
		in.name = d->fuzz_names[data[0] % n];
		data++;
		size--;
		in.data = data;
		in.len = size;
		in.size = size;
	}
	if (d->kind == DECODE_FD) {
		if (memfd < 0 && (memfd = memfd_create("fuzz-input", MFD_CLOEXEC)) < 0)
			abort();
		/* the offset too: a reader that streams starts where the last one stopped */
		if (ftruncate(memfd, 0) != 0 ||
		    (size && pwrite(memfd, data, size, 0) != (ssize_t)size) ||
		    lseek(memfd, 0, SEEK_SET) != 0)
			abort();
		in.data = NULL;
		in.len = 0;
		in.fd = memfd;
	}
	out = json_object();
	d->run(&in, out);
	text = json_dumps(out, JSON_COMPACT);
	free(text);
	json_decref(out);
	return 0;
}
