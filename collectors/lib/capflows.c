/*
 * capflows.c - a capture file read into a flow table (capflows.h)
 */
#include <stdio.h>
#include <string.h>

#include "capflows.h"
#include "pkt.h"
#include "../../scanner/banned.h"

static void unknown_link(struct capflows_stats *s, int link)
{
	for (size_t i = 0; i < CAPFLOWS_LINKS; i++) {
		if (s->link_pkts[i] && s->links[i] == link) {
			s->link_pkts[i]++;
			return;
		}
		if (!s->link_pkts[i]) {
			s->links[i] = link;
			s->link_pkts[i] = 1;
			return;
		}
	}
	s->other_link_pkts++;
}

int capflows_read(int fd, struct flowtab *t, struct dnsnames *dns, struct capflows_stats *s)
{
	struct capfile c;
	struct capfile_pkt cp;
	struct pkt p;
	int rc;

	memset(s, 0, sizeof(*s));
	if (capfile_open(&c, fd) < 0) {
		snprintf(s->stopped, sizeof(s->stopped), "%s", c.why);
		capfile_close(&c);
		return -1;
	}
	s->pcapng = c.pcapng;
	s->gzip = capfile_gzip(&c);
	while ((rc = capfile_next(&c, &cp)) == 1) {
		enum pkt_status st;

		s->packets++;
		s->bytes += cp.wirelen;
		st = pkt_decode(cp.link, cp.data, cp.caplen, cp.wirelen, &p);
		if (st == PKT_OK) {
			int r;
			/* DNS answers name addresses (dnsnames.h); out of memory there: dns->oom says so */
			if (p.udp_len && dns && dnsmsg_port(p.sport))
				dnsnames_add(dns, p.udp_data, p.udp_len, cp.ts_ns);
			r = flowtab_add(t, &p, cp.ts_ns, cp.wirelen);
			if (r < 0) {
				snprintf(s->stopped, sizeof(s->stopped),
					 "out of memory for the flow table at packet %llu",
					 (unsigned long long)s->packets);
				rc = -1;
				break;
			}
			if (r == 0) {
				s->counted++;
				if (!s->first_ns || cp.ts_ns < s->first_ns)
					s->first_ns = cp.ts_ns;
				if (cp.ts_ns > s->last_ns)
					s->last_ns = cp.ts_ns;
			} else if (r == 1) {
				s->no_flow++;
			}
		} else if (st == PKT_NOT_IP) {
			s->not_ip++;
		} else if (st == PKT_LINK_UNKNOWN) {
			unknown_link(s, cp.link);
		} else {
			if (st == PKT_TRUNCATED)
				s->truncated++;
			else
				s->malformed++;
			if (!s->first_bad) {
				s->first_bad = p.why;
				s->first_bad_pkt = s->packets;
			}
		}
	}
	s->bad_ts = c.bad_ts;
	if (rc < 0 && !s->stopped[0])
		snprintf(s->stopped, sizeof(s->stopped), "%s", c.why);
	capfile_close(&c);
	return rc < 0 ? 1 : 0;
}
