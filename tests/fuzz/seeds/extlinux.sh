#!/bin/sh
# seeds for fuzz-extlinux: the SYSLINUX / EXTLINUX configurations of tests/golden
set -u
i=0
find "$TOP/tests/golden" "$TOP/tests/rules" "$TOP/tests/malformed" \( -name extlinux.conf -o -name syslinux.cfg -o -name isolinux.cfg \) -type f 2>/dev/null | sort |
	while read -r f; do
		i=$((i + 1))
		cp "$f" "$1/$i-${f##*/}"
	done
