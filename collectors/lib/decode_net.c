/*
 * decode_net.c - the decoders of network configurations and firewall rules (decode.h)
 */
#include "decode.h"
#include "../../scanner/banned.h"

const struct decoder decode_net_table[] = {
	{ NULL },
};
