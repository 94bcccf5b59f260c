#!/bin/sh
# seeds for fuzz-lilo: the lilo.conf files of tests/golden
set -u
i=0
find "$TOP/tests/golden" "$TOP/tests/rules" "$TOP/tests/malformed" -name 'lilo.conf*' -type f 2>/dev/null | sort |
	while read -r f; do
		i=$((i + 1))
		cp "$f" "$1/$i-${f##*/}"
	done
