#!/bin/sh
# mk.sh - remakes the malformed FAT volumes of this directory, kept for good
# (each NAME.img.gz; tests/cases/fat.sh says what each must give):
#
#   sh tests/malformed/fat/mk.sh [PREMIG]
#
# Each starts as a 64 KiB FAT12 volume made by mkfs.vfat (512-byte sectors
# and clusters, 2 FATs, 512 root entries: the data area starts at sector
# 35) with files put in by mtools, then one field is broken with dd at the
# offset that Microsoft's FAT specification (fatgen103) gives it: a BPB
# field of the boot sector, a 12-bit FAT entry, or a field of a 32-byte
# directory entry.  `PREMIG debug decode fat` (default ./premig) finds the
# clusters mkfs and mtools chose.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
premig=${1:-./premig}
export MTOOLS_SKIP_CHECK=1
PATH="$PATH:/sbin:/usr/sbin"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# le IMG OFFSET BYTES VALUE: writes VALUE little-endian in BYTES bytes
le() {
	le_v=$4 le_n=0
	while [ $le_n -lt "$3" ]; do
		printf "\\$(printf '%03o' $((le_v & 255)))"
		le_v=$((le_v >> 8)) le_n=$((le_n + 1))
	done | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
# fat12 IMG CLUSTER VALUE: sets the entry of CLUSTER in both FATs (section 4.2)
fat12() {
	for fat in 512 1024; do
		off=$((fat + $2 + $2 / 2))
		old=$(od -An -tu2 -j $off -N2 "$1" | tr -d ' ')
		if [ $(($2 & 1)) -eq 1 ]; then
			new=$(((old & 15) | ($3 << 4)))
		else
			new=$(((old & 61440) | $3))
		fi
		le "$1" $off 2 $new
	done
}
cluster() {	# cluster IMG PATH: the first cluster of PATH
	"$premig" debug decode fat "$1" | jq -r --arg p "$2" '.entries[] | select(.path == $p) | .cluster'
}
# entry IMG 11-CHAR-NAME: the byte offset of the directory entry of that short name
entry() {
	grep -obUa "$2" "$1" | head -1 | cut -d: -f1
}

base() {
	rm -f "$1"
	mkfs.vfat -C -s 1 -F 12 -i 12345678 -n MALFORMED "$1" 64 >/dev/null 2>&1
	mmd -i "$1" ::/EFI ::/EFI/debian
	seq 1 400 >"$tmp/cfg"	# 1492 bytes: 3 clusters
	mcopy -i "$1" "$tmp/cfg" ::/EFI/debian/grub.cfg
}

done_img() {	# done_img NAME: compresses $tmp/NAME.img into this directory
	gzip -n -9 -c "$tmp/$1.img" >"$here/$1.img.gz"
}

# the FAT chain of a file comes back to its first cluster
i="$tmp/cluster-loop.img"; base "$i"
c=$(cluster "$i" EFI/debian/grub.cfg); fat12 "$i" $((c + 2)) "$c"; done_img cluster-loop

# a FAT entry points past the last cluster (0xFF0: neither a cluster nor EOC)
i="$tmp/chain-past-end.img"; base "$i"
c=$(cluster "$i" EFI/debian/grub.cfg); fat12 "$i" "$c" 4080; done_img chain-past-end

# the chain reaches a free cluster
i="$tmp/chain-free.img"; base "$i"
c=$(cluster "$i" EFI/debian/grub.cfg); fat12 "$i" "$c" 0; done_img chain-free

# the directory entry claims more bytes than the chain holds
i="$tmp/short-chain.img"; base "$i"
o=$(entry "$i" "GRUB    CFG"); le "$i" $((o + 28)) 4 50000; done_img short-chain

# BPB_SecPerClus 0 (section 3.1: a power of 2 from 1 to 128)
i="$tmp/zero-spc.img"; base "$i"; le "$i" 13 1 0; done_img zero-spc

# BPB_TotSec32 0xFFFFFFFF with BPB_TotSec16 0: 2 TiB claimed in 64 KiB
i="$tmp/huge-totsec.img"; base "$i"; le "$i" 19 2 0; le "$i" 32 4 4294967295; done_img huge-totsec

# BPB_FATSz16 0xFFFF: the FATs alone are larger than the volume
i="$tmp/huge-fatsz.img"; base "$i"; le "$i" 22 2 65535; done_img huge-fatsz

# BPB_RootEntCnt 0xFFFF: the root directory is larger than the volume
i="$tmp/huge-rootents.img"; base "$i"; le "$i" 17 2 65535; done_img huge-rootents

# EFI/debian's entry names EFI's own cluster: a directory loop
i="$tmp/dir-loop.img"; base "$i"
c=$(cluster "$i" EFI); o=$(entry "$i" "DEBIAN     "); le "$i" $((o + 26)) 2 "$c"; done_img dir-loop

# EFI's cluster chain points to itself
i="$tmp/dir-chain-self.img"; base "$i"
c=$(cluster "$i" EFI); fat12 "$i" "$c" "$c"; done_img dir-chain-self

# twelve directory levels, deeper than the reader's cap of 8
i="$tmp/deep.img"; base "$i"
p=; for d in a b c d e f g h i j k l; do p="$p/$d"; mmd -i "$i" "::$p"; done; done_img deep

# a long name whose checksum does not match its short entry: the short name stands
i="$tmp/lfn-checksum.img"; base "$i"
printf 'x\n' >"$tmp/x"; mcopy -i "$i" "$tmp/x" "::/EFI/A long name.txt"
o=$(entry "$i" "ALONGN~1TXT"); le "$i" $((o - 32 + 13)) 1 0; done_img lfn-checksum

# the volume cut short: the BPB claims 64 KiB in 16
i="$tmp/truncated.img"; base "$i"; truncate -s 16K "$i"; done_img truncated

# no jump instruction: not a FAT boot sector
i="$tmp/no-jump.img"; base "$i"; le "$i" 0 1 0; done_img no-jump
