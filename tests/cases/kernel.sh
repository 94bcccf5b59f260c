# kernel.sh - the kernel collector beyond its golden cases: the live
# system, the malformed initramfs images of tests/malformed/initramfs,
# other compressions and layouts, ELF headers, distribution kernel naming,
# and files premig may not read.  Every scan runs under a timeout: a
# malformed input must never hang the scanner.

KREL=5.14.0-362.8.1.el9_3.x86_64
KTAB=$(printf '\t')

# kscan NAME ROOT: scans ROOT with --only kernel; $OUT/NAME.json is the
# kernel object of the report plus "notes", the collector's reason.
# Returns the scan's exit status (124 when it timed out).
kscan() {
	rm -f "$OUT/$1.db" "$OUT/$1.db-wal" "$OUT/$1.db-shm"
	timeout 60 "$PREMIG" scan --root "$2" --db "$OUT/$1.db" --only kernel \
		--host-id "$1" --quiet 2>"$OUT/$1.err"
	kst=$?
	"$PREMIG" report --format json --db "$OUT/$1.db" -o - 2>>"$OUT/$1.err" |
		jq '.hosts[0].kernel + {notes: (.hosts[0].collectors[] |
		    select(.name == "kernel") | .reason)}' >"$OUT/$1.json" 2>>"$OUT/$1.err"
	return $kst
}

# kget NAME JQ-FILTER: one value of NAME's kernel object, as jq -r prints it
kget() {
	jq -r "$2" "$OUT/$1.json" 2>/dev/null
}

# kcheck NAME STATUS: the scan exited 0 or 3 and no sanitizer spoke
kcheck() {
	if [ "$2" -ne 0 ] && [ "$2" -ne 3 ]; then
		fail "kernel $1: scan exit $2" "$(cat "$OUT/$1.err")"
		return 1
	fi
	if grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$OUT/$1.err"; then
		fail "kernel $1: sanitizer" "$(cat "$OUT/$1.err")"
		return 1
	fi
	return 0
}

# kwant NAME JQ-FILTER EXPECTED: the value equals EXPECTED
kwant() {
	kgot=$(kget "$1" "$2")
	if [ "$kgot" = "$3" ]; then
		ok "kernel $1: $2"
	else
		fail "kernel $1: $2 is '$kgot', want '$3'" "$(cat "$OUT/$1.json")"
	fi
}

# knote NAME TEXT: the collector's reason says TEXT
knote() {
	if kget "$1" .notes | grep -Fq -- "$2"; then
		ok "kernel $1: note '$2'"
	else
		fail "kernel $1: no note '$2'" "$(kget "$1" .notes)"
	fi
}

# kroot DIR RELEASE: a root whose proc names RELEASE, with its modules
# directory and kernel image in place
kroot() {
	rm -rf "$1"
	mkdir -p "$1/proc/sys/kernel" "$1/lib/modules/$2" "$1/boot"
	printf '%s\n' "$2" >"$1/proc/sys/kernel/osrelease"
	printf '#1 SMP\n' >"$1/proc/sys/kernel/version"
	: >"$1/boot/vmlinuz-$2"
}

TOOLS="$TOP/tests/tools"
. "$TOP/tests/golden/kernel/mkimg.sh"

# ---- the live system ----
if kscan live /; then kst=0; else kst=$?; fi
if kcheck live $kst; then
	kwant live .release "$(uname -r)"
	kwant live .arch "$(uname -m)"
	kwant live .release_source uname
	case $(uname -m) in
	x86_64 | aarch64 | ppc64le | s390x) kwant live .bits 64 ;;
	esac
	# known (true or false) exactly when the running kernel's initramfs exists
	kinit=null
	for f in "initramfs-$(uname -r).img" "initrd.img-$(uname -r)" "initrd-$(uname -r)" \
		"initrd-$(uname -r).img" "initramfs-$(uname -r)"; do
		[ -f "/boot/$f" ] && kinit=boolean
	done
	kwant live '.initramfs_readable | type' "$kinit"
fi

# ---- malformed initramfs images: unreadable with a clear reason ----
mal="$OUT/malformed"
if ! sh "$TOP/tests/malformed/initramfs/mk.sh" "$mal" 2>"$OUT/malformed.err"; then
	fail "kernel malformed: generating the images" "$(cat "$OUT/malformed.err")"
