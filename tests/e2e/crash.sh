#!/usr/bin/env bash
# crash.sh: check-ins that end the hard way. kill -9 mid-turn: the next start
# offers to finish it and resumes paused on the same turn; kill -9 right
# after the first partner's reflections: what she wrote is kept and hers to
# read. SIGTERM, SIGHUP and Ctrl-C mid-turn: tend saves, leaves the terminal
# as it found it (a shell prompt that echoes again, no screen left behind)
# and offers the check-in again; discarding it removes it. A second tend on
# the same database while one is open refuses in one line.
. "$(dirname "$0")/lib.sh"

PZ='crash key Zoë 4'    # Zoë's passphrase
PL='crash key Łukasz 5' # Łukasz's passphrase
DB=$TEND_DB
ZR='Zoë after the crash: I felt heard tonight' # written before a kill -9
LR='Łukasz after the restart: me too'          # written after it

set_up Zoë "$PZ" Łukasz "$PL"

# ---- kill -9 mid-turn --------------------------------------------------------

tui
wait_for "Tonight: not yet - Zoë opens"
keys c
wait_for "Waiting for both of you"
keys 1 2
see "the turns run: turn 3" "turn 3 of 6" 6
sleep 0.5 # the new turn is saved just after it is drawn
kill_tend
same "kill -9 ends it (status 137)" "$(tmux_wait_exit 5)" 137

tui
see "the next start says a check-in was interrupted" "Welcome back"
see "... on which step" "was interrupted (step 3 of 6)."
see "... and offers to finish it" "[f] Finish it  [d] Discard it"
keys f
see "f resumes on the same turn" "turn 3 of 6"
see "... paused" "Paused - press space to carry on"
see_re "... Zoë still speaking" "Zoë speaks · Łukasz listens|Now: Zoë speaks"
c1=$(big_clock)
same "the turn resumes with the time it had left (3 s)" "$c1" "0:03"
sleep 1
same "... and stays paused until space" "$(big_clock)" "$c1"
keys Space
see "space carries on, the turns run to the end" "the next one is yours" 14
reflect_unlock Zoë "$PZ"
keys "$ZR" C-d
see "Zoë's Ctrl-D passes to Łukasz" "Zoë, this part is Łukasz's."
pid=$(tmux_pid)
kill -KILL "$pid" 2>/dev/null
same "kill -9 after Zoë's reflections (status 137)" "$(tmux_wait_exit 5)" 137
run with_pass "$PZ" "$TEND" read --as Zoë
has "Zoë's reflections were saved at the hand-over, before the kill" "$OUT" "$ZR"

tui
see "again the interrupted check-in is offered" "Welcome back"
see "... after the timer" "step 6 of 6, after the"
see "... keeping what was written" "What was written in it (1 text) is kept"
keys f
see "f carries on where it stopped: Łukasz's reflections, Zoë was done" \
	"Zoë, this part is Łukasz's."
reflect_unlock Łukasz "$PL"
keys "$LR" C-d
wait_for "A note for you both"
keys C-d
wait_for "Which of these felt alive tonight?"
keys Enter
see "the resumed check-in is saved" "Saved."
see "... and counts: its time before the kill was kept" "1 night in a row."
keys Enter
see "home: tonight is done" "Tonight: done"
keys h
see "history has the check-in" "1 saved"
see "... counted" "yes"
keys Enter
wait_for "Who is reading?"
keys 1
wait_for "Zoë's passphrase"
keys "$PZ" Enter
see "Zoë reads what she wrote before the kill" "$ZR" 10
keys Escape
wait_for "1 saved"
keys Escape
wait_for "Tonight: done"
keys q
quit_clean "after two kills" "$ZR" "$LR"
run with_pass "$PZ" "$TEND" read --as Zoë
has "read --as Zoë: her words from before the kill" "$OUT" "$ZR"
lacks "read --as Zoë: not Łukasz's private words" "$OUT" "$LR"
run with_pass "$PL" "$TEND" read --as Łukasz
has "read --as Łukasz: his words after the restart" "$OUT" "$LR"
lacks "read --as Łukasz: not Zoë's private words" "$OUT" "$ZR"
assert_no_plaintext "$DB" "$ZR" "$LR" "$PZ" "$PL" "felt heard" "me too"

# ---- signals, in a shell -----------------------------------------------------

DB2=$E2E_DIR/signals.db
"$TEND" --db "$DB2" init --partner Zoë --partner Łukasz --kdf interactive \
	--passphrase-fd 3 3<<<"$PZ"$'\n'"$PL" >/dev/null 2>&1
