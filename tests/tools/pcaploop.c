/*
 * pcaploop.c - the floor of tests/bench.sh's capture section: libpcap's
 * own reader (pcap_open_offline, pcap_next_ex) over every packet of a
 * file, doing nothing with them but count
 *
 *   pcaploop FILE     prints "PACKETS packets, BYTES bytes captured"
 */
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned long long pkts = 0, bytes = 0;
	pcap_t *p;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: pcaploop FILE\n");
		return 2;
	}
	p = pcap_open_offline(argv[1], err);
	if (!p) {
		fprintf(stderr, "pcaploop: %s\n", err);
		return 1;
	}
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		pkts++;
		bytes += h->caplen;
	}
	if (rc == PCAP_ERROR) {
		fprintf(stderr, "pcaploop: %s\n", pcap_geterr(p));
		return 1;
	}
	printf("%llu packets, %llu bytes captured\n", pkts, bytes);
	pcap_close(p);
	return 0;
}
