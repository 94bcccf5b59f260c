#!/bin/sh
# seeds for fuzz-dns: the real answers of tests/unit/dns/files (dnsmasq's,
# captured by tcpdump), the malformed messages of tests/malformed/dns, and
# the DNS payloads (UDP from port 53) of ../shared/corpus/pcap's captures,
# cut out by tshark and written by perl's pack
set -u
cp "$TOP"/tests/unit/dns/files/*.dns "$TOP"/tests/malformed/dns/*.dns "$1/"
i=0
for f in "$TOP"/../shared/corpus/pcap/captures/dns* "$TOP"/../shared/corpus/pcap/captures/LINKTYPE_*; do
	[ -f "$f" ] || continue
	tshark -n -r "$f" -Y 'udp.srcport == 53' -T fields -e udp.payload 2>/dev/null |
	while read -r hex; do
		i=$((i + 1))
		printf '%s\n' "$hex" | perl -ne 'chomp; print pack("H*", $_)' >"$1/corpus-$(basename "$f" .pcap)-$i.dns"
	done
done
