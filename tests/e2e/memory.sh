#!/usr/bin/env bash
# memory.sh: no decrypted text and no key stays in tend's memory once it
# locks, nor on the terminal once it quits. A couple writes entries and a
# check-in note holding unique canaries; tend's screens show them (history,
# the journal, an entry), through several resizes; then tend locks, once by
# each way (the lock key in a reader's screen, L on home, the idle lock), and
# after each tests/e2e/memscan.py reads every mapping of the running process
# (/proc/PID/mem, as root) looking for each canary, the passphrase and the
# unlocked secret key (tests/tools/keyhex gives its bytes), as UTF-8, as
# wide characters and as ncurses screen cells. After quitting, the
# terminal's scrollback holds none of them.
. "$(dirname "$0")/lib.sh"

MEMSCAN=$PWD/tests/e2e/memscan.py
KEYHEX=$(dirname "$TEND_BIN")/tests/tools/keyhex
PY=/usr/bin/python3
needs "$PY" "memscan.py reads tend's memory with it (make check installs python3)"

# Random each run, so a match can only be a copy of what tend was given.
rnd() { od -An -N12 -tx1 /dev/urandom | tr -d ' \n'; }
PZ="zoë pass $(rnd)"                  # Zoë's passphrase
PS="sam pass $(rnd)"                  # Sam's passphrase
CJ1="zoëprivate$(rnd)"                # Zoë's private journal entry
CJ2="samshared$(rnd)"                 # Sam's entry, shared with Zoë
CN="checkinnote$(rnd)"                # the check-in's note for both

set_up Zoë "$PZ" Sam "$PS"
check "Zoë writes a private entry" with_pass "$PZ" "$TEND" write --as Zoë "$CJ1"
check "Sam writes a shared one" "$TEND" write --as Sam --shared "$CJ2"
KZ=$("$KEYHEX" "$TEND_DB" Zoë <<<"$PZ")
same "the key tool unlocks Zoë's key (32 bytes)" "${#KZ}" 64

# scan WHEN: five tests: none of the canaries, the passphrase or the key is
# in the memory of the tend running in tmux.
scan() {
	local pid
	if ! pid=$(tmux_pid); then
		not_ok "$1: tend is running" "$(screen 2>&1)"
		return
	fi
	py_checks 5 "$MEMSCAN" "$pid" "$1" "Zoë's private entry=$CJ1" \
		"Sam's shared entry=$CJ2" "the check-in note=$CN" "Zoë's passphrase=$PZ" \
		"Zoë's secret key=hex:$KZ"
}

# shown WHAT TEXT: one test: while TEXT is on the screen the scan finds it,
# so a scan that finds nothing later means something.
shown() {
	local pid out
	pid=$(tmux_pid) && out=$("$PY" "$MEMSCAN" "$pid" shown "$1=$2" 2>&1)
	has "while it shows, the scan finds $1" "$out" "FAIL shown: no $1 in memory"
}

# An idle lock after 3 s (the default is five minutes), and a scrollback.
export TEND_IDLE_LOCK_S=3
E2E_HISTORY=2000 tui
wait_for "Tonight: not yet"
if ! pid=$(tmux_pid) || ! "$PY" "$MEMSCAN" "$pid" probe "x=x" >/dev/null; then
	ok "# SKIP /proc/PID/mem cannot be read here (needs root)"
	tmux_stop
	done_testing
fi
if quick_checkin "$CN"; then ok "a check-in with a note"; else not_ok "a check-in with a note"; fi
keys Enter
wait_for "Tonight: done"
scan "before anything is unlocked"

# ---- the lock key, in the journal ----------------------------------------
keys h
wait_for "Counted"
keys Enter
see "opening the check-in asks who is reading" "Who is reading?"
keys 1
wait_for "Zoë's passphrase"
keys "$PZ" Enter
see "the check-in's note shows" "$CN" 10
for size in "100 30" "60 20" "120 40" "80 24"; do
	tmux_resize $size
	sleep 0.3
done
see "... still after four resizes" "$CN"
shown "the check-in note" "$CN"
keys l
see "l locks while the note shows" "Locked."
scan "after the lock key"

# ---- L on home -------------------------------------------------------------
keys j
wait_for "Who is reading?"
keys 1
wait_for "Zoë's passphrase"
keys "$PZ" Enter
see "the journal lists Zoë's entry" "$CJ1" 10
see "... and Sam's shared one" "$CJ2"
keys Enter
wait_for "tend · Journal"
for size in "90 28" "50 16" "80 24"; do
	tmux_resize $size
	sleep 0.3
done
keys Escape
wait_for "Zoë's journal"
keys Escape
wait_for "Tonight: done"
tmux_resize 80 24
sleep 0.3
keys L
see "L on home locks" "Locked."
scan "after L on home"

# ---- the idle lock ---------------------------------------------------------
keys j
wait_for "Who is reading?"
keys 1
wait_for "Zoë's passphrase"
keys "$PZ" Enter
see "the journal opens a third time" "$CJ1" 10
keys Enter
wait_for "tend · Journal"
see "left alone, the journal locks itself" "Locked." 10
scan "after the idle lock"

# ---- quitting --------------------------------------------------------------
keys q
quit_clean "quitting" "$CJ1" "$CJ2" "$CN"
back=$(tmux -S "$E2E_TMUX" capture-pane -p -J -S - -E - -t tend 2>&1)
for s in "$CJ1" "$CJ2" "$CN"; do
	lacks "after quitting, the scrollback holds no ${s:0:10}..." "$back" "$s"
done
tmux_stop

done_testing
