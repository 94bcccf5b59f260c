/*
 * schema.h - the migrations; schema_steps[i] brings user_version i to i+1
 */
#ifndef PREMIG_SCHEMA_H
#define PREMIG_SCHEMA_H

#include <stddef.h>

extern const char *const schema_steps[];
extern const size_t schema_nsteps;

/*
 * What the steps make in a new store, its statements in the order they
 * were made, made from the steps at build time (scanner/schema_gen.c):
 * a new store is made from it in one go, an older one still migrates
 * step by step.
 */
extern const char schema_snapshot[];
extern const size_t schema_snapshot_version;

/*
 * The file of a new, empty store of that schema, in WAL mode, made at
 * build time: for each of its schema_image_pages pages of 4096 bytes, a
 * two-byte length (high byte first) and that many bytes, the rest of the
 * page zeros.
 */
extern const unsigned char schema_image[];
extern const size_t schema_image_pages, schema_image_size;

#endif
