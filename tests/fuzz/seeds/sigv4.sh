#!/bin/sh
# seeds for fuzz-sigv4: the requests (.req) of the AWS SigV4 test suite,
# read in place from ../shared/corpus/sigv4 and copied only into DIR
i=0
for f in $(find "$TOP/../shared/corpus/sigv4" -name '*.req' 2>/dev/null | sort); do
	i=$((i + 1))
	cp "$f" "$1/$i-${f##*/}"
done
