#!/bin/sh
# seeds for fuzz-os-release: the os-release files of the golden cases and of
# python-distro's test resources in ../shared/corpus/osrelease (read in place)
. "$TOP/tests/fuzz/seeds/find.sh"
seed_find "$1" -name os-release
i=0
find "$TOP/../shared/corpus/osrelease" -name os-release -type f 2>/dev/null | sort |
	while read -r f; do
		i=$((i + 1))
		cp "$f" "$1/corpus-$i-os-release"
	done
