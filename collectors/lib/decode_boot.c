/*
 * decode_boot.c - the decoders of boot loader configurations and the initramfs (decode.h)
 */
#include "decode.h"
#include "../../scanner/banned.h"

const struct decoder decode_boot_table[] = {
	{ NULL },
};
