# RHEL 9: the SQLite rpm database, written by rpm itself
sh "$TOOLS/mkrpmdb.sh" sqlite "$1/var/lib/rpm" "$(dirname "$0")/packages.list"
