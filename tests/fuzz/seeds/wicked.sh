#!/bin/sh
# seeds for fuzz-wicked: SUSE ifcfg files of the golden and unit cases
. "$TOP/tests/fuzz/seeds/find.sh"
seed_find "$1" -path '*sysconfig/network/ifcfg*' -o -path '*/unit/wicked/*' ! -name '*.json'
