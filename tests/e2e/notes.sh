#!/usr/bin/env bash
# notes.sh: every key derivation says what it is doing, before the work
# starts. On the screens: first-run setup says "Making Ana's key..." (then
# Ben's), unlocking says "Opening Ana's key...", each drawn and sent to the
# terminal before the slow call (what the pane received is recorded with
# tmux pipe-pane, and the sentence comes between the screen before and the
# one after). On the command line the same sentences go to standard error
# when it is a terminal (run under script(1)), and nothing of them when it
# is a pipe, so scripts stay quiet: init, read, passphrase, recovery and
# restore.
. "$(dirname "$0")/lib.sh"

PA='notes Ana 3 quince tree'
PB='notes Ben 4 medlar tree'
PA2='notes Ana 5 a new quince'
needs script "it gives the commands a terminal of their own (bsdutils)"

# lines FILE LINE...: the LINEs in FILE (a passphrase file for fd 3, in
# the test's own folder).
lines() {
	local f=$1
	shift
	printf '%s\n' "$@" >"$f"
}

# on_tty FILE TEND-ARGS...: tend with a terminal of its own (script(1)) for
# standard input, output and error, descriptor 3 reading FILE; RC, and in
# OUT everything the terminal showed.
on_tty() {
	local f=$1
	shift
	run script -qec "$(printf '%q ' "$TEND" "$@") --passphrase-fd 3 3<$(printf '%q' "$f")" \
		/dev/null
}

# pane_start / pane_text: records all that tend sends to the tmux pane from
# now on; pane_text stops and prints it as text, a piece a line (escape
# sequences, where the cursor moves, become line breaks).
pane_start() {
	: >"$E2E_DIR/pane.out"
	tmux -S "$E2E_TMUX" pipe-pane -t tend -o "cat >>$(printf '%q' "$E2E_DIR/pane.out")"
}
pane_text() {
	tmux -S "$E2E_TMUX" pipe-pane -t tend
	sed -e 's/\x1b\[[0-9;?]*[A-Za-z@]/\n/g' -e 's/\x1b[()][0-9A-Za-z]//g' \
		-e 's/\x1b[=>78]//g' "$E2E_DIR/pane.out" | tr -d '\r'
}

# in_order NAME TEXT FIRST SECOND...: one test: each string is a line of
# TEXT (or part of one), each after the one before.
in_order() {
	local name=$1 text=$2 s at=0 n
	shift 2
	for s in "$@"; do
		n=$(printf '%s\n' "$text" | tail -n +$((at + 1)) | grep -n -F -m 1 -e "$s" | cut -d: -f1)
		if [ -z "$n" ]; then
			not_ok "$name" "not found after line $at: $s"
			return
		fi
		at=$((at + n))
	done
	ok "$name"
}

# ---- the screens ------------------------------------------------------------

tui
wait_for "Welcome to tend."
keys Enter
wait_for "First name:"
keys Ana Enter
wait_for "Second name:"
keys Ben Enter
wait_for "Ana's passphrase"
keys "$PA" Enter
wait_for "type the same passphrase again"
keys "$PA" Enter
wait_for "Ana, would you like a recovery code?"
keys n
wait_for "Ben's passphrase"
keys "$PB" Enter
wait_for "Ben, type the same passphrase again"
pane_start
keys "$PB" Enter
wait_for "Ben, would you like a recovery code?"
keys n
see "setup ends on home" "Welcome, Ana and Ben." 15
txt=$(pane_text)
in_order "setup says it is making each key before it does, then home" "$txt" \
	"Ben, would you like a recovery code?" "Making Ana's key..." "Making Ben's key..." \
	"Welcome, Ana and Ben."
keys j
wait_for "Who is reading?"
pane_start
keys 1
wait_for "Ana's passphrase"
keys "$PA" Enter
see "the journal opens" "Ana's journal"
txt=$(pane_text)
in_order "unlocking says it is opening Ana's key before it does, then the journal" "$txt" \
	"Ana, type your passphrase" "Opening Ana's key..." "Ana's journal"
keys Escape
wait_for "Tonight: not yet"
keys q
quit_clean "notes" "$PA" "$PB"

# ---- the command line on a terminal, and in a pipe ----------------------------

DB2=$E2E_DIR/tty.db
lines "$E2E_DIR/two" "$PA" "$PB"
on_tty "$E2E_DIR/two" --db "$DB2" init --partner Ana --partner Ben --kdf interactive
expect_rc "init on a terminal" 0
has "... says it is making Ana's key" "$OUT" "Making Ana's key..."
has "... and Ben's" "$OUT" "Making Ben's key..."
run with_pass "$PA"$'\n'"$PB" "$TEND" --db "$E2E_DIR/pipe.db" init --partner Ana --partner Ben \
	--kdf interactive
expect_rc "init with standard error a pipe" 0
lacks "... says nothing of making keys there" "$ERR" "key..."

lines "$E2E_DIR/pa" "$PA"
on_tty "$E2E_DIR/pa" --db "$DB2" read --as Ana
expect_rc "read on a terminal" 0
has "... says it is opening Ana's key" "$OUT" "Opening Ana's key..."
run with_pass "$PA" "$TEND" --db "$DB2" read --as Ana
expect_rc "read with standard error a pipe" 0
lacks "... says nothing of it there" "$ERR" "key..."

lines "$E2E_DIR/change" "$PA" "$PA2"
on_tty "$E2E_DIR/change" --db "$DB2" passphrase --as Ana
expect_rc "passphrase on a terminal" 0
has "... opens Ana's key" "$OUT" "Opening Ana's key..."
has "... checks the new one is not Ben's" "$OUT" "Checking the new passphrase is not Ben's..."
has "... and locks the key with it" "$OUT" "Locking Ana's key with the new passphrase..."
run with_pass "$PA2"$'\n'"$PA" "$TEND" --db "$DB2" passphrase --as Ana
expect_rc "passphrase back, with standard error a pipe" 0
lacks "... says nothing of it there" "$ERR" "passphrase..."

on_tty "$E2E_DIR/pa" --db "$DB2" recovery --as Ana
expect_rc "recovery on a terminal" 0
has "... says it is making Ana's new recovery code" "$OUT" "Making Ana's new recovery code..."

check "a backup" "$TEND" --db "$DB2" backup "$E2E_DIR/b.bak"
lines "$E2E_DIR/pb" "$PB"
on_tty "$E2E_DIR/pb" --db "$E2E_DIR/restored.db" restore "$E2E_DIR/b.bak"
expect_rc "restore on a terminal" 0
has "... says it is opening the backup" "$OUT" "Opening the backup..."
run with_pass "$PB" "$TEND" --db "$E2E_DIR/restored2.db" restore "$E2E_DIR/b.bak"
expect_rc "restore with standard error a pipe" 0
lacks "... says nothing of it there" "$ERR" "Opening the backup"

rm -f "$E2E_DIR/two" "$E2E_DIR/pa" "$E2E_DIR/pb" "$E2E_DIR/change"
assert_no_plaintext "$TEND_DB" "$PA" "$PB"
done_testing
