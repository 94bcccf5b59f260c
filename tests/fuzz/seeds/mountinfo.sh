#!/bin/sh
# seeds for fuzz-mountinfo: the mountinfo files of the golden and unit cases
. "$TOP/tests/fuzz/seeds/find.sh"
seed_find "$1" -path '*/mountinfo' -o -path '*proc/mounts' -o -path '*/unit/mountinfo/*' ! -name '*.json'
# and this machine's own tables, as the kernel prints them
cat /proc/self/mountinfo >"$1/proc-self-mountinfo" 2>/dev/null
cat /proc/1/mountinfo >"$1/proc-1-mountinfo" 2>/dev/null
true
