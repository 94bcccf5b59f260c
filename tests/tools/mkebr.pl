#!/usr/bin/perl
# mkebr.pl FILE COUNT [LOOP] - an MBR disk image whose extended partition
# holds COUNT logical partitions in a chain of EBRs; with LOOP, the last
# EBR links back to EBR number LOOP (1 the first: a link of offset 0,
# which libblkid takes for no link and Linux follows)
#
# The layout is the MBR's and EBR's as the Linux kernel reads them
# (block/partitions/msdos.c, parse_extended) and as libblkid does
# (libblkid/src/partitions/dos.c, parse_dos_extended); sfdisk writes the
# same.  Sector 0: four 16-byte entries at byte 446 (boot flag, CHS start,
# type, CHS end, LBA start and sector count little-endian at bytes 8 and
# 12) and 0x55 0xAA at 510.  Entry 1 is an extended partition (type 0x05)
# from sector 2048.  Each EBR is one sector laid out like the MBR: its
# entry 1 is a logical partition (type 0x83), its start relative to the
# EBR's own sector; its entry 2 links to the next EBR (type 0x05), its
# start relative to the extended partition's first sector; a last EBR has
# no link.  Here each logical partition is one sector, right after its
# EBR, so COUNT partitions take 2 * COUNT sectors after sector 2048.  The
# CHS fields are 0xFE 0xFF 0xFF ("use the LBA fields"), as fdisk writes
# for sectors past cylinder 1023.  The file is sparse: only the MBR and
# the EBRs are written.
use strict;
use warnings;

my ($file, $count, $loop) = @ARGV;
die "usage: mkebr.pl FILE COUNT [LOOP]\n"
	unless defined $count && $count =~ /^\d+$/ && $count > 0 &&
	(!defined $loop || ($loop =~ /^\d+$/ && $loop >= 1 && $loop <= $count));
my $ext = 2048;
my $extlen = 2 * $count;
my $chs = "\xfe\xff\xff";

sub entry {
	my ($type, $start, $size) = @_;
	return pack('C a3 C a3 V V', 0, $chs, $type, $chs, $start, $size);
}
sub sector {
	my @e = @_;
	push @e, "\0" x 16 while @e < 4;
	return ("\0" x 446) . join('', @e) . "\x55\xaa";
}

open(my $fh, '+>', $file) or die "mkebr.pl: $file: $!\n";
binmode $fh;
truncate($fh, ($ext + $extlen + 2048) * 512) or die "mkebr.pl: truncate: $!\n";
print $fh sector(entry(0x05, $ext, $extlen));
for my $i (0 .. $count - 1) {
	my $ebr = 2 * $i;	# relative to the extended partition
	my @e = (entry(0x83, 1, 1));
	if ($i < $count - 1) {
		push @e, entry(0x05, $ebr + 2, 2);
	} elsif (defined $loop) {
		push @e, entry(0x05, 2 * ($loop - 1), 2);
	}
	seek($fh, ($ext + $ebr) * 512, 0) or die "mkebr.pl: seek: $!\n";
	print $fh sector(@e);
}
close($fh) or die "mkebr.pl: $file: $!\n";
