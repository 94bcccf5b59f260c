# rulehosts.sh - every rule of the built-in packs judged on fixture hosts.
#
# tests/rules/<RULE-ID>/{fail,pass,unknown}.host (and <outcome>-<what>.host
# for more) are shell fragments that build a host root in $R:
#
#   host PIECE...      compose $R from golden fixtures (tests/golden/KIND/CASE),
#                      in order; each list of pieces is built once and copied
#   ...                then any commands that change $R: a file written or
#                      removed, a disk image re-partitioned with sfdisk
#   SCAN_OPTS=...      options added to the scan (--skip LIST, --image FILE)
#   SCAN_USER=nobody   scan as an unprivileged user (the case is skipped,
#                      and says so, when the suite does not run as root)
#   mount_tmpfs DIR OPTIONS
#                      DIR of the root (/ for the root itself) is a tmpfs
#                      mounted with OPTIONS (size=3g,noexec) when the scan
#                      runs, holding what the fragment put there; the mounts
#                      live in a private mount namespace that ends with the
#                      scan (root, unshare -m; skipped otherwise, and said)
#   # reason: TEXT     the unknown's reason must contain TEXT
#
# The fragment runs under set -e with TOP, TOOLS (tests/tools), R and PATH
# with /sbin.  The host is scanned with every collector, assessed with the
# rule's own profile (deadlines judged at --set today=2026-11-22), and the
# rule's status must be the one the case is named for: a fail with
# evidence, an unknown with a reason.  tests/rules/<ID>/*.sql test the same
# rules on facts written straight into a store (rules.sh); these prove that
# the collectors produce those facts from a host.
# RULEHOSTS_ONLY="ID ..." limits the run to those rules.

COMPOSE_CACHE="$OUT/cache"
mkdir -p "$COMPOSE_CACHE"
TOOLS="$TOP/tests/tools"
export TOOLS

# rulehost ID CASE: builds, scans, assesses and judges one case
rulehost() {
	rh_dir="$OUT/$1/$2"
	rh_file="$TOP/tests/rules/$1/$2.host"
	mkdir -p "$rh_dir"
	rm -f "$rh_dir/mounts"
	(
		set -e
		R="$rh_dir/root"
		PATH="$PATH:/sbin:/usr/sbin"
		SCAN_OPTS= SCAN_USER=
		host() { compose_root "$R" "$@"; }
		mount_tmpfs() { printf '%s %s\n' "$1" "$2" >>"$rh_dir/mounts"; }
		. "$rh_file"
		printf '%s\n' "$SCAN_OPTS" >"$rh_dir/opts"
		printf '%s\n' "$SCAN_USER" >"$rh_dir/user"
	) >"$rh_dir/mk.err" 2>&1
	if [ $? -ne 0 ] || [ ! -f "$rh_dir/user" ]; then
		fail "$1 $2.host: fixture" "$(cat "$rh_dir/mk.err")"
		return
	fi
	rh_prefix=
	if [ "$(cat "$rh_dir/user")" = nobody ]; then
		if [ "$(id -u)" -ne 0 ]; then
			printf '  SKIP %s %s.host: scanning as nobody needs root\n' "$1" "$2"
			return
		fi
		chmod 777 "$rh_dir"
		rh_prefix="setpriv --reuid=65534 --regid=65534 --clear-groups"
	fi
	if [ -s "$rh_dir/mounts" ]; then
		if [ "$(id -u)" -ne 0 ] || ! unshare -m --propagation private true 2>/dev/null; then
			printf '  SKIP %s %s.host: tmpfs mounts need root and unshare -m\n' "$1" "$2"
			return
		fi
		rh_prefix="unshare -m --propagation private sh $TOP/tests/tools/tmpfs-scan.sh $rh_dir/root $rh_dir/mounts $rh_prefix"
	fi
	# shellcheck disable=SC2046 # SCAN_OPTS is a list of options
	$rh_prefix "$PREMIG" scan --quiet --root "$rh_dir/root" --db "$rh_dir/db" --host-id "$1-$2" \
		$(cat "$rh_dir/opts") >"$rh_dir/scan.out" 2>"$rh_dir/scan.err"
	rh_rc=$?
	if [ $rh_rc -ne 0 ] && [ $rh_rc -ne 3 ]; then
		fail "$1 $2.host: scan exit $rh_rc" "$(cat "$rh_dir/scan.err")"
		return
	fi
	rh_profile=$(echo "$1" | cut -d- -f1 | tr 'A-Z' 'a-z')
	if ! "$PREMIG" assess --quiet --db "$rh_dir/db" --profile "$rh_profile" --set today=2026-11-22 \
		>"$rh_dir/assess.out" 2>"$rh_dir/assess.err"; then
		fail "$1 $2.host: assess" "$(cat "$rh_dir/assess.err")"
		return
	fi
	cat "$rh_dir/scan.err" >>"$rh_dir/assess.err"
	judge_rule "$1 $2.host" "$rh_dir/db" "$1" "$2" "$(sed -n 's/^# reason: //p' "$rh_file")" \
		"$rh_dir/assess.err"
}

# the rule ids of the built-in packs
"$PREMIG" scan --quiet --root "$TOP/tests/golden/hosts/rhel7/root" --only os --db "$OUT/ids.db" >/dev/null 2>&1
"$PREMIG" assess --quiet --db "$OUT/ids.db" >/dev/null 2>"$OUT/ids.err" ||
	fail "rulehosts: assess to list the rules" "$(cat "$OUT/ids.err")"
rh_ids=$(sqlite3 "$OUT/ids.db" "SELECT rule_id FROM findings ORDER BY rule_id")
[ -n "$rh_ids" ] || fail "rulehosts: no rule ids"
# shellcheck disable=SC2086 # a list of ids
each_rule_case host rulehost ${RULEHOSTS_ONLY:-$rh_ids}
