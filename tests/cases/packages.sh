# packages.sh - the package databases beyond the golden cases: each rpm
# database cross-checked against rpm's own reading of it, the read-only
# promise checked under strace, and the malformed corpus of
# tests/malformed/packages read without a crash and with a clear reason.

MAL="$TOP/tests/malformed/packages"

# pkgscan NAME ROOT: scans ROOT with --only packages into $OUT/NAME.json
pkgscan() {
	rm -f "$OUT/$1.db"
	"$PREMIG" scan --root "$2" --db "$OUT/$1.db" --host-id "$1" --only packages --quiet \
		2>"$OUT/$1.err"
	src=$?
	"$PREMIG" report --format json --db "$OUT/$1.db" -o "$OUT/$1.json" 2>>"$OUT/$1.err"
	if grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$OUT/$1.err"; then
		fail "$1: sanitizer" "$(cat "$OUT/$1.err")"
		return 1
	fi
	if [ $src -ne 0 ] && [ $src -ne 3 ]; then
		fail "$1: scan exit $src" "$(cat "$OUT/$1.err")"
		return 1
	fi
	return 0
}

# our list as "name epoch version release arch" lines, sorted
ours() {
	jq -r '.hosts[0].packages[] | "\(.name) \(.epoch // "(none)") \(.version) \(.release) \(.arch // "(none)")"' \
		"$OUT/$1.json" | sort
}

# mkdb NAME KIND LIST [BDB_OPTS]: a root with an rpm database of KIND
mkdb() {
	rm -rf "$OUT/$1"
	mkdir -p "$OUT/$1/var/lib"
	BDB_OPTS=${4:-} sh "$TOP/tests/tools/mkrpmdb.sh" "$2" "$OUT/$1/var/lib/rpm" "$3" \
		>"$OUT/$1.mk" 2>&1
}

if ! command -v rpmbuild >/dev/null 2>&1 || ! command -v db5.3_load >/dev/null 2>&1; then
	fail "packages: rpm and db5.3-util are needed (sh tests/tools/deps.sh test)"
else
	# a list long enough to split a hash with a small fill factor
	list="$OUT/list"
	{
		echo "bash - 4.2.46 35.el7_9 x86_64"
		echo "glibc - 2.17 326.el7_9 x86_64"
		echo "glibc - 2.17 326.el7_9 i686"
		echo "lvm2 7 2.02.187 6.el7_9.5 x86_64"
		echo "systemd - 219 78.el7_9.9 x86_64 30000"
		for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16; do
			echo "fixture-$i - 1.$i $i.el7 noarch"
		done
	} >"$list"

	# rpm reads the same packages from the same files
	for kind in sqlite bdb bdb-be bdb-split; do
		case $kind in
		bdb-split) mkdb "$kind" bdb "$list" "-c h_ffactor=1 -c db_pagesize=1024" ;;
		*) mkdb "$kind" "$kind" "$list" ;;
		esac || { fail "rpmdb $kind: fixture" "$(cat "$OUT/$kind.mk")"; continue; }
		backend=sqlite
		case $kind in bdb*) backend=bdb_ro ;; esac
		rpm --dbpath "$OUT/$kind/var/lib/rpm" --define "_db_backend $backend" -qa \
			--qf '%{NAME} %{EPOCH} %{VERSION} %{RELEASE} %{ARCH}\n' 2>/dev/null |
			sort >"$OUT/$kind.rpm"
		pkgscan "rpmdb-$kind" "$OUT/$kind" || continue
		ours "rpmdb-$kind" >"$OUT/$kind.ours"
		if [ "$(wc -l <"$OUT/$kind.rpm")" -eq 21 ] && cmp -s "$OUT/$kind.rpm" "$OUT/$kind.ours"; then
			ok "rpmdb $kind: the same 21 packages as rpm -qa"
		else
			fail "rpmdb $kind: differs from rpm -qa" "$(diff "$OUT/$kind.rpm" "$OUT/$kind.ours")"
		fi
	done

	# ndb: no rpm here reads it; the packages must be the list's
	mkdb ndb ndb "$list" && pkgscan rpmdb-ndb "$OUT/ndb" &&
		ours rpmdb-ndb >"$OUT/ndb.ours"
	if cmp -s "$OUT/sqlite.rpm" "$OUT/ndb.ours"; then
		ok "rpmdb ndb: the packages rpm recorded"
	else
		fail "rpmdb ndb: differs" "$(diff "$OUT/sqlite.rpm" "$OUT/ndb.ours")"
	fi

	# read-only: no open for writing, no file created beside the databases
	if command -v strace >/dev/null 2>&1; then
		for kind in sqlite bdb ndb; do
			(cd "$OUT/$kind" && find . -exec stat -c '%n %s %Y' {} + | sort) >"$OUT/$kind.before"
			rm -f "$OUT/ro.db"
			strace -f -e trace=open,openat,creat,truncate,ftruncate,rename,unlink,unlinkat \
				-o "$OUT/$kind.strace" "$PREMIG" scan --root "$OUT/$kind" --db "$OUT/ro.db" \
				--only packages --quiet 2>/dev/null
			(cd "$OUT/$kind" && find . -exec stat -c '%n %s %Y' {} + | sort) >"$OUT/$kind.after"
			if grep "$OUT/$kind" "$OUT/$kind.strace" |
				grep -Eq 'O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|creat\(|truncate|rename|unlink'; then
				fail "rpmdb $kind: opened for writing" "$(grep "$OUT/$kind" "$OUT/$kind.strace" |
					grep -E 'O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|creat\(|truncate|rename|unlink')"
			elif ! cmp -s "$OUT/$kind.before" "$OUT/$kind.after"; then
				fail "rpmdb $kind: the tree changed" "$(diff "$OUT/$kind.before" "$OUT/$kind.after")"
			else
				ok "rpmdb $kind: read-only"
			fi
		done
	fi

	# a leftover Packages older than rpmdb.sqlite is recorded as ignored
	rm -rf "$OUT/both"
	cp -a "$OUT/sqlite" "$OUT/both"
	cp "$OUT/bdb/var/lib/rpm/Packages" "$OUT/both/var/lib/rpm/Packages"
	touch -d '2020-01-01' "$OUT/both/var/lib/rpm/Packages"
	if pkgscan both "$OUT/both"; then
		got=$(jq -c '[.hosts[0].package_dbs[] | [.kind, .status, .packages]]' "$OUT/both.json")
		if [ "$got" = '[["rpm-bdb","ignored",null],["rpm-sqlite","ok",21]]' ] &&
			[ "$(jq '.hosts[0].packages | length' "$OUT/both.json")" -eq 21 ]; then
			ok "rpmdb: an older Packages beside rpmdb.sqlite is ignored"
		else
			fail "rpmdb: both databases" "$got"
		fi
	fi

	# a write-ahead log that holds changes: read what the file has, say so
	rm -rf "$OUT/wal" "$OUT/walsnap"
	cp -a "$OUT/sqlite" "$OUT/wal"
	mkdir -p "$OUT/walsnap/var/lib/rpm"
	sqlite3 "$OUT/wal/var/lib/rpm/rpmdb.sqlite" >/dev/null 2>&1 <<SQL
