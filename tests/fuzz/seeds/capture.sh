#!/bin/sh
# seeds for fuzz-capture: tcpdump's test captures (../shared/corpus/pcap,
# read in place; the small ones, classic pcap and pcapng of every link type
# there), one of them gzip-compressed by gzip(1)
set -u
i=0
for f in "$TOP"/../shared/corpus/pcap/captures/*; do
	[ -f "$f" ] || continue
	[ "$(wc -c <"$f")" -le 65536 ] || continue
	i=$((i + 1))
	cp "$f" "$1/$i.cap"
done
f=$TOP/../shared/corpus/pcap/captures/afs.pcap
[ -f "$f" ] && head -c 60000 "$f" | gzip -c >"$1/afs-head.pcap.gz"
