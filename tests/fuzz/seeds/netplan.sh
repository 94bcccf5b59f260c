#!/bin/sh
# seeds for fuzz-netplan: the netplan files of the golden, rules and unit cases (the dictionary: tests/fuzz/netplan.dict)
. "$TOP/tests/fuzz/seeds/find.sh"
seed_find "$1" -path '*netplan*' -name '*.yaml'
