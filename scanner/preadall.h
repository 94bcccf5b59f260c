/*
 * preadall.h - reading exactly n bytes of a file at an offset, for the
 * decoders that read disks and images (blkprobe, image, volumes, lib/fat)
 */
#ifndef PREMIG_PREADALL_H
#define PREMIG_PREADALL_H

#include <stddef.h>
#include <stdint.h>

/* reads exactly n bytes at off (retrying short reads); 0 or -errno (-EIO at EOF) */
int pread_all(int fd, void *buf, size_t n, uint64_t off);

#endif
