#!/usr/bin/perl
# mkndb.pl - SUSE's ndb Packages.db from "hnum hexblob" lines on stdin
#
# The layout of rpm's lib/backend/ndb/rpmpkg.c: a 32-byte header ("RpmP",
# version 0, generation, slot page count, next package index), 16-byte
# slots ("Slot", package index, block offset, block count) filling the slot
# pages, then each blob in 16-byte blocks: a head ("BlbS", index, time,
# length), the header blob, zero padding, and a tail (adler32 of all that
# precedes it in the blob's blocks, length, "BlbE").  All little-endian.
use strict;
use warnings;
use Compress::Raw::Zlib ();

my @pkgs;
while (my $line = <STDIN>) {
	chomp $line;
	my ($idx, $hex) = split / /, $line;
	push @pkgs, [ $idx, pack('H*', $hex) ];
}
my $page = 4096;
my $slotpages = 1 + int((2 + @pkgs) * 16 / $page);
my $blk = $slotpages * $page / 16;
my ($slots, $blobs, $next) = ('', '', 1);
for my $p (@pkgs) {
	my ($idx, $blob) = @$p;
	my $len = length $blob;
	my $cnt = int((16 + $len + 12 + 15) / 16);
	my $body = pack('a4 V V V', 'BlbS', $idx, 1700000000, $len) . $blob;
	$body .= "\0" x ($cnt * 16 - 12 - length $body);
	my $adler = Compress::Raw::Zlib::adler32($body);
	$body .= pack('V V a4', $adler, $len, 'BlbE');
	$slots .= pack('a4 V V V', 'Slot', $idx, $blk, $cnt);
	$blobs .= $body;
	$blk += $cnt;
	$next = $idx + 1 if $idx >= $next;
}
my $head = pack('a4 V V V V', 'RpmP', 0, 1, $slotpages, $next);
$head .= "\0" x (32 - length $head);
my $area = $head . $slots;
# the free slots: magic and zeroes
$area .= pack('a4 V V V', 'Slot', 0, 0, 0) while length($area) < $slotpages * $page;
binmode STDOUT;
print $area, $blobs;
