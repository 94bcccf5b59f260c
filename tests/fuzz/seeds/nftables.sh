#!/bin/sh
# seeds for fuzz-nftables: nft files of the golden, malformed and unit cases
. "$TOP/tests/fuzz/seeds/find.sh"
seed_find "$1" -path '*nftables*' ! -name '*.json' ! -name '*.service'
