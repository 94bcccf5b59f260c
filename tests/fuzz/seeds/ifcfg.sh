#!/bin/sh
# seeds for fuzz-ifcfg: RHEL ifcfg files of the golden and unit cases
. "$TOP/tests/fuzz/seeds/find.sh"
seed_find "$1" -path '*network-scripts/ifcfg-*' -o -path '*/unit/ifcfg/*' ! -name '*.json'
