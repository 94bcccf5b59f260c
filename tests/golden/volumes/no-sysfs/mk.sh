# a copy of a file tree without sys/block and without --image: no block
# device to look at, so not-applicable, with the reason (not "none found")
mkdir -p "$1/etc"
