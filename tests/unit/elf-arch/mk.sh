#!/bin/sh
# mk.sh DIR - the inputs of the elf-arch decoder's cases (tests/cases/decode_disk.sh):
# ELF headers written from elf(5) by tests/tools/mkroot.sh's elf() (class
# and e_machine given; big-endian ones by hand from the same layout), and
# files that are not ELF or are cut short.
set -eu
D=${1:?usage: mk.sh DIR}
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
. "$TOP/tests/tools/mkroot.sh"
mkdir -p "$D"
cd "$D"
elf i386 32 3
elf x86_64 64 62
elf x32 32 62
elf aarch64 64 183
elf ppc64le 64 21
elf riscv64 64 243
elf unknown-machine 64 4242
# ELFDATA2MSB: e_machine big-endian at 18 (21 EM_PPC64, 22 EM_S390)
{ printf '\177ELF\002\002\001'; head -c 9 /dev/zero; printf '\000\002\000\025'; head -c 44 /dev/zero; } >ppc64
{ printf '\177ELF\002\002\001'; head -c 9 /dev/zero; printf '\000\002\000\026'; head -c 44 /dev/zero; } >s390x
{ printf '\177ELF\003\001\001'; head -c 57 /dev/zero; } >bad-class
printf '\177ELF\002\001' >short
printf '#!/bin/sh\necho not an ELF file\n' >script
