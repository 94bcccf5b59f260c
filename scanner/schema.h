/*
 * schema.h - the migrations; schema_steps[i] brings user_version i to i+1
 */
#ifndef PREMIG_SCHEMA_H
#define PREMIG_SCHEMA_H

#include <stddef.h>

extern const char *const schema_steps[];
extern const size_t schema_nsteps;

#endif
