# tend: a nightly check-in for two.  See README.md.
#
#   make              build ./tend
#   make run          install missing Debian packages, build, start tend
#   make check        the same set-up, then every test   (SAN=1: under ASan+UBSan)
#                     as if at another time: TEND_TEST_DATE="2027-03-28 01:30"
#                     TEND_TEST_TZ=Europe/Berlin (tests/clock.sh)
#   make check-dates  every test on the nights that trip up date code (~45 min)
#   make bench        print speed and memory figures
#   make install      PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/tend

CC      ?= cc
PKGS     = ncursesw sqlite3 libsodium

CFLAGS  ?= -O2 -g
CFLAGS  += -pthread -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -fno-common
CPPFLAGS += -D_GNU_SOURCE -Iinclude $(shell pkg-config --cflags $(PKGS))
LDLIBS   += $(shell pkg-config --libs $(PKGS)) -lzxcvbn -lunistring -lm -pthread

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

.PHONY: all run check check-dates bench deps install uninstall clean tests
all: tend

# ./tend is the program built in the default (unsanitised) folder.
tend: build/tend
	cp build/tend tend.new && mv -f tend.new tend

$(BIN): $(MAIN_OBJ) $(UI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(LIB): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# Every unit test is linked with tests/unit/noclock.c: it cannot read the
# wall clock, so it cannot depend on the date it runs at.
$(NOCLOCK): tests/unit/noclock.c
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

tests: $(TESTS) $(TOOLS) $(BIN)

deps:
	@scripts/install-deps.sh

run: deps tend
	./tend

check: deps
	$(MAKE) tests
	@TEND_BIN=$(BIN) BUILD=$(BUILD) tests/run.sh $(TESTS)

check-dates: deps
	$(MAKE) tests
	@TEND_BIN=$(BIN) BUILD=$(BUILD) tests/dates.sh $(TESTS)

bench: deps tend
	@bench/run.sh ./tend

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/plans $(DESTDIR)$(DATADIR)/prompts
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/tend
	install -m 0644 data/plans/*.plan $(DESTDIR)$(DATADIR)/plans/
	install -m 0644 data/prompts/*.deck $(DESTDIR)$(DATADIR)/prompts/
	install -m 0644 data/*.deck $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tend
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san tend

-include $(shell find build build-san -name '*.d' 2>/dev/null)
