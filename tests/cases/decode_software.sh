# decode_software.sh - the software decoders run alone
# (collectors/lib/decode_software.c) through `premig debug decode`, each
# input's JSON compared with tests/unit/<decoder>/<name>.json (UPDATE=1
# rewrites them):
#   rpmdb-sqlite, rpmdb-bdb, rpmdb-ndb, rpm-header
#               databases made here by rpmbuild, rpm, db5.3_load and mkndb.pl
#               (tests/unit/rpmdb/mk.sh), and every rpm database of
#               tests/malformed/packages
#   dpkg-status the status files of tests/golden and tests/malformed/packages
#   systemd-unit
#               the unit files of tests/golden, and tests/malformed/services

# ---- rpm ----
db="$OUT/rpmdb"
if TOP="$TOP" sh "$TOP/tests/unit/rpmdb/mk.sh" "$db" >"$OUT/rpmdb.log" 2>&1; then
	decode_unit rpmdb-sqlite rhel7 "$db/rpmdb.sqlite"
	decode_unit rpmdb-bdb rhel7-le "$db/Packages"
	decode_unit rpmdb-bdb rhel7-be "$db/Packages-be"
	decode_unit rpmdb-bdb overflow-pages "$db/Packages-overflow"
	decode_unit rpmdb-ndb rhel7 "$db/Packages.db"
	for f in "$db"/header-*; do
		decode_unit rpm-header "rhel7-${f##*/}" "$f"
	done
	# the same database read by the packages collector and by the decoder
	# alone: the same packages
	mkdir -p "$OUT/rpmroot/var/lib/rpm"
	cp "$db/Packages" "$OUT/rpmroot/var/lib/rpm/"
	if "$PREMIG" scan --root "$OUT/rpmroot" --db "$OUT/rpm.db" --host-id rpm --only packages \
		--quiet >/dev/null 2>&1 &&
		"$PREMIG" report --format json --db "$OUT/rpm.db" -o "$OUT/rpm.json" 2>/dev/null; then
		a=$(jq -c '[.hosts[0].packages[] | [.name, .version]] | sort' "$OUT/rpm.json")
		b=$(jq -c '[.packages[] | [.name, .version]] | sort' "$OUT/unit-rpmdb-bdb-rhel7-le.json")
		if [ "$a" = "$b" ] && [ "$a" != "[]" ]; then
			ok "rpmdb-bdb: the decoder and the packages collector read the same packages"
		else
			fail "rpmdb-bdb: decoder and collector differ" "collector: $a
decoder:   $b"
		fi
	else
		fail "rpmdb-bdb: the packages scan failed"
	fi
else
	fail "rpm: the unit databases could not be made" "$(tail -n 20 "$OUT/rpmdb.log")"
fi

# the malformed databases, each through the decoder of its kind
for f in "$TOP"/tests/malformed/packages/*; do
	n=${f##*/}
	case $n in
	*.Packages.hex) dec=rpmdb-bdb ;;
	*.Packages.db.hex) dec=rpmdb-ndb ;;
	*.rpmdb.sqlite.hex | *.rpmdb.sql) dec=rpmdb-sqlite ;;
	*.status | *.status.hex) dec=dpkg-status ;;
	*) continue ;;
	esac
	in="$OUT/mal-$n"
	rm -f "$in"
	case $n in
	*.hex) perl -ne 's/\s+//g; print pack("H*", $_)' "$f" >"$in" ;;
	*.sql) sqlite3 "$in" <"$f" ;;
	*) cp "$f" "$in" ;;
	esac
	decode_unit "$dec" "malformed-${n%%.*}" "$in"
done

# ---- dpkg ----
find "$TOP/tests/golden" -type f -path '*/var/lib/dpkg/status' | LC_ALL=C sort >"$OUT/files"
[ -s "$OUT/files" ] || fail "dpkg-status: no input in tests/golden"
while read -r f; do
	rel=${f#"$TOP/tests/golden/"}
	decode_unit dpkg-status "$(printf '%s' "${rel%%/root/*}" | tr / _)" "$f"
done <"$OUT/files"

# ---- systemd units ----
find "$TOP/tests/golden" -type f \( -name '*.service' -o -name '*.socket' -o -name '*.target' \
	-o -name '*.timer' -o -name '*.path' -o -name '*.mount' \) | LC_ALL=C sort >"$OUT/files"
[ -s "$OUT/files" ] || fail "systemd-unit: no input in tests/golden"
while read -r f; do
	rel=${f#"$TOP/tests/golden/"}
	decode_unit systemd-unit "$(printf '%s' "$rel" | sed 's,/root/.*/,_,; s,/,_,g')" "$f"
done <"$OUT/files"
# the unit files of tests/malformed/services (a NUL byte, odd [Install] lines)
find "$TOP/tests/malformed/services" -type f -path '*/systemd/system/*' | LC_ALL=C sort >"$OUT/files"
while read -r f; do
	rel=${f#"$TOP/tests/malformed/services/"}
	decode_unit systemd-unit "malformed-${rel%%/*}-${f##*/}" "$f"
done <"$OUT/files"
