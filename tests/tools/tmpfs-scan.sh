# tmpfs-scan.sh ROOT MOUNTS COMMAND...: run in a private mount namespace
# (unshare -m): each line "DIR OPTIONS" of MOUNTS mounts a tmpfs with
# OPTIONS over ROOT/DIR, in order, keeping what DIR held; then runs COMMAND.
# The mounts end with the namespace.
root=$1 mounts=$2
shift 2
while read -r dir opts; do
	d="$root/${dir#/}"
	d=${d%/}
	mkdir -p "$d"
	mv "$d" "$d.tmpfs-pre" || exit 1
	mkdir "$d" && mount -t tmpfs -o "$opts" tmpfs "$d" || exit 1
	cp -a --sparse=always "$d.tmpfs-pre/." "$d/" || exit 1
	rm -rf "$d.tmpfs-pre"
done <"$mounts"
exec "$@"
