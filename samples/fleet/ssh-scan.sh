#!/bin/sh
# ssh-scan.sh HOSTS [PREMIG] - the fleet workflow over plain ssh: copy the
# premig binary to every host named in the file HOSTS (one per line, as ssh
# knows it: name, user@name or an ssh_config alias; '#' starts a comment),
# run `premig scan` there in a temporary directory, fetch the database to
# dbs/HOST.db, remove what was copied, then merge every database fetched
# into fleet.db.  PREMIG is the binary to copy (default ./premig-static,
# from `make static`, which runs on old hosts unchanged).
#
# Environment:
#   SSH_OPTS    options for ssh and scp both (-F FILE, -o Port=2222, -i KEY)
#   SUDO        run the scan through this on the host (e.g. 'sudo -n');
#               without root premig still scans and records what it could
#               not read
#   SCAN_ARGS   more options for premig scan (e.g. '--skip connections')
#   JOBS        hosts scanned at once (default 8)
#   MERGE       the premig that merges here (default: PREMIG)
#
# A host that cannot be reached or whose scan fails is reported on standard
# error and left out; the others are merged.  Exit status: 0 when every
# host was scanned and merged, 1 when a host was left out (the rest merged),
# else premig merge's.
set -u

if [ "${1:-}" = --one ]; then
	# one host, run by xargs below: $2 host, $3 binary, $4 output directory
	host=$2 bin=$3 dbs=$4
	# shellcheck disable=SC2086
	dir=$(ssh $SSH_OPTS -n -- "$host" 'mktemp -d /tmp/premig-scan.XXXXXX') || {
		echo "ssh-scan: $host: cannot connect" >&2
		exit 1
	}
	rc=0
	# shellcheck disable=SC2086
	if scp -q $SSH_OPTS -- "$bin" "$host:$dir/premig" &&
		ssh $SSH_OPTS -n -- "$host" "cd '$dir' && ${SUDO:-} ./premig scan --quiet --db scan.db ${SCAN_ARGS:-}"; then
		:
	else
		# premig's exit status 3: some collectors failed, the database is whole
		rc=$?
		[ $rc -eq 3 ] && rc=0
	fi
	if [ $rc -eq 0 ]; then
		# shellcheck disable=SC2086
		scp -q $SSH_OPTS -- "$host:$dir/scan.db" "$dbs/$host.db.part" &&
			mv "$dbs/$host.db.part" "$dbs/$host.db" || rc=1
	else
		echo "ssh-scan: $host: premig scan failed (exit $rc)" >&2
	fi
	# shellcheck disable=SC2086
	ssh $SSH_OPTS -n -- "$host" "${SUDO:-} rm -rf '$dir'" || true
	exit $rc
fi

hosts=${1:?usage: ssh-scan.sh HOSTS [PREMIG]}
bin=${2:-./premig-static}
SSH_OPTS=${SSH_OPTS:-}
export SSH_OPTS SUDO SCAN_ARGS
mkdir -p dbs || exit 1
sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$hosts" |
	xargs -P "${JOBS:-8}" -I '{}' sh "$0" --one '{}' "$bin" dbs
left_out=$?
set -- dbs/*.db
if [ ! -e "$1" ]; then
	echo "ssh-scan: no database was fetched" >&2
	exit 1
fi
"${MERGE:-$bin}" merge fleet.db "$@" || exit
[ $left_out -eq 0 ] || exit 1
