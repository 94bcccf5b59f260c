/*
 * fat.c - libFuzzer entry point for collectors/lib/fat.c: the input is a
 * FAT volume; it is opened, walked, and every small file in it read.
 * Built by `make fuzz` (clang -fsanitize=fuzzer,address,undefined); run as
 * build-fuzz/fuzz-fat tests/malformed/fat/ (its inputs are the seeds).
 * A crash found becomes a file in tests/malformed/fat/, kept for good.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../collectors/lib/fat.h"

struct mem {
	const uint8_t *p;
	size_t n;
};

static int mem_read(void *arg, uint64_t off, void *buf, size_t n)
{
	const struct mem *m = arg;

	if (off > m->n || m->n - off < n)
		return -EIO;
	memcpy(buf, m->p + off, n);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem m = { data, size };
	struct fat_vol v;
	struct fat_tree t;
	struct buf text = BUF_INIT;

	memset(&t, 0, sizeof(t));
	buf_init(&t.notes);
	if (fat_open(&v, mem_read, &m, size) == 0 && fat_walk(&v, &t) >= 0) {
		for (size_t i = 0; i < t.n; i++)
			if (!t.v[i].is_dir)
				fat_read_file(&v, &t.v[i], 4096, &text);
		fat_lookup(&t, "EFI/BOOT/BOOTX64.EFI");
	}
	fat_tree_release(&t);
	fat_close(&v);
	buf_release(&text);
	return 0;
}
