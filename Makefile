# premig - read-only discovery and AWS migration readiness for Linux servers
#
#   make run      install what the build lacks, build, and run the main job
#   make check    install what the tests lack, build, and pass the test suite
#                 (once plainly, once under AddressSanitizer + UBSan)
#   make bench    the benchmarks, side by side with the peer tools
#   make static   premig-static, the one file to copy to hosts (README)
#   make install  PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS = sqlite3 jansson zlib liblzma libzstd liblz4 blkid libxml-2.0 yaml-0.1 libpcap libcrypto libcurl
# libbz2 ships no pkg-config file; libm is libc's
LIBS_NOPC = -lbz2 -lm

CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Wshadow -Wformat=2 -Wno-unused-parameter -Wvla
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = -std=gnu11 $(WARN) -D_FILE_OFFSET_BITS=64 -D_GNU_SOURCE $(PKG_CFLAGS) $(CFLAGS)

SCANNER = main cli ctx buf err fsread kv str db schema scan hostid hostkey watch jsontext preadall merge smap
# the collectors: one registry row each (collectors/registry.c)
COLLECTORS = registry identity os kernel hardware nics disks volumes filesystems boot \
	packages services firewall hostfiles connections flows
# what collectors share and never registers itself (collectors/lib/)
COLLECTORS_LIB = blkprobe blockdev image lvmmeta fat elfhdr fsutil bootcfg initramfs rpmdb dpkgstatus \
	unitstate svc osrelease relfile cpuinfo netconf netconf_ifcfg netconf_wicked \
	netconf_ifupdown netconf_netplan netconf_nm netconf_networkd fwrules fwrules_iptables \
	fwrules_nftables firewalld sshdconf \
	decode decode_disk decode_boot decode_software decode_system decode_net \
	pkt flowtab capfile capflows zeekconn netlink procnet livecap dnsmsg dnsnames decode_flow \
	decode_export
REPORT = json jsonutil json_disks json_boot json_assess json_software json_coverage output deps depsout diff csv redact html \
	sigv4 awscred attrs export_http push appmap waves export export_hub export_mgn plan
