#!/bin/sh
# seeds for fuzz-grub-legacy: the GRUB legacy menu.lst / grub.conf files of tests/golden
set -u
i=0
find "$TOP/tests/golden" "$TOP/tests/rules" "$TOP/tests/malformed" \( -name menu.lst -o -name grub.conf \) -type f 2>/dev/null | sort |
	while read -r f; do
		i=$((i + 1))
		cp "$f" "$1/$i-${f##*/}"
	done
