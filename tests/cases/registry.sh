# registry.sh - the collector table says which collectors read which
#
#  - tests/unit/collector-table (make unit): premig's table passes
#    collector_table_check() (every input an earlier row), tables that
#    break it fail with their reason, and ctx_after_ok() answers only for
#    inputs that ran ok;
#  - the declarations match the code: every table that a collector's
#    SQL reads (in its own file or a collectors/lib helper it includes) is
#    its own or written by a collector that its row names in .after.

# the unit programs of the build PREMIG comes from (build/ for ./premig)
table="$(dirname "$PREMIG")/tests/unit/collector-table"
[ -x "$table" ] || table="$TOP/build/tests/unit/collector-table"
if [ ! -x "$table" ]; then
	fail "registry: $table is not built (make unit)"
else
	"$table" >"$OUT/table.out" 2>&1
	rc=$?
	n=$(grep -c '^ok ' "$OUT/table.out")
	if [ $rc -eq 0 ] && ! grep -q '^FAIL' "$OUT/table.out"; then
		ok "collector-table: $n checks"
	else
		fail "collector-table: exit $rc" "$(grep -v '^ok ' "$OUT/table.out")"
	fi
fi

# the tables a file's SQL names after FROM or JOIN
sql_tables() {
	grep -o '\(FROM\|JOIN\) [a-z_][a-z_]*' "$@" 2>/dev/null | sed 's/.* //' | sort -u
}
# the C files of collectors/ and collectors/lib/ whose headers FILE includes
# (one level: the helpers' own helpers hold no SQL)
helpers_of() {
	sed -n 's/^#include "\(lib\/\)\{0,1\}\([a-z_]*\)\.h"$/\1\2/p' "$1" | while read -r h; do
		for c in "collectors/$h.c" "collectors/lib/${h#lib/}.c"; do
			[ -f "$c" ] && [ "$c" != "$1" ] && echo "$c"
		done
	done | sort -u
}
# views of scanner/schema.c and the tables they read
view_tables() {
	case $1 in
	device_disks) echo "disks partitions block_links" ;;
	esac
}

cd "$TOP"
# table -> collector that writes it, from each row's file
: >"$OUT/writers"
rows=$(sed -n 's/^.*\.name = "\([a-z_]*\)".*$/\1/p' collectors/registry.c)
for c in $rows; do
	{
		sed -n 's/.*dbrow_init([^,]*, "\([a-z_]*\)".*/\1/p' "collectors/$c.c"
		sed -n 's/.*INSERT INTO \([a-z_]*\).*/\1/p' "collectors/$c.c"
	} | sort -u | sed "s/\$/ $c/" >>"$OUT/writers"
done
# row -> its .after, as the registry spells it (the line after .name)
awk '/\.name = "/ { sub(/.*\.name = "/, ""); sub(/".*/, ""); name = $0; next }
     /\.after = "/ { sub(/.*\.after = "/, ""); sub(/".*/, ""); after[name] = $0 }
     END { for (n in after) print n, after[n] }' collectors/registry.c >"$OUT/after"
undeclared=
for c in $rows; do
	after=$(awk -v c="$c" '$1 == c { print $2 }' "$OUT/after")
	for t in $(sql_tables "collectors/$c.c" $(helpers_of "collectors/$c.c")); do
		base=$(view_tables "$t")
		for b in ${base:-$t}; do
			w=$(awk -v t="$b" '$1 == t { print $2 }' "$OUT/writers")
			if [ -z "$w" ]; then
				undeclared="$undeclared
$c reads '$b', which no collector writes (a view? name it in registry.sh)"
			elif [ "$w" != "$c" ]; then
				case ",$after," in
				*",$w,"*) ;;
				*) undeclared="$undeclared
$c reads $b of $w, not in its .after (\"$after\")" ;;
				esac
			fi
		done
	done
done
if [ -z "$undeclared" ] && [ -s "$OUT/writers" ] && [ -s "$OUT/after" ]; then
	ok "every collector that reads another's tables names it in .after"
else
	fail "registry: reads not declared" \
		"$(printf '%s\n' "${undeclared:-no writers or no .after found}" | sed '/^$/d')"
fi
