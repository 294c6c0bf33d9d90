#!/usr/bin/env bash
# resume.sh: a check-in interrupted in its reflections or its note, and
# finished later, carries on where it was. Ctrl-C in Zoë's answers, kill -9
# in Łukasz's (after the autosave of what he typed), Ctrl-C in the note:
# each time the next start offers it back, nothing written shows before its
# author unlocks (nor ever on the other's screen), then it is back in its
# box, edited there, and saved in place of the old: `tend read` lists one
# answer per question and one note, each as edited.
. "$(dirname "$0")/lib.sh"
needs sqlite3 "the kill -9 test waits in the database for the autosave of what was typed"

PZ='resume key Zoë 7'    # Zoë's passphrase
PL='resume key Łukasz 8' # Łukasz's passphrase
DB=$TEND_DB
Z1='Zoë before Ctrl-C: the walk home'  # her first answer, only hers
Z1E="$Z1 in the rain"                  # ... as she carries on with it
Z2='Zoë shares: you made me laugh'     # her second, shared with Łukasz
L1='Łukasz before the kill: grateful'  # his first answer, only his
L1E='Łukasz before the kill: so very grateful' # ... as he mends it
N1='Our note before Ctrl-C: tea first' # the couple's note
N1E="$N1, then talk"
T1='Next: the old bridge'              # next together

set_up Zoë "$PZ" Łukasz "$PL"

# lines_of TEXT LINE: how many lines of TEXT are exactly LINE.
lines_of() { printf '%s\n' "$1" | grep -cxF -- "$2"; }
# entries_of TEXT KIND NAME: how many records of KIND by NAME `tend read` listed.
entries_of() { printf '%s\n' "$1" | grep -cF -- "· $2 · $3 ·"; }

# ---- Ctrl-C in Zoë's reflections -------------------------------------------

tui
wait_for "Tonight: not yet"
keys c
wait_for "Waiting for both of you"
keys 1 2
see "the timer runs to the reflections" "the next one is yours" 20
reflect_unlock Zoë "$PZ"
keys "$Z1" Tab "$Z2" C-t
wait_for "[x] share with Łukasz"
see "Zoë's answers are in their boxes" "$Z2"
keys C-c
same "Ctrl-C in her answers: tend saves and exits 0" "$(tmux_wait_exit 5)" 0
run with_pass "$PZ" "$TEND" read --as Zoë
same "read --as Zoë: her two answers, saved at Ctrl-C" "$(entries_of "$OUT" reflection Zoë)" 2

tui
see "the next start offers the check-in back" "Welcome back"
see "... with what was written in it" "What was written in it (2 texts) is kept"
keys f
see "f goes back to Zoë's reflections" "press Enter when you are ready to write"
unseen "... her first answer is not shown before she unlocks" "$Z1"
unseen "... nor her second" "$Z2"
keys Enter
wait_for "Zoë's passphrase"
unseen "... nor while she types her passphrase" "$Z1"
keys Escape
wait_for "press Enter when you are ready to write"
unseen "... nor after Esc at the passphrase" "$Z1"
reflect_unlock Zoë "$PZ"
see "once she unlocks, her first answer is back in its box" "$Z1"
see "... and her second" "$Z2"
see "... still shared with Łukasz, as she chose" "[x] share with Łukasz"
keys " in the rain"
see "she carries on typing at the end of her answer" "$Z1E"
keys C-d
see "Ctrl-D passes to Łukasz" "Zoë, this part is Łukasz's."
unseen "... Zoë's answers are not on his screen" "$Z1"
run with_pass "$PZ" "$TEND" read --as Zoë
same "read --as Zoë: still two answers, none beside another" \
	"$(entries_of "$OUT" reflection Zoë)" 2
same "... her first, as edited, once" "$(lines_of "$OUT" "$Z1E")" 1
same "... and not as it was before" "$(lines_of "$OUT" "$Z1")" 0
same "... her second, once" "$(lines_of "$OUT" "$Z2")" 1

# ---- kill -9 in Łukasz's reflections ---------------------------------------

