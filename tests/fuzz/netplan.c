/*
 * netplan.c - libFuzzer entry point for the netplan reader of
 * collectors/lib/netconf_netplan.c (libyaml underneath): the input is one netplan
 * file's bytes, read as if it were etc/netplan/50-fuzz.yaml; every entry
 * it gives is then matched as nics.c matches it.  Needs no root and no
 * store: a bare scan context takes the notes.  libyaml itself is not
 * instrumented (Debian's build); the coverage is netconf.c's.  Built by
 * `make fuzz`; run as build-fuzz/fuzz-netplan -dict=tests/fuzz/netplan.dict
 * DIR (seeds: the netplan files of tests/golden/nics and of
 * tests/cases/nics.sh).  A crash found becomes a case in
 * tests/cases/nics.sh, kept for good.
 */
#include <stddef.h>
#include <stdint.h>

#include "../../collectors/lib/netconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scan_ctx ctx;
	struct netconf_set s;

	ctx_init(&ctx);
	netconf_set_init(&s);
	netconf_parse_netplan(&ctx, &s, "etc/netplan/50-fuzz.yaml", (const char *)data, size);
	for (size_t i = 0; i < s.n; i++) {
		(void)netconf_method(&s.v[i]);
		(void)netconf_rank(&s, &s.v[i]);
		(void)netconf_matches(&s.v[i], "eth0", "52:54:00:12:34:56", NULL);
		if (s.v[i].name)
			(void)netconf_matches(&s.v[i], s.v[i].name, s.v[i].set_mac, s.v[i].mac);
	}
	netconf_notes_flush(&ctx, &s);
	netconf_set_release(&s);
	ctx_release(&ctx);
	return 0;
}
