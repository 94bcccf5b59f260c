#!/bin/sh
# mk.sh DEST - writes the malformed initramfs images into DEST, one file per
# case of expected.tsv.  Each is a way an image can be broken (truncated,
# corrupt, hostile header fields, a compression premig does not read); the
# kernel group scans each as boot/initramfs-RELEASE.img of a root and wants
# initramfs_readable false with a reason matching expected.tsv, a clean
# exit and no sanitizer report.  Generated, not stored, so that the bytes
# can be read here.
set -eu
out=$1
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# hdr NAME FILESIZE [NAMESIZE [MAGIC]]: a newc header, the name and its padding
hdr() {
	hname=$1 hsize=$2 hnsize=${3:-$((${#1} + 1))} hmagic=${4:-070701}
	printf '%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' "$hmagic" \
		1 33188 0 0 1 0 "$hsize" 0 0 0 0 "$hnsize" 0
	printf '%s\000' "$hname"
	head -c $(((4 - (110 + ${#hname} + 1) % 4) % 4)) /dev/zero
}
trailer() {
	hdr 'TRAILER!!!' 0
}

# a well-formed archive to break: a module and enough text that the
# compressed forms span several kilobytes
mkdir -p "$tmp/base/usr/lib/modules/5.14.0-1.el9.x86_64/kernel/drivers/block"
echo module >"$tmp/base/usr/lib/modules/5.14.0-1.el9.x86_64/kernel/drivers/block/virtio_blk.ko.xz"
seq 1 40000 >"$tmp/base/numbers.txt"
(cd "$tmp/base" && find . ! -name . | sed 's,^\./,,' | LC_ALL=C sort | cpio -o -H newc --quiet) >"$tmp/base.cpio"
half() {	# half FILE: its first half
	head -c $(($(wc -c <"$1") / 2)) "$1"
}

: >"$out/empty"
head -c 4096 /dev/zero >"$out/zeros"
gzip -n -c "$tmp/base.cpio" >"$tmp/base.gz"
half "$tmp/base.gz" >"$out/gzip-truncated"
{ printf '\037\213\010\000'; seq 1 500 | tr '0-9' 'a-j'; } >"$out/gzip-garbage"
{ cat "$tmp/base.gz"; printf 'garbage after the stream'; } >"$out/gzip-trailing-garbage"
xz --check=crc32 -c "$tmp/base.cpio" >"$tmp/base.xz"
half "$tmp/base.xz" >"$out/xz-truncated"
# one byte changed in the middle of the compressed data (to another value:
# writing a fixed 'X' left it unchanged, 1 time in 256, when it was one)
n=$(($(wc -c <"$tmp/base.xz") / 2))
b=$(od -An -tu1 -j "$n" -N 1 "$tmp/base.xz" | tr -d ' ')
{ head -c "$n" "$tmp/base.xz"; printf "\\$(printf %03o $(((b + 1) % 256)))"; tail -c +$((n + 2)) "$tmp/base.xz"; } >"$out/xz-corrupt"
zstd -q -c "$tmp/base.cpio" >"$tmp/base.zst"
half "$tmp/base.zst" >"$out/zstd-truncated"
{ printf '\050\265\057\375'; seq 1 500; } >"$out/zstd-garbage"
{ hdr big 0 4294967295; trailer; } >"$out/cpio-huge-namesize"
{ hdr big 0 0; trailer; } >"$out/cpio-zero-namesize"
{ hdr big 4294967295; printf 'only these bytes'; } >"$out/cpio-huge-filesize"
{ hdr big 4294967295; printf 'only these bytes'; trailer; } | gzip -n >"$out/gzip-huge-filesize"
{ printf '070701%08X%08X%08X%08X%08X%08Xzzzzzzzz' 1 33188 0 0 1 0; head -c 48 /dev/zero | tr '\0' 0; } >"$out/cpio-bad-hex"
{ printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
	1 33188 0 0 1 0 0 0 0 0 0 4 0; printf 'abcd'; trailer; } >"$out/cpio-name-not-nul"
(cd "$tmp/base" && find . | LC_ALL=C sort | cpio -o -H odc --quiet) >"$out/cpio-odc"
{ hdr a.txt 3; printf 'abc\000'; } >"$out/cpio-no-trailer"
# garbage where the second header should be
{ hdr a.txt 3; printf 'abc\000'; head -c 120 /dev/zero | tr '\0' 'Z'; } >"$out/cpio-bad-magic"
{ hdr a.txt 3; printf 'abc\000'; } | gzip -n >"$out/gzip-no-trailer"
{ cat "$tmp/base.cpio"; printf 'junk after the trailer'; } | gzip -n >"$out/gzip-junk-after-trailer"
head -c 50 "$tmp/base.cpio" >"$out/cpio-truncated-header"
head -c 120 "$tmp/base.cpio" >"$out/cpio-truncated-name"
# a header at an offset that is not a multiple of 4
{ head -c 3 /dev/zero; cat "$tmp/base.cpio"; } >"$out/cpio-unaligned"
printf 'hello, world\n' >"$out/unknown-magic"
{ cat "$tmp/base.cpio"; half "$tmp/base.zst"; } >"$out/microcode-zstd-truncated"
bzip2 -c "$tmp/base.cpio" >"$tmp/base.bz2"
half "$tmp/base.bz2" >"$out/bzip2-truncated"
{ printf 'BZh91AY&SY'; seq 1 500; } >"$out/bzip2-garbage"
lz4 -l -q -c "$tmp/base.cpio" >"$tmp/base.lz4"
half "$tmp/base.lz4" >"$out/lz4-truncated"
# a legacy magic, a block size of 100 bytes, then bytes that do not decode
{ printf '\002\041\114\030\144\000\000\000'; head -c 100 /dev/zero | tr '\0' '\377'; } >"$out/lz4-garbage"
# a block size over the format's bound for an 8 MiB block
{ printf '\002\041\114\030\377\377\377\177'; seq 1 100; } >"$out/lz4-huge-block"
lz4 -q -c "$tmp/base.cpio" >"$out/lz4-frame"
{ printf '\211LZO\000\015\012\032\012'; seq 1 100; } >"$out/lzo"
# more than the 1 GiB cap of decompressed data: zero padding after a trailer
{ trailer; head -c 1100M /dev/zero; } | zstd -q -1 >"$out/zstd-over-cap"