reflect_unlock Łukasz "$PL"
unseen "Łukasz's box does not show Zoë's private answer" "$Z1"
unseen "... nor the one she shared with him" "$Z2"
keys "$L1"
wait_for "$L1"
# What is typed is saved at least every thirty seconds: wait for it.
n=450
while [ "$n" -gt 0 ] &&
	[ "$(sqlite3 "$DB" 'SELECT count(*) FROM entry WHERE kind = 2 AND author = 1;')" != 1 ]; do
	sleep 0.1
	n=$((n - 1))
done
if [ "$n" -gt 0 ]; then ok "what Łukasz typed is saved while he types (within 45 s)"
else not_ok "what Łukasz typed is saved while he types (within 45 s)"; fi
kill_tend
same "kill -9 in his answer (status 137)" "$(tmux_wait_exit 5)" 137

tui
see "after kill -9 the check-in is offered back" "Welcome back"
see "... after the timer" "step 6 of 6, after the"
keys f
see "f goes on with Łukasz's reflections (Zoë was done)" "Zoë, this part is Łukasz's."
unseen "... his answer not shown before he unlocks" "$L1"
reflect_unlock Łukasz "$PL"
see "once he unlocks, the answer saved before the kill is back" "$L1"
unseen "... Zoë's shared answer is still not in his boxes" "$Z2"
keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace "so very grateful"
see "he mends his answer in its box" "$L1E"
keys C-d
wait_for "A note for you both"

# ---- Ctrl-C in the note ----------------------------------------------------

keys "$N1" Tab "$T1"
wait_for "$T1"
keys C-c
same "Ctrl-C in the note: tend saves and exits 0" "$(tmux_wait_exit 5)" 0

tui
see "the check-in is offered back once more" "Welcome back"
keys f
see "the note is locked until one of them unlocks" \
	"The note you began before the interruption is locked"
unseen "... its words are not shown" "$N1"
keys Enter
see "Enter asks who unlocks" "Who unlocks?"
keys 2
wait_for "Łukasz's passphrase"
keys "$PL" Enter
see "Łukasz unlocks: the note is back in its box" "$N1" 10
see "... and the next thing together" "$T1"
keys ", then talk"
see "they carry on with their note" "$N1E"
keys C-d
wait_for "Which of these felt alive tonight?"
keys Enter
see "the resumed check-in is saved" "Saved."
keys Enter
wait_for "Tonight: done"
keys q
quit_clean "after Ctrl-C, kill -9 and Ctrl-C" "$Z1" "$Z2" "$L1" "$N1"

# ---- what was kept -----------------------------------------------------------

run with_pass "$PZ" "$TEND" read --as Zoë
expect_rc "read --as Zoë exits 0" 0
same "read --as Zoë: two answers of hers, one to each question" \
	"$(entries_of "$OUT" reflection Zoë)" 2
same "... her first as she edited it, once" "$(lines_of "$OUT" "$Z1E")" 1
same "... never as it was" "$(lines_of "$OUT" "$Z1")" 0
same "... her second, once" "$(lines_of "$OUT" "$Z2")" 1
lacks "... not Łukasz's private answer" "$OUT" "grateful"
same "... one note" "$(entries_of "$OUT" "check-in note" Zoë)" 1
same "... as they edited it" "$(lines_of "$OUT" "$N1E")" 1
same "... never as it was" "$(lines_of "$OUT" "$N1")" 0
same "... one next together" "$(lines_of "$OUT" "$T1")" 1
run with_pass "$PL" "$TEND" read --as Łukasz
same "read --as Łukasz: one answer of his" "$(entries_of "$OUT" reflection Łukasz)" 1
same "... as he mended it" "$(lines_of "$OUT" "$L1E")" 1
same "... never as it was before the kill" "$(lines_of "$OUT" "$L1")" 0
same "... Zoë's shared answer, once" "$(lines_of "$OUT" "$Z2")" 1
lacks "... not Zoë's private one" "$OUT" "walk home"
same "... the same one note" "$(lines_of "$OUT" "$N1E")" 1
assert_no_plaintext "$DB" "$Z1" "$Z2" "$L1" "$L1E" "$N1" "$T1" "$PZ" "$PL" "walk home" \
	"grateful" "old bridge"

done_testing
