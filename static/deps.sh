#!/bin/sh
# static/deps.sh - builds the libraries premig links, statically, against
# musl, from Debian's own source packages, into a cached folder.
#
#   sh static/deps.sh DIR PKG-CONFIG-NAME...
#
# DIR is the cache (make static: build-static-deps/x86_64); each name is one
# of the Makefile's PKGS, plus bz2 (libbz2 has no pkg-config file).  Every
# library is built once: DIR/stamp/NAME says it is installed in DIR/prefix,
# so a second run does nothing.  The sources come from `apt-get source`
# through a sources list this script writes for itself (DIR/apt), Debian
# bookworm's deb-src lines; nothing else is downloaded and no root is needed.
#
# Adding a library: one row in the table below (pkg-config name, Debian
# source package, recipe function), and its recipe if no existing one fits.
set -eu

dir=$1; shift
case $dir in /*) ;; *) dir=$PWD/$dir ;; esac
prefix=$dir/prefix
CC=${MUSL_CC:-musl-gcc}
jobs=${STATIC_JOBS:-2}
# small code: each function in its own section, so that the final link
# (--gc-sections) drops what premig never calls
OPT="-Os -ffunction-sections -fdata-sections -fPIC"
export CC

# pkg-config name    Debian source  recipe
table='
zlib         zlib        r_zlib
bz2          bzip2       r_bzip2
liblzma      xz-utils    r_xz
libzstd      libzstd     r_zstd
liblz4       lz4         r_lz4
jansson      jansson     r_jansson
sqlite3      sqlite3     r_sqlite
blkid        util-linux  r_blkid
libxml-2.0   libxml2     r_libxml2
yaml-0.1     libyaml     r_autoconf
libpcap      libpcap     r_libpcap
libcrypto    openssl     r_openssl
libssl       openssl     r_openssl
libcurl      curl        r_curl
'

log() { printf 'static/deps: %s\n' "$*" >&2; }

mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/apt/parts" \
	"$dir/src" "$dir/stamp" "$prefix/include" "$prefix/lib"

# the kernel's headers (linux/*.h, asm/*.h) for musl-gcc, which sees only
# musl's own include folder: Debian's linux-libc-dev, linked in
kinc=$dir/kernel-include
if [ ! -d "$kinc" ]; then
	mkdir -p "$kinc.tmp"
	ln -sf /usr/include/linux /usr/include/asm-generic "$kinc.tmp/"
	ln -sf "/usr/include/$(gcc -print-multiarch)/asm" "$kinc.tmp/asm"
	[ -d /usr/include/mtd ] && ln -sf /usr/include/mtd "$kinc.tmp/"
	mv "$kinc.tmp" "$kinc"
fi

apt() {
	apt-get -q -o Dir::Etc::sourcelist="$dir/apt/sources.list" \
		-o Dir::Etc::sourceparts="$dir/apt/parts" \
		-o Dir::Etc::preferencesparts="$dir/apt/parts" \
		-o Dir::State::lists="$dir/apt/lists" \
		-o Dir::Cache="$dir/apt/cache" \
		-o Dir::State::status=/dev/null \
		-o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)" "$@"
}

apt_ready=
apt_update() {
	[ -n "$apt_ready" ] && return 0
	cat >"$dir/apt/sources.list" <<-EOF
	deb-src http://deb.debian.org/debian bookworm main
	deb-src http://deb.debian.org/debian bookworm-updates main
	deb-src http://deb.debian.org/debian-security bookworm-security main
	EOF
	if [ ! -f "$dir/apt/updated" ]; then
		log "apt-get update (private lists in $dir/apt)"
		apt update >/dev/null
		: >"$dir/apt/updated"
	fi
	apt_ready=1
}

# fetch SRCPKG: unpacks Debian's source package (its patches applied) into
# DIR/src/SRCPKG and prints that folder.  The newest version is tried
# first; a mirror that lacks a security update's files falls back to
# bookworm's own version.
fetch() {
	if [ ! -d "$dir/src/$1" ]; then
		apt_update
		rm -rf "$dir/src/$1.tmp"; mkdir -p "$dir/src/$1.tmp"
		(cd "$dir/src/$1.tmp" &&
			{ apt source --download-only "$1" >/dev/null 2>&1 ||
			  { rm -f ./*; apt source --download-only "$1/bookworm" >/dev/null; }; } &&
			dpkg-source -q -x ./*.dsc tree >/dev/null 2>&1)
		log "$1: $(cd "$dir/src/$1.tmp" && ls ./*.dsc | sed 's|^\./||')"
		mv "$dir/src/$1.tmp" "$dir/src/$1"
	fi
	echo "$dir/src/$1/tree"
}

# the configure line every autoconf package shares; a tarball without the
# script gets it from autoreconf, as Debian's build (dh_autoreconf) does
conf() {
	[ -x configure ] || autoreconf -fi >/dev/null 2>&1
	CFLAGS="$OPT -isystem $kinc" CPPFLAGS="-I$prefix/include -isystem $kinc" LDFLAGS="-L$prefix/lib" \
	PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig" PKG_CONFIG_PATH= \
	./configure --prefix="$prefix" --libdir="$prefix/lib" --host=x86_64-linux-musl \
		--enable-static --disable-shared "$@" >configure.out 2>&1 ||
		{ tail -30 configure.out >&2; return 1; }
}

r_zlib() {
	CFLAGS="$OPT" ./configure --static --prefix="$prefix" --libdir="$prefix/lib" >/dev/null
	make -j"$jobs" libz.a >/dev/null && make install >/dev/null
}
r_bzip2() {
	make -j"$jobs" CC="$CC" CFLAGS="$OPT -D_FILE_OFFSET_BITS=64" libbz2.a >/dev/null
	cp bzlib.h "$prefix/include/" && cp libbz2.a "$prefix/lib/"
}
r_xz() {
	conf --disable-xz --disable-xzdec --disable-lzmadec --disable-lzmainfo \
		--disable-lzma-links --disable-scripts --disable-doc --disable-nls
	make -j"$jobs" -C src/liblzma install >/dev/null
}
r_zstd() {
	make -j"$jobs" -C lib CC="$CC" CFLAGS="$OPT" libzstd.a >/dev/null
	make -C lib CC="$CC" PREFIX="$prefix" LIBDIR="$prefix/lib" \
		install-static install-includes install-pc >/dev/null
}
r_lz4() {
	make -j"$jobs" -C lib CC="$CC" CFLAGS="$OPT" liblz4.a >/dev/null
	make -C lib CC="$CC" PREFIX="$prefix" LIBDIR="$prefix/lib" BUILD_SHARED=no install >/dev/null
}
r_autoconf() {
	conf
	make -j"$jobs" >/dev/null && make install >/dev/null
}
r_jansson() {
	# Debian's tarball has no configure script; its CMake file builds it
	mkdir -p b && cd b
	cmake .. -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$OPT" -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib \
		-DJANSSON_BUILD_SHARED_LIBS=OFF -DJANSSON_BUILD_DOCS=OFF -DJANSSON_EXAMPLES=OFF \
		-DJANSSON_WITHOUT_TESTS=ON >/dev/null
	make -j"$jobs" >/dev/null && make install >/dev/null
}
r_sqlite() {
	# the amalgamation is made from the tree with tclsh, as Debian's build does
	conf --disable-tcl --disable-readline --disable-editline --disable-load-extension \
		--enable-threadsafe
	make -j"$jobs" >/dev/null && make install >/dev/null
}
r_blkid() {
	conf --disable-all-programs --enable-libblkid --disable-nls --disable-bash-completion \
		--without-python --without-systemd --without-udev --without-readline \
		--without-ncursesw --without-ncurses --without-cap-ng --without-btrfs \
		--without-econf --disable-asciidoc --without-libmagic
	make -j"$jobs" >/dev/null && make install >/dev/null
}
r_libxml2() {
	# no ICU (the 30 MB of the glibc build), no Python, no network code;
	# Debian's patches touch configure.ac, so autoreconf as Debian does
	autoreconf -fi >/dev/null 2>&1
	conf --without-icu --without-python --without-lzma --without-zlib \
		--without-http --without-ftp --without-debug --without-modules
	make -j"$jobs" >/dev/null && make install >/dev/null
}
r_libpcap() {
	conf --without-libnl --disable-dbus --disable-rdma --disable-bluetooth --disable-usb \
		--disable-netmap --without-dag --without-septel --without-snf --without-turbocap \
		--disable-remote
	make -j"$jobs" >/dev/null && make install >/dev/null
}
r_openssl() {
	# libcrypto (and libssl, for libcurl); no engines or modules to load
	./Configure linux-x86_64 --prefix="$prefix" --libdir=lib --openssldir=/etc/ssl \
		no-shared no-tests no-dso no-engine no-module no-async \
		no-afalgeng no-devcryptoeng no-legacy -Os -ffunction-sections -fdata-sections \
		-I"$kinc" >configure.out 2>&1
	make -j"$jobs" build_libs >/dev/null 2>&1 || { make build_libs 2>&1 | tail -20 >&2; return 1; }
	make install_dev >/dev/null
}
r_curl() {
	# HTTPS through the OpenSSL built above.  Its default CA bundle is
	# Debian's path, /etc/ssl/certs/ca-certificates.crt; RHEL and SLES keep
	# theirs elsewhere (/etc/pki/tls/certs/ca-bundle.crt,
	# /etc/ssl/ca-bundle.pem), so a caller on those sets CURLOPT_CAINFO
	conf --with-openssl="$prefix" --without-libpsl --without-brotli --without-zstd \
		--without-nghttp2 --without-libidn2 --without-librtmp --without-libssh2 \
		--disable-ldap --disable-ldaps --disable-rtsp --disable-dict --disable-telnet \
		--disable-tftp --disable-pop3 --disable-imap --disable-smtp --disable-gopher \
		--disable-mqtt --disable-manual --disable-docs --without-zlib
	make -j"$jobs" -C lib >/dev/null && make -C lib install >/dev/null &&
		make -C include install >/dev/null && make install-pkgconfigDATA >/dev/null
}

built=
for want in "$@"; do
	row=$(printf '%s\n' "$table" | awk -v n="$want" '$1 == n')
	[ -n "$row" ] || { log "no recipe for $want: add a row to static/deps.sh"; exit 1; }
	set -- $row
	src=$2; recipe=$3
	# one build per source package (libcrypto and libssl are one)
	[ -f "$dir/stamp/$src" ] && continue
	case " $built " in *" $src "*) continue ;; esac
	tree=$(fetch "$src")
	log "$src: building ($recipe)"
	start=$(date +%s)
	# a plain statement, so that set -e holds inside the recipe
	set +e
	(set -e; cd "$tree"; PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig"; export PKG_CONFIG_LIBDIR; "$recipe" >build.log 2>&1)
	rc=$?
	set -e
	[ "$rc" -eq 0 ] || { tail -40 "$tree/build.log" >&2; log "$src: build failed in $tree (build.log)"; exit 1; }
	log "$src: done in $(( $(date +%s) - start )) s"
	: >"$dir/stamp/$src"
	built="$built $src"
done
