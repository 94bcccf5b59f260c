#!/bin/sh
# seeds for fuzz-fstab: the fstab files of the golden and unit cases
. "$TOP/tests/fuzz/seeds/find.sh"
seed_find "$1" -path '*etc/fstab' -o -path '*/unit/fstab/*' ! -name '*.json'
