#!/bin/sh
# seeds for fuzz-firewalld-xml: firewalld zone and service files of the golden, malformed and unit cases
. "$TOP/tests/fuzz/seeds/find.sh"
seed_find "$1" -path '*firewalld/zones/*.xml' -o -path '*firewalld/services/*.xml' -o -path '*/unit/firewalld-xml/*' ! -name '*.json'
