#!/bin/sh
# seeds for fuzz-rule-pack: the built-in packs, and the rule files of tests/rules and tests/malformed/rules
cp "$TOP"/rules/*/*.json "$1"/ 2>/dev/null
. "$TOP/tests/fuzz/seeds/find.sh"
seed_find "$1" -path '*rules/*' -name '*.json' ! -path '*/golden/*'
