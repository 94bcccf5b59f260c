#!/bin/sh
# seeds for fuzz-dpkg-status: dpkg status files of tests/golden and the malformed ones of tests/malformed/packages
set -u
i=0
find "$TOP/tests/golden" "$TOP/tests/rules" "$TOP/tests/malformed" \( -path '*dpkg/status' -o -name 'dpkg-*.status' \) -type f 2>/dev/null | sort |
	while read -r f; do
		i=$((i + 1))
		cp "$f" "$1/$i-${f##*/}"
	done
# and this machine's own, written by dpkg (Debian's, as the tests run on it)
[ -f /var/lib/dpkg/status ] && head -c 1048576 /var/lib/dpkg/status >"$1/host-status"
exit 0
