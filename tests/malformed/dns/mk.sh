#!/bin/sh
# mk.sh - remakes the malformed DNS messages of this directory, kept for
# good (each NAME.dns; tests/unit/dns/cases lists them, and their expected
# JSON is in tests/unit/dns/):
#
#   sh tests/malformed/dns/mk.sh
#
# Each starts as a real answer of tests/unit/dns/files (dnsmasq's, captured
# by tcpdump), and one field is broken with dd at the offset RFC 1035
# section 4.1 gives it.  db01-a.dns: the header (12 bytes), the question
# db01.example.test at 12 (19 bytes: 04 db01 07 example 04 test 00), its
# QTYPE and QCLASS at 31, the answer at 35 (its name the pointer C0 0C,
# TYPE 37, CLASS 39, TTL 41, RDLENGTH 45, the address at 47), an OPT
# record at 51.  chain-cname.dns: chain.example.test CNAME
# www.example.test CNAME app01.example.test, whose first label is at 79.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
files=$here/../../unit/dns/files

# put NAME OFFSET BYTE...: NAME.dns from BASE with the bytes (hex) at OFFSET
put() {
	put_f=$here/$1.dns put_off=$2
	shift 2
	for put_b in "$@"; do
		printf "\\$(printf '%03o' $((0x$put_b)))"
	done | dd of="$put_f" bs=1 seek="$put_off" conv=notrunc status=none
}
base() { cp "$files/$1.dns" "$here/$2.dns"; }

# the answer's name points at itself: a pointer loop
base db01-a ptr-loop; put ptr-loop 35 c0 23
# two pointers that point at each other (the question's QTYPE made one)
base db01-a ptr-loop-2; put ptr-loop-2 31 c0 23; put ptr-loop-2 35 c0 1f
# a pointer past the end of the message
base db01-a ptr-past-end; put ptr-past-end 35 c1 00
# a pointer into the header
base db01-a ptr-into-header; put ptr-into-header 35 c0 04
# a label and a pointer back to it: the name grows past 255 bytes
base db01-a name-too-long; put name-too-long 35 04 64 62 30 31 c0 23
# the question's first label length 0x40: over 63, the RFC 6891 type 01
base db01-a label-too-long; put label-too-long 12 40
# a label of 63 bytes that the message ends inside
base db01-a label-past-end; put label-past-end 12 3f
# the A record's RDLENGTH 5: not an address (the OPT record after it misread)
base db01-a a-length; put a-length 45 00 05
# a query (QR clear): refused
base db01-a query; put query 2 05
# an opcode other than QUERY (STATUS, 2): refused
base db01-a opcode-status; put opcode-status 2 95
# the message cut inside the address, as a short snap length cuts it
head -c 49 "$files/db01-a.dns" >"$here/cut-address.dns"
# the message cut inside the header
head -c 10 "$files/db01-a.dns" >"$here/cut-header.dns"
# app01 renamed chain: the CNAMEs loop (chain -> www -> chain)
base chain-cname cname-loop; put cname-loop 79 63 68 61 69 6e
