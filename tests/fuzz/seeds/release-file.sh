#!/bin/sh
# seeds for fuzz-release-file: the legacy release files of the golden cases
# and of python-distro's test resources in ../shared/corpus/osrelease (read
# in place).  The fuzzer names every input "input", which reads as a
# redhat-release style file.
. "$TOP/tests/fuzz/seeds/find.sh"
seed_find "$1" \( -name '*-release' ! -name os-release \) -o -name debian_version -o -name '*-version'
i=0
find "$TOP/../shared/corpus/osrelease" -type f \( -name '*-release' -o -name debian_version \
	-o -name '*-version' \) ! -name os-release 2>/dev/null | sort |
	while read -r f; do
		i=$((i + 1))
		cp "$f" "$1/corpus-$i-${f##*/}"
	done
