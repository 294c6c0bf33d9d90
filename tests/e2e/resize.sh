#!/usr/bin/env bash
# resize.sh: the window changes size under a running check-in. Too small
# (30x10): tend asks for a larger window and keeps running; back to 80x24:
# the timer screen returns and the time went on counting down meanwhile.
# The same while a reflection is being typed: the text, and what was typed
# while the window was too small, is all there afterwards. Each screen is
# laid out for its space: home and history at 40x12 keep what matters
# whole, and at 120x40 home and the timer stand in the middle, the digits
# larger.
. "$(dirname "$0")/lib.sh"

PZ='resize key Zoë 1'    # Zoë's passphrase
PL='resize key Łukasz 2' # Łukasz's passphrase
DB=$TEND_DB
T1='Zoë before the squeeze'     # typed at 80x24
T2=' and during it'              # typed at 30x10
T3=' and after it, in 44 columns' # typed at 44x14
legend2="o time-out  @ tonight"      # the last row of home's calendar legend

# wait_frame: until tend has drawn a whole frame at the window's new size:
# its title on the first row and key hints on the last (tmux shows the old
# frame, cut or shifted, until then).
wait_frame() {
	local n=50
	local -a rows
	while [ "$n" -gt 0 ]; do
		mapfile -t rows < <(screen 2>/dev/null)
		if [ "${#rows[@]}" -gt 1 ] && [[ ${rows[0]} == " tend · "* ]] &&
			[[ ${rows[${#rows[@]} - 1]} == " ["* ]]; then
			return 0
		fi
		sleep 0.1
		n=$((n - 1))
	done
	diag "no whole frame" "$(screen)"
	return 1
}

# wait_digits ROWS: until the screen shows block digits at least ROWS rows
# tall (5 s at most).
wait_digits() {
	local n=50 t b
	while [ "$n" -gt 0 ]; do
		if read -r t b _ < <(block_box) && [ $((b - t + 1)) -ge "$1" ]; then
			return 0
		fi
		sleep 0.1
		n=$((n - 1))
	done
	diag "no block digits $1 rows tall" "$(screen)"
	return 1
}

set_up Zoë "$PZ" Łukasz "$PL"

tui
wait_for "Tonight: not yet - Zoë opens"

# ---- home ------------------------------------------------------------------

tmux_resize 30 10
see "home at 30x10 asks for a larger window" "Please make the window"
see "... saying the size it needs and has" "30x10)"
tmux_resize 80 24
see "home at 80x24 again" "Tonight: not yet - Zoë opens"

# Each screen laid out for the space it has: at 40x12 home keeps all five
# pillars (flowed, "Vuln 0/0  Listen 0/0 ..."); at 120x40 it stands in the
# middle of the window, not in its top left corner.
tmux_resize 40 12
wait_frame
scr=$(screen_text) missing=
for p in Vuln Listen Empathy Affirm Shared; do
	[[ $scr =~ $p\ [0-9]+/[0-9]+ ]] || missing="$missing $p"
done
if [ -z "$missing" ]; then
	ok "home at 40x12 shows all five pillars with their streaks"
else
	not_ok "home at 40x12 shows all five pillars with their streaks" "missing:$missing" \
		"$(screen)"
fi
unseen "... and no request for a larger window" "Please make the window"
tmux_resize 120 40
wait_frame
read -r top left < <(screen_find "Nights together")
read -r lrow lcol < <(screen_find "o time-out  @ tonight")
bottom=$(screen_last_row 'Shared Experiences|o time-out')
keyrow=$(screen_last_row '\[q\] quit')
right=$((120 - lcol - ${#legend2}))
gap_top=$((top - 2)) gap_bottom=$((keyrow - 2 - bottom))
if [ "${left:-0}" -ge 10 ] && [ $((left - right)) -le 4 ] && [ $((right - left)) -le 4 ]; then
	ok "home at 120x40 is centred across the window (margins $left and $right)"
else
	not_ok "home at 120x40 is centred across the window" "left $left, right $right" "$(screen)"
fi
if [ "${gap_top:-0}" -ge 4 ] && [ $((gap_top - gap_bottom)) -le 3 ] &&
	[ $((gap_bottom - gap_top)) -le 3 ]; then
	ok "... and from top to bottom (free rows $gap_top above, $gap_bottom below)"
else
	not_ok "... and from top to bottom" "above $gap_top, below $gap_bottom" "$(screen)"
fi
tmux_resize 80 24
wait_for "Tonight: not yet"

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
wait_digits 5
read -r t80 b80 _ < <(block_box)

# At 120x40 the digits grow, stay readable, and the timer stands in the
# middle: as much room left of the digits as right, and above what it
# shows (from the speaker's name to the card) as below it, over the bar.
tmux_resize 120 40
wait_digits 10
c3=$(big_clock)
s3=$(clock_seconds "${c3:-0:00}")
if [ -n "$c3" ] && [ "$s3" -le "$s2" ] && [ "$s3" -ge $((s2 - 20)) ]; then
	ok "at 120x40 the block digits still read as the time ($c3)"
else
	not_ok "at 120x40 the block digits still read as the time" "read '$c3', before '$c2'" \
		"$(screen)"
fi
read -r t b l r < <(block_box)
if [ -n "${b80:-}" ] && [ $((b - t)) -ge $((2 * (b80 - t80) + 1)) ]; then
	ok "... in digits at least twice as tall as at 80x24 ($((b - t + 1)) rows, not $((b80 - t80 + 1)))"
else
	not_ok "... in digits at least twice as tall as at 80x24" \
		"rows $t-$b at 120x40, ${t80:-?}-${b80:-?} at 80x24" "$(screen)"
fi
if [ $((l - (119 - r))) -le 2 ] && [ $(((119 - r) - l)) -le 2 ]; then
	ok "... centred across the window (columns $l-$r)"
else
	not_ok "... centred across the window" "columns $l-$r of 120" "$(screen)"
fi
mapfile -t rows < <(screen)
bar=$(screen_last_row '\] [0-9]+:[0-9]{2} of [0-9]+:[0-9]{2}$')
first=$(screen_find "speaks" | cut -d' ' -f1)
for ((last = bar - 1; last > 0; last--)); do
	[[ ${rows[last]} == *[^[:space:]]* ]] && break
done
gap_top=$((first - 2)) gap_bottom=$((bar - 1 - last))
if [ $((gap_top - gap_bottom)) -le 2 ] && [ $((gap_bottom - gap_top)) -le 2 ]; then
	ok "... and from top to bottom (free rows $gap_top above, $gap_bottom below)"
else
	not_ok "... and from top to bottom" "above $gap_top, below $gap_bottom" "$(screen)"
fi
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

# The history at 40 columns: whole columns are left out (the time, the
# pillars), never every heading cut to a letter.
tmux_resize 40 12
wait_for "Tonight:"
keys h
see "history at 40x12 keeps the night, the plan and whether it counted, whole" \
	"Night Plan Counted"
see_re "... and the check-in's row reads so" "$(test_night) [^ ]+ (yes|short)"
tmux_resize 80 24
see "at 80x24 the time and the pillars come back" "Night Plan Time Counted Pillars"
keys Escape
wait_for "Tonight:"
keys q
quit_clean "resizing" "$T1" "squeeze" "in 44 columns"

run with_pass "$PZ" "$TEND" read --as Zoë
expect_rc "tend read --as Zoë" 0
has "the reflection typed across three sizes was saved whole" "$OUT" "$T1$T2$T3"
assert_no_plaintext "$DB" "$PZ" "$PL" "$T1" "squeeze" "and during it" "in 44 columns"

done_testing
