#!/bin/sh
# mk.sh - remakes the DNS messages of this directory (README says what
# each is):
#
#   sh tests/unit/dns/files/mk.sh
#
# tests/tools/mkdns.sh captures dnsmasq's answers to dig with tcpdump;
# tshark cuts each answer's UDP payload out (udp.payload, as hex) and
# perl's pack writes its bytes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh "$top/tests/tools/mkdns.sh" "$tmp/dns.pcap" 2>/dev/null
# the answers over UDP, in the order mkdns.sh asks
set -- db01-a app01-aaaa app01-a www-cname chain-cname mixed-case nxdomain big-tc
tshark -n -r "$tmp/dns.pcap" -Y 'udp.srcport == 53' -T fields -e udp.payload 2>/dev/null |
while read -r hex; do
	[ $# -gt 0 ] || break
	printf '%s\n' "$hex" | perl -ne 'chomp; print pack("H*", $_)' >"$here/$1.dns"
	shift
done
