# tend: a nightly check-in for two.  See README.md.
#
#   make              build ./tend and its manual page ./tend.1
#   make run          install missing Debian packages, build, start tend
#   make check        the same set-up, then every test   (SAN=1: under ASan+UBSan)
#                     as if at another time: TEND_TEST_DATE="2027-03-28 01:30"
#                     TEND_TEST_TZ=Europe/Berlin (tests/clock.sh)
#   make check-dates  every test on the nights that trip up date code (~45 min)
#   make bench        print speed and memory figures
#   make fuzz         libFuzzer targets (clang, ASan+UBSan, build-fuzz/) over
#                     plans, decks, UTF-8, the editor, key slots and records,
#                     backups and tampered databases: FUZZ_S seconds each
#                     (default 60, ~8 min in all); `make check` replays their
#                     corpora (tests/fuzz/corpus/) once each
#   make stress       kill loops (500 writes, 30 check-ins killed at random)
#                     and a libfiu fault loop (500 runs), then integrity and
#                     no acknowledged write lost (tests/stress/, ~5 min)
#   make install      PREFIX=/usr/local DESTDIR=: the program, its data, the
#                     manual page (tend.1) and bash, zsh and fish completion
#   make uninstall    takes all of that away again

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/tend
MANDIR  ?= $(PREFIX)/share/man
# Where each shell looks by itself (bash-completion and fish read
# PREFIX/share through XDG_DATA_DIRS, zsh has site-functions in its fpath).
# A package for /usr can take bash-completion's own place instead:
# BASHCOMPDIR=$$(pkg-config --variable=completionsdir bash-completion).
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d

CC      ?= cc
PKGS     = ncursesw sqlite3 libsodium

CFLAGS  ?= -O2 -g
# Warnings are errors in the test and CI build (make check passes
# WERROR=-Werror), not in a user's plain `make`: a newer compiler's new
# warning must not stop anyone building their own copy.
WERROR  ?=
CFLAGS  += -pthread -std=c11 -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -fno-common
CPPFLAGS += -D_GNU_SOURCE -Iinclude $(shell pkg-config --cflags $(PKGS))
# Linking. SQLite and libsodium stay the system's shared libraries, so that
# the distribution's security updates reach tend without a rebuild (tend
# reads a file the other partner can change: SQLite's fixes matter to it).
# The terminal and text libraries (ncursesw, tinfo, libunistring) are linked
# in when their static archives are there (Debian's -dev packages ship
# them): each shared library costs every start its mapping, its relocations
# and its private pages, and tend starts as a whole process for every
# `tend write` (make bench measures both). STATIC_TERM=0 links them shared.
archive  = $(filter /%,$(shell $(CC) -print-file-name=lib$(1).a))
STATIC_TERM ?= $(if $(and $(call archive,ncursesw),$(call archive,tinfo),\
                          $(call archive,unistring)),1,0)
ifeq ($(STATIC_TERM),1)
TERM_PC  := $(shell pkg-config --libs --static ncursesw)
TERM_LIBS = -Wl,-Bstatic $(filter-out -ldl,$(TERM_PC)) -lunistring -Wl,-Bdynamic \
            $(filter -ldl,$(TERM_PC))
else
TERM_LIBS = $(shell pkg-config --libs ncursesw) -lunistring
endif
# zxcvbn is not linked: src/core/strength.c loads it when a passphrase is
# first judged (every other start of tend is spared its mapping).
LDLIBS   += $(TERM_LIBS) $(shell pkg-config --libs sqlite3 libsodium) -ldl -lm -pthread

# SAN=1 builds everything (program and tests) under AddressSanitizer and
# UndefinedBehaviorSanitizer, in its own build folder.
ifeq ($(SAN),1)
BUILD    = build-san
CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
else
BUILD    = build
endif

