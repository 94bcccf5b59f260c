/*
 * decode_software.c - the decoders of package databases and service units (decode.h)
 */
#include "decode.h"
#include "../../scanner/banned.h"

const struct decoder decode_software_table[] = {
	{ NULL },
};
