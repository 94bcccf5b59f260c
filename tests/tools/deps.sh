#!/bin/sh
# deps.sh - installs what premig needs and lacks, from Debian's packages.
#
#   deps.sh build   the compiler and the libraries (found with pkg-config)
#   deps.sh test    build, plus the tools the test suite runs
#   deps.sh bench   test, plus the peer tools the benchmarks compare against
#   deps.sh static  what make static needs besides build: musl and the tools
#                   that build Debian's source packages (static/deps.sh)
#
# Installs only what is missing; says so, and needs root (or sudo) only then.
set -eu

want=${1:-build}
missing=""

need_pkg() {	# need_pkg PKGCONFIG-NAME DEBIAN-PACKAGE
	if ! pkg-config --exists "$1" 2>/dev/null; then
		missing="$missing $2"
	fi
}
need_file() {	# need_file PATH DEBIAN-PACKAGE
	[ -e "$1" ] || missing="$missing $2"
}
need_pymod() {	# need_pymod PYTHON3-MODULE DEBIAN-PACKAGE
	python3 -c "import $1" >/dev/null 2>&1 || missing="$missing $2"
}
need_cmd() {	# need_cmd COMMAND DEBIAN-PACKAGE
	if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$1" ] && [ ! -x "/sbin/$1" ]; then
		missing="$missing $2"
	fi
}

need_cmd cc gcc
need_cmd make make
need_cmd pkg-config pkg-config
if command -v pkg-config >/dev/null 2>&1; then
	need_pkg libpcap libpcap-dev
	need_pkg sqlite3 libsqlite3-dev
	need_pkg libxml-2.0 libxml2-dev
	need_pkg jansson libjansson-dev
	need_pkg zlib zlib1g-dev
	need_pkg blkid libblkid-dev
	need_pkg liblzma liblzma-dev
	need_pkg libzstd libzstd-dev
	need_pkg liblz4 liblz4-dev
	need_pkg yaml-0.1 libyaml-dev
	# HMAC-SHA256 for report --redact, SHA-256 for the HTML report's CSP hashes
	need_pkg libcrypto libssl-dev
	# HTTPS for premig push (report/export_http.c)
	need_pkg libcurl libcurl4-openssl-dev
else
	missing="$missing libpcap-dev libsqlite3-dev libxml2-dev libjansson-dev zlib1g-dev libblkid-dev liblzma-dev libzstd-dev liblz4-dev libyaml-dev libssl-dev libcurl4-openssl-dev"
fi
# libbz2 has no pkg-config file: its header says whether it is installed
[ -f /usr/include/bzlib.h ] || missing="$missing libbz2-dev"

