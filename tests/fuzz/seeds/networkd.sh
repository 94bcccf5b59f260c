#!/bin/sh
# seeds for fuzz-networkd: systemd-networkd files of the golden and unit cases
. "$TOP/tests/fuzz/seeds/find.sh"
seed_find "$1" -path '*systemd/network/*' -o -path '*/unit/networkd/*' ! -name '*.json'
