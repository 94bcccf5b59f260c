# tmpfs-scan.sh ROOT MOUNTS COMMAND...: run in a private mount namespace
# (unshare -m): each line "DIR OPTIONS" of MOUNTS mounts a tmpfs with
# OPTIONS over ROOT/DIR, in order, keeping what DIR held; then runs COMMAND.
# OPTIONS with "ro" mount read-write to be filled, then remount read-only
# once every tmpfs is in place (a copy mounted read-only for the scan).
# The mounts end with the namespace.
root=$1 mounts=$2
shift 2
ro=
while read -r dir opts; do
	d="$root/${dir#/}"
	d=${d%/}
	case ",$opts," in
	*,ro,*)
		opts=$(printf '%s' ",$opts," | sed 's/,ro,/,/g; s/^,//; s/,$//')
		ro="$d
$ro"
		;;
	esac
	mkdir -p "$d"
	mv "$d" "$d.tmpfs-pre" || exit 1
	mkdir "$d" && mount -t tmpfs -o "${opts:-defaults}" tmpfs "$d" || exit 1
	cp -a --sparse=always "$d.tmpfs-pre/." "$d/" || exit 1
	rm -rf "$d.tmpfs-pre"
done <"$mounts"
# the deepest first: a read-only parent no longer matters to its children
printf '%s' "$ro" | while read -r d; do
	[ -n "$d" ] && { mount -o remount,ro "$d" || exit 1; }
done || exit 1
exec "$@"
