# SLES 15: ndb's Packages.db, laid out by mkndb.pl after rpm's rpmpkg.c
# (Debian's rpm cannot write ndb); the headers inside are rpm's own
sh "$TOOLS/mkrpmdb.sh" ndb "$1/var/lib/rpm" "$(dirname "$0")/packages.list"