else
	while IFS=$KTAB read -r img comp pat; do
		case $img in '#'* | '') continue ;; esac
		r="$OUT/root-$img"
		kroot "$r" "$KREL"
		cp "$mal/$img" "$r/boot/initramfs-$KREL.img"
		if kscan "$img" "$r"; then kst=0; else kst=$?; fi
		kcheck "$img" $kst || continue
		kgot=$(kget "$img" '[.initramfs_readable, .initramfs_compression, .initramfs_drivers] | @json')
		kwant_c=$(if [ "$comp" = null ]; then echo null; else echo "\"$comp\""; fi)
		if [ "$kgot" != "[false,$kwant_c,null]" ]; then
			fail "kernel $img: readable, compression, drivers are $kgot, want [false,$kwant_c,null]"
		elif ! kget "$img" .initramfs_reason | grep -Eq -- "$pat"; then
			fail "kernel $img: reason" "want /$pat/, got: $(kget "$img" .initramfs_reason)"
		elif ! kget "$img" .notes | grep -q "initramfs 'boot/initramfs-$KREL.img': "; then
			fail "kernel $img: the collector's reason does not name the initramfs" "$(kget "$img" .notes)"
		else
			ok "kernel malformed $img"
		fi
	done <"$TOP/tests/malformed/initramfs/expected.tsv"
fi

# ---- readable layouts the golden cases do not cover ----
kimg="$OUT/img"
rm -rf "$kimg"
files "$kimg/early" kernel/x86/microcode/GenuineIntel.bin
files "$kimg/main" "usr/lib/modules/$KREL/kernel/drivers/net/ethernet/amazon/ena/ena.ko.xz" \
	"usr/lib/modules/$KREL/kernel/drivers/nvme/host/nvme-core.ko.xz" \
	"usr/lib/modules/$KREL/kernel/drivers/block/virtio_blk.ko.gz" \
	"usr/lib/modules/$KREL/kernel/drivers/virtio/virtio.ko.xz" \
	"usr/lib/modules/$KREL/kernel/drivers/block/xen-blkfront.ko.bz2" \
	"usr/lib/modules/$KREL/xen-netfront.txt"