if [ "$want" = test ] || [ "$want" = bench ]; then
	need_cmd jq jq
	need_cmd strace strace
	need_cmd cpio cpio
	need_cmd xz xz-utils
	need_cmd zstd zstd
	need_cmd lz4 lz4
	need_cmd bzip2 bzip2
	need_cmd gzip gzip
	need_cmd timeout coreutils
	need_cmd sfdisk fdisk
	need_cmd mke2fs e2fsprogs
	need_cmd setpriv util-linux
	need_cmd unshare util-linux
	need_cmd mkfs.vfat dosfstools
	need_cmd mkntfs ntfs-3g
	# disks and volumes fixtures: GPT tools, filesystems, LUKS, VM disk
	# formats, and real boot code (GRUB 2 boot.img, GRUB legacy stage1,
	# syslinux mbr.bin) for sector 0
	need_cmd sgdisk gdisk
	need_cmd mkfs.xfs xfsprogs
	need_cmd cryptsetup cryptsetup-bin
	need_cmd ntfslabel ntfs-3g
	need_cmd qemu-img qemu-utils
	need_cmd /usr/lib/grub/i386-pc/grub-bios-setup grub-pc-bin
	need_cmd mbchk grub-legacy
	need_cmd extlinux extlinux
	# EFI System partitions (tests/tools/mkesp.sh): mtools puts files in a
	# FAT image without a mount; the loaders are Debian's own binaries
	need_cmd mcopy mtools
	need_file /usr/lib/shim/shimx64.efi shim-unsigned
	need_file /usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed grub-efi-amd64-signed
	need_file /usr/lib/systemd/boot/efi/systemd-bootx64.efi systemd-boot-efi
	need_cmd sqlite3 sqlite3
	# capture files: tshark is the authority on conversations, mergecap
	# writes pcapng files with several interfaces
	need_cmd tshark tshark
	# live socket tables: real sockets held open by a python3 script
	need_cmd python3 python3
	need_cmd tcpdump tcpdump
	# premig push's test server's self-signed certificate (tests/cases/push.sh)
	need_cmd openssl openssl
	# real traffic between network namespaces (tests/cases/netns.sh): ip
	# makes them, and Debian's PostgreSQL is the database its clients use
	need_cmd ip iproute2
	need_cmd psql postgresql-client
	ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing="$missing postgresql"
	# DNS answers (tests/tools/mkdns.sh): dnsmasq answers, dig asks
	need_cmd dnsmasq dnsmasq-base
	need_cmd dig bind9-dnsutils
	# every report the tests write is validated against report/schema.json
	need_pymod jsonschema python3-jsonschema
	# make fuzz-smoke: libFuzzer comes with clang (-fsanitize=fuzzer)
	need_cmd clang clang
	# LVM fixtures: lvm2's own tools on loop devices (tests/tools/mklvm.sh)
	need_cmd pvcreate lvm2
	need_cmd losetup mount
	# package database fixtures: rpm writes rpmdb.sqlite, Berkeley DB's loader
	# the Packages hash file, perl (Compress::Raw::Zlib) the ndb file
	need_cmd rpmbuild rpm
	need_cmd db5.3_load db5.3-util
	need_cmd perl perl
	# systemd unit states: systemctl --root is the authority the tests ask,
	# and Debian's own unit files are the fixture
	need_cmd systemctl systemd
	# the fleet samples: the ssh loop runs against an sshd of the test's
	# own on a high port; the Ansible playbook runs with ansible-core (24 MB)
	need_cmd sshd openssh-server
	need_cmd ansible-playbook ansible-core
	# the HTML report in a real browser, headless, driven over the DevTools
	# protocol on a pipe (tests/tools/browser.py)
	need_cmd chromium chromium
	# the sanitizer runtime comes with gcc; check that it links
	if ! printf 'int main(void){return 0;}\n' |
		cc -x c -fsanitize=address,undefined -o /dev/null - 2>/dev/null; then
		missing="$missing libasan8 libubsan1"
	fi
fi
if [ "$want" = static ]; then
	missing=""
	need_cmd musl-gcc musl-tools
	need_cmd dpkg-source dpkg-dev
	need_cmd tclsh tcl		# sqlite3's amalgamation
	need_cmd flex flex		# libpcap's scanner and grammar
	need_cmd bison bison
	need_cmd autoreconf autoconf	# tarballs without a configure script
	need_cmd aclocal automake
	need_cmd libtoolize libtool
	need_cmd cmake cmake		# jansson
	need_cmd perl perl		# openssl's Configure
fi
if [ "$want" = test ] || [ "$want" = bench ]; then
	# the old-kernel harness (tests/tools/oldkernel.c): uname says 2.6.32
	need_cmd qemu-x86_64 qemu-user
fi
if [ "$want" = bench ]; then
	need_cmd facter facter
	need_cmd hyperfine hyperfine
	need_cmd /usr/bin/time time	# the fleet and capture benches' peak memory (%M)
fi

[ -z "$missing" ] && exit 0

echo "premig: installing missing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
	echo "premig: installing needs root; using sudo" >&2
else
	echo "premig: cannot install:$missing" >&2
	echo "premig: installing packages needs root: run 'sudo apt-get install$missing' and try again" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! $sudo apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1; then
	$sudo apt-get update -q >/dev/null
	$sudo apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
