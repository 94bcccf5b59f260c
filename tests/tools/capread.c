/*
 * capread.c - premig's reading of a capture alone, for tests/bench.sh:
 * capflows_read() (collectors/lib/capflows.c: capfile.c's records,
 * pkt.c's decoding, flowtab.c's counting) into a flow table, as
 * `premig scan --pcap` does before it stores the flows, and nothing else
 *
 *   capread FILE     prints "PACKETS packets, FLOWS flows"
 *
 * Built with all of premig but main by `make bench` (build/tests/tools/).
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "../../collectors/lib/capflows.h"
#include "../../collectors/lib/dnsnames.h"
#include "../../scanner/banned.h"

int main(int argc, char **argv)
{
	struct flowtab t;
	struct dnsnames dns;
	struct capflows_stats s;
	int fd, rc;

	if (argc != 2) {
		fprintf(stderr, "usage: capread FILE\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	if (flowtab_init(&t) < 0) {
		fprintf(stderr, "capread: out of memory\n");
		return 1;
	}
	dnsnames_init(&dns);
	rc = capflows_read(fd, &t, &dns, &s);
	dnsnames_release(&dns);
	close(fd);
	if (rc != 0)
		fprintf(stderr, "capread: %s\n", s.stopped);
	printf("%llu packets, %zu flows\n", (unsigned long long)s.packets, t.n);
	flowtab_release(&t);
	return rc != 0;
}