BIN      = $(BUILD)/tend
LIB_SRC  = $(wildcard src/core/*.c src/vault/*.c src/store/*.c src/app/*.c)
UI_SRC   = $(wildcard src/ui/*.c src/cli/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
UI_OBJ   = $(UI_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ = $(BUILD)/src/main.o
LIB      = $(BUILD)/libtend.a

TEST_SRC = $(wildcard tests/unit/test_*.c)
TESTS    = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
NOCLOCK  = $(BUILD)/tests/noclock.o
TEST_LIBS = $(shell pkg-config --libs cmocka)

.PHONY: all run check check-dates bench deps install uninstall clean tests \
        fuzz fuzz-build stress no-man-page
# A plain `make` builds the manual page too when scdoc is there (make deps
# installs it); without it, the program alone, and a word saying so.
all: tend $(if $(shell command -v scdoc),tend.1,no-man-page)
no-man-page:
	@echo "(the manual page tend.1 is made with scdoc, which is not installed:" \
		"make deps installs it)" >&2

# ./tend is the program built in the default (unsanitised) folder.
tend: build/tend
	cp build/tend tend.new && mv -f tend.new tend

# The manual page beside it (man ./tend.1), from doc/tend.1.scd, with the
# version src/main.c gives and the date of the source's last commit (so
# the same source makes the same page).
VERSION  = $(shell sed -n 's/^\#define TEND_VERSION "\(.*\)"/\1/p' src/main.c)
tend.1: doc/tend.1.scd src/main.c
	@command -v scdoc >/dev/null || { echo "tend.1 is made with scdoc: run 'make deps'" \
		"(or apt-get install scdoc)" >&2; exit 1; }
	sed 's/@VERSION@/$(VERSION)/g' doc/tend.1.scd | \
		SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct -- doc/tend.1.scd \
		2>/dev/null | grep . || stat -c %Y doc/tend.1.scd)} scdoc >tend.1.new || \
		{ rm -f tend.1.new; exit 1; }
	mv -f tend.1.new tend.1

# What the build was made with: when it changes (WERROR from make check,
# CFLAGS, another compiler), everything is built again with it.
FLAGS_FILE = $(BUILD)/flags
$(FLAGS_FILE): FORCE
	@mkdir -p $(@D)
	@printf '%s\n' '$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $(LDLIBS)' | cmp -s - $@ || \
		printf '%s\n' '$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $(LDLIBS)' >$@
FORCE:
.PHONY: FORCE

$(BIN): $(MAIN_OBJ) $(UI_OBJ) $(LIB) $(FLAGS_FILE)
	$(CC) $(LDFLAGS) -o $@ $(filter-out $(FLAGS_FILE),$^) $(LDLIBS)

$(LIB): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: %.c $(FLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# Every unit test is linked with tests/unit/noclock.c: it cannot read the
# wall clock, so it cannot depend on the date it runs at.
$(NOCLOCK): tests/unit/noclock.c $(FLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(NOCLOCK) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes -MMD -MP -o $@ $< \
		$(NOCLOCK) $(LIB) $(LDFLAGS) $(LDLIBS) $(TEST_LIBS)

# Tools the end-to-end tests use (tests/tools/*.c), linked with the library.
TOOLS    = $(patsubst tests/tools/%.c,$(BUILD)/tests/tools/%,$(wildcard tests/tools/*.c))
$(BUILD)/tests/tools/%: tests/tools/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)

tests: $(TESTS) $(TOOLS) $(BIN) tend.1

deps:
	@scripts/install-deps.sh

run: deps tend
	./tend

check: deps
	$(MAKE) WERROR=-Werror tests fuzz-build
	@WERROR=-Werror TEND_BIN=$(BIN) BUILD=$(BUILD) FUZZ_DIR=$(FUZZ_BUILD) tests/run.sh $(TESTS)

check-dates: deps
	$(MAKE) WERROR=-Werror tests
	@WERROR=-Werror TEND_BIN=$(BIN) BUILD=$(BUILD) tests/dates.sh $(TESTS)

bench: deps tend $(TOOLS)
	@BENCH_ADDENTRIES=$(BUILD)/tests/tools/addentries bench/run.sh ./tend

install: $(BIN) tend.1
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/plans $(DESTDIR)$(DATADIR)/prompts \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(FISHCOMPDIR)
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/tend
	install -m 0644 data/plans/*.plan $(DESTDIR)$(DATADIR)/plans/
	install -m 0644 data/prompts/*.deck $(DESTDIR)$(DATADIR)/prompts/
	install -m 0644 data/*.deck $(DESTDIR)$(DATADIR)/
	install -m 0644 tend.1 $(DESTDIR)$(MANDIR)/man1/tend.1
	install -m 0644 completion/tend.bash $(DESTDIR)$(BASHCOMPDIR)/tend
	install -m 0644 completion/_tend $(DESTDIR)$(ZSHCOMPDIR)/_tend
	install -m 0644 completion/tend.fish $(DESTDIR)$(FISHCOMPDIR)/tend.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tend $(DESTDIR)$(MANDIR)/man1/tend.1 \
		$(DESTDIR)$(BASHCOMPDIR)/tend $(DESTDIR)$(ZSHCOMPDIR)/_tend \
		$(DESTDIR)$(FISHCOMPDIR)/tend.fish
	rm -rf $(DESTDIR)$(DATADIR)

# ---- fuzzing: tests/fuzz/<name>.c, each over tests/fuzz/corpus/<name>/ ----
# Built apart from the program (clang's libFuzzer with ASan and UBSan, in
# build-fuzz/), so a plain `make` never needs clang.
CLANG       ?= clang
FUZZ_S      ?= 60
FUZZ_BUILD   = build-fuzz
FUZZ_NAMES   = plan deck utf8 textbuf vault backup db
FUZZ_SAN     = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  = -O1 -g -pthread -std=c11 -Wall -Wextra -Werror $(FUZZ_SAN)
FUZZ_LIB_OBJ = $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_BINS    = $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)

$(FUZZ_BUILD)/src/%.o: src/%.c
	@mkdir -p $(@D)
	$(CLANG) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/libtend.a: $(FUZZ_LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/%.c tests/fuzz/fuzz_tmp.c tests/fuzz/fuzz.h $(FUZZ_BUILD)/libtend.a
	@mkdir -p $(@D)
	$(CLANG) $(CPPFLAGS) -DFUZZ_ROOT='"$(CURDIR)"' $(FUZZ_CFLAGS) -fsanitize=fuzzer \
		-o $@ $< tests/fuzz/fuzz_tmp.c $(FUZZ_BUILD)/libtend.a $(LDLIBS)

fuzz-build: $(FUZZ_BINS)

fuzz: deps fuzz-build
	@FUZZ_DIR=$(FUZZ_BUILD) tests/fuzz/run.sh fuzz $(FUZZ_S) $(FUZZ_NAMES)

# ---- stress: kill loops and injected faults against the real binary ----
# The fault loop always drives the plain build: libfiu cannot run under ASan.
stress: deps $(BIN)
	$(MAKE) SAN=0 tend
	@TEND_BIN=$(BIN) STRESS_FAULT_BIN=build/tend tests/stress/run.sh

clean:
	rm -rf build build-san build-fuzz tend tend.1

-include $(shell find build build-san build-fuzz -name '*.d' 2>/dev/null)
