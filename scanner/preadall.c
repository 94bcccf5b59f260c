/*
 * preadall.c - reading exactly n bytes of a file at an offset
 */
#include <errno.h>
#include <unistd.h>

#include "preadall.h"
#include "banned.h"

int pread_all(int fd, void *buf, size_t n, uint64_t off)
{
	unsigned char *p = buf;

	while (n) {
		ssize_t r = pread(fd, p, n, (off_t)off);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			return -EIO;
		p += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}
