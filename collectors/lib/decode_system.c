/*
 * decode_system.c - the decoders of release files, mount tables, CPU and other system text files (decode.h)
 */
#include "decode.h"
#include "../../scanner/banned.h"

const struct decoder decode_system_table[] = {
	{ NULL },
};
