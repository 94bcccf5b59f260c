#!/bin/sh
# seeds for fuzz-grub2: the grub.cfg files of tests/golden (grub-mkconfig's output and hand-kept quirks)
set -u
i=0
find "$TOP/tests/golden" "$TOP/tests/rules" "$TOP/tests/malformed" -name grub.cfg -type f 2>/dev/null | sort |
	while read -r f; do
		i=$((i + 1))
		cp "$f" "$1/$i-${f##*/}"
	done
