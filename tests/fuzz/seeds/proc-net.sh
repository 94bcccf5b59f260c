#!/bin/sh
# seeds for fuzz-proc-net: this machine's own socket tables, as its kernel
# writes them
set -u
for t in tcp tcp6 udp udp6; do
	[ -r "/proc/net/$t" ] && cat "/proc/net/$t" >"$1/$t"
done
printf '%s\n' \
	'  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode' \
	'   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0' \
	>"$1/tcp-listen"
