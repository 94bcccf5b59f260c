#!/bin/sh
# seeds for fuzz-nm-keyfile: NetworkManager keyfiles of the golden and unit cases
. "$TOP/tests/fuzz/seeds/find.sh"
seed_find "$1" -path '*system-connections/*' -o -path '*/unit/nm-keyfile/*' ! -name '*.json'
