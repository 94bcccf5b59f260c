#!/bin/sh
# seeds for fuzz-release-file: the legacy release files of the golden cases
# and of python-distro's test resources in ../shared/corpus/osrelease (read
# in place).  The fuzz target takes the file's name from the first byte of
# its input (decode.h, fuzz_names: 0 redhat-release, 1 SuSE-release,
# 2 slackware-version, 3 lsb-release, 4 debian_version), so each seed
# starts with the byte of its own kind.
. "$TOP/tests/fuzz/seeds/find.sh"
tmp=$(mktemp -d)
seed_find "$tmp" \( -name '*-release' ! -name os-release \) -o -name debian_version -o -name '*-version'
i=0
find "$TOP/../shared/corpus/osrelease" -type f \( -name '*-release' -o -name debian_version \
	-o -name '*-version' \) ! -name os-release 2>/dev/null | sort |
	while read -r f; do
		i=$((i + 1))
		cp "$f" "$tmp/corpus-$i-${f##*/}"
	done
for f in "$tmp"/*; do
	[ -f "$f" ] || continue
	case ${f##*/} in
	*SuSE-release) k='\001' ;;
	*slackware-version) k='\002' ;;
	*lsb-release) k='\003' ;;
	*debian_version) k='\004' ;;
	*) k='\000' ;;
	esac
	{ printf "$k"; cat "$f"; } >"$1/${f##*/}"
done
rm -rf "$tmp"
