#!/bin/sh
# mk.sh DEST - builds malformed LVM2 physical volumes into DEST (no image is
# committed).  Each starts as a real PV: a 16 MiB whole-disk PV made by
# pvcreate, vgcreate and lvcreate (tests/tools/mklvm.sh: no device-mapper,
# the host's LVM untouched); then one thing is broken in it.  Where the
# broken field is covered by a checksum, the checksum is recomputed (lvm2's
# CRC-32, lib/misc/crc.c: polynomial 0xedb88320, initial 0xf597a6cf, no
# final inversion), so that the check under test is reached.  The fields
# are those of lvm2's lib/format_text/layout.h: the mda_header at byte 4096
# (checksum 0, magic 4, version 20, start 24, size 32) and its first
# raw_locn at 40 (offset, size, checksum, flags).  expected.tsv says what
# premig must report on each PV.
#
#   mda-past-end.img    the label puts the metadata area at 32 MiB, past the
#                       end of the image (an image cut short)
#   text-past-end.img   the area says 64 MiB and its text is at 20 MiB, past
#                       the end of the image
#   mda-crc.img         a byte of the header changed, checksum not fixed
#   text-crc.img        a byte of the text changed, checksum not fixed
#   huge-text.img       the text's size says 2^40 bytes
#   over-cap.img        the area says 2^40 bytes, the text 64 MiB (over the cap)
#   wrap-garbage.img    the text says it wraps round the circular buffer;
#                       the bytes after the wrap are not its text
#   deep.img            a text of 40 nested sections
#   unterminated.img    a text that ends inside a string
#   no-vg.img           a text with no volume group section
#   bad-area.img        an LV whose stripes name a PV the VG does not have
set -eu
PATH=$PATH:/usr/sbin:/sbin
D=${1:?usage: mk.sh DEST}
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
mkdir -p "$D"
D=$(cd "$D" && pwd)
. "$TOP/tests/tools/mklvm.sh"
lvm_setup "$D/lvm"
trap lvm_cleanup EXIT

base="$D/base.pv"
rm -f "$base"
truncate -s 16M "$base"
loop=$(lvm_attach "$base" 0 $((16 * 1024 * 1024)))
lvm_run pvcreate -q "$loop" >/dev/null 2>&1
lvm_run vgcreate -q malvg "$loop" >/dev/null 2>&1
lvm_run lvcreate -q -an -Zn -y -L 8M -n root malvg >/dev/null 2>&1
lvm_cleanup

MDA=4096

# patch FILE [text=FILE] [hsize=N] [tsize=N] [toff=N] [mdaoff=N]: rewrites
# the metadata area header of FILE (and its text), or the label's first
# metadata area offset; recomputes the checksums of what it wrote
patch() {
	p_file=$1
	shift
	perl -e '
	use strict;
	my ($file, $mda, @kv) = @ARGV;
	my %o = map { split /=/, $_, 2 } @kv;
	my @tab;
	for my $i (0 .. 255) {
		my $c = $i;
		$c = $c & 1 ? 0xedb88320 ^ ($c >> 1) : $c >> 1 for 1 .. 8;
		$tab[$i] = $c;
	}
	sub crc { my $c = 0xf597a6cf; $c = $tab[($c ^ $_) & 0xff] ^ ($c >> 8) for unpack "C*", $_[0]; $c }
	open my $fh, "+<", $file or die "$file: $!";
	binmode $fh;
	seek $fh, $mda, 0; read $fh, my $h, 512;
	my ($off) = unpack "Q<", substr($h, 40, 8);
	if (defined $o{text}) {
		open my $t, "<", $o{text} or die; binmode $t; local $/; my $text = <$t>;
		seek $fh, $mda + $off, 0; print $fh $text;
		substr($h, 48, 8) = pack "Q<", length $text;
		substr($h, 56, 4) = pack "V", crc($text);
	}
	substr($h, 32, 8) = pack "Q<", $o{hsize} if defined $o{hsize};
	substr($h, 40, 8) = pack "Q<", $o{toff} if defined $o{toff};
	substr($h, 48, 8) = pack "Q<", $o{tsize} if defined $o{tsize};
	substr($h, 0, 4) = pack "V", crc(substr($h, 4));
	seek $fh, $mda, 0; print $fh $h;
	if (defined $o{mdaoff}) {
		# the label in sector 1, its pv_header at 32: UUID, size, data areas, then mdas
		seek $fh, 512, 0; read $fh, my $l, 512;
		my $at = 32 + 40;
		$at += 16 while unpack("Q<", substr($l, $at, 8));
		$at += 16;
		substr($l, $at, 8) = pack "Q<", $o{mdaoff};
		substr($l, 16, 4) = pack "V", crc(substr($l, 20));
		seek $fh, 512, 0; print $fh $l;
	}
	close $fh or die;
	' "$p_file" "$MDA" "$@"
}
# flip FILE POS: changes one byte
flip() {
	printf 'X' | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
new() {
	cp --sparse=always "$base" "$D/$1"
}
text_off() {
	od -An -t u8 -j $((MDA + 40)) -N 8 "$base" | tr -d ' '
}

new mda-past-end.img
patch "$D/mda-past-end.img" mdaoff=33554432
new text-past-end.img
patch "$D/text-past-end.img" hsize=67108864 toff=20971520 tsize=1000
new mda-crc.img
flip "$D/mda-crc.img" $((MDA + 300))
new text-crc.img
flip "$D/text-crc.img" $((MDA + $(text_off) + 2))
new huge-text.img
patch "$D/huge-text.img" tsize=1099511627776
new over-cap.img
patch "$D/over-cap.img" hsize=1099511627776 tsize=67108864
new wrap-garbage.img
patch "$D/wrap-garbage.img" toff=$((1044480 - 100)) tsize=4096

t="$D/text"
new deep.img
{
	echo "malvg {"
	i=0
	while [ $i -lt 40 ]; do echo "s$i {"; i=$((i + 1)); done
	i=0
	while [ $i -lt 41 ]; do echo "}"; i=$((i + 1)); done
} >"$t"
patch "$D/deep.img" text="$t"
new unterminated.img
printf 'malvg {\nid = "unterminated\n' >"$t"
patch "$D/unterminated.img" text="$t"
new no-vg.img
printf 'contents = "Text Format Volume Group"\nversion = 1\n' >"$t"
patch "$D/no-vg.img" text="$t"
# the real text with its LV's stripes pointing at pv9
new bad-area.img
off=$(text_off)
size=$(od -An -t u8 -j $((MDA + 48)) -N 8 "$base" | tr -d ' ')
dd if="$base" bs=1 skip=$((MDA + off)) count="$size" status=none | tr -d '\000' |
	sed 's/"pv0", 0/"pv9", 0/' >"$t"
grep -q '"pv9", 0' "$t"
patch "$D/bad-area.img" text="$t"
rm -f "$t" "$base"
