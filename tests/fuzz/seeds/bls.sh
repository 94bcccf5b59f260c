#!/bin/sh
# seeds for fuzz-bls: the Boot Loader Specification entries of tests/golden (boot/loader/entries/*.conf)
set -u
i=0
find "$TOP/tests/golden" "$TOP/tests/rules" "$TOP/tests/malformed" -path '*loader/entries/*.conf' -type f 2>/dev/null | sort |
	while read -r f; do
		i=$((i + 1))
		cp "$f" "$1/$i-${f##*/}"
	done