cmdline=$(printf '%q ' "$TEND" --db "$DB2" --plan "$E2E_PLAN" --kdf interactive)
tmux_start env PS1='e2e$ ' bash --norc --noprofile -i
wait_for 'e2e$'

# gone NAME: after a signal to tend ($pid): it ended and left none of its
# screen behind, only the shell's prompt below the command; the shell gets
# exit status 0; the terminal echoes and reads lines again. Five tests.
gone() {
	local name=$1 n=50 scr
	while [ "$n" -gt 0 ] && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do
		sleep 0.1
		n=$((n - 1))
	done
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		not_ok "$name: tend exits" "$(screen)"
		return 0
	fi
	n=50
	while [ "$n" -gt 0 ] && [ "$(screen | grep -c '^e2e\$')" -lt 2 ]; do
		sleep 0.1
		n=$((n - 1))
	done
	scr=$(screen)
	if [ "$(printf '%s\n' "$scr" | grep -c '^e2e\$')" -ge 2 ]; then
		ok "$name: the shell prompt is back below the command"
	else
		not_ok "$name: the shell prompt is back below the command" "$scr"
	fi
	lacks "$name: no timer left on the screen" "$scr" "End-to-end test"
	lacks "$name: no big digits left on the screen" "$scr" "█"
	keys C-l 'echo "rc=$?"' Enter
	see "$name: tend exited 0" "rc=0"
	keys "stty -a | grep -oE '(^| )-?(icanon|echo)( |\$)' | tr -d ' \\n'; echo ':modes'" Enter
	if wait_for "icanonecho:modes" 3 && screen | grep -qx 'icanonecho:modes'; then
		ok "$name: the terminal is restored (icanon, echo)"
	else
		not_ok "$name: the terminal is restored (icanon, echo)"
	fi
	keys C-l
	wait_gone "modes"
}

keys "$cmdline" Enter
wait_for "Tonight: not yet - Zoë opens"
keys c
wait_for "press 2 when you are here"
keys 1 2
wait_for "turn 2 of 6"
pid=$(tmux_pid)
kill -TERM "$pid"
gone "SIGTERM mid-turn"

keys "$cmdline" Enter
see "after SIGTERM the check-in is offered" "was interrupted (step 2 of 6)."
keys f
see "... and resumes paused on turn 2" "Paused - press space to carry on"
see "... turn 2" "turn 2 of 6"
pid=$(tmux_pid)
kill -HUP "$pid"
gone "SIGHUP mid-turn"

keys "$cmdline" Enter
see "after SIGHUP the check-in is offered" "was interrupted (step 2 of 6)."
keys f
wait_for "Paused - press space to carry on"
keys Space
wait_for "turn 3 of 6" 5
pid=$(tmux_pid)
keys C-c
gone "Ctrl-C mid-turn"

keys "$cmdline" Enter
see "after Ctrl-C the check-in is offered" "was interrupted (step 3 of 6)."

# A second tend on the same database, in another window, while this one is
# open.
tmux -S "$E2E_TMUX" new-window -d -t tend: \
	"export TERM=xterm-256color; $cmdline 2>$(printf '%q' "$E2E_DIR/second.err"); echo \$? >$(printf '%q' "$E2E_DIR/second.rc")"
n=50
while [ ! -s "$E2E_DIR/second.rc" ] && [ "$n" -gt 0 ]; do
	sleep 0.1
	n=$((n - 1))
done
RC=$(cat "$E2E_DIR/second.rc" 2>/dev/null || echo timeout)
OUT= ERR=$(cat "$E2E_DIR/second.err" 2>/dev/null)
expect_rc "a second tend on the same database exits 1" 1
one_line_error "... with one line 'tend: ...'"
has "... saying it is open elsewhere" "$ERR" "already open"
see "the first tend is undisturbed" "was interrupted (step 3 of 6)."

keys d
see "d asks before discarding" "Discard the interrupted check-in?"
keys y
see "y discards it" "Discarded."
see "... and home shows tonight not done" "Tonight: not yet - Zoë opens"
keys h
see "history is empty after discarding" "No check-ins saved yet."
keys Escape
wait_for "Tonight: not yet"
pid=$(tmux_pid)
keys q
gone "quitting"
keys "$cmdline" Enter
see "the next start goes straight home" "Tonight: not yet - Zoë opens"
unseen "... offering nothing" "Welcome back"
keys q
wait_for "e2e$ "
run "$TEND" --db "$DB2" stats --json
has "stats: no night saved after the discard" "$OUT" '"nights_total":0'
assert_no_plaintext "$DB2" "$PZ" "$PL"

done_testing
