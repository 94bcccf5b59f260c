#!/bin/sh
# seeds for fuzz-iptables-save: iptables-save files of the golden, malformed and unit cases
. "$TOP/tests/fuzz/seeds/find.sh"
seed_find "$1" -path '*etc/sysconfig/iptables' -o -path '*etc/iptables/rules.v*' -o -path '*etc/ufw/user*.rules' -o -path '*/unit/iptables-save/*' ! -name '*.json'