mkdir -p "$kimg/main/usr/lib/modules/$KREL/kernel/drivers/nvme/host/nvme.ko"
newc "$kimg/early" >"$kimg/early.cpio"
newc "$kimg/main" >"$kimg/main.cpio"
# name COMPRESSION-LIST BUILD-COMMAND: the image the command writes on stdout
for spec in \
	"lzma|lzma|xz --format=lzma -c $kimg/main.cpio" \
	"microcode-gzip|cpio+gzip|cat $kimg/early.cpio; gzip -n -c $kimg/main.cpio" \
	"microcode-xz|cpio+xz|cat $kimg/early.cpio; xz --check=crc32 -c $kimg/main.cpio" \
	"two-gzip|gzip+gzip|gzip -n -c $kimg/early.cpio; gzip -n -c $kimg/main.cpio" \
	"xz-padded|xz|xz -c $kimg/main.cpio; head -c 8 /dev/zero" \
	"microcode-bzip2|cpio+bzip2|cat $kimg/early.cpio; bzip2 -c $kimg/main.cpio" \
	"lz4-legacy|lz4|lz4 -l -q -c $kimg/main.cpio" \
	"lz4-concatenated|lz4|lz4 -l -q -c $kimg/early.cpio; lz4 -l -q -c $kimg/main.cpio" \
	"zstd-long|zstd|zstd -q --long=27 -c $kimg/main.cpio"; do
	name=${spec%%|*}
	rest=${spec#*|}
	comp=${rest%%|*}
	r="$OUT/root-$name"
	kroot "$r" "$KREL"
	sh -c "${rest#*|}" >"$r/boot/initramfs-$KREL.img"
	if kscan "$name" "$r"; then kst=0; else kst=$?; fi
	kcheck "$name" $kst || continue
	kwant "$name" .initramfs_compression "$comp"
	kwant "$name" .initramfs_readable true
	# only files named NAME.ko[.xz|.zst|.gz] count: not .bz2, a directory or a .txt
	kwant "$name" '.initramfs_drivers | join(",")' "ena,nvme-core,virtio_blk"
done

# ---- initramfs file names and boot/ states ----
r="$OUT/root-debian-name"
kroot "$r" 6.1.0-18-cloud-amd64
newc "$kimg/main" | gzip -n >"$r/boot/initrd.img-6.1.0-18-cloud-amd64"
if kscan debian-name "$r"; then kst=0; else kst=$?; fi
if kcheck debian-name $kst; then
	kwant debian-name .initramfs_path boot/initrd.img-6.1.0-18-cloud-amd64
	kwant debian-name .distro_kernel true
	kwant debian-name .arch x86_64
	kwant debian-name .arch_source "the release name"
fi
# a FIFO in place of the initramfs (and of the kernel image): there, not
# a regular file, and never opened to block (it once read as "no
# initramfs"); under a timeout and 1 GiB of address space (not under
# AddressSanitizer, which reserves terabytes)
r="$OUT/root-fifo"
kroot "$r" "$KREL"
rm -f "$r/boot/vmlinuz-$KREL"
mkfifo "$r/boot/initramfs-$KREL.img" "$r/boot/vmlinuz-$KREL"
if grep -q __asan_init "$PREMIG" 2>/dev/null; then kvmem=unlimited; else kvmem=1048576; fi
if (ulimit -v $kvmem; kscan fifo "$r"); then kst=0; else kst=$?; fi
if kcheck fifo $kst; then
	kwant fifo '[.initramfs_path, .initramfs_readable] | @json' "[\"boot/initramfs-$KREL.img\",false]"
	kwant fifo .initramfs_reason "cannot read 'boot/initramfs-$KREL.img': not a regular file"
	knote fifo "initramfs: cannot read 'boot/initramfs-$KREL.img': not a regular file"
	kwant fifo .distro_kernel_evidence "lib/modules/$KREL present; boot/vmlinuz-$KREL: not a regular file; release follows the Red Hat family (.elN) kernel naming"
fi
r="$OUT/root-empty-boot"
kroot "$r" "$KREL"
rm -f "$r/boot/vmlinuz-$KREL"
if kscan empty-boot "$r"; then kst=0; else kst=$?; fi
if kcheck empty-boot $kst; then
	kwant empty-boot '[.initramfs_path, .initramfs_readable, .distro_kernel] | @json' '[null,null,null]'
	kwant empty-boot .initramfs_reason "boot/ is empty (a separate /boot may not be mounted)"
fi
r="$OUT/root-no-initramfs"
kroot "$r" "$KREL"
if kscan no-initramfs "$r"; then kst=0; else kst=$?; fi
if kcheck no-initramfs $kst; then
	kwant no-initramfs '[.initramfs_path, .initramfs_readable, .initramfs_drivers, .distro_kernel] | @json' \
		'[null,null,null,true]'
	kwant no-initramfs .initramfs_reason "no initramfs for $KREL (none of boot/initramfs-$KREL.img, boot/initrd.img-$KREL, boot/initrd-$KREL, boot/initrd-$KREL.img, boot/initramfs-$KREL)"
fi
r="$OUT/root-no-modules"
kroot "$r" "$KREL"
rm -rf "$r/lib"
if kscan no-modules "$r"; then kst=0; else kst=$?; fi
if kcheck no-modules $kst; then
	kwant no-modules .distro_kernel false
	kwant no-modules .distro_kernel_evidence "no lib/modules/$KREL; boot/vmlinuz-$KREL present; release follows the Red Hat family (.elN) kernel naming"
	kwant no-modules '.builtin_drivers' null
fi
# a release that names no file of the root (".." would leave lib/modules)
r="$OUT/root-bad-release"
kroot "$r" "$KREL"
printf '../../etc\n' >"$r/proc/sys/kernel/osrelease"
if kscan bad-release "$r"; then kst=0; else kst=$?; fi
if kcheck bad-release $kst; then
	kwant bad-release .release "$KREL"
	kwant bad-release .release_source "lib/modules (its only release)"
	kwant bad-release .version null
fi

# ---- distribution kernel naming: release, expected distro_kernel ----
for spec in \
	"3.10.0-1160.118.1.el7.x86_64 true" "2.6.18-419.el5xen true" "2.6.9-103.ELsmp true" \
	"4.18.0-513.5.1.el8_9.x86_64 true" "5.14.0-70.13.1.el9_0.x86_64+debug true" \
	"5.4.17-2136.330.7.1.el8uek.x86_64 true" "6.1.77-99.164.amzn2023.x86_64 true" \
	"4.14.355-196.573.amzn1.x86_64 true" "6.7.5-200.fc39.x86_64 true" \
	"5.15.0-1051-aws true" "5.15.0-91-generic true" "6.8.0-1009-raspi true" \
	"3.2.0-126-virtual true" "4.19.0-26-cloud-amd64 true" "4.9.0-13-686-pae true" \
	"6.12.43+deb13-amd64 true" "2.6.32-5-xen-amd64 true" "3.0.101-63-default true" \
	"2.6.32.12-0.7-default true" "5.14.21-150500.55.19-azure true" "6.7.4-arch1-1 true" \
	"6.6.14-0-lts true" "5.15.131.1-2.cm2 true" "6.6.47.1-1.azl3 true" \
	"4.19.283-2.ph3-esx true" "5.10.0-60.18.0.50.oe2203.x86_64 true" \
	"6.6.28-server-1.mga9 true" "6.6.31+rpt-rpi-v8 true" "2.6.9-103.EL true" \
	"6.18.44-fc-v657 false" "5.10.0-custom false" "4.4.0-generic false" "6.6.0 false" \
	"5.4.0-rc1 false" "6.1.0-amd64-mine false" \
	"3.16.0-0.bpo.4-amd64 true" "5.10.0-0.deb10.16-amd64 true" "6.1.0-0.deb11.17-cloud-amd64 true" \
	"6.7.4-1.el7.elrepo.x86_64 false" "5.4.270-1.el8.elrepo.x86_64 false" \
	"5.19.0-051900-generic false" "6.8.0-060800rc7-generic false"; do
	rel=${spec% *}
	kroot "$OUT/root-naming" "$rel"
	# one store for all: one report to read
	timeout 60 "$PREMIG" scan --root "$OUT/root-naming" --db "$OUT/naming.db" --only kernel \
		--host-id "$rel" --quiet 2>"$OUT/naming.err"
	kst=$?
	if [ $kst -ne 0 ] || [ -s "$OUT/naming.err" ]; then
		fail "kernel naming $rel: scan exit $kst" "$(cat "$OUT/naming.err")"
	fi
	printf '%s\t%s\n' "$rel" "${spec#* }" >>"$OUT/naming.want"
done
"$PREMIG" report --format json --db "$OUT/naming.db" -o - |
	jq -r '.hosts[] | [.host_id, (.kernel.distro_kernel | tostring)] | @tsv' | sort >"$OUT/naming.got"
sort "$OUT/naming.want" >"$OUT/naming.want.sorted"
if diff -u "$OUT/naming.want.sorted" "$OUT/naming.got" >"$OUT/naming.diff"; then
	ok "kernel naming: $(wc -l <"$OUT/naming.got") releases"
else
	fail "kernel naming: distro_kernel by release (want, got)" "$(cat "$OUT/naming.diff")"
fi

# ---- architecture from ELF headers ----
# name ELF-SETUP EXPECTED-ARCH EXPECTED-BITS EXPECTED-SOURCE
karch() {
	r="$OUT/root-arch-$1"
	kroot "$r" "$2"
	(cd "$r" && eval "$3")
	if kscan "arch-$1" "$r"; then kst=0; else kst=$?; fi
	kcheck "arch-$1" $kst || return 0
	kwant "arch-$1" '[.arch, .bits, .arch_source] | @json' "$4"
}
# a shell script as bin/sh: the next candidate (bin/bash) is used
karch script 4.12.14-122.37-default \
	'mkdir bin && printf "#!/bin/busybox sh\n" >bin/sh && elf bin/bash 64 183' \
	'["aarch64",64,"bin/bash (ELF header)"]'
# big-endian 64-bit POWER, written byte by byte
karch ppc64 4.12.14-122.37-default \
	'mkdir bin && { printf "\177ELF\002\002\001"; head -c 9 /dev/zero; printf "\000\002\000\025"; head -c 44 /dev/zero; } >bin/sh' \
	'["ppc64",64,"bin/sh (ELF header)"]'
karch ppc64le 4.12.14-122.37-default 'elf bin/sh 64 21' '["ppc64le",64,"bin/sh (ELF header)"]'
karch s390x 4.12.14-122.37-default \
	'mkdir bin && { printf "\177ELF\002\002\001"; head -c 9 /dev/zero; printf "\000\002\000\026"; head -c 44 /dev/zero; } >bin/sh' \
	'["s390x",64,"bin/sh (ELF header)"]'
# a 32-bit userland under a 64-bit Debian kernel: the kernel's name wins
karch userland32 4.19.0-26-amd64 'elf bin/sh 32 3' '["x86_64",64,"the release name"]'
knote arch-userland32 "arch: the release names x86_64 but bin/sh is a 32-bit i386 binary"
# an i386 ELF and a release that does not say which x86
karch i386 4.12.14-122.37-default 'elf bin/sh 32 3' '["i386",32,"bin/sh (ELF header)"]'
# a truncated header and an unknown machine
karch truncated 4.12.14-122.37-default 'mkdir bin && printf "\177EL" >bin/sh' '[null,null,null]'
knote arch-truncated "arch: no proc/sys/kernel/arch and no readable ELF binary (bin/sh: not an ELF file)"
karch unknown-machine 4.12.14-122.37-default 'elf bin/sh 64 4660' '[null,64,"bin/sh (ELF header)"]'
# a link out of the root resolves inside it (bin/sh -> /usr/bin/bash of the root)
karch abs-link 4.12.14-122.37-default \
	'elf usr/bin/bash 64 62 && mkdir bin && ln -s /usr/bin/bash bin/sh' \
	'["x86_64",64,"bin/sh (ELF header)"]'

# ---- files premig may not read (as an unprivileged user) ----
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	r="$OUT/root-unreadable"
	kroot "$r" "$KREL"
	newc "$kimg/main" | gzip -n >"$r/boot/initramfs-$KREL.img"
	printf 'kernel/drivers/nvme/host/nvme.ko\n' >"$r/lib/modules/$KREL/modules.builtin"
	chmod -R a+rX "$OUT"
	chmod a+w "$OUT"
	chmod 600 "$r/boot/initramfs-$KREL.img" "$r/lib/modules/$KREL/modules.builtin"
	timeout 60 setpriv --reuid=65534 --regid=65534 --clear-groups "$PREMIG" scan --root "$r" \
		--db "$OUT/unreadable.db" --only kernel --host-id unreadable --quiet 2>"$OUT/unreadable.err"
	kst=$?
	"$PREMIG" report --format json --db "$OUT/unreadable.db" -o - 2>>"$OUT/unreadable.err" |
		jq '.hosts[0].kernel + {notes: (.hosts[0].collectors[] | select(.name == "kernel") | .reason)}' \
		>"$OUT/unreadable.json"
	if kcheck unreadable $kst; then
		kwant unreadable '[.initramfs_path, .initramfs_readable, .initramfs_drivers, .builtin_drivers] | @json' \
			"[\"boot/initramfs-$KREL.img\",false,null,null]"
		kwant unreadable .initramfs_reason "cannot read 'boot/initramfs-$KREL.img': Permission denied"
		knote unreadable "initramfs: cannot read 'boot/initramfs-$KREL.img': Permission denied; cannot read 'lib/modules/$KREL/modules.builtin': Permission denied"
	fi
fi

# ---- a copy without proc: lib/modules holds the installed kernel and the
# leftovers of removed ones (weak-updates/ only; Arch's extramodules-*)
r="$OUT/root-leftovers"
kroot "$r" "$KREL"
rm -rf "$r/proc"
: >"$r/lib/modules/$KREL/modules.dep"
mkdir -p "$r/lib/modules/5.14.0-284.11.1.el9_2.x86_64/weak-updates" "$r/lib/modules/extramodules-6.7-arch"
if kscan leftovers "$r"; then kst=0; else kst=$?; fi
if kcheck leftovers $kst; then
	kwant leftovers .release "$KREL"
	kwant leftovers .release_source "lib/modules (the only release with an installed kernel)"
fi
# two installed kernels: which one runs cannot be told
: >"$r/lib/modules/5.14.0-284.11.1.el9_2.x86_64/modules.dep"
if kscan two-installed "$r"; then kst=0; else kst=$?; fi
if kcheck two-installed $kst; then
	kwant two-installed .release null
fi
