#!/bin/sh
# seeds for fuzz-systemd-unit: the unit files of tests/golden and tests/malformed/services
set -u
i=0
find "$TOP/tests/golden" "$TOP/tests/rules" "$TOP/tests/malformed" \( -name '*.service' -o -name '*.socket' -o -name '*.target' -o -name '*.timer' -o -name '*.path' -o -name 'unit-*' \) -type f 2>/dev/null | sort |
	while read -r f; do
		i=$((i + 1))
		cp "$f" "$1/$i-${f##*/}"
	done
# and some of the units systemd's Debian packages install on this machine
for f in /usr/lib/systemd/system/*.service /usr/lib/systemd/system/*.socket; do
	[ -f "$f" ] && cp "$f" "$1/host-${f##*/}"
done 2>/dev/null
exit 0
