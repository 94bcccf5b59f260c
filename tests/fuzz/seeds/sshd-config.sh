#!/bin/sh
# seeds for fuzz-sshd-config: sshd_config files of the golden, malformed and unit cases
. "$TOP/tests/fuzz/seeds/find.sh"
seed_find "$1" -path '*etc/ssh/sshd_config*' -o -path '*/unit/sshd-config/*' ! -name '*.json'