RULES = load eval sqlfn
RULE_PACKS = $(sort $(wildcard rules/*/*.json))
SRCS = $(SCANNER:%=scanner/%.c) $(COLLECTORS:%=collectors/%.c) $(COLLECTORS_LIB:%=collectors/lib/%.c) \
	$(REPORT:%=report/%.c) $(RULES:%=rules/%.c)
HDRS = $(wildcard scanner/*.h collectors/*.h collectors/lib/*.h report/*.h rules/*.h)

BUILD ?= build
OBJS = $(SRCS:%.c=$(BUILD)/%.o) $(BUILD)/rules/packs.o $(BUILD)/report/html_assets.o \
	$(BUILD)/scanner/schema_snap.o

.PHONY: all deps run check test bench install clean asan static check-static clean-static-deps update-golden unit fuzz fuzz-smoke

all: premig

premig: $(BUILD)/premig
	cp $< $@

$(BUILD)/premig: $(OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(PKG_LIBS) $(LIBS_NOPC)

$(BUILD)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# the rule packs, embedded so that the binary alone carries them
$(BUILD)/rules/packs.c: $(RULE_PACKS) $(wildcard rules/*/) rules/embed.sh
	@mkdir -p $(dir $@)
	sh rules/embed.sh $(RULE_PACKS) >$@.tmp && mv $@.tmp $@

$(BUILD)/rules/packs.o: $(BUILD)/rules/packs.c rules/rules.h
	$(CC) $(ALL_CFLAGS) -I. -c -o $@ $<

# the HTML report's style and script, embedded likewise
$(BUILD)/report/html_assets.c: report/html.css report/html.js report/embed.sh
	@mkdir -p $(dir $@)
	sh report/embed.sh html_css report/html.css html_js report/html.js >$@.tmp && mv $@.tmp $@

$(BUILD)/report/html_assets.o: $(BUILD)/report/html_assets.c report/html_assets.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# the schema's snapshot, what its steps make (scanner/schema_gen.c): a
# tool run at build time, so built for the build machine (HOST_CC, its
# own SQLite) whatever CC and PKG_CONFIG build premig for
HOST_CC ?= cc
$(BUILD)/scanner/schema_snap.c: scanner/schema_gen.c scanner/schema.c scanner/schema.h
	@mkdir -p $(dir $@)
	$(HOST_CC) -std=gnu11 $(WARN) -O1 -o $(BUILD)/schema_gen scanner/schema_gen.c scanner/schema.c \
		$$(pkg-config --cflags --libs sqlite3)
	$(BUILD)/schema_gen $(BUILD)/schema_image.db >$@.tmp && mv $@.tmp $@

$(BUILD)/scanner/schema_snap.o: $(BUILD)/scanner/schema_snap.c scanner/schema.h
	$(CC) $(ALL_CFLAGS) -Iscanner -c -o $@ $<

deps:
	@sh tests/tools/deps.sh build

# collector-table, a test-only program that checks the collector table (all
# of premig but main); the decoders run alone through `premig debug decode`
UNIT_PROGS = collector-table

unit: $(UNIT_PROGS:%=$(BUILD)/tests/unit/%)

$(BUILD)/tests/unit/collector-table: tests/unit/collector-table.c $(filter-out $(BUILD)/scanner/main.o,$(OBJS)) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(filter-out $(BUILD)/scanner/main.o,$(OBJS)) \
		$(PKG_LIBS) $(LIBS_NOPC)

# capread, premig's reading of a capture alone (no store), for the capture
# section of make bench (tests/tools/bench-capture.sh)
$(BUILD)/tests/tools/capread: tests/tools/capread.c $(filter-out $(BUILD)/scanner/main.o,$(OBJS)) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(filter-out $(BUILD)/scanner/main.o,$(OBJS)) \
		$(PKG_LIBS) $(LIBS_NOPC)

# libFuzzer targets: one per decoder of collectors/lib/decode_*.c (its
# DECODER("name", ...) rows), each tests/fuzz/decode.c linked with all of
# premig but main, built with clang into build-fuzz/fuzz-<name>; run one
# with build-fuzz/fuzz-<name> DIR.
FUZZ_CC = clang
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -g -O1 $(FUZZ_SAN) -std=gnu11 -D_FILE_OFFSET_BITS=64 -D_GNU_SOURCE
DECODERS = $(shell sed -n 's/^[[:space:]]*DECODER\(_NAMED\)\{0,1\}."\([a-z0-9_-]*\)".*/\2/p' collectors/lib/decode_*.c)
FUZZ_TARGETS = $(DECODERS)
FUZZ_OBJS = $(patsubst %.c,build-fuzz/obj/%.o,$(filter-out scanner/main.c,$(SRCS))) \
	build-fuzz/obj/rules/packs.o build-fuzz/obj/report/html_assets.o build-fuzz/obj/scanner/schema_snap.o

fuzz: $(FUZZ_TARGETS:%=build-fuzz/fuzz-%)

# the targets share FUZZ_BUDGET seconds (at least 10 each) over seeds
# from tests/malformed, tests/golden, ../shared/corpus and real tools
FUZZ_BUDGET ?= 420
fuzz-smoke: fuzz
	sh tests/fuzz/smoke.sh $(FUZZ_BUDGET) $(FUZZ_TARGETS)

build-fuzz/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -c -o $@ $<

build-fuzz/obj/rules/packs.o: $(BUILD)/rules/packs.c rules/rules.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -I. -c -o $@ $<

build-fuzz/obj/report/html_assets.o: $(BUILD)/report/html_assets.c report/html_assets.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

build-fuzz/obj/scanner/schema_snap.o: $(BUILD)/scanner/schema_snap.c scanner/schema.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iscanner -c -o $@ $<

$(DECODERS:%=build-fuzz/fuzz-%): build-fuzz/fuzz-%: tests/fuzz/decode.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -DFUZZ_FORMAT='"$*"' -o $@ \
		$< $(FUZZ_OBJS) $(PKG_LIBS) $(LIBS_NOPC)

run: deps
	$(MAKE) premig
	./premig

asan:
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" build-asan/premig

check:
	@sh tests/tools/deps.sh test
	$(MAKE) premig unit
	$(MAKE) asan
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" unit
	TZ=UTC LC_ALL=C sh tests/run.sh ./premig
	TZ=UTC LC_ALL=C ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		sh tests/run.sh ./build-asan/premig
	$(MAKE) fuzz-smoke

test: check

update-golden: premig
	TZ=UTC LC_ALL=C UPDATE=1 ONLY_CASE=$(CASE) sh tests/run.sh ./premig golden

bench:
	@sh tests/tools/deps.sh bench
	$(MAKE) premig static $(BUILD)/tests/tools/capread
	TZ=UTC LC_ALL=C sh tests/bench.sh ./premig

# one static binary to copy to hosts that have none of the libraries: musl
# (Debian's musl-tools) and every library premig links, built from Debian's
# source packages by static/deps.sh into STATIC_DEPS, once; see README
STATIC_DEPS ?= build-static-deps/x86_64
STATIC_CC ?= musl-gcc
STATIC_PC = env PKG_CONFIG_LIBDIR=$(abspath $(STATIC_DEPS))/prefix/lib/pkgconfig PKG_CONFIG_PATH= $(PKG_CONFIG)
static: deps
	@sh tests/tools/deps.sh static
	sh static/deps.sh $(STATIC_DEPS) $(PKGS) bz2
	$(MAKE) BUILD=build-static CC=$(STATIC_CC) PKG_CONFIG="$(STATIC_PC)" \
		CFLAGS="-O2 -g -ffunction-sections -fdata-sections -isystem $(STATIC_DEPS)/kernel-include" \
		LDFLAGS="-static -Wl,--gc-sections" \
		PKG_LIBS="$$($(STATIC_PC) --static --libs $(PKGS))" build-static/premig
	strip -o premig-static build-static/premig
	@ls -l premig-static | awk '{ printf "premig-static: %.1f MB stripped\n", $$5 / 1048576 }'

# the whole test suite with premig-static as the binary under test (not in
# make check: the first source build of the libraries takes minutes)
check-static: static
	@sh tests/tools/deps.sh test
	$(MAKE) unit
	TZ=UTC LC_ALL=C sh tests/run.sh ./premig-static

install: premig
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 premig $(DESTDIR)$(BINDIR)/premig
	install -m 644 scanner/premig.1 $(DESTDIR)$(MANDIR)/man1/premig.1

clean:
	rm -rf build build-asan build-static build-fuzz premig premig-static tests/out

# the libraries make static built from source (minutes to build again)
clean-static-deps:
	rm -rf build-static-deps
