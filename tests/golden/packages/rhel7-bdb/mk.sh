# RHEL 7: the Berkeley DB hash Packages file; Berkeley DB's loader writes the
# pages from the headers rpm wrote (Debian's rpm has no BDB writer)
sh "$TOOLS/mkrpmdb.sh" bdb "$1/var/lib/rpm" "$(dirname "$0")/packages.list"
