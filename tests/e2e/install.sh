#!/usr/bin/env bash
# install.sh: `make install PREFIX=... DESTDIR=...` puts tend and its data
# where an installed tend finds them without the source tree: it starts a
# check-in from the installed plans and decks, from another folder. The
# manual page and the completions for bash, zsh and fish go where man and
# each shell look under PREFIX; `make uninstall` takes it all away again
# and leaves the couple's database.
. tests/e2e/lib.sh

case $TEND_BIN in build-san/*) san=1 ;; *) san= ;; esac

# Warnings stop the test and CI build (make check sets WERROR=-Werror, which
# the make below inherits, so it builds nothing again), never a plain make.
obj=build/src/core/night.o
run env -u WERROR make -n -B SAN= "$obj"
has "a plain make compiles with warnings on" "$OUT" "-Wall -Wextra"
lacks "... but not as errors" "$OUT" "-Werror"
run make -n -B SAN= WERROR=-Werror "$obj"
has "make check's build makes them errors" "$OUT" "-Wall -Wextra -Werror"
dest=$E2E_DIR/stage
run make -s install SAN="$san" PREFIX=/opt/tend DESTDIR="$dest"
expect_rc "make install PREFIX=/opt/tend DESTDIR=... succeeds" 0
bin=$dest/opt/tend/bin/tend
check "the program is installed, executable" test -x "$bin"
check "the nightly plan is installed" test -f "$dest/opt/tend/share/tend/plans/nightly.plan"
for p in vulnerability listening empathy affirmation shared; do
	check "the $p deck is installed" test -f "$dest/opt/tend/share/tend/prompts/$p.deck"
done
check "the reflection questions are installed" test -f "$dest/opt/tend/share/tend/reflections.deck"
check "the journal's questions are installed" test -f "$dest/opt/tend/share/tend/journal.deck"
check "the weekly talk is installed" test -f "$dest/opt/tend/share/tend/plans/weekly.plan"
share=$dest/opt/tend/share

# The manual page: `man tend` finds it under PREFIX/share/man.
check "the manual page is installed" test -f "$share/man/man1/tend.1"
run env MANPATH="$share/man" man -w tend
same "man -w tend finds the installed page" "$OUT" "$share/man/man1/tend.1"
run env MANPATH="$share/man" MANPAGER=cat MANWIDTH=80 man tend
has "man tend shows it" "$OUT" "tend - a nightly check-in for two"

# Each shell's completion, where that shell looks under PREFIX/share.
check "the bash completion is installed" test -f "$share/bash-completion/completions/tend"
run env XDG_DATA_DIRS="$share" bash --norc --noprofile -c \
	'. /usr/share/bash-completion/bash_completion; __load_completion tend; complete -p tend'
same "bash-completion loads it from PREFIX/share by itself" "$OUT" "complete -F _tend tend"
check "the zsh completion is installed" test -f "$share/zsh/site-functions/_tend"
run zsh -f -c 'fpath=("$1" $fpath); autoload -Uz compinit && compinit -u -D; print -r -- $_comps[tend]' \
	_ "$share/zsh/site-functions"
same "zsh's compinit finds _tend in PREFIX/share/zsh/site-functions" "$OUT $ERR" "_tend "
check "the fish completion is installed" test -f "$share/fish/vendor_completions.d/tend.fish"
# (fish loads a command's completion once the command is on the PATH)
run env XDG_DATA_DIRS="$share" PATH="$dest/opt/tend/bin:$PATH" fish -c 'complete -C "tend wr"'
same "fish loads it from PREFIX/share by itself" "$(printf '%s' "$OUT" | cut -f1) $ERR" "write "

# From elsewhere, with no hint where the data is.
src=$PWD
cd "$E2E_DIR" || exit 1
unset TEND_DATA_DIR
TEND=$(clocked "$bin") # the installed tend, at the suite's clock like the built one
with_pass "a
b" "$TEND" --db "$E2E_DIR/inst.db" init --partner A --partner B --kdf interactive --allow-weak >/dev/null 2>&1
tmux_start "$TEND" --db "$E2E_DIR/inst.db"
see "the installed tend opens on home" "[c] check in"
keys c
# With no --plan, c asks which evening: the installed plans, the nightly one
# first as tonight's default, its about line read from the installed file.
see "c offers tonight's evening from the installed plans" "Nightly check-in (tonight's default)"
see "... the nightly plan's about line from the installed file" "Fifteen minutes, phones away"
see "... and the installed weekly talk" "Weekly talk"
keys Enter
see "... and Enter starts tonight's check-in from the installed nightly plan" "turn 1 of 14"
keys q
wait_for "End now?"
keys y
see "ending it early goes on to the reflections" "press Enter when you are ready"
tmux_stop

run make -s -C "$src" uninstall SAN="$san" PREFIX=/opt/tend DESTDIR="$dest"
expect_rc "make uninstall PREFIX=/opt/tend DESTDIR=... succeeds" 0
check "... the program is gone" test ! -e "$bin"
check "... its plans and decks are gone" test ! -e "$dest/opt/tend/share/tend"
check "... and the couple's database is left as it was" test -s "$E2E_DIR/inst.db"
same "... and no file of tend's is left behind" "$(find "$dest" ! -type d)" ""
done_testing
