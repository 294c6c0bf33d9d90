#!/usr/bin/env bash
# resize.sh: the window changes size under a running check-in. Too small
# (30x10): tend asks for a larger window and keeps running; back to 80x24:
# the timer screen returns and the time went on counting down meanwhile.
# The same while a reflection is being typed: the text, and what was typed
# while the window was too small, is all there afterwards.
. "$(dirname "$0")/lib.sh"

PZ='resize key Zoë 1'    # Zoë's passphrase
PL='resize key Łukasz 2' # Łukasz's passphrase
DB=$TEND_DB
T1='Zoë before the squeeze'     # typed at 80x24
T2=' and during it'              # typed at 30x10
T3=' and after it, in 44 columns' # typed at 44x14

"$TEND" init --partner Zoë --partner Łukasz --kdf interactive --passphrase-fd 3 \
	3<<<"$PZ"$'\n'"$PL" >/dev/null 2>&1
check "the couple is set up (tend init)" "$TEND" stats

tui
wait_for "Tonight: not yet - Zoë opens"

# ---- home ------------------------------------------------------------------

tmux_resize 30 10
see "home at 30x10 asks for a larger window" "Please make the window"
see "... saying the size it needs and has" "30x10)"
tmux_resize 80 24
see "home at 80x24 again" "Tonight: not yet - Zoë opens"

# ---- a running turn --------------------------------------------------------

keys c
wait_for "Waiting for both of you"
keys 1 2
wait_for "turn 3 of 6" 6
keys +
sleep 0.3
c1=$(big_clock)
s1=$(clock_seconds "${c1:-0:00}")
if [ "$s1" -ge 60 ]; then
	ok "+ gives the turn a minute more ($c1)"
else
	not_ok "+ gives the turn a minute more" "clock: '$c1'"
fi
pid=$(tmux_pid)
tmux_resize 30 10
see "a running turn at 30x10 asks for a larger window" "Please make the window"
see "... saying the size it needs and has" "needs 40x12"
unseen "... and draws nothing else" "turn 3 of 6"
sleep 2
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
	ok "tend runs on at 30x10"
else
	not_ok "tend runs on at 30x10" "pid '$pid'" "$(screen)"
fi
tmux_resize 39 12
see "one column short of 40 still asks" "now 39x12"
tmux_resize 80 24
see "back at 80x24 the timer screen returns" "turn 3 of 6"
see_re "... with the speaker's name" "Now: Zoë speaks|Zoë speaks · Łukasz listens"
c2=$(big_clock)
s2=$(clock_seconds "${c2:-0:00}")
if [ -n "$c2" ] && [ "$s2" -le $((s1 - 2)) ] && [ "$s2" -ge $((s1 - 10)) ]; then
	ok "the time counted down while the window was small ($c1 -> $c2)"
else
	not_ok "the time counted down while the window was small" "before: '$c1'" "after: '$c2'"
fi
tmux_resize 40 12
see "at exactly 40x12 the timer draws" "turn 3 of 6"
unseen "... with no request for a larger window" "Please make the window"
tmux_resize 80 24
wait_for "speaks"
keys n n n n
see "n through the rest of the turns" "the next one is yours" 5

# ---- typing a reflection ---------------------------------------------------

reflect_unlock Zoë "$PZ"
keys "$T1"
see "the reflection shows as typed" "$T1"
tmux_resize 30 10
see "typing at 30x10: a larger window is asked for" "Please make the window"
unseen "... the text is not drawn in a window too small" "squeeze"
keys "$T2"
sleep 0.3
tmux_resize 80 24
see "back at 80x24 the text is all there, with what was typed while small" "$T1$T2"
tmux_resize 44 14
keys "$T3"
see "at 44x14 the form still draws its text" "in 44 columns"
tmux_resize 80 24
see "back at 80x24 once more, nothing lost" "$T1$T2$T3"
keys C-d
wait_for "Zoë, this part is Łukasz's."
keys s
wait_for "A note for you both"
keys C-d
wait_for "Which of these felt alive tonight?"
keys Enter
see "the check-in is saved" "Saved."
keys Enter
wait_for "Tonight:"
keys q
quit_clean "resizing" "$T1" "squeeze" "in 44 columns"

run with_pass "$PZ" "$TEND" read --as Zoë
expect_rc "tend read --as Zoë" 0
has "the reflection typed across three sizes was saved whole" "$OUT" "$T1$T2$T3"
assert_no_plaintext "$DB" "$PZ" "$PL" "$T1" "squeeze" "and during it" "in 44 columns"

done_testing