PRAGMA journal_mode=WAL;
PRAGMA wal_autocheckpoint=0;
DELETE FROM Packages WHERE hnum = 1;
.shell cp $OUT/wal/var/lib/rpm/rpmdb.sqlite $OUT/wal/var/lib/rpm/rpmdb.sqlite-wal $OUT/walsnap/var/lib/rpm/
SQL
	if [ -s "$OUT/walsnap/var/lib/rpm/rpmdb.sqlite-wal" ] && pkgscan wal "$OUT/walsnap"; then
		got=$(jq -r '.hosts[0].package_db | "\(.status) \(.packages) \(.reason)"' "$OUT/wal.json")
		case $got in
		"partial 21 "*"rpmdb.sqlite-wal' holds "*"not yet checkpointed"*) ok "rpmdb: a WAL with changes is told" ;;
		*) fail "rpmdb: a WAL with changes" "$got" ;;
		esac
	else
		fail "rpmdb: could not make a WAL snapshot"
	fi
fi

# the malformed corpus: each file in place of its database
for f in "$MAL"/*; do
	mname=$(basename "$f")
	case $mname in README) continue ;; esac
	root="$OUT/mal/$mname"
	rm -rf "$root"
	mkdir -p "$root/var/lib/rpm" "$root/var/lib/dpkg"
	case $mname in
	*.Packages.hex) dest=var/lib/rpm/Packages ;;
	*.Packages.db.hex) dest=var/lib/rpm/Packages.db ;;
	*.rpmdb.sqlite.hex | *.rpmdb.sql) dest=var/lib/rpm/rpmdb.sqlite ;;
	*.status | *.status.hex) dest=var/lib/dpkg/status ;;
	*) fail "malformed $mname: unknown kind of file"; continue ;;
	esac
	case $mname in
	*.hex) perl -ne 's/\s+//g; print pack("H*", $_)' "$f" >"$root/$dest" ;;
	*.sql) sqlite3 "$root/$dest" <"$f" ;;
	*) cp "$f" "$root/$dest" ;;
	esac
	pkgscan "mal-$mname" "$root" || continue
	# a failed run keeps no rows: its reason is the collector's
	jq -r '.hosts[0] | (.collectors[] | select(.name == "packages")) as $run
	  | "\(.package_db.status)|\(.package_db.packages)|\(.package_db.reason // $run.reason)|\($run.status)"' \
		"$OUT/mal-$mname.json" >"$OUT/mal-$mname.got"
	got=$(cat "$OUT/mal-$mname.got")
	# status|packages|reason pattern|run status
	case $mname in
	bdb-btree.*) want='null|null|a Berkeley DB btree, not the hash|failed' ;;
	bdb-header-count.*) want='null|null|instance 1: header index count out of range|failed' ;;
	bdb-huge-overflow.*) want='null|null|instance 1: overflow item length out of range|failed' ;;
	bdb-item-count.*) want='null|null|page 2: 65535 items do not fit a page|failed' ;;
	bdb-item-offset.*) want='null|null|page 2 item 0: offsets out of order or outside the page|failed' ;;
	bdb-overflow-cycle.*) want='null|null|instance 1: overflow page length out of range|failed' ;;
	bdb-overflow-into-hash-page.*) want='null|null|instance 1: overflow chain reaches a page that is not an overflow page|failed' ;;
	bdb-page-size.*) want='null|null|page size 513 out of range|failed' ;;
	bdb-short.*) want='null|null|no Berkeley DB metadata page: unexpected end of file|failed' ;;
	bdb-truncated.*) want='null|null|file truncated: last page 8, 5 pages in the file; instance 1: overflow item length out of range|failed' ;;
	bdb-zeroes.*) want='null|null|not a Berkeley DB hash database \(magic 0x00000000\)|failed' ;;
	ndb-blob-length.*) want='partial|1|package 1: bad blob head|ok' ;;
	ndb-checksum.*) want='partial|1|package 1: blob checksum mismatch|ok' ;;
	ndb-slot-magic.*) want='partial|1|slot page 0 offset 48: bad slot magic|ok' ;;
	ndb-slot-offset.*) want='partial|1|package 1: slot points outside the blob area|ok' ;;
	ndb-slot-pages.*) want='null|null|slot page count 4294967295 out of range|failed' ;;
	ndb-truncated.*) want='partial|1|package 2: slot points outside the blob area|ok' ;;
	sqlite-absurd-counts.*) want='null|null|hnum 1: header index count out of range; hnum 2: header data length out of range; hnum 3: header index count out of range|failed' ;;
	sqlite-epoch-type.*) want='null|null|hnum 1: header epoch tag is not an int32|failed' ;;
	sqlite-garbage.*) want='null|null|not an rpm database: file is not a database|failed' ;;
	sqlite-mixed.*) want='partial|1|hnum 2: no header blob; hnum 3: no header blob; hnum 4: header has no name; 3 records unreadable|ok' ;;
	sqlite-no-packages-table.*) want='null|null|not an rpm database: no such table: Packages|failed' ;;
	sqlite-string-outside.*) want='null|null|hnum 1: header string runs past the data store; hnum 2: header string runs past|failed' ;;
	sqlite-truncated-blob.*) want='null|null|hnum 1: header truncated|failed' ;;
	sqlite-view-loop.*) want="null|null|over premig's budget of 20000000 SQLite steps|failed" ;;
	sqlite-huge-blob.*) want='null|null|read stopped after 0 packages: string or blob too big|failed' ;;
	dpkg-binary.*) want='null|null|cannot read: .*binary|failed' ;;
	dpkg-not-status.*) want='null|null|3 lines are neither fields nor continuations \(first: line 1\); not a dpkg status file|failed' ;;
	dpkg-odd-stanzas.*) want='partial|3|2 stanzas without a Package field; 2 versions with a malformed epoch kept whole|ok' ;;
	*) want='' ;;
	esac
	if [ -z "$want" ]; then
		fail "malformed $mname: no expectation in packages.sh" "$got"
		continue
	fi
	wstatus=${want%%|*}
	rest=${want#*|}
	wcount=${rest%%|*}
	rest=${rest#*|}
	wreason=${rest%|*}
	wrun=${rest##*|}
	gstatus=${got%%|*}
	grest=${got#*|}
	gcount=${grest%%|*}
	grest=${grest#*|}
	greason=${grest%|*}
	grun=${grest##*|}
	if [ "$gstatus" = "$wstatus" ] && [ "$gcount" = "$wcount" ] && [ "$grun" = "$wrun" ] &&
		printf '%s\n' "$greason" | grep -Eq -- "$wreason"; then
		ok "malformed $mname"
	else
		fail "malformed $mname" "want: $want
got:  $got"
	fi
done

# the roles the rule packs ask about, whatever the distribution calls them
if pkgscan roles "$TOP/tests/golden/packages/debian12-dpkg/root"; then
	got=$(sqlite3 "$OUT/roles.db" "SELECT group_concat(role || '=' || name, ' ') FROM
		(SELECT role, name FROM package_roles ORDER BY role, name)")
	want="dhclient=isc-dhcp-client grub2-pc-modules=grub-pc kernel-headers=linux-headers-6.1.0-21-amd64 lvm2=lvm2 openssh-server=openssh-server python=python3 python=python3.11"
	if [ "$got" = "$want" ]; then
		ok "package_roles: the Debian names"
	else
		fail "package_roles: the Debian names" "want: $want
got:  $got"
	fi
fi
