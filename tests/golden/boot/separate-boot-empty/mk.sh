# /boot is its own filesystem and was not mounted under the root: boot/ is empty
mkdir -p "$1/boot"
