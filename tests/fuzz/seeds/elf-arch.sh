#!/bin/sh
# seeds for fuzz-elf-arch: the ELF headers of the elf-arch decoder's cases
# (tests/unit/elf-arch/mk.sh, written from elf(5)) and this machine's
# /bin/true, cut to its first 4 KiB
set -u
sh "$TOP/tests/unit/elf-arch/mk.sh" "$1" >/dev/null 2>&1
head -c 4096 /bin/true >"$1/true"
