#!/bin/sh
# seeds for fuzz-ifupdown: interfaces(5) files of the golden and unit cases
. "$TOP/tests/fuzz/seeds/find.sh"
seed_find "$1" -path '*etc/network/interfaces*' -o -path '*etc/network/extra/*' -o -path '*/unit/ifupdown/*' ! -name '*.json'
