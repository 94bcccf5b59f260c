# find.sh - sourced by the seed scripts of the text decoders:
# seed_find DIR FIND-ARGS... copies every regular file that find(1) selects
# under tests/golden, tests/rules and tests/malformed (FIND-ARGS are its
# tests, such as -path '*/etc/fstab') into DIR, numbered so that equal
# base names do not clash.  Files of ../shared/corpus are read in place by
# the scripts that use them and copied only into DIR, never into the tree.
seed_find() {
	sf_dir=$1
	shift
	find "$TOP/tests/golden" "$TOP/tests/rules" "$TOP/tests/malformed" "$TOP/tests/unit" \
		-type f ! -name expected.json ! -name '*.expected.json' \( "$@" \) 2>/dev/null |
		sort | awk '{ printf "%s\t%d\n", $0, NR }' |
		while IFS='	' read -r sf_f sf_n; do
			cp "$sf_f" "$sf_dir/$sf_n-${sf_f##*/}"
		done
}
