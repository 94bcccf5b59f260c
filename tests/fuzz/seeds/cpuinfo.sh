#!/bin/sh
# seeds for fuzz-cpuinfo: the proc/cpuinfo files of the golden and unit cases
. "$TOP/tests/fuzz/seeds/find.sh"
seed_find "$1" -path '*proc/cpuinfo' -o -path '*/unit/cpuinfo/*' ! -name '*.json'
